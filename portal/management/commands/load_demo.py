from django.core.management.base import BaseCommand

from portal.demo import load_all


class Command(BaseCommand):
    help = "Load the demo content of every area. Idempotent: running it again changes nothing."

    def handle(self, *args, **options):
        load_all(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is loaded."))
