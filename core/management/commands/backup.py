from pathlib import Path

from django.core.management.base import BaseCommand

from core.backups import backup


class Command(BaseCommand):
    help = "Back up the database and the media files into a timestamped folder."

    def add_arguments(self, parser):
        parser.add_argument("destination", type=Path, help="Folder that receives the backup.")

    def handle(self, *args, destination, **options):
        folder = backup(destination)
        self.stdout.write(self.style.SUCCESS(f"Backup written to {folder}"))
