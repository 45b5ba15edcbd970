"""The moved models get their own tables, and their content types follow them.

The tables are renamed (`pledges_organisation` -> `organisations_organisation`, and the same
for memberships): every row, key and index stays. The content type rows are relabelled rather
than recreated, so the permissions that point at them (the Secretariat group's grants) and the
admin's history keep working.
"""

from django.db import migrations

MOVED_MODELS = ["organisation", "membership"]


def relabel(apps, *, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED_MODELS:
        moved = ContentType.objects.filter(app_label=old, model=model).first()
        if moved is None:
            continue
        # A row created for the new label by an earlier `migrate` holds no grant worth keeping.
        ContentType.objects.filter(app_label=new, model=model).delete()
        moved.app_label = new
        moved.save(update_fields=["app_label"])


def forwards(apps, schema_editor):
    relabel(apps, old="pledges", new="organisations")
    clear_content_type_cache()


def backwards(apps, schema_editor):
    relabel(apps, old="organisations", new="pledges")
    clear_content_type_cache()


def clear_content_type_cache() -> None:
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0001_initial"),
        ("pledges", "0006_delete_old_organisation_state"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelTable(name="organisation", table=None),
        migrations.AlterModelTable(name="membership", table=None),
        migrations.RunPython(forwards, backwards),
    ]
