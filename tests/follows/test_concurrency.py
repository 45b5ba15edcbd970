"""Several workers sending the same digests at once: each person gets exactly one.

Real row locks (SELECT ... FOR UPDATE SKIP LOCKED) need PostgreSQL; CI runs this there.
"""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from core.models import OutgoingEmail
from follows import services
from follows.models import Follow, NotificationSettings
from pledges.models import Pledge
from tests.pledges.factories import PledgeFactory, ProgressReportFactory
from tests.pledges.test_concurrency import run_concurrently

from .factories import FollowFactory, NotificationSettingsFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # Up to fifty database connections each: never two such tests at once (tests/conftest.py).
    pytest.mark.usefixtures("many_connections"),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (run in CI)"
    ),
]
F = NotificationSettings.Frequency


def test_four_workers_send_each_digest_once():
    start = timezone.now() - datetime.timedelta(days=2)
    pledge = PledgeFactory(status=Pledge.Status.PUBLISHED)
    people = []
    for _n in range(12):
        row = NotificationSettingsFactory(frequency=F.DAILY, last_digest_at=start)
        follow = FollowFactory(user=row.user, pledge=pledge)
        Follow.objects.filter(pk=follow.pk).update(created_at=start)
        people.append(row.user)
    ProgressReportFactory(pledge=pledge)
    later = timezone.now() + datetime.timedelta(hours=1)

    outcomes = run_concurrently(
        *[lambda: services.send_digests(frequency=F.DAILY, now=later) for _n in range(4)]
    )

    assert all(isinstance(outcome, int) for outcome in outcomes), outcomes
    assert sum(outcomes) == len(people)
    for user in people:
        assert OutgoingEmail.objects.filter(to=[user.email]).count() == 1
