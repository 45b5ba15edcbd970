from django.db import migrations

from core.secretariat import grant_secretariat_permissions


def grant(apps, schema_editor):
    # The Secretariat reads invitations (to help someone whose link does not work); sending,
    # resending and revoking them is the organisation's administrators' job.
    grant_secretariat_permissions(apps, "organisations", ["view_invitation"])


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0005_invitation"),
        ("core", "0001_secretariat_group"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
