"""The public content version moves on with every committed change the public can see, only."""

import pytest
from django.core.management import call_command

from core import content
from pledges import services
from pledges.models import Pledge
from tests.accounts.factories import SecretariatUserFactory
from tests.national_coalitions.factories import ContactRequestFactory, NationalCoalitionFactory
from tests.pledges.factories import (
    MembershipFactory,
    PledgeFactory,
    TargetFactory,
    target_group,
)

pytestmark = pytest.mark.django_db
S = Pledge.Status


@pytest.fixture
def moves(django_capture_on_commit_callbacks):
    """Run `write` and commit; say whether the version moved on."""

    def check(write):
        before = content.version()
        with django_capture_on_commit_callbacks(execute=True):
            write()
        return content.version() != before

    return check


def test_public_pledge_edits_move_the_version(moves):
    pledge = PledgeFactory(status=S.PUBLISHED)
    assert moves(lambda: pledge.save())
    assert moves(lambda: TargetFactory(pledge=pledge))
    assert moves(lambda: pledge.target_groups.add(target_group("education")))
    assert moves(lambda: pledge.delete())


def test_draft_edits_leave_the_cached_pages_alone(moves):
    draft = PledgeFactory(status=S.DRAFT)
    assert not moves(lambda: draft.save())
    assert not moves(lambda: TargetFactory(pledge=draft))
    assert not moves(lambda: draft.target_groups.add(target_group("education")))
    assert not moves(lambda: draft.delete())


@pytest.mark.parametrize(
    ("status", "transition"),
    [
        (S.SUBMITTED, services.publish_pledge),  # becomes public
        (S.PUBLISHED, services.complete_pledge),  # stays public
    ],
)
def test_status_changes_move_the_version(moves, status, transition):
    pledge = PledgeFactory(status=status)
    assert moves(lambda: transition(pledge=pledge, actor=SecretariatUserFactory()))


def test_withdrawing_a_published_pledge_moves_the_version(moves):
    """The pledge is no longer public after the write, but it was: it must leave the pages."""
    membership = MembershipFactory()
    pledge = PledgeFactory(organisation=membership.organisation, status=S.PUBLISHED)
    assert moves(lambda: services.withdraw_pledge(pledge=pledge, actor=membership.user))
    pledge.refresh_from_db()
    assert pledge.status == S.WITHDRAWN


def test_other_areas_public_content_moves_it_and_private_rows_do_not(moves):
    assert moves(NationalCoalitionFactory)
    assert not moves(ContactRequestFactory)


def test_nothing_moves_without_a_commit(django_capture_on_commit_callbacks):
    before = content.version()
    with django_capture_on_commit_callbacks(execute=False):
        PledgeFactory(status=S.PUBLISHED)
    assert content.version() == before


def test_a_deployment_forgets_the_cached_pages():
    """`make serve` (and every deployment) runs migrate, which moves the version on."""
    before = content.version()
    call_command("migrate", verbosity=0)
    assert content.version() != before
