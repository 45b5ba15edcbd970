from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backups import restore


class Command(BaseCommand):
    help = "Replace the database and the media files with a backup made by `backup`."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="A folder written by `manage.py backup`.")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, folder, yes, **options):
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a backup folder.")
        if not yes:
            answer = input("This replaces the current database and media files. Type 'yes': ")
            if answer.strip() != "yes":
                raise CommandError("Restore cancelled.")
        restore(folder)
        self.stdout.write(self.style.SUCCESS(f"Restored from {folder}"))
