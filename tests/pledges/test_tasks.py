"""The pledges' scheduled job: progress reminders, as the command sends them."""

import datetime

import pytest
from django.core import mail

from pledges import tasks
from pledges.models import Pledge, ReminderLog
from tests.organisations.factories import MembershipFactory

from .factories import PledgeFactory

pytestmark = pytest.mark.django_db


def test_the_reminder_job_reminds_each_overdue_organisation_once_per_period(
    time_machine, django_capture_on_commit_callbacks, run_task
):
    time_machine.move_to(datetime.datetime(2026, 10, 1, 9, tzinfo=datetime.UTC), tick=False)
    member = MembershipFactory(user__email="member@example.org")
    PledgeFactory(
        organisation=member.organisation,
        status=Pledge.Status.PUBLISHED,
        published_at=datetime.datetime(2026, 1, 10, 12, tzinfo=datetime.UTC),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert run_task(tasks.send_progress_reminders) == 1
    assert ReminderLog.objects.filter(organisation=member.organisation).count() == 1
    assert any("member@example.org" in m.to for m in mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        assert run_task(tasks.send_progress_reminders) == 0
