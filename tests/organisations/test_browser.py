"""In a real browser: an administrator revokes an invitation and changes a member's role; the
organisation page and its confirmation pages are axe-clean at desktop and phone widths and do
not scroll sideways at 320 px."""

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from organisations.models import Invitation, Membership
from tests.accounts.factories import UserFactory
from tests.pledges.test_accessibility_pledger import sign_in

from .factories import InvitationFactory, MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)

SCROLL_WIDTH = "document.documentElement.scrollWidth"


@pytest.fixture
def admin():
    membership = MembershipFactory(
        user=UserFactory(email="a.very-long-administrator-address@digital-futures.example.org")
    )
    EmailAddress.objects.create(
        user=membership.user, email=membership.user.email, verified=True, primary=True
    )
    return membership


@pytest.mark.parametrize("width", [1366, 390])
def test_an_administrator_revokes_an_invitation_and_changes_a_role(
    page, admin, assert_accessible, width
):
    organisation = admin.organisation
    editor = MembershipFactory(
        organisation=organisation,
        role=Membership.Role.EDITOR,
        user=UserFactory(email="editor@example.org"),
    )
    invitation = InvitationFactory(
        organisation=organisation,
        email="an.invited.colleague.with.a.long.address@example.org",
        invited_by=admin.user,
    )
    second = InvitationFactory(organisation=organisation, email="second@example.org", role="admin")
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, admin.user.email)

    page.goto(f"/en/my/organisation/{organisation.slug}/")
    assert_accessible(page)
    page.get_by_role("button", name=f"Revoke {invitation.email}").click()
    expect(page.get_by_text("has been revoked")).to_be_visible()
    expect(page.get_by_text(invitation.email)).to_have_count(1)  # in the message only
    assert_accessible(page)
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.REVOKED

    page.get_by_label(f"Role of {editor.user.email}").select_option("admin")
    shown = editor.user.get_full_name() or editor.user.email
    page.get_by_role("button", name=f"Change role {shown}").click()
    expect(page.get_by_text("editor@example.org is now Administrator.")).to_be_visible()
    assert_accessible(page)
    editor.refresh_from_db()
    assert editor.role == Membership.Role.ADMIN

    # With two administrators, the first may now leave; the page asks first.
    page.get_by_role("link", name="Leave the organisation").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Leave")
    assert_accessible(page)
    # The pages the buttons' addresses show when opened directly.
    base = f"/en/my/organisation/{organisation.slug}"
    for path in (
        f"{base}/members/{editor.pk}/remove/",
        f"{base}/members/{editor.pk}/role/",
        f"{base}/invitations/{second.pk}/resend/",
        f"{base}/invitations/{second.pk}/revoke/",
    ):
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)


def test_the_organisation_page_does_not_scroll_sideways_at_320_px(page, admin):
    organisation = admin.organisation
    MembershipFactory(
        organisation=organisation,
        role=Membership.Role.EDITOR,
        user=UserFactory(
            email="someone.with.a.remarkably.long.address@digital-futures.example.org"
        ),
    )
    InvitationFactory(
        organisation=organisation,
        email="an.invited.colleague.with.a.long.address@digital-futures.example.org",
        invited_by=admin.user,
    )
    page.set_viewport_size({"width": 320, "height": 800})
    sign_in(page, admin.user.email)
    for path in (
        f"/en/my/organisation/{organisation.slug}/",
        f"/en/my/organisation/{organisation.slug}/leave/",
    ):
        page.goto(path)
        assert page.evaluate(SCROLL_WIDTH) <= 320, path
