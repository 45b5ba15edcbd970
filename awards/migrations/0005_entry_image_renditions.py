"""Award entry images get responsive renditions; existing images get theirs now."""

from django.db import migrations, models


def generate_renditions(apps, schema_editor):
    from core.images import resize_to_widths

    Entry = apps.get_model("awards", "Entry")
    for entry in Entry.objects.exclude(image="").iterator():
        if entry.image_renditions:
            continue
        try:
            entry.image_renditions = resize_to_widths(entry.image, widths=(480, 960))
        except OSError:
            # A file missing from the storage: the entry shows no image until a new upload.
            continue
        entry.save(update_fields=["image_renditions"])


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0004_entry_organisation_moves_to_organisations"),
    ]

    operations = [
        migrations.AddField(
            model_name="entry",
            name="image_renditions",
            field=models.JSONField(
                blank=True, default=list, editable=False, verbose_name="image renditions"
            ),
        ),
        migrations.RunPython(generate_renditions, migrations.RunPython.noop, elidable=True),
    ]
