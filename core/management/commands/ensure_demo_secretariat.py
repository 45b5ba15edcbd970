import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.secretariat import SECRETARIAT_GROUP

DEMO_EMAIL = "secretariat@example.eu"
DEFAULT_DEMO_PASSWORD = "coalition-demo-2017"  # noqa: S105 (a documented demo credential)


class Command(BaseCommand):
    help = "Ensure the demo Secretariat account (staff, Secretariat group, not a superuser)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Allow running with DEBUG off (never do this on a public server).",
        )

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError("The demo account is for development only (DJANGO_DEBUG is off).")
        password = os.environ.get("DEMO_SECRETARIAT_PASSWORD", DEFAULT_DEMO_PASSWORD)
        user, created = get_user_model().objects.get_or_create(
            email=DEMO_EMAIL,
            defaults={"first_name": "Demo", "last_name": "Secretariat", "is_staff": True},
        )
        if created or not user.check_password(password):
            user.set_password(password)
        user.is_staff = True
        user.is_superuser = False
        user.is_active = True
        user.save()
        user.groups.add(Group.objects.get(name=SECRETARIAT_GROUP))
        self.stdout.write(
            self.style.SUCCESS(
                "Demo Secretariat account — admin: http://127.0.0.1:8000/admin/\n"
                f"  e-mail:   {DEMO_EMAIL}\n  password: {password}"
            )
        )
