"""Core's tasks: sending the recorded mails, and the site-wide scheduled jobs."""

import datetime

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from . import backups, mail
from .models import OutgoingEmail, ScheduledRun
from .schedule import cron


@task()
def send_outgoing_email(outgoing_id: int) -> str:
    """Send one recorded mail (`core.mail.deliver`); failures are retried by a later task."""
    return mail.deliver(outgoing_id)


@cron("0 2 * * *")
@task()
def nightly_backup() -> str:
    """The database and the media files, into a timestamped folder of BACKUP_DIR."""
    return str(backups.backup(settings.BACKUP_DIR))


# How long finished tasks, scheduled runs and sent mails are kept (for the admin and support).
QUEUE_HISTORY_DAYS = 30


@cron("30 4 * * *")
@task()
def prune_queue_history() -> dict:
    """Forget finished tasks, scheduled runs and sent mails older than QUEUE_HISTORY_DAYS."""
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - datetime.timedelta(days=QUEUE_HISTORY_DAYS)
    tasks, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    runs, _ = ScheduledRun.objects.filter(scheduled_for__lt=cutoff).delete()
    mails, _ = OutgoingEmail.objects.filter(
        status=OutgoingEmail.Status.SENT, sent_at__lt=cutoff
    ).delete()
    return {"tasks": tasks, "scheduled_runs": runs, "sent_mails": mails}
