"""Core's scheduled jobs (backup, history pruning) and the scheduler that enqueues every job:
one run per period, however many schedulers and workers run at the same time."""

import datetime
import os
import threading

import pytest
from django.db import connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core import schedule, tasks
from core.backups import DATABASE_FILES
from core.models import OutgoingEmail, ScheduledRun

from .queue import DATABASE_TASKS, run_worker

pytestmark = pytest.mark.django_db
BRUSSELS = timezone.get_default_timezone()


def test_the_nightly_backup_job_writes_a_backup_folder(settings, tmp_path, run_task):
    settings.BACKUP_DIR = tmp_path
    folder = run_task(tasks.nightly_backup)
    written = {path.name for path in (tmp_path / folder).iterdir()}
    assert written & set(DATABASE_FILES.values())


def test_every_job_is_declared_with_its_schedule():
    jobs = schedule.load_jobs()
    assert {name: job.schedule for name, job in jobs.items()} == {
        "awards.tasks.follow_award_calls": "*/10 * * * *",
        "blog.tasks.publish_scheduled_posts": "* * * * *",
        "blog.tasks.purge_newsletter_subscribers": "15 3 * * *",
        "blog.tasks.start_due_mailings": "* * * * *",
        "core.tasks.nightly_backup": "0 2 * * *",
        "core.tasks.prune_queue_history": "30 4 * * *",
        "follows.tasks.send_daily_digests": "0 7 * * *",
        "follows.tasks.send_immediate_digests": "*/10 * * * *",
        "follows.tasks.send_weekly_digests": "0 7 * * 1",
        "national_coalitions.tasks.purge_contact_requests": "30 3 * * *",
        "pledges.tasks.send_progress_reminders": "0 7 * * *",
    }


def test_the_prune_job_keeps_recent_history_and_waiting_mail(run_task):
    old = timezone.now() - datetime.timedelta(days=40)
    OutgoingEmail.objects.create(template="t", subject="s", to=["a@example.org"])
    sent = OutgoingEmail.objects.create(
        template="t", subject="s", to=["a@example.org"], status="sent", sent_at=old
    )
    result = run_task(tasks.prune_queue_history)
    assert result["sent_mails"] == 1
    assert not OutgoingEmail.objects.filter(pk=sent.pk).exists()
    assert OutgoingEmail.objects.count() == 1


def test_a_scheduler_enqueues_each_due_run_once_and_skips_runs_too_late(settings):
    settings.TASKS = DATABASE_TASKS
    jobs = schedule.load_jobs()
    start = datetime.datetime(2026, 12, 2, 3, 14, 30, tzinfo=BRUSSELS)
    scheduler = schedule.Scheduler(jobs, now=start)
    at_315 = start + datetime.timedelta(seconds=30)
    enqueued = scheduler.run_pending(now=at_315)
    assert "blog.tasks.purge_newsletter_subscribers" in enqueued
    assert "blog.tasks.publish_scheduled_posts" in enqueued
    assert "core.tasks.nightly_backup" not in enqueued
    assert scheduler.run_pending(now=at_315) == []  # nothing twice
    # A scheduler that slept for an hour does not run 60 minutes of catch-up.
    late = scheduler.run_pending(now=at_315 + datetime.timedelta(hours=1))
    # Only the runs of the last five minutes (SCHEDULER_MISFIRE_GRACE), both ends included.
    assert late.count("blog.tasks.publish_scheduled_posts") == 6


postgres_only = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="concurrent schedulers and workers share the test database on PostgreSQL only",
)


def in_threads(count, target):
    barrier = threading.Barrier(count)
    results, errors = [], []

    def run():
        try:
            barrier.wait(10)
            results.append(target())
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors, errors
    return results


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_schedulers_and_two_workers_run_each_job_once(settings, tmp_path):
    settings.TASKS = DATABASE_TASKS
    settings.BACKUP_DIR = tmp_path
    jobs = schedule.load_jobs()
    start = datetime.datetime(2026, 12, 1, 23, 59, tzinfo=BRUSSELS)
    day_later = start + datetime.timedelta(days=1)
    # Two scheduler processes, started together, both see every cron time of a whole day come
    # (from 23:59 to 23:58 the next day); each run is claimed by one of them.
    schedulers = iter([schedule.Scheduler(jobs, now=start) for _ in range(2)])

    def tick_through_the_day():
        scheduler, now, enqueued = next(schedulers), start, []
        while now < day_later:
            enqueued += scheduler.run_pending(now=now)
            now += datetime.timedelta(minutes=1)
        return enqueued

    enqueued = in_threads(2, tick_through_the_day)
    both = sorted(enqueued[0] + enqueued[1])
    runs = ScheduledRun.objects.all()
    assert len(both) == runs.count()
    expected_per_job = {
        "core.tasks.nightly_backup": 1,
        "blog.tasks.purge_newsletter_subscribers": 1,
        "national_coalitions.tasks.purge_contact_requests": 1,
        "pledges.tasks.send_progress_reminders": 1,
        "core.tasks.prune_queue_history": 1,
        "awards.tasks.follow_award_calls": 6 * 24,
        "blog.tasks.publish_scheduled_posts": 60 * 24,
        "blog.tasks.start_due_mailings": 60 * 24,
        "follows.tasks.send_daily_digests": 1,
        "follows.tasks.send_immediate_digests": 6 * 24,
        # The weekly digests are on Mondays: this Tuesday to Wednesday has none.
    }
    assert set(both) == set(expected_per_job)
    for name, count in expected_per_job.items():
        assert both.count(name) == count, name
        assert runs.filter(job=name).count() == count, name

    # Two workers at once: every task runs exactly once.
    in_threads(2, run_worker)
    results = DBTaskResult.objects.all()
    assert results.count() == sum(expected_per_job.values())
    assert set(results.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert all(len(worker_ids) == 1 for worker_ids in results.values_list("worker_ids", flat=True))
    assert len(list(tmp_path.iterdir())) == 1  # one backup
