from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pledges import services


class Command(BaseCommand):
    help = (
        "E-mail organisations whose published pledges have had no progress report for N days. "
        "Safe to run daily: each organisation gets at most one reminder per N-day period."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.PLEDGE_REMINDER_DAYS,
            help="Remind when the last report is older than this (default: %(default)s).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List who would be reminded; send nothing and record nothing.",
        )

    def handle(self, *args, days, dry_run, **options):
        if days < 1:
            raise CommandError("--days must be at least 1.")
        reminded = services.send_progress_reminders(days=days, dry_run=dry_run)
        verb = "Would remind" if dry_run else "Reminded"
        for organisation, pledges in reminded:
            titles = "; ".join(p.title for p in pledges)
            self.stdout.write(f"{verb} {organisation.name} ({len(pledges)} pledges): {titles}")
        self.stdout.write(
            self.style.SUCCESS(f"{verb} {len(reminded)} organisation(s) (older than {days} days).")
        )
