"""Every awards page, the entry form's error and closed states included, has zero axe violations."""

import datetime
from io import StringIO

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from awards import demo
from awards.models import AwardEdition, Entry

from .factories import AwardEditionFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_content():
    demo.load(stdout=StringIO())
    return AwardEdition.objects.open_for_entries().get()


def winner_url():
    return Entry.objects.winners().order_by("pk").first().get_absolute_url()


@pytest.mark.parametrize(
    "path",
    [
        "/en/",
        "/en/awards/",
        "/en/awards/2017/",
        "/en/awards/archive/",
        "/en/awards/archive/?year=2017&result=winner",
        "/en/awards/archive/?country=PT&result=finalist",
        "/en/awards/archive/?q=digital+skills&result=winner",
        f"/en/awards/archive/?year={timezone.localdate().year + 1}",
        "/en/awards/2017/enter/",
    ],
)
def test_awards_pages_have_no_axe_violations(page, assert_accessible, demo_content, path):
    response = page.goto(path)
    assert response.status == 200
    assert page.locator("h1").count() == 1
    assert_accessible(page)


def test_entry_and_open_edition_pages(page, assert_accessible, demo_content):
    for path in [winner_url(), demo_content.get_absolute_url()]:
        assert page.goto(path).status == 200
        assert page.locator("h1").count() == 1
        assert_accessible(page)


def test_index_before_the_ceremony_and_upcoming_entry_page(page, assert_accessible):
    today = timezone.localdate()
    AwardEditionFactory(
        year=today.year + 1,
        opens_on=today - datetime.timedelta(days=60),
        closes_on=today - datetime.timedelta(days=5),
        ceremony_date=today + datetime.timedelta(days=30),
    )
    upcoming = AwardEditionFactory(
        year=today.year + 2,
        opens_on=today + datetime.timedelta(days=30),
        closes_on=today + datetime.timedelta(days=90),
        ceremony_date=today + datetime.timedelta(days=200),
    )
    page.goto("/en/awards/")
    assert page.get_by_text("The jury is assessing the entries").count() == 1
    assert_accessible(page)
    page.goto(upcoming.get_entry_url())
    assert page.get_by_role("heading", level=1).inner_text().endswith("are not open yet")
    assert_accessible(page)


def test_entry_form_errors_and_confirmation(page, assert_accessible, demo_content):
    page.goto(demo_content.get_entry_url())
    assert_accessible(page)

    # Submitted empty: the error summary gets focus and lists every problem.
    page.get_by_role("button", name="Send the entry").click()
    page.wait_for_load_state()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    assert summary.evaluate("el => el === document.activeElement")
    assert page.title().startswith("Error:")
    assert_accessible(page)

    page.get_by_label("Digital Skills in Education").check()
    page.get_by_label("Project name").fill("Accessible Maths (demo)")
    page.get_by_label("Organisation").fill("Maths for All (demo)")
    page.get_by_label("Country").select_option("MT")
    page.get_by_label("Description of the project").fill("Maths lessons for blind pupils.")
    page.get_by_label("Your name").fill("Demo Person")
    page.get_by_label("Your e-mail address").fill("demo@example.org")
    page.get_by_label("I confirm").check()
    page.get_by_role("button", name="Send the entry").click()
    page.wait_for_url("**/enter/done/")
    entry = Entry.objects.get(project_name="Accessible Maths (demo)")
    assert entry.reference in page.locator("main").inner_text()
    assert_accessible(page)


def test_archive_filters_work_without_javascript(browser, live_server, demo_content):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/en/awards/archive/")
    page.get_by_label("Result").select_option("winner")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()
    assert "result=winner" in page.url
    assert page.get_by_text("5 projects found").count() == 1
    page.get_by_role("searchbox", name="Search").fill("Girls")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()
    assert "q=Girls" in page.url and "result=winner" in page.url
    assert page.get_by_text("1 project found").count() == 1
    context.close()
