"""Full-text search indexes for the public pledge list, on PostgreSQL only.

The expressions match what `pledges.filters.search_pledges` generates, so PostgreSQL can use
them; SQLite (development, tests) has no such index and the search falls back to LIKE.
"""

from django.db import migrations

INDEXES = {
    "pledge_search_gin": (
        "pledges_pledge",
        "to_tsvector('english'::regconfig, "
        "COALESCE(\"title\", '') || ' ' || COALESCE(\"summary\", ''))",
    ),
    "organisation_search_gin": (
        "pledges_organisation",
        "to_tsvector('english'::regconfig, COALESCE(\"name\", ''))",
    ),
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (table, expression) in INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin (({expression}))'
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("pledges", "0002_lookups_and_secretariat"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
