"""The public content version moves on with every committed change the public can see, only."""

import pytest
from django.core.cache import cache
from django.core.management import call_command

from core import content
from pledges import services
from pledges.models import Pledge
from tests.accounts.factories import SecretariatUserFactory
from tests.national_coalitions.factories import ContactRequestFactory, NationalCoalitionFactory
from tests.organisations.factories import MembershipFactory
from tests.pledges.factories import PledgeFactory, TargetFactory, target_group

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


# --- cached(): one recomputation after a change, the others served the previous figure -----


@pytest.fixture(autouse=True)
def _outside_any_request():
    """These tests call `cached()` directly, outside a request: start each without the mark."""
    content._forget_stale()


class Counter:
    """A stand-in for a heavy aggregate: returns how many times it has run."""

    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return {"pledges": self.calls}


def test_cached_computes_once_per_version():
    compute = Counter()
    assert content.cached("figures", compute, 60) == {"pledges": 1}
    assert content.cached("figures", compute, 60) == {"pledges": 1}
    assert compute.calls == 1
    content.changed()
    assert content.cached("figures", compute, 60) == {"pledges": 2}
    assert compute.calls == 2
    assert not content.served_stale()


def test_while_one_process_recomputes_the_others_get_the_previous_figure():
    compute = Counter()
    content.cached("figures", compute, 60)
    content.changed()
    # Another app server missed first and is recomputing under the new version.
    assert cache.add(f"figures:{content.version()}:computing", True, 60)

    assert content.cached("figures", compute, 60) == {"pledges": 1}
    assert compute.calls == 1  # not computed a second time alongside it
    assert content.served_stale()


def test_with_no_previous_figure_a_request_computes_rather_than_waits():
    compute = Counter()
    assert cache.add(f"figures:{content.version()}:computing", True, 60)
    assert content.cached("figures", compute, 60) == {"pledges": 1}
    assert not content.served_stale()


def test_the_recomputation_lock_is_released_even_when_computing_fails():
    def broken():
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        content.cached("figures", broken, 60)
    compute = Counter()
    assert content.cached("figures", compute, 60) == {"pledges": 1}
    assert not content.served_stale()


def test_each_request_starts_without_the_stale_mark(client):
    content.cached("figures", Counter(), 60)
    content.changed()
    cache.add(f"figures:{content.version()}:computing", True, 60)
    content.cached("figures", Counter(), 60)
    assert content.served_stale()
    client.get("/healthz")  # the next request served by this thread
    assert not content.served_stale()
