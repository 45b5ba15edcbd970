from django.db import migrations

from core.secretariat import grant_secretariat_permissions

PERMISSIONS = [
    # Newsletter mailings: the Secretariat writes, tests, schedules and sends them; the
    # featured links are edited inline. Deliveries are not in the admin (they name subscribers).
    *(
        f"{action}_{model}"
        for model in ("mailing", "mailinglink")
        for action in ("add", "change", "view", "delete")
    ),
    "send_mailing",
]


def grant(apps, schema_editor):
    grant_secretariat_permissions(apps, "blog", PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0003_mailings"),
        ("core", "0001_secretariat_group"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
