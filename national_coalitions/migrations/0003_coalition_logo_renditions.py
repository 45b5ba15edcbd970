"""National coalition logos get responsive renditions; existing logos get theirs now."""

from django.db import migrations, models


def generate_renditions(apps, schema_editor):
    from core.images import resize_to_widths

    NationalCoalition = apps.get_model("national_coalitions", "NationalCoalition")
    for coalition in NationalCoalition.objects.exclude(logo="").iterator():
        if coalition.logo_renditions:
            continue
        try:
            coalition.logo_renditions = resize_to_widths(coalition.logo, widths=(200, 400))
        except OSError:
            # A file missing from the storage: the page shows no logo until a new upload.
            continue
        coalition.save(update_fields=["logo_renditions"])


class Migration(migrations.Migration):
    dependencies = [
        ("national_coalitions", "0002_secretariat_and_areas"),
    ]

    operations = [
        migrations.AddField(
            model_name="nationalcoalition",
            name="logo_renditions",
            field=models.JSONField(
                blank=True, default=list, editable=False, verbose_name="logo renditions"
            ),
        ),
        migrations.RunPython(generate_renditions, migrations.RunPython.noop, elidable=True),
    ]
