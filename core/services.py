"""The state of the background work, for the admin index and `queue_status`."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, Count, F, Min, Q, When
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from .models import OutgoingEmail


@dataclass(frozen=True)
class QueueStatus:
    tasks_waiting: int  # due now (or running)
    tasks_scheduled: int  # waiting for a later time: retries
    oldest_task_at: datetime.datetime | None  # since when the oldest due task has been due
    mails_waiting: int  # recorded, neither sent nor given up on
    mails_failed: int
    oldest_mail_at: datetime.datetime | None  # when the oldest waiting mail was recorded

    @property
    def oldest_at(self) -> datetime.datetime | None:
        times = [t for t in (self.oldest_task_at, self.oldest_mail_at) if t is not None]
        return min(times, default=None)

    def oldest_age(self, now: datetime.datetime | None = None) -> datetime.timedelta | None:
        oldest = self.oldest_at
        return None if oldest is None else (now or timezone.now()) - oldest


def queue_status(now: datetime.datetime | None = None) -> QueueStatus:
    """What is waiting: tasks due (or running) and mails not sent yet, and the oldest of each.

    A task is due from its `run_after` (a retry is not late before its time) or, without one,
    from when it was enqueued. A mail waits from when it was recorded, its retries included,
    so a mail server down for an hour shows as an hour-old backlog.
    """
    now = now or timezone.now()
    unfinished = DBTaskResult.objects.filter(status__in=["READY", "RUNNING"])
    no_time = Q(run_after=get_date_max())
    due = unfinished.filter(no_time | Q(run_after__lte=now))
    tasks = due.aggregate(
        count=Count("pk"),
        oldest=Min(Case(When(no_time, then=F("enqueued_at")), default=F("run_after"))),
    )
    mails = OutgoingEmail.objects.aggregate(
        waiting=Count("pk", filter=Q(status=OutgoingEmail.Status.QUEUED)),
        failed=Count("pk", filter=Q(status=OutgoingEmail.Status.FAILED)),
        oldest=Min("created_at", filter=Q(status=OutgoingEmail.Status.QUEUED)),
    )
    return QueueStatus(
        tasks_waiting=tasks["count"],
        tasks_scheduled=unfinished.count() - tasks["count"],
        oldest_task_at=tasks["oldest"],
        mails_waiting=mails["waiting"],
        mails_failed=mails["failed"],
        oldest_mail_at=mails["oldest"],
    )
