from django.db import migrations

from core.secretariat import SECRETARIAT_GROUP, grant_secretariat_permissions


def create_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=SECRETARIAT_GROUP)
    # The Secretariat sees who has an account (to help pledgers) but cannot edit accounts.
    grant_secretariat_permissions(apps, "accounts", ["view_user"])


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=SECRETARIAT_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("accounts", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
