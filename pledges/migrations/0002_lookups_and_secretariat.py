from django.db import migrations

from core.secretariat import grant_secretariat_permissions

TARGET_GROUPS = [
    ("all-citizens", "Digital skills for all citizens"),
    ("labour-force", "Digital skills for the labour force"),
    ("ict-professionals", "Digital skills for ICT professionals"),
    ("education", "Digital skills in education"),
    ("women-and-girls", "Women and girls in digital"),
]
ACTION_TYPES = [
    ("training", "Training"),
    ("certification", "Certification or assessment"),
    ("awareness", "Awareness raising"),
    ("curriculum", "Curriculum development"),
    ("traineeships", "Traineeships or job placements"),
    ("funding", "Equipment or funding"),
    ("other", "Other"),
]


def forwards(apps, schema_editor):
    TargetGroup = apps.get_model("pledges", "TargetGroup")
    ActionType = apps.get_model("pledges", "ActionType")
    for order, (code, name) in enumerate(TARGET_GROUPS):
        TargetGroup.objects.update_or_create(code=code, defaults={"name": name, "order": order})
    for order, (code, name) in enumerate(ACTION_TYPES):
        ActionType.objects.update_or_create(code=code, defaults={"name": name, "order": order})
    # The Secretariat reviews and edits pledges and organisations; it deletes nothing and
    # cannot change the fixed lists of target groups and action types.
    grant_secretariat_permissions(
        apps,
        "pledges",
        [
            "review_pledge",
            "view_pledge",
            "change_pledge",
            "view_target",
            "change_target",
            "view_progressreport",
            "view_progressvalue",
            "view_pledgestatuschange",
            "view_pledgecountry",
            "view_targetgroup",
            "view_actiontype",
            "view_reminderlog",
        ],
    )
    # Organisations were pledges' models then (organisations 0002 moves these grants with
    # them); the test suite re-runs this function with today's models, where they are not.
    try:
        apps.get_model("pledges", "Organisation")
        organisations_app = "pledges"
    except LookupError:
        organisations_app = "organisations"
    grant_secretariat_permissions(
        apps,
        organisations_app,
        ["view_organisation", "change_organisation", "view_membership"],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("pledges", "0001_initial"),
        ("core", "0001_secretariat_group"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
