"""Managing members: roles, removal, leaving, and never an organisation without administrator."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.models import OutgoingEmail
from organisations import services
from organisations.models import Membership
from tests.accounts.factories import UserFactory

from .factories import MembershipFactory

pytestmark = pytest.mark.django_db
ADMIN, EDITOR = Membership.Role.ADMIN, Membership.Role.EDITOR


@pytest.fixture
def admin():
    return MembershipFactory(user=UserFactory(email="admin@example.org"))


@pytest.fixture
def editor(admin):
    return MembershipFactory(
        organisation=admin.organisation,
        role=EDITOR,
        user=UserFactory(email="editor@example.org", language="de"),
    )


def roles(organisation):
    return dict(organisation.memberships.values_list("user__email", "role"))


# --- Services -------------------------------------------------------------------------------


def test_an_administrator_changes_a_role_and_the_member_is_told(
    admin, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.change_role(membership=editor, role=ADMIN, actor=admin.user)
    assert roles(admin.organisation)["editor@example.org"] == ADMIN
    outgoing = OutgoingEmail.objects.get()
    assert outgoing.language == "de"  # the member's language
    (message,) = mail.outbox
    assert message.to == ["editor@example.org"]


def test_the_last_administrator_cannot_be_demoted_even_by_themselves(admin, editor):
    with pytest.raises(services.MembershipError, match="at least one administrator"):
        services.change_role(membership=admin, role=EDITOR, actor=admin.user)
    assert roles(admin.organisation)["admin@example.org"] == ADMIN
    # With a second administrator the first may step down.
    services.change_role(membership=editor, role=ADMIN, actor=admin.user)
    services.change_role(membership=admin, role=EDITOR, actor=admin.user)
    assert roles(admin.organisation) == {"admin@example.org": EDITOR, "editor@example.org": ADMIN}


def test_the_last_administrator_cannot_be_removed_or_leave(admin, editor):
    with pytest.raises(services.MembershipError):
        services.remove_member(membership=admin, actor=admin.user)
    with pytest.raises(services.MembershipError):
        services.leave_organisation(user=admin.user, organisation=admin.organisation)
    assert set(roles(admin.organisation)) == {"admin@example.org", "editor@example.org"}


def test_editors_cannot_change_roles_or_remove_anyone(admin, editor):
    with pytest.raises(PermissionDenied):
        services.change_role(membership=editor, role=ADMIN, actor=editor.user)
    with pytest.raises(PermissionDenied):
        services.remove_member(membership=admin, actor=editor.user)
    assert roles(admin.organisation) == {"admin@example.org": ADMIN, "editor@example.org": EDITOR}


def test_a_removed_member_gets_a_short_notice(admin, editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_member(membership=editor, actor=admin.user)
    assert roles(admin.organisation) == {"admin@example.org": ADMIN}
    (message,) = mail.outbox
    assert message.to == ["editor@example.org"]
    assert admin.organisation.name in message.subject


def test_a_member_leaves_without_mail(admin, editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.leave_organisation(user=editor.user, organisation=admin.organisation)
    assert roles(admin.organisation) == {"admin@example.org": ADMIN}
    assert mail.outbox == []


def test_a_membership_of_another_organisation_is_theirs_to_manage(admin):
    theirs = MembershipFactory(role=EDITOR)
    with pytest.raises(PermissionDenied):
        services.change_role(membership=theirs, role=ADMIN, actor=admin.user)


# --- Pages ------------------------------------------------------------------------------------


def url(name, membership=None, organisation=None):
    organisation = organisation or membership.organisation
    args = [organisation.slug] + ([membership.pk] if membership else [])
    return reverse(f"organisations:{name}", args=args)


def test_the_page_offers_role_and_removal_controls_but_not_for_the_last_admin(
    client, admin, editor
):
    client.force_login(admin.user)
    body = client.get(url("organisation-detail", organisation=admin.organisation)).content.decode()
    assert url("member-role", editor) in body
    assert url("member-remove", editor) in body
    assert url("member-role", admin) not in body
    assert url("organisation-leave", organisation=admin.organisation) not in body
    assert "the only administrator" in body


def test_an_administrator_changes_a_role_on_the_page(client, admin, editor):
    client.force_login(admin.user)
    response = client.post(url("member-role", editor), {"role": ADMIN}, follow=True)
    assert "editor@example.org is now Administrator." in response.content.decode()
    assert roles(admin.organisation)["editor@example.org"] == ADMIN


def test_demoting_the_last_admin_on_the_page_is_refused_with_a_message(client, admin, editor):
    client.force_login(admin.user)
    response = client.post(url("member-role", admin), {"role": EDITOR}, follow=True)
    assert "at least one administrator" in response.content.decode()
    assert roles(admin.organisation)["admin@example.org"] == ADMIN
    response = client.post(url("member-role", editor), {"role": "owner"}, follow=True)
    assert "Choose a role." in response.content.decode()


def test_removal_asks_first_then_removes(client, admin, editor):
    client.force_login(admin.user)
    page = client.get(url("member-remove", editor))
    assert page.status_code == 200
    assert "Remove the member" in page.content.decode()
    response = client.post(url("member-remove", editor))
    assert response.status_code == 302
    assert "editor@example.org" not in roles(admin.organisation)


def test_the_last_admin_is_told_why_they_cannot_leave(client, admin):
    client.force_login(admin.user)
    leave = url("organisation-leave", organisation=admin.organisation)
    page = client.get(leave).content.decode()
    assert "only administrator" in page
    assert "Leave the organisation</button>" not in page
    response = client.post(leave)
    assert response.status_code == 302
    assert response.url == leave
    assert roles(admin.organisation) == {"admin@example.org": ADMIN}


def test_a_member_leaves_on_the_page(client, editor):
    client.force_login(editor.user)
    response = client.post(url("organisation-leave", organisation=editor.organisation))
    assert response.url == reverse("pledger:my-pledges")
    assert not Membership.objects.filter(pk=editor.pk).exists()


def test_plain_members_cannot_manage_members(client, admin, editor):
    client.force_login(editor.user)
    body = client.get(url("organisation-detail", organisation=admin.organisation)).content.decode()
    assert url("member-role", admin) not in body
    assert url("member-remove", admin) not in body
    assert client.post(url("member-role", admin), {"role": EDITOR}).status_code == 403
    assert client.get(url("member-remove", admin)).status_code == 403
    assert client.post(url("member-remove", admin)).status_code == 403
    assert roles(admin.organisation) == {"admin@example.org": ADMIN, "editor@example.org": EDITOR}


def test_outsiders_get_404_and_visitors_the_sign_in_page(client, admin, editor):
    paths = [
        url("member-role", editor),
        url("member-remove", editor),
        url("organisation-leave", organisation=admin.organisation),
    ]
    for path in paths:
        assert client.post(path, {"role": ADMIN}).url.startswith(reverse("account_login"))
    client.force_login(MembershipFactory().user)
    for path in paths:
        assert client.post(path, {"role": ADMIN}).status_code == 404
    assert roles(admin.organisation) == {"admin@example.org": ADMIN, "editor@example.org": EDITOR}
