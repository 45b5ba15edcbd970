from django.core.management.base import BaseCommand

from blog.services import purge_unconfirmed_subscribers


class Command(BaseCommand):
    help = (
        "Delete newsletter addresses that were never confirmed and whose confirmation link has "
        "expired (run daily, e.g. from cron)."
    )

    def handle(self, *args, **options):
        deleted = purge_unconfirmed_subscribers()
        self.stdout.write(f"Deleted {deleted} unconfirmed newsletter address(es).")
