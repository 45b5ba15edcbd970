"""Moving organisations out of pledges keeps every row: a database at the old layout (pledges
0004, awards 0003, no organisations app) is migrated forward and finds everything again."""

import datetime

from django.db import connection
from django.db.migrations.loader import MigrationLoader

from core.secretariat import SECRETARIAT_GROUP

OLD_LAYOUT = [("pledges", "0004_public_list_indexes"), ("awards", "0003_entry_organisation")]


def fill_old_layout(apps) -> dict:
    User = apps.get_model("accounts", "User")
    Organisation = apps.get_model("pledges", "Organisation")
    Membership = apps.get_model("pledges", "Membership")
    Pledge = apps.get_model("pledges", "Pledge")
    ReminderLog = apps.get_model("pledges", "ReminderLog")
    AwardEdition = apps.get_model("awards", "AwardEdition")
    Category = apps.get_model("awards", "Category")
    Entry = apps.get_model("awards", "Entry")

    owner = User.objects.create(email="owner@example.org", password="!")
    editor = User.objects.create(email="editor@example.org", password="!")
    organisations = [
        Organisation.objects.create(
            name=name,
            slug=slug,
            type="ngo",
            country="BE",
            contact_name="Alex",
            contact_email=f"contact@{slug}.example.org",
        )
        for name, slug in [("Byte Club", "byte-club"), ("Code Bridges", "code-bridges")]
    ]
    byte_club, code_bridges = organisations
    Membership.objects.create(organisation=byte_club, user=owner, role="admin")
    Membership.objects.create(organisation=byte_club, user=editor, role="editor")
    Membership.objects.create(organisation=code_bridges, user=owner, role="admin")
    pledges = [
        Pledge.objects.create(organisation=byte_club, title="Coding clubs", slug="coding-clubs"),
        Pledge.objects.create(
            organisation=code_bridges, title="Cloud skills", slug="cloud", status="published"
        ),
    ]
    ReminderLog.objects.create(organisation=code_bridges, period="90d-1")
    edition = AwardEdition.objects.create(
        year=2017,
        opens_on=datetime.date(2017, 1, 1),
        closes_on=datetime.date(2017, 3, 1),
        ceremony_date=datetime.date(2017, 6, 1),
    )
    category = Category.objects.create(edition=edition, name="Digital skills")
    entry = Entry.objects.create(
        edition=edition,
        category=category,
        project_name="Cloud for all",
        slug="cloud-for-all",
        organisation_name="Code Bridges",
        organisation=code_bridges,
        country="PT",
    )
    return {
        "organisations": {o.pk: o.slug for o in organisations},
        "memberships": {(m.organisation_id, m.user_id, m.role) for m in Membership.objects.all()},
        "pledges": {p.pk: p.organisation_id for p in pledges},
        "entry": (entry.pk, code_bridges.pk),
    }


def latest_targets():
    return MigrationLoader(connection, ignore_no_migrations=True).graph.leaf_nodes()


def migrate_to_old_layout(migrator):
    """The migrator applies every migration that comes before the targets in the full plan,
    the organisations app's first (state-only) steps included; take those back."""
    migrator.apply_initial_migration(OLD_LAYOUT)
    return migrator.apply_tested_migration([("organisations", None), *OLD_LAYOUT])


def test_old_layout_migrates_forward_with_every_row(migrator):
    old = migrate_to_old_layout(migrator)
    assert "organisations" not in {label for label, _model in old.models}
    assert old.apps.get_model("pledges", "Organisation")._meta.db_table == "pledges_organisation"
    before = fill_old_layout(old.apps)

    new = migrator.apply_tested_migration(latest_targets()).apps
    Organisation = new.get_model("organisations", "Organisation")
    Membership = new.get_model("organisations", "Membership")
    Pledge = new.get_model("pledges", "Pledge")
    ReminderLog = new.get_model("pledges", "ReminderLog")
    Entry = new.get_model("awards", "Entry")

    assert Organisation._meta.db_table == "organisations_organisation"
    assert Membership._meta.db_table == "organisations_membership"
    assert dict(Organisation.objects.values_list("pk", "slug")) == before["organisations"]
    assert {(m.organisation_id, m.user_id, m.role) for m in Membership.objects.all()} == before[
        "memberships"
    ]
    assert dict(Pledge.objects.values_list("pk", "organisation_id")) == before["pledges"]
    # The keys still join: through the foreign keys, from both sides.
    code_bridges = Organisation.objects.get(slug="code-bridges")
    assert list(code_bridges.pledges.values_list("slug", flat=True)) == ["cloud"]
    assert code_bridges.members.get().email == "owner@example.org"
    assert ReminderLog.objects.get().organisation == code_bridges
    entry_pk, organisation_pk = before["entry"]
    assert Entry.objects.get(pk=entry_pk).organisation_id == organisation_pk
    assert list(code_bridges.award_entries.values_list("pk", flat=True)) == [entry_pk]
    # New rows get the next keys (the sequences followed the renamed tables).
    newcomer = Organisation.objects.create(
        name="Newcomer", slug="newcomer", type="sme", country="FR", contact_name="N"
    )
    assert newcomer.pk > max(before["organisations"])


def test_content_types_and_secretariat_grants_follow_the_models(migrator):
    old = migrate_to_old_layout(migrator)
    ContentType = old.apps.get_model("contenttypes", "ContentType")
    old_ids = {
        model: ContentType.objects.get(app_label="pledges", model=model).pk
        for model in ["organisation", "membership"]
    }

    new = migrator.apply_tested_migration(latest_targets()).apps
    ContentType = new.get_model("contenttypes", "ContentType")
    Group = new.get_model("auth", "Group")
    for model, pk in old_ids.items():
        # Relabelled in place: the permissions and admin log rows that point at it follow.
        assert ContentType.objects.get(pk=pk).app_label == "organisations", model
    assert not ContentType.objects.filter(app_label="pledges", model__in=old_ids).exists()
    grants = set(
        Group.objects.get(name=SECRETARIAT_GROUP).permissions.values_list(
            "content_type__app_label", "codename"
        )
    )
    assert {
        ("organisations", "view_organisation"),
        ("organisations", "change_organisation"),
        ("organisations", "view_membership"),
    } <= grants
    assert ("pledges", "review_pledge") in grants
