import signal
import threading

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from core.schedule import Scheduler, load_jobs


class Command(BaseCommand):
    help = (
        "Enqueue the periodic jobs (declared with core.schedule.cron in the apps' tasks.py) "
        "when their time comes; `db_worker` runs them. Several schedulers may run at once: "
        "each run is enqueued once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--max-sleep",
            type=float,
            default=30.0,
            help="Wake at least this often (seconds) to check the clock (default: %(default)s).",
        )

    def handle(self, *args, max_sleep, **options):
        jobs = load_jobs()
        for name, job in sorted(jobs.items()):
            self.stdout.write(f"{job.schedule:<16} {name}")
        stop = threading.Event()

        def shut_down(signum, frame):
            stop.set()

        signal.signal(signal.SIGINT, shut_down)
        signal.signal(signal.SIGTERM, shut_down)
        scheduler = Scheduler(jobs)
        self.stdout.write(self.style.SUCCESS(f"Scheduler started with {len(jobs)} job(s)."))
        while not stop.is_set():
            close_old_connections()
            for name in scheduler.run_pending():
                self.stdout.write(f"Enqueued {name}")
            close_old_connections()
            stop.wait(min(max_sleep, scheduler.seconds_to_next() + 0.05))
        self.stdout.write("Scheduler stopped.")
