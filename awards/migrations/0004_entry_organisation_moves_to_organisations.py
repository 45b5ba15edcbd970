"""Award entries point at `organisations.Organisation` (state only: the same table)."""

import django.db.models.deletion
from django.db import migrations, models

HELP_TEXT = (
    "Set automatically when the name matches an organisation with public pledges; the "
    "entry's page then links to it."
)


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0003_entry_organisation"),
        ("organisations", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="entry",
                    name="organisation",
                    field=models.ForeignKey(
                        blank=True,
                        help_text=HELP_TEXT,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="award_entries",
                        to="organisations.organisation",
                        verbose_name="pledging organisation",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalentry",
                    name="organisation",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text=HELP_TEXT,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="organisations.organisation",
                        verbose_name="pledging organisation",
                    ),
                ),
            ]
        ),
    ]
