"""Pledges' background jobs."""

from django.conf import settings
from django_tasks import task

from core.schedule import cron

from . import services


@cron("0 7 * * *")
@task()
def send_progress_reminders() -> int:
    """The `send_progress_reminders` command, daily: at most one reminder per period each."""
    reminded = services.send_progress_reminders(days=settings.PLEDGE_REMINDER_DAYS)
    return len(reminded)
