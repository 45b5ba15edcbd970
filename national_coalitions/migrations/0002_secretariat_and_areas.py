from django.db import migrations

from core.secretariat import grant_secretariat_permissions
from national_coalitions.defaults import INITIAL_AREAS

# Least privilege: the Secretariat edits everything, but does not delete coalitions (their
# status says where they stand) or areas still in use; it may delete contact requests
# (personal data, on request) and members or areas of a coalition (inline edits).
SECRETARIAT_PERMISSIONS = [
    "add_nationalcoalition",
    "change_nationalcoalition",
    "view_nationalcoalition",
    "add_coalitionmember",
    "change_coalitionmember",
    "delete_coalitionmember",
    "view_coalitionmember",
    "add_coalitionarea",
    "change_coalitionarea",
    "delete_coalitionarea",
    "view_coalitionarea",
    "add_areaofaction",
    "change_areaofaction",
    "view_areaofaction",
    "add_otherinitiative",
    "change_otherinitiative",
    "delete_otherinitiative",
    "view_otherinitiative",
    "add_resource",
    "change_resource",
    "delete_resource",
    "view_resource",
    "change_contactrequest",
    "delete_contactrequest",
    "view_contactrequest",
]


def forwards(apps, schema_editor):
    AreaOfAction = apps.get_model("national_coalitions", "AreaOfAction")
    for position, (slug, name) in enumerate(INITIAL_AREAS, start=1):
        AreaOfAction.objects.get_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )
    grant_secretariat_permissions(apps, "national_coalitions", SECRETARIAT_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("national_coalitions", "0001_initial"),
        ("core", "0001_secretariat_group"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
