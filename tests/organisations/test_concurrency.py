"""Concurrent changes of members and invitations cannot get around the rules.

Two administrators who demote, remove or leave at the same moment would each see another
administrator left; the organisation's row lock makes the second one see the first's change.
Real row locks need PostgreSQL: run with DATABASE_URL=postgres://... (CI runs it there).
"""

import pytest
from django.db import connection

from organisations import services
from organisations.models import Invitation, Membership
from tests.accounts.factories import UserFactory
from tests.pledges.test_concurrency import run_concurrently

from .factories import MembershipFactory

ADMIN, EDITOR = Membership.Role.ADMIN, Membership.Role.EDITOR
pytestmark = [
    pytest.mark.django_db(transaction=True),
    # Up to fifty database connections each: never two such tests at once (tests/conftest.py).
    pytest.mark.usefixtures("many_connections"),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (run in CI)"
    ),
]


@pytest.fixture
def two_admins():
    first = MembershipFactory()
    second = MembershipFactory(organisation=first.organisation)
    return first, second


def admins_left(organisation) -> int:
    return organisation.memberships.filter(role=ADMIN).count()


@pytest.mark.parametrize("attempt", range(3))
def test_two_admins_demoting_each_other_at_once_leave_one_admin(two_admins, attempt):
    first, second = two_admins
    outcomes = run_concurrently(
        lambda: services.change_role(membership=second, role=EDITOR, actor=first.user),
        lambda: services.change_role(membership=first, role=EDITOR, actor=second.user),
    )
    assert admins_left(first.organisation) == 1
    # The second call finds its actor no longer an administrator, or the last one left.
    assert sum(isinstance(o, Membership) for o in outcomes) == 1, outcomes


@pytest.mark.parametrize("attempt", range(3))
def test_two_admins_leaving_at_once_leave_one_admin(two_admins, attempt):
    first, second = two_admins
    outcomes = run_concurrently(
        lambda: services.leave_organisation(user=first.user, organisation=first.organisation),
        lambda: services.leave_organisation(user=second.user, organisation=second.organisation),
    )
    assert admins_left(first.organisation) == 1
    assert sum(isinstance(o, services.MembershipError) for o in outcomes) == 1, outcomes


def test_removing_each_other_at_once_leaves_one_admin(two_admins):
    first, second = two_admins
    run_concurrently(
        lambda: services.remove_member(membership=second, actor=first.user),
        lambda: services.remove_member(membership=first, actor=second.user),
    )
    assert admins_left(first.organisation) == 1


def test_the_same_address_invited_twice_at_once_has_one_open_invitation(two_admins):
    first, second = two_admins
    outcomes = run_concurrently(
        *[
            lambda admin=admin: services.invite_member(
                organisation=admin.organisation,
                inviter=admin.user,
                email="colleague@example.org",
                role=EDITOR,
            )
            for admin in (first, second)
        ]
    )
    # One is sent; the other, serialised behind it by the lock, finds the address mailed a
    # moment ago and is refused (the resend interval): one invitation, one e-mail.
    sent = [o for o in outcomes if isinstance(o, Invitation)]
    refused = [o for o in outcomes if isinstance(o, services.InvitationError)]
    assert len(sent) == 1 and len(refused) == 1, outcomes
    assert refused[0].code == "too-soon"
    assert Invitation.objects.open().count() == 1
    assert Invitation.objects.get().send_count == 1


def test_one_link_accepted_twice_at_once_makes_one_member(two_admins):
    first, _second = two_admins
    invitation = services.invite_member(
        organisation=first.organisation, inviter=first.user, email="c@example.org", role=EDITOR
    )
    colleague = UserFactory(email="c@example.org")
    token = services.invitation_token(invitation)
    outcomes = run_concurrently(
        lambda: services.accept_invitation(token=token, user=colleague),
        lambda: services.accept_invitation(token=token, user=colleague),
    )
    assert sum(isinstance(o, Membership) for o in outcomes) == 1, outcomes
    assert Membership.objects.filter(user=colleague).count() == 1
