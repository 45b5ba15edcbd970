from django.db import migrations

from core.secretariat import grant_secretariat_permissions

# The pledger's translations of a pledge's title and summary are reviewed (and, if need be,
# corrected) with the pledge itself.
PERMISSIONS = [f"{action}_pledgetranslation" for action in ("add", "change", "view", "delete")]


def grant(apps, schema_editor):
    grant_secretariat_permissions(apps, "pledges", PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("pledges", "0008_pledge_language"),
        ("core", "0001_secretariat_group"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
