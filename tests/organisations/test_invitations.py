"""Stored invitations: inviting, resending, revoking and accepting (services, pages, mails)."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core.models import OutgoingEmail
from organisations import services
from organisations.models import Invitation, Membership
from tests.accounts.factories import UserFactory

from .factories import InvitationFactory, MembershipFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 7, 1, 12, tzinfo=datetime.UTC)


@pytest.fixture
def admin():
    return MembershipFactory(user=UserFactory(email="admin@example.org"))


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


def invite(admin, email="colleague@example.org", role=Membership.Role.EDITOR):
    return services.invite_member(
        organisation=admin.organisation, inviter=admin.user, email=email, role=role
    )


def link_of(message) -> str:
    return "/en/my/invitations/" + message.body.split("/my/invitations/")[1].split()[0]


# --- Services -------------------------------------------------------------------------------


def test_inviting_stores_the_invitation_and_mails_a_link(
    admin, frozen, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(admin, email=" Colleague@Example.org ", role="admin")
    assert invitation.email == "colleague@example.org"
    assert (invitation.role, invitation.invited_by) == ("admin", admin.user)
    assert invitation.last_sent_at == NOW
    lifetime = datetime.timedelta(days=settings.PLEDGE_INVITATION_MAX_AGE_DAYS)
    assert invitation.expires_at == NOW + lifetime
    assert invitation.state == Invitation.State.PENDING
    assert list(Invitation.objects.pending()) == [invitation]
    (message,) = mail.outbox
    assert message.to == ["colleague@example.org"]
    assert services.invitation_token(invitation).split(":")[0] in message.body


def test_inviting_the_same_address_again_refreshes_the_open_invitation(admin, frozen):
    first = invite(admin, role="editor")
    frozen.shift(3600)
    again = invite(admin, email="COLLEAGUE@example.org", role="admin")
    assert again.pk == first.pk
    assert again.role == "admin"
    assert again.send_count == 2
    assert Invitation.objects.count() == 1


def test_the_database_refuses_a_second_open_invitation_to_one_address(admin):
    invitation = InvitationFactory(organisation=admin.organisation)
    with pytest.raises(IntegrityError), transaction.atomic():
        InvitationFactory(organisation=admin.organisation, email=invitation.email)
    # A closed one does not count: the address can be invited again after a revocation.
    invitation.revoked_at = timezone.now()
    invitation.save()
    InvitationFactory(organisation=admin.organisation, email=invitation.email)


def test_only_administrators_invite_and_members_are_not_invited(admin):
    editor = MembershipFactory(organisation=admin.organisation, role=Membership.Role.EDITOR)
    with pytest.raises(PermissionDenied):
        invite(editor)
    with pytest.raises(services.ValidationError):
        invite(admin, email=editor.user.email.upper())
    assert not Invitation.objects.exists()
    assert not OutgoingEmail.objects.exists()


def test_resending_mails_again_and_is_rate_limited(admin, frozen):
    invitation = invite(admin)
    with pytest.raises(services.InvitationError) as refused:
        services.resend_invitation(invitation=invitation, actor=admin.user)
    assert refused.value.code == "too-soon"
    assert OutgoingEmail.objects.count() == 1

    frozen.shift(services.RESEND_INTERVAL.total_seconds() + 1)
    resent = services.resend_invitation(invitation=invitation, actor=admin.user)
    assert resent.last_sent_at == timezone.now()
    assert resent.expires_at > invitation.expires_at
    assert resent.send_count == 2
    assert OutgoingEmail.objects.count() == 2
    assert OutgoingEmail.objects.latest("pk").subject.startswith("Reminder: join")


def test_an_expired_invitation_can_be_resent_and_then_works(admin, frozen, settings):
    invitation = invite(admin)
    frozen.shift(settings.PLEDGE_INVITATION_MAX_AGE_DAYS * 86400 + 1)
    assert invitation.state == Invitation.State.EXPIRED
    assert list(Invitation.objects.expired()) == [invitation]
    services.resend_invitation(invitation=invitation, actor=admin.user)
    colleague = UserFactory(email="colleague@example.org")
    services.accept_invitation(token=services.invitation_token(invitation), user=colleague)
    assert Membership.objects.filter(user=colleague, organisation=admin.organisation).exists()


def test_accepting_makes_a_member_and_closes_the_invitation(admin):
    invitation = invite(admin, role="admin")
    colleague = UserFactory(email="Colleague@example.org")
    token = services.invitation_token(invitation)
    membership = services.accept_invitation(token=token, user=colleague)
    assert (membership.organisation, membership.role) == (admin.organisation, "admin")
    invitation.refresh_from_db()
    assert invitation.accepted_by == colleague
    assert invitation.state == Invitation.State.ACCEPTED
    assert not Invitation.objects.open().exists()
    # The link is used: a second acceptance changes nothing.
    with pytest.raises(services.InvitationError) as used:
        services.accept_invitation(token=token, user=colleague)
    assert used.value.code == "accepted"


@pytest.mark.parametrize(
    ("close", "code"),
    [
        (lambda i, admin: services.revoke_invitation(invitation=i, actor=admin.user), "revoked"),
        (
            lambda i, admin: Invitation.objects.filter(pk=i.pk).update(
                created_at=NOW - datetime.timedelta(days=30), expires_at=NOW
            ),
            "expired",
        ),
        (
            lambda i, admin: services.accept_invitation(
                token=services.invitation_token(i), user=UserFactory(email=i.email)
            ),
            "accepted",
        ),
    ],
    ids=["revoked", "expired", "accepted"],
)
def test_a_closed_invitation_cannot_be_accepted_and_nothing_changes(admin, frozen, close, code):
    invitation = invite(admin)
    close(invitation, admin)
    members_before = set(Membership.objects.values_list("pk", "role"))
    other = UserFactory(email="colleague@example.org") if code != "accepted" else UserFactory()
    with pytest.raises(services.InvitationError) as refused:
        services.accept_invitation(token=services.invitation_token(invitation), user=other)
    assert refused.value.code == code
    assert set(Membership.objects.values_list("pk", "role")) == members_before


def test_another_address_cannot_accept(admin):
    invitation = invite(admin)
    intruder = UserFactory(email="intruder@example.org")
    with pytest.raises(services.InvitationError) as refused:
        services.accept_invitation(token=services.invitation_token(invitation), user=intruder)
    assert refused.value.code == "wrong-address"
    assert not Membership.objects.filter(user=intruder).exists()
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.PENDING


def test_a_tampered_link_or_a_deleted_invitation_is_invalid(admin):
    invitation = invite(admin)
    token = services.invitation_token(invitation)
    for bad in (token + "x", "not-a-token"):
        with pytest.raises(services.InvitationError) as refused:
            services.read_invitation(bad)
        assert refused.value.code == "invalid"
    invitation.delete()
    with pytest.raises(services.InvitationError, match="not valid"):
        services.read_invitation(token)


def test_revoking_needs_an_administrator_and_an_open_invitation(admin):
    invitation = invite(admin)
    editor = MembershipFactory(organisation=admin.organisation, role=Membership.Role.EDITOR)
    with pytest.raises(PermissionDenied):
        services.revoke_invitation(invitation=invitation, actor=editor.user)
    services.revoke_invitation(invitation=invitation, actor=admin.user)
    invitation.refresh_from_db()
    assert invitation.revoked_by == admin.user
    with pytest.raises(services.InvitationError):
        services.revoke_invitation(invitation=invitation, actor=admin.user)
    with pytest.raises(services.InvitationError):
        services.resend_invitation(invitation=invitation, actor=admin.user)


# --- Links sent before invitations were stored -----------------------------------------------


def test_a_link_sent_before_the_change_still_works_until_it_expires(admin, frozen, settings):
    token = services.make_invitation_token(
        organisation=admin.organisation, email="colleague@example.org", role="admin"
    )
    colleague = UserFactory(email="colleague@example.org")
    membership = services.accept_invitation(token=token, user=colleague)
    assert membership.role == "admin"
    # Accepting records it, so the same link cannot be used twice.
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.accepted_by) == (colleague.email, colleague)
    assert invitation.expires_at == NOW + datetime.timedelta(
        days=settings.PLEDGE_INVITATION_MAX_AGE_DAYS
    )


def test_an_old_link_is_void_once_its_address_was_invited_again_and_revoked(admin, frozen):
    token = services.make_invitation_token(
        organisation=admin.organisation, email="colleague@example.org", role="admin"
    )
    frozen.shift(60)
    services.revoke_invitation(invitation=invite(admin), actor=admin.user)
    with pytest.raises(services.InvitationError) as refused:
        services.accept_invitation(token=token, user=UserFactory(email="colleague@example.org"))
    assert refused.value.code == "revoked"


def test_an_old_link_expires_as_it_always_did(admin, frozen, settings):
    token = services.make_invitation_token(
        organisation=admin.organisation, email="colleague@example.org", role="admin"
    )
    frozen.shift(settings.PLEDGE_INVITATION_MAX_AGE_DAYS * 86400 + 60)
    with pytest.raises(services.InvitationError) as refused:
        services.accept_invitation(token=token, user=UserFactory(email="colleague@example.org"))
    assert refused.value.code == "expired"
    assert not Invitation.objects.exists()


# --- Mails ------------------------------------------------------------------------------------


def test_the_invitation_is_mailed_in_the_invitees_language(
    admin, django_capture_on_commit_callbacks
):
    UserFactory(email="colleague@example.org", language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        invite(admin)
    outgoing = OutgoingEmail.objects.get()
    assert outgoing.language == "fr"
    (message,) = mail.outbox
    assert "/fr/my/invitations/" in message.body


def test_a_newcomer_gets_the_inviters_language(admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(admin, email="newcomer@example.org")
    assert OutgoingEmail.objects.get().language == "en"
    assert "/en/my/invitations/" in mail.outbox[0].body


def test_the_inviter_hears_that_the_invitation_was_accepted(
    admin, django_capture_on_commit_callbacks
):
    invitation = invite(admin)
    colleague = UserFactory(email="colleague@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_invitation(token=services.invitation_token(invitation), user=colleague)
    (message,) = mail.outbox
    assert message.to == [admin.user.email]
    assert "colleague@example.org has accepted your invitation" in message.body


# --- Pages ------------------------------------------------------------------------------------


def detail(organisation):
    return reverse("organisations:organisation-detail", args=[organisation.slug])


def action(name, invitation):
    return reverse(f"organisations:{name}", args=[invitation.organisation.slug, invitation.pk])


def test_the_page_lists_open_invitations_with_buttons_for_administrators(client, admin):
    pending = InvitationFactory(organisation=admin.organisation, invited_by=admin.user)
    InvitationFactory(organisation=admin.organisation, revoked_at=timezone.now())
    InvitationFactory(email="elsewhere@example.org")  # another organisation's
    client.force_login(admin.user)
    body = client.get(detail(admin.organisation)).content.decode()
    assert pending.email in body
    assert "elsewhere@example.org" not in body
    assert body.count('action="/en/my/organisation/') >= 2
    assert action("invitation-resend", pending) in body
    assert action("invitation-revoke", pending) in body
    assert body.count("Invited as") == 1


def test_editors_see_invitations_but_no_buttons(client, admin):
    pending = InvitationFactory(organisation=admin.organisation)
    editor = MembershipFactory(organisation=admin.organisation, role=Membership.Role.EDITOR)
    client.force_login(editor.user)
    body = client.get(detail(admin.organisation)).content.decode()
    assert pending.email in body
    assert action("invitation-revoke", pending) not in body
    for name in ("invitation-resend", "invitation-revoke"):
        assert client.post(action(name, pending)).status_code == 403
    pending.refresh_from_db()
    assert pending.state == Invitation.State.PENDING


def test_outsiders_get_a_404_and_anonymous_visitors_the_sign_in_page(client, admin):
    pending = InvitationFactory(organisation=admin.organisation)
    for name in ("invitation-resend", "invitation-revoke"):
        response = client.post(action(name, pending))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    client.force_login(MembershipFactory().user)
    for name in ("invitation-resend", "invitation-revoke"):
        assert client.post(action(name, pending)).status_code == 404
    # An invitation of another organisation through one's own organisation's address: 404 too.
    client.force_login(admin.user)
    theirs = InvitationFactory()
    url = reverse("organisations:invitation-revoke", args=[admin.organisation.slug, theirs.pk])
    assert client.post(url).status_code == 404
    assert Invitation.objects.open().count() == 2


def test_opened_directly_resend_and_revoke_ask_first(client, admin):
    pending = InvitationFactory(organisation=admin.organisation)
    client.force_login(admin.user)
    page = client.get(action("invitation-revoke", pending))
    assert page.status_code == 200
    assert f"Revoke the invitation to {pending.email}" in page.content.decode()
    assert (
        "Resend the invitation" in client.get(action("invitation-resend", pending)).content.decode()
    )
    pending.refresh_from_db()
    assert pending.state == Invitation.State.PENDING


def test_revoking_from_the_page_voids_the_link(client, admin, django_capture_on_commit_callbacks):
    client.force_login(admin.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("organisations:invitation-create", args=[admin.organisation.slug]),
            {"email": "colleague@example.org", "role": "editor"},
        )
    link = link_of(mail.outbox[0])
    invitation = Invitation.objects.get()
    response = client.post(action("invitation-revoke", invitation), follow=True)
    assert "has been revoked" in response.content.decode()
    assert "colleague@example.org" not in response.content.decode().split("Pending invitations")[1]

    colleague = UserFactory(email="colleague@example.org")
    client.force_login(colleague)
    page = client.get(link)
    assert page.status_code == 410
    assert "withdrawn by the organisation" in page.content.decode()
    assert "Accept the invitation" not in page.content.decode()
    client.post(link)
    assert not Membership.objects.filter(user=colleague).exists()


def test_resending_from_the_page(client, admin, frozen, django_capture_on_commit_callbacks):
    invitation = InvitationFactory(
        organisation=admin.organisation,
        invited_by=admin.user,
        created_at=NOW - datetime.timedelta(days=1),
    )
    client.force_login(admin.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(action("invitation-resend", invitation), follow=True)
    assert "has been sent again" in response.content.decode()
    (message,) = mail.outbox
    assert message.to == [invitation.email]
    assert "reminder" in message.body
    invitation.refresh_from_db()
    assert invitation.last_sent_at == NOW

    # At once again: refused with a message, no mail.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(action("invitation-resend", invitation), follow=True)
    assert "Please wait" in response.content.decode()
    assert len(mail.outbox) == 1


def test_a_used_link_shows_members_the_way_in(client, admin):
    invitation = invite(admin)
    colleague = UserFactory(email="colleague@example.org")
    token = services.invitation_token(invitation)
    services.accept_invitation(token=token, user=colleague)
    client.force_login(colleague)
    response = client.get(reverse("organisations:invitation-accept", args=[token]))
    assert response.status_code == 200
    assert "You are already a member" in response.content.decode()


def test_the_organisation_page_query_count_does_not_grow(
    client, admin, django_assert_num_queries, django_assert_max_num_queries
):
    client.force_login(admin.user)
    InvitationFactory(organisation=admin.organisation, invited_by=admin.user)
    MembershipFactory(organisation=admin.organisation, role=Membership.Role.EDITOR)
    with django_assert_max_num_queries(30) as few:
        assert client.get(detail(admin.organisation)).status_code == 200
    for _ in range(19):
        InvitationFactory(organisation=admin.organisation)
        MembershipFactory(organisation=admin.organisation, role=Membership.Role.EDITOR)
    with django_assert_num_queries(len(few.captured_queries)):
        body = client.get(detail(admin.organisation)).content.decode()
    assert body.count("Invited as") == 20
    assert body.count("Change role") >= 20


# --- Limits on mails (security review) -------------------------------------------------------


def test_inviting_an_address_again_within_the_resend_interval_is_refused(admin, frozen):
    first = invite(admin, role="editor")
    frozen.shift(60)
    with pytest.raises(services.InvitationError) as refused:
        invite(admin, role="admin")
    assert refused.value.code == "too-soon"
    assert "less than 10 minutes ago" in refused.value.message
    first.refresh_from_db()
    assert (first.role, first.send_count, first.last_sent_at) == ("editor", 1, NOW)
    assert OutgoingEmail.objects.count() == 1

    frozen.shift(services.RESEND_INTERVAL.total_seconds())
    again = invite(admin, role="admin")
    assert (again.pk, again.role, again.send_count) == (first.pk, "admin", 2)
    assert OutgoingEmail.objects.count() == 2


def test_revoking_and_inviting_again_does_not_skip_the_resend_interval(admin, frozen):
    services.revoke_invitation(invitation=invite(admin), actor=admin.user)
    frozen.shift(60)
    with pytest.raises(services.InvitationError) as refused:
        invite(admin)
    assert refused.value.code == "too-soon"
    assert not Invitation.objects.open().exists()
    assert OutgoingEmail.objects.count() == 1
    frozen.shift(services.RESEND_INTERVAL.total_seconds())
    assert invite(admin).state == Invitation.State.PENDING


def test_an_organisation_sends_a_bounded_number_of_new_invitations_a_day(
    admin, frozen, monkeypatch
):
    monkeypatch.setattr(services, "MAX_INVITATIONS_PER_DAY", 3)
    for number in range(3):
        invite(admin, email=f"colleague{number}@example.org")
    with pytest.raises(services.InvitationError) as refused:
        invite(admin, email="one-too-many@example.org")
    assert refused.value.code == "daily-limit"
    assert refused.value.message == (
        "Your organisation has sent 3 new invitations in the last 24 hours, the most allowed "
        "in one day. Please try again tomorrow."
    )
    assert Invitation.objects.count() == 3
    assert OutgoingEmail.objects.count() == 3
    # Another organisation has its own allowance; a day later this one has its own again.
    other = MembershipFactory(user=UserFactory(email="other-admin@example.org"))
    invite(other, email="one-too-many@example.org")
    frozen.shift(86400 + 1)
    invite(admin, email="one-too-many@example.org")
    assert Invitation.objects.count() == 5


def test_the_invitation_page_explains_a_refusal_and_sends_nothing(client, admin, frozen):
    client.force_login(admin.user)
    url = reverse("organisations:invitation-create", args=[admin.organisation.slug])
    data = {"email": "colleague@example.org", "role": "editor"}
    assert client.post(url, data).status_code == 302
    frozen.shift(60)
    response = client.post(url, {**data, "role": "admin"})
    assert response.status_code == 200
    assert "sent less than 10 minutes ago" in response.content.decode()
    assert Invitation.objects.get().role == "editor"
    assert OutgoingEmail.objects.count() == 1


# --- Old-format links (security review) ------------------------------------------------------


def test_an_old_link_cannot_be_replayed_by_a_member_removed_since(admin, frozen):
    token = services.make_invitation_token(
        organisation=admin.organisation, email="colleague@example.org", role="admin"
    )
    colleague = UserFactory(email="colleague@example.org")
    frozen.shift(60)
    membership = services.accept_invitation(token=token, user=colleague)
    frozen.shift(3600)
    services.remove_member(membership=membership, actor=admin.user)
    with pytest.raises(services.InvitationError) as refused:
        services.accept_invitation(token=token, user=colleague)
    assert refused.value.code == "accepted"
    assert not Membership.objects.filter(user=colleague).exists()


def test_an_old_link_is_used_once_an_invitation_to_its_address_was_accepted(admin, frozen):
    token = services.make_invitation_token(
        organisation=admin.organisation, email="colleague@example.org", role="admin"
    )
    colleague = UserFactory(email="colleague@example.org")
    frozen.shift(60)
    # A newer invitation (as an editor) accepted, then the member removed.
    services.accept_invitation(token=services.invitation_token(invite(admin)), user=colleague)
    Membership.objects.filter(user=colleague).delete()
    with pytest.raises(services.InvitationError) as refused:
        services.accept_invitation(token=token, user=colleague)
    assert refused.value.code == "accepted"
    assert not Membership.objects.filter(user=colleague).exists()


def test_an_old_link_signed_after_an_earlier_acceptance_still_works(admin, frozen):
    colleague = UserFactory(email="colleague@example.org")
    services.accept_invitation(token=services.invitation_token(invite(admin)), user=colleague)
    Membership.objects.filter(user=colleague).delete()
    frozen.shift(60)
    token = services.make_invitation_token(
        organisation=admin.organisation, email="colleague@example.org", role="editor"
    )
    assert services.accept_invitation(token=token, user=colleague).role == "editor"


# --- Invitations of people who leave (security review) ---------------------------------------


@pytest.fixture
def inviter(admin):
    return MembershipFactory(
        organisation=admin.organisation, user=UserFactory(email="inviter@example.org")
    )


@pytest.mark.parametrize(
    "departure",
    [
        lambda inviter, admin: services.remove_member(membership=inviter, actor=admin.user),
        lambda inviter, admin: services.leave_organisation(
            user=inviter.user, organisation=admin.organisation
        ),
    ],
    ids=["removed", "left"],
)
def test_the_open_invitations_of_someone_who_leaves_are_revoked(admin, inviter, departure):
    theirs = invite(inviter)
    accepted = invite(inviter, email="accepted@example.org")
    services.accept_invitation(
        token=services.invitation_token(accepted), user=UserFactory(email="accepted@example.org")
    )
    others = invite(admin, email="someone@example.org")
    elsewhere = InvitationFactory(invited_by=inviter.user)
    departure(inviter, admin)
    theirs.refresh_from_db()
    assert theirs.state == Invitation.State.REVOKED
    assert theirs.revoked_by in (admin.user, inviter.user)
    for untouched, state in [
        (accepted, Invitation.State.ACCEPTED),
        (others, Invitation.State.PENDING),
        (elsewhere, Invitation.State.PENDING),
    ]:
        untouched.refresh_from_db()
        assert untouched.state == state
    with pytest.raises(services.InvitationError) as refused:
        services.accept_invitation(
            token=services.invitation_token(theirs), user=UserFactory(email=theirs.email)
        )
    assert refused.value.code == "revoked"


def test_a_refused_departure_revokes_nothing(admin, inviter):
    invitation = invite(admin)
    services.remove_member(membership=inviter, actor=admin.user)
    with pytest.raises(services.MembershipError):
        services.leave_organisation(user=admin.user, organisation=admin.organisation)
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.PENDING


def test_an_inviter_who_is_no_longer_a_member_is_not_told_of_the_acceptance(
    admin, inviter, django_capture_on_commit_callbacks
):
    invitation = invite(inviter)
    # Gone by other means than the services (the admin site, a deletion of rows).
    Membership.objects.filter(pk=inviter.pk).delete()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_invitation(
            token=services.invitation_token(invitation), user=UserFactory(email=invitation.email)
        )
    assert mail.outbox == []
    assert Membership.objects.filter(user__email=invitation.email).exists()
