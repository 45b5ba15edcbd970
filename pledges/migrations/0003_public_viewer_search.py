"""Full-text search indexes for the public pledge list, on PostgreSQL only.

The expressions match what `pledges.filters.search_pledges` generates, so PostgreSQL can use
them; SQLite (development, tests) has no such index and the search falls back to LIKE.
"""

from django.db import migrations

INDEXES = {
    "pledge_search_gin": (
        ("pledges", "Pledge"),
        "to_tsvector('english'::regconfig, "
        "COALESCE(\"title\", '') || ' ' || COALESCE(\"summary\", ''))",
    ),
    "organisation_search_gin": (
        ("pledges", "Organisation"),
        "to_tsvector('english'::regconfig, COALESCE(\"name\", ''))",
    ),
}


def _table(apps, app_label: str, model_name: str) -> str:
    try:
        return apps.get_model(app_label, model_name)._meta.db_table
    except LookupError:
        # The test suite re-runs this function with today's models: organisations have moved
        # to their own app (and table) since.
        return apps.get_model("organisations", model_name)._meta.db_table


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (model, expression) in INDEXES.items():
        table = _table(apps, *model)
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
