"""The public pledge pages in a real browser: zero axe violations, and the review journey."""

import csv
import io

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from pledges import services
from pledges.models import Pledge, Target
from tests.accounts.factories import DEFAULT_PASSWORD, SecretariatUserFactory
from tests.organisations.factories import MembershipFactory

from .factories import PledgeFactory, ProgressValueFactory

pytestmark = pytest.mark.django_db(transaction=True)
S = Pledge.Status


@pytest.fixture
def published():
    pledge = PledgeFactory(
        status=S.PUBLISHED,
        title="Coding clubs for girls",
        target_groups=["women-and-girls", "education"],
        action_types=["training", "awareness"],
        countries=["BE", "FR"],
        targets=[("people-trained", 5000), ("certifications", 300)],
    )
    Target.objects.filter(pledge=pledge, indicator="people-trained").update(achieved=1200)
    ProgressValueFactory(report__pledge=pledge, target=pledge.targets.first(), achieved=1200)
    PledgeFactory(status=S.COMPLETED, title="Cloud vouchers", is_eu_wide=True, countries=[])
    return pledge


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?country=FR&target_group=education&action_type=training&state=active&sort=title",
        "?q=no-such-pledge-anywhere",
    ],
)
def test_pledge_list_has_no_axe_violations(page, assert_accessible, published, query):
    response = page.goto(f"/en/pledges/{query}")
    assert response.status == 200
    assert page.get_by_role("heading", level=1).inner_text() == "Pledges"
    assert_accessible(page)


def test_empty_list_has_no_axe_violations(page, assert_accessible):
    page.goto("/en/pledges/")
    assert page.get_by_text("No pledge has been published yet.").is_visible()
    assert_accessible(page)


def test_filters_work_without_javascript(browser, live_server, published):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/en/pledges/")
    page.get_by_label("Country").select_option("FR")
    page.get_by_label("Completed").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", name="1 pledge found")).to_be_visible()
    assert "country=FR" in page.url and "state=completed" in page.url
    assert page.get_by_role("link", name="Cloud vouchers").is_visible()
    context.close()


def test_pledge_detail_has_no_axe_violations(page, assert_accessible, published):
    page.goto(published.get_absolute_url())
    assert page.get_by_text("1,200 of 5,000 (24%)").is_visible()
    progress = page.get_by_role("progressbar").first
    assert "People trained" in progress.evaluate(
        "el => el.getAttribute('aria-labelledby').split(' ')"
        ".map(id => document.getElementById(id).textContent).join(' ')"
    )
    assert_accessible(page)


def test_organisation_page_has_no_axe_violations(page, assert_accessible, published):
    page.goto(published.organisation.get_absolute_url())
    assert page.get_by_role("link", name="Coding clubs for girls").is_visible()
    assert_accessible(page)


@pytest.mark.parametrize("query", ["", "?indicator=certifications"])
def test_impact_page_has_no_axe_violations(page, assert_accessible, published, query):
    page.goto(f"/en/pledges/impact/{query}")
    assert page.locator("svg[role=img]").count() == 3
    assert_accessible(page)


def test_empty_impact_page_has_no_axe_violations(page, assert_accessible):
    page.goto("/en/pledges/impact/")
    assert_accessible(page)


def test_review_journey_end_to_end(page):
    """Sent back with a message in the admin, resubmitted, published, and visible everywhere."""
    membership = MembershipFactory(organisation__name="Byte Skills")
    pledger = membership.user
    pledge = PledgeFactory(
        organisation=membership.organisation,
        status=S.SUBMITTED,
        title="Digital mentors for SMEs",
        countries=["PT"],
        targets=[("people-trained", 4321)],
    )
    secretariat = SecretariatUserFactory()

    page.goto(reverse("admin:login"))
    page.get_by_label("E-mail address").fill(secretariat.email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()

    # 1. The Secretariat sends the pledge back with a message.
    page.goto(reverse("admin:pledges_pledge_change", args=[pledge.pk]))
    page.get_by_role("link", name="Request changes").click()
    page.get_by_label("What should the pledger change?").fill("Please give the end date.")
    page.get_by_role("button", name="Request changes").click()
    expect(page.get_by_text("Changes were requested for 1 pledge.")).to_be_visible()
    pledge.refresh_from_db()
    assert pledge.status == S.CHANGES_REQUESTED
    assert pledge.status_changes.get().message == "Please give the end date."
    assert "Please give the end date." in mail.outbox[-1].body
    assert pledger.email in mail.outbox[-1].to

    # 2. The pledger resubmits (the pledger's pages are built in part 1).
    services.submit_pledge(pledge=pledge, actor=pledger)

    # 3. The Secretariat publishes it from the list, with a bulk action.
    page.goto(reverse("admin:pledges_pledge_changelist") + "?status__exact=submitted")
    page.get_by_role("checkbox", name="Select this object for an action").first.check()
    page.get_by_label("Action:").select_option("publish_selected")
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_text("1 pledge was published.")).to_be_visible()
    pledge.refresh_from_db()
    assert pledge.status == S.PUBLISHED

    # 4. It appears in the viewer, the exports, the feed and the impact totals.
    page.goto("/en/pledges/?country=PT")
    page.get_by_role("link", name="Digital mentors for SMEs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Digital mentors for SMEs")
    csv_text = page.request.get("/en/pledges/export.csv?country=PT").text()
    assert [r["title"] for r in csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff")))] == [
        "Digital mentors for SMEs"
    ]
    assert "Digital mentors for SMEs" in page.request.get("/en/pledges/feed/").text()
    page.goto("/en/pledges/impact/")
    assert page.locator("#indicator-people-trained").get_by_text("4,321").count() == 1
