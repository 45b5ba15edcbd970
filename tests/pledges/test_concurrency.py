"""Two Secretariat members acting on the same pledge at once cannot leave it in an invalid state.

Real concurrency needs real row locks, so this runs on PostgreSQL only (CI runs it there).
"""

import threading

import pytest
from django.db import connection, connections

from pledges import services
from pledges.models import Pledge, PledgeStatusChange
from tests.accounts.factories import SecretariatUserFactory

from .factories import PledgeFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (run in CI)"
    ),
]


def run_concurrently(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = call()
        except Exception as exc:  # the outcome is what the test asserts on
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.parametrize("attempt", range(5))
def test_publish_and_reject_at_once_leaves_one_valid_outcome(attempt):
    first, second = SecretariatUserFactory(), SecretariatUserFactory()
    pledge = PledgeFactory(status=Pledge.Status.SUBMITTED)

    outcomes = run_concurrently(
        lambda: services.publish_pledge(pledge=pledge, actor=first),
        lambda: services.reject_pledge(pledge=pledge, actor=second, reason="Out of scope."),
    )

    succeeded = [o for o in outcomes if isinstance(o, Pledge)]
    refused = [o for o in outcomes if isinstance(o, services.TransitionNotAllowed)]
    assert len(succeeded) == 1 and len(refused) == 1, outcomes
    pledge.refresh_from_db()
    assert pledge.status == succeeded[0].status
    changes = PledgeStatusChange.objects.filter(pledge=pledge)
    assert changes.count() == 1
    assert changes.get().to_status == pledge.status


def test_the_same_action_twice_at_once_is_recorded_once():
    first, second = SecretariatUserFactory(), SecretariatUserFactory()
    pledge = PledgeFactory(status=Pledge.Status.SUBMITTED)

    outcomes = run_concurrently(
        lambda: services.publish_pledge(pledge=pledge, actor=first),
        lambda: services.publish_pledge(pledge=pledge, actor=second),
    )

    assert sum(isinstance(o, Pledge) for o in outcomes) == 1, outcomes
    assert PledgeStatusChange.objects.filter(pledge=pledge).count() == 1
