"""The review desk in a real browser, as the Secretariat uses it: on a laptop and a phone."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from core.models import OutgoingEmail
from pledges.models import Pledge
from tests.accounts.factories import SecretariatUserFactory
from tests.awards.factories import EntryFactory
from tests.e2e.conftest import admin_sign_in
from tests.national_coalitions.factories import ContactRequestFactory
from tests.pledges.factories import PledgeFactory, ProgressReportFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def waiting_work():
    for days in range(1, 13):
        PledgeFactory(
            status=Pledge.Status.SUBMITTED,
            title=f"A pledge with a long title to wrap on small screens, waiting {days} days",
            submitted_at=timezone.now() - datetime.timedelta(days=days, hours=1),
        )
    ProgressReportFactory()
    EntryFactory()
    ContactRequestFactory()
    OutgoingEmail.objects.create(template="t", subject="s", to=["a@example.org"], status="failed")


@pytest.mark.parametrize("width", [1366, 390])
def test_the_desk_is_readable_and_accessible(page, assert_accessible, waiting_work, width):
    page.set_viewport_size({"width": width, "height": 900})
    admin_sign_in(page, SecretariatUserFactory().email)
    desk = page.locator("#review-desk")
    expect(desk.get_by_role("link", name="Pledges awaiting review")).to_be_visible()
    expect(desk.locator("#review-desk-pledges")).to_contain_text("waiting 12 days")
    oldest = page.locator("#pledges-awaiting-review tbody tr")
    expect(oldest).to_have_count(10)
    expect(oldest.first).to_contain_text("waiting 12 days")
    # Nothing scrolls sideways, and every part of the desk fits the window.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for module in ["#review-desk", "#pledges-awaiting-review", "#queue-status"]:
        box = page.locator(module).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, module
    assert_accessible(page)


def test_a_queue_link_leads_to_the_filtered_change_list(page, waiting_work):
    admin_sign_in(page, SecretariatUserFactory().email)
    page.locator("#review-desk").get_by_role("link", name="Award entries to check").click()
    page.wait_for_url("**/admin/awards/entry/?status__exact=submitted")
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    page.go_back()
    page.locator("#pledges-awaiting-review").get_by_role("link").first.click()
    expect(page.locator("#content h2").first).to_contain_text("waiting 12 days")


def test_the_secretariats_change_lists_fit_a_laptop_screen(page):
    """The lists the desk links to, and the others of the same admins: no sideways scrolling
    at 1366 px, with long names, subjects and errors in them."""
    from tests.blog.factories import PostFactory
    from tests.national_coalitions.factories import (
        CoalitionMemberFactory,
        NationalCoalitionFactory,
        OtherInitiativeFactory,
    )

    long = "Digital Skills and Jobs Coalition of a Member State with a very long official name"
    coalition = NationalCoalitionFactory(country="BE", name=long)
    CoalitionMemberFactory(coalition=coalition, name=long)
    OtherInitiativeFactory(name=long, coordinating_body_name=long)
    ContactRequestFactory(coalition=coalition, organisation=long)
    PostFactory(title=long)
    OutgoingEmail.objects.create(
        template="pledges/email/status_changed",
        subject=long,
        to=["someone.with.a.long.address@organisation.example.org"],
        status="failed",
        last_error="SMTPRecipientsRefused: " + "the server refused the recipient " * 10,
    )
    page.set_viewport_size({"width": 1366, "height": 900})
    admin_sign_in(page, SecretariatUserFactory().email)
    for path in [
        "/admin/national_coalitions/nationalcoalition/",
        "/admin/national_coalitions/coalitionmember/",
        "/admin/national_coalitions/otherinitiative/",
        "/admin/national_coalitions/contactrequest/?is_handled__exact=0",
        "/admin/blog/post/",
        "/admin/core/outgoingemail/?status__exact=failed",
        "/admin/accounts/user/",
    ]:
        page.goto(path)
        expect(page.locator("#result_list")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 1366, path
