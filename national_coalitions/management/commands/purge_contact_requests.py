from django.core.management.base import BaseCommand

from national_coalitions.services import purge_old_contact_requests


class Command(BaseCommand):
    help = (
        "Delete contact requests older than two years, as the privacy notice promises. "
        "Run it daily (cron or a scheduled job)."
    )

    def handle(self, *args, **options):
        deleted = purge_old_contact_requests()
        self.stdout.write(f"Deleted {deleted} contact request(s) older than two years.")
