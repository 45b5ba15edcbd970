"""Organisation logos get responsive renditions; existing logos get theirs now, so that no
logo uploaded before this release disappears from the pages."""

from django.db import migrations, models


def generate_renditions(apps, schema_editor):
    from core.images import resize_to_widths

    Organisation = apps.get_model("organisations", "Organisation")
    for organisation in Organisation.objects.exclude(logo="").iterator():
        if organisation.logo_renditions:
            continue
        try:
            organisation.logo_renditions = resize_to_widths(
                organisation.logo, widths=(160, 320, 512)
            )
        except OSError:
            # A file missing from the storage: no logo is shown until a new upload.
            continue
        organisation.save(update_fields=["logo_renditions"])


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0002_own_tables_and_content_types"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="logo_renditions",
            field=models.JSONField(
                blank=True, default=list, editable=False, verbose_name="logo renditions"
            ),
        ),
        migrations.RunPython(generate_renditions, migrations.RunPython.noop, elidable=True),
    ]
