"""The old organisation models leave `pledges`' state; their tables now belong to
`organisations` (nothing is dropped)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("pledges", "0005_organisation_moves_to_organisations"),
        # Award entries point at organisations.Organisation before the old model goes.
        ("awards", "0004_entry_organisation_moves_to_organisations"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="organisation", name="members"),
                migrations.DeleteModel(name="Membership"),
                migrations.DeleteModel(name="Organisation"),
            ]
        ),
    ]
