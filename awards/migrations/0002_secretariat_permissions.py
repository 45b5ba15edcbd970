from django.db import migrations

from core.secretariat import grant_secretariat_permissions


def grant(apps, schema_editor):
    # The Secretariat runs the awards: editions and categories, and the jury process on
    # entries. It may delete categories (from the edition's inline) and entries (spam,
    # withdrawals), never a whole edition with its history.
    grant_secretariat_permissions(
        apps,
        "awards",
        [
            "add_awardedition",
            "change_awardedition",
            "view_awardedition",
            "add_category",
            "change_category",
            "delete_category",
            "view_category",
            "add_entry",
            "change_entry",
            "delete_entry",
            "view_entry",
        ],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0001_initial"),
        ("core", "0001_secretariat_group"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
