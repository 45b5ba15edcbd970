"""The pledge search index, now over each pledge stemmed as its own language (PostgreSQL only).

The expression is the one `pledges.filters.pledge_search_vector` builds, so that PostgreSQL
uses the index for the public list's keyword search.
"""

from django.db import migrations

from core.search import language_vector

NAME = "pledge_search_gin"


def vector():
    return language_vector("title", "summary")


def english_vector_sql():
    return (
        "to_tsvector('english'::regconfig, "
        "COALESCE(\"title\", '') || ' ' || COALESCE(\"summary\", ''))"
    )


def replace_index(apps, schema_editor, *, per_language=True):
    if schema_editor.connection.vendor != "postgresql":
        return
    from django.contrib.postgres.indexes import GinIndex

    Pledge = apps.get_model("pledges", "Pledge")
    schema_editor.execute(f'DROP INDEX IF EXISTS "{NAME}"')
    if per_language:
        schema_editor.add_index(Pledge, GinIndex(vector(), name=NAME))
    else:
        table = Pledge._meta.db_table
        schema_editor.execute(
            f'CREATE INDEX "{NAME}" ON "{table}" USING gin (({english_vector_sql()}))'
        )


def back(apps, schema_editor):
    replace_index(apps, schema_editor, per_language=False)


class Migration(migrations.Migration):
    dependencies = [
        ("pledges", "0009_secretariat_translation_permissions"),
    ]

    operations = [migrations.RunPython(replace_index, back)]
