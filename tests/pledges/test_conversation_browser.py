"""In a real browser: the pledger answers the Secretariat's request for changes on the pledge's
page, and the Secretariat reads it and answers in the admin; zero axe violations."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from playwright.sync_api import expect

from pledges import services
from pledges.models import Pledge, PledgeMessage
from tests.accounts.factories import SecretariatUserFactory
from tests.conftest import AXE_OPTIONS
from tests.e2e.conftest import admin_sign_in
from tests.organisations.factories import MembershipFactory

from .factories import PledgeFactory
from .test_accessibility_pledger import sign_in

pytestmark = pytest.mark.django_db(transaction=True)
S = Pledge.Status


@pytest.fixture
def assert_part_accessible(axe):
    """axe on one part of a page: the admin's own screens (breadcrumbs, tabular inlines) are
    Django's and not this feature's; the parts this feature adds must have no violation."""

    def check(page, selector):
        # No preload: axe re-reads the admin's @import-ed stylesheets through <style> elements,
        # which the CSP blocks (an error of the test tool, not of the page).
        options = {**AXE_OPTIONS, "preload": False}
        results = axe.run(page, context=selector, options=options)
        assert results.violations_count == 0, f"{page.url} {selector}\n{results.generate_report()}"

    return check


def test_the_pledger_answers_and_the_secretariat_reads_it_in_the_admin(
    page, assert_accessible, assert_part_accessible, settings
):
    member = MembershipFactory()
    EmailAddress.objects.create(
        user=member.user, email=member.user.email, verified=True, primary=True
    )
    secretariat = SecretariatUserFactory(email="reviewer@example.eu")
    pledge = PledgeFactory(
        organisation=member.organisation,
        status=S.SUBMITTED,
        title="Coding clubs in 40 libraries",
        reviewer_notes="Private: check the library partners",
    )
    services.request_changes(
        pledge=pledge, actor=secretariat, message="Please name the partner libraries."
    )
    mail.outbox.clear()

    sign_in(page, member.user.email)
    page.goto(f"/en/my/pledges/{pledge.pk}/")
    expect(
        page.get_by_role("heading", name="The Secretariat has asked for changes")
    ).to_be_visible()
    conversation = page.locator("#conversation")
    expect(conversation).to_contain_text("Please name the partner libraries.")
    expect(page.get_by_text("Private: check the library partners")).to_have_count(0)
    assert_accessible(page)

    # Sent empty: the error summary, still accessible.
    page.get_by_role("button", name="Send to the Secretariat").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Your message to the Secretariat").fill(
        "The partners are the public libraries of Ghent and Leuven."
    )
    page.get_by_role("button", name="Send to the Secretariat").click()
    expect(page.get_by_text("Your message has been sent to the Secretariat.")).to_be_visible()
    expect(conversation).to_contain_text("public libraries of Ghent and Leuven")
    assert_accessible(page)
    assert [m.to for m in mail.outbox] == [[settings.SECRETARIAT_EMAIL]]

    page.context.clear_cookies()
    admin_sign_in(page, secretariat.email)
    page.goto(f"/admin/pledges/pledge/{pledge.pk}/change/")
    page.get_by_role("link", name="Conversation (2 steps)").click()
    admin_conversation = page.locator("#conversation")
    expect(admin_conversation).to_contain_text("Please name the partner libraries.")
    expect(admin_conversation).to_contain_text("public libraries of Ghent and Leuven")
    assert_part_accessible(page, "#conversation")

    page.get_by_label("Message to the pledger").fill("Thank you: please also add the dates.")
    page.get_by_role("button", name="Send the message").click()
    expect(page.get_by_text("The message was sent to the organisation.")).to_be_visible()
    expect(admin_conversation).to_contain_text("please also add the dates")
    assert PledgeMessage.objects.filter(sender="secretariat").count() == 1
    assert member.user.email in {address for m in mail.outbox for address in m.to}

    page.get_by_role("link", name="History").click()
    expect(page.locator("#change-history")).to_contain_text(
        "Message from the pledger: The partners are the public libraries of Ghent and Leuven."
    )
    assert_part_accessible(page, "#change-history")

    page.goto("/admin/pledges/pledge/?status__exact=changes-requested")
    page.get_by_label("By country covered").select_option("BE")
    page.locator("form:has(#filter-country)").get_by_role("button", name="Filter").click()
    expect(page.get_by_role("link", name="Coding clubs in 40 libraries")).to_be_visible()
    assert "status__exact=changes-requested" in page.url and "country=BE" in page.url
    assert_part_accessible(page, "#changelist-filter")
