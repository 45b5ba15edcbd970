from django.db import migrations

from core.secretariat import grant_secretariat_permissions

PERMISSIONS = [
    # Posts, authors and tags: the Secretariat runs the blog.
    *(f"{action}_{model}" for model in ("post", "author", "tag") for action in ("add", "change", "view", "delete")),
    # Subscribers: see and export the list, and erase an address on request; never add or edit.
    "view_subscriber",
    "delete_subscriber",
]


def grant(apps, schema_editor):
    grant_secretariat_permissions(apps, "blog", PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0001_initial"),
        ("core", "0001_secretariat_group"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
