"""Periodic jobs declared in code next to their task, run by `manage.py run_scheduler`.

    @cron("15 3 * * *")
    @task()
    def purge_something(): ...

The scheduler enqueues each job's task when its cron time comes; a worker runs it. Any number
of schedulers may run at once (two, for availability): before enqueueing, each claims the
period in the database (`ScheduledRun`, unique per job and time) in the same transaction as
the task's row, so exactly one of them enqueues each run, and a run is either claimed and
enqueued or neither. No lock to hold, renew or lose, and it works the same on SQLite.

The decorator has the signature of django-crontask's (which needs Python 3.12 and Django 6),
on the same cron parser (APScheduler's `CronTrigger`), so moving to it later is an import.
Times are in TIME_ZONE. Runs missed while no scheduler was up are skipped, as cron does.
"""

import datetime
import importlib
import logging
from dataclasses import dataclass, field

from apscheduler.triggers.cron import CronTrigger
from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import module_has_submodule

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    task: object  # a django_tasks Task
    schedule: str
    trigger: CronTrigger = field(compare=False)

    @property
    def name(self) -> str:
        return self.task.module_path

    def next_time(self, after: datetime.datetime) -> datetime.datetime:
        """The first cron time strictly after `after`."""
        return self.trigger.get_next_fire_time(None, after + datetime.timedelta(microseconds=1))


JOBS: dict[str, Job] = {}


def cron(schedule: str):
    """Run the decorated task on this cron schedule (minute hour day month weekday)."""

    def decorator(task):
        trigger = CronTrigger.from_crontab(schedule, timezone=timezone.get_default_timezone())
        job = Job(task=task, schedule=schedule, trigger=trigger)
        JOBS[job.name] = job
        return task

    return decorator


def load_jobs() -> dict[str, Job]:
    """Import every installed app's `tasks` module, where the jobs are declared."""
    for app_config in apps.get_app_configs():
        if module_has_submodule(app_config.module, "tasks"):
            importlib.import_module(f"{app_config.name}.tasks")
    return JOBS


def enqueue_run(job: Job, scheduled_for: datetime.datetime) -> bool:
    """Claim this run of `job` and enqueue its task; False when another scheduler did."""
    from .models import ScheduledRun

    try:
        with transaction.atomic():
            run = ScheduledRun.objects.create(job=job.name, scheduled_for=scheduled_for)
            result = job.task.enqueue()
            run.task_id = str(result.id)
            run.save(update_fields=["task_id"])
    except IntegrityError:
        return False
    return True


class Scheduler:
    """The cron clock of one scheduler process; `run_pending()` on every tick."""

    def __init__(self, jobs: dict[str, Job], *, now: datetime.datetime | None = None):
        now = now or timezone.now()
        self.jobs = dict(jobs)
        # The first run of each job is its next cron time after the start.
        self.due = {
            name: job.next_time(now - datetime.timedelta(microseconds=1))
            for name, job in self.jobs.items()
        }

    def run_pending(self, now: datetime.datetime | None = None) -> list[str]:
        """Enqueue every run due by `now` (once across all schedulers); returns those this
        scheduler enqueued."""
        now = now or timezone.now()
        enqueued = []
        for name, job in self.jobs.items():
            while self.due[name] <= now:
                scheduled_for = self.due[name]
                if now - scheduled_for > settings.SCHEDULER_MISFIRE_GRACE:
                    logger.warning("Skipped %s of %s: too late", name, scheduled_for)
                elif enqueue_run(job, scheduled_for):
                    logger.info("Enqueued %s for %s", name, scheduled_for)
                    enqueued.append(name)
                self.due[name] = job.next_time(scheduled_for)
        return enqueued

    def seconds_to_next(self, now: datetime.datetime | None = None) -> float:
        now = now or timezone.now()
        if not self.due:
            return 60.0
        return max(0.0, (min(self.due.values()) - now).total_seconds())


# A job that follows the clock (scheduled posts going live, a call opening) keeps here what it
# saw last time: the shared cache, like the content version it moves on.
MARKER_KEY = "schedule:marker:{name}"


def changed_since_last_run(name: str, marker) -> bool:
    """Whether `marker` (what the public sees now, in short) differs from the last run's.

    The first run, or one after the cache was emptied, counts as a change: moving the content
    version on once too often costs one recomputation, once too rarely a stale page.
    """
    from django.core.cache import cache

    key = MARKER_KEY.format(name=name)
    if cache.get(key) == marker:
        return False
    cache.set(key, marker, None)
    return True
