from django.db import migrations

from core.secretariat import grant_secretariat_permissions


def grant(apps, schema_editor):
    # The Secretariat follows the outgoing mail and sends failed ones again; nothing more.
    grant_secretariat_permissions(apps, "core", ["view_outgoingemail", "resend_outgoingemail"])


class Migration(migrations.Migration):
    dependencies = [("core", "0002_outgoing_email_and_scheduled_run")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
