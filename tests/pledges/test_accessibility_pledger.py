"""In a real browser: the pledger's journey, and zero axe violations on every pledger and account
page, error states included."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from playwright.sync_api import expect

from organisations import services as organisation_services
from pledges.models import Pledge, PledgeStatusChange
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory
from tests.organisations.factories import MembershipFactory

from .factories import PledgeFactory

pytestmark = pytest.mark.django_db(transaction=True)
S = Pledge.Status


def sign_in(page, email, password=DEFAULT_PASSWORD):
    page.goto("/en/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/my/pledges/")


@pytest.fixture
def member():
    membership = MembershipFactory()
    EmailAddress.objects.create(
        user=membership.user, email=membership.user.email, verified=True, primary=True
    )
    return membership


@pytest.fixture
def signed_in(page, member):
    sign_in(page, member.user.email)
    return page


def test_journey_signup_verify_organisation_draft_resume_submit(page):
    page.goto("/en/")
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Email").fill("new.pledger@example.org")
    page.locator("#id_password1").fill("a-long-and-unusual-passphrase-42")
    page.locator("#id_password2").fill("a-long-and-unusual-passphrase-42")
    page.get_by_role("button", name="Sign up").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Check your e-mail"

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/my/pledges/")

    page.get_by_role("link", name="Register your organisation").click()
    page.get_by_label("Name").fill("Journey Skills Network (demo)")
    page.get_by_label("Type of organisation").select_option("association")
    page.get_by_label("Country").select_option("AT")
    page.get_by_label("Contact person").fill("Jo Example")
    page.get_by_label("Contact e-mail").fill("jo@journey.example.org")
    page.get_by_role("button", name="Register the organisation").click()
    assert "is registered" in page.content()

    page.get_by_role("link", name="Make a pledge").first.click()
    page.wait_for_url("**/pledges/new/")
    page.get_by_label("Title").fill("Digital first steps for 300 job seekers")
    page.get_by_role("button", name="Save draft").click()
    assert "Your draft is saved" in page.content()

    # Leave, come back later and resume from "My pledges".
    page.goto("/en/")
    page.get_by_role("link", name="My pledges").first.click()
    page.get_by_role("link", name="Edit Digital first steps for 300 job seekers").click()
    assert page.get_by_label("Title").input_value() == "Digital first steps for 300 job seekers"
    page.get_by_label("Summary").fill("Basic digital skills courses for job seekers.")
    page.locator("#id_description").fill("Ten-week evening courses in Vienna and Graz.")
    page.get_by_label("Digital skills for the labour force").check()
    page.get_by_label("Training", exact=True).check()
    page.get_by_label("Austria").check()
    page.get_by_label("Start date").fill("2026-09-01")
    page.get_by_label("End date").fill("2027-06-30")
    page.locator("#id_targets-0-indicator").select_option("people-trained")
    page.locator("#id_targets-0-target_number").fill("300")
    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_url("**/my/pledges/")
    row = page.get_by_role("row", name=re.compile("Digital first steps"))
    assert "Submitted" in row.inner_text()
    assert Pledge.objects.get().status == S.SUBMITTED


def test_incomplete_submission_in_the_browser_shows_the_summary_with_links(signed_in):
    page = signed_in
    page.goto("/en/pledges/new/")
    page.get_by_label("Title").fill("Half-finished pledge")
    page.get_by_role("button", name="Submit for review").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    assert summary.evaluate("el => el === document.activeElement")
    summary.get_by_role("link", name=re.compile("Summary")).click()
    assert page.evaluate("document.activeElement.id") == "id_summary"


ACCOUNT_PAGES = [
    "/en/accounts/login/",
    "/en/accounts/signup/",
    "/en/accounts/password/reset/",
    "/en/accounts/password/reset/done/",
    "/en/accounts/confirm-email/",
    "/en/accounts/confirm-email/not-a-valid-key/",
    "/en/accounts/password/reset/key/1-not-a-key/",
]


@pytest.mark.parametrize("path", ACCOUNT_PAGES)
def test_account_pages_are_accessible(page, assert_accessible, path):
    response = page.goto(path)
    assert response.status < 400
    assert page.locator("h1").count() == 1
    assert_accessible(page)


def test_account_error_states_are_accessible(page, assert_accessible):
    page.goto("/en/accounts/login/")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_accessible(page)
    page.goto("/en/accounts/signup/")
    page.get_by_label("Email").fill("not-an-address")
    page.get_by_role("button", name="Sign up").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_accessible(page)
    page.goto("/en/accounts/password/reset/")
    page.get_by_role("button", name="Send the link").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_accessible(page)


def test_lockout_page_is_accessible(page, assert_accessible, settings):
    user = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.goto("/en/accounts/login/")
        page.locator("#id_login").fill(user.email)
        page.locator("#id_password").fill("wrong")
        page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Too many failed sign-in attempts"
    assert_accessible(page)


def test_signed_in_account_pages_are_accessible(signed_in, assert_accessible):
    page = signed_in
    for path in ("/en/accounts/password/change/", "/en/accounts/email/", "/en/accounts/logout/"):
        page.goto(path)
        assert page.locator("h1").count() == 1
        assert_accessible(page)
    page.goto("/en/accounts/password/change/")
    page.get_by_role("button", name="Change the password").click()
    # Waits for the answer to the form (is_visible() would look at the page being left).
    expect(page.locator("#error-summary")).to_be_visible()
    assert_accessible(page)


def test_pledger_pages_are_accessible(signed_in, member, assert_accessible):
    page = signed_in
    organisation = member.organisation
    draft = PledgeFactory(organisation=organisation, summary="", targets=[])
    changes = PledgeFactory(organisation=organisation, status=S.CHANGES_REQUESTED)
    PledgeStatusChange.objects.create(
        pledge=changes,
        from_status=S.SUBMITTED,
        to_status=S.CHANGES_REQUESTED,
        changed_at=changes.created_at,
        message="Please add dates.",
    )
    published = PledgeFactory(organisation=organisation, status=S.PUBLISHED)
    token = organisation_services.make_invitation_token(
        organisation=organisation, email=member.user.email, role="editor"
    )
    paths = [
        "/en/my/pledges/",
        "/en/pledges/new/",
        f"/en/my/pledges/{draft.pk}/",
        f"/en/my/pledges/{draft.pk}/edit/",
        f"/en/my/pledges/{draft.pk}/edit/?check=1",
        f"/en/my/pledges/{draft.pk}/submit/",
        f"/en/my/pledges/{changes.pk}/edit/",
        f"/en/my/pledges/{changes.pk}/submit/",
        f"/en/my/pledges/{published.pk}/",
        f"/en/my/pledges/{published.pk}/withdraw/",
        f"/en/my/pledges/{published.pk}/progress/new/",
        "/en/my/organisation/new/",
        f"/en/my/organisation/{organisation.slug}/",
        f"/en/my/organisation/{organisation.slug}/edit/",
        f"/en/my/organisation/{organisation.slug}/invite/",
        f"/en/my/invitations/{token}/",
        "/en/my/invitations/not-a-token/",
    ]
    for path in paths:
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)


def test_pledger_error_states_are_accessible(signed_in, member, assert_accessible):
    page = signed_in
    published = PledgeFactory(organisation=member.organisation, status=S.PUBLISHED)

    page.goto("/en/pledges/new/")
    page.get_by_label("Start date").fill("2027-01-01")
    page.get_by_label("End date").fill("2026-01-01")
    page.locator("#id_targets-0-target_number").fill("-3")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_accessible(page)

    page.goto(f"/en/my/pledges/{published.pk}/progress/new/")
    page.get_by_label("Report date").fill("2999-01-01")
    page.get_by_role("button", name="Send the report").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_accessible(page)

    page.goto("/en/my/organisation/new/")
    page.get_by_role("button", name="Register the organisation").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_accessible(page)

    page.goto(f"/en/my/organisation/{member.organisation.slug}/invite/")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_accessible(page)
