import datetime

from django.core.management.base import BaseCommand, CommandError

from core.services import queue_status


class Command(BaseCommand):
    help = (
        "Print the background queue's backlog (tasks due, mails waiting) and its oldest item; "
        "exit with status 1 when that one has waited longer than --max-age minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--max-age",
            type=float,
            default=15.0,
            help="Minutes the oldest waiting item may wait (default: %(default)s).",
        )

    def handle(self, *args, max_age, **options):
        status = queue_status()
        age = status.oldest_age()
        self.stdout.write(f"tasks due: {status.tasks_waiting}")
        self.stdout.write(f"tasks scheduled for later: {status.tasks_scheduled}")
        self.stdout.write(f"mails waiting: {status.mails_waiting}")
        self.stdout.write(f"mails failed: {status.mails_failed}")
        if age is None:
            self.stdout.write("oldest waiting: none")
            return
        minutes = age.total_seconds() / 60
        self.stdout.write(f"oldest waiting: {status.oldest_at.isoformat()} ({minutes:.1f} min)")
        if age > datetime.timedelta(minutes=max_age):
            raise CommandError(
                f"The oldest waiting item has waited {minutes:.1f} minutes (over {max_age:g}).",
                returncode=1,
            )
