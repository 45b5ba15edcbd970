import datetime
import importlib
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from awards.models import AwardEdition, Entry, Phase, Result

from .factories import AwardEditionFactory, CategoryFactory, EntryFactory

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")


def at(day: datetime.date, hour=12, minute=0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=BRUSSELS)


@pytest.fixture
def edition():
    return AwardEditionFactory(
        year=2027,
        opens_on=datetime.date(2026, 1, 15),
        closes_on=datetime.date(2026, 9, 30),
        ceremony_date=datetime.date(2026, 12, 3),
    )


def phase_now(edition) -> Phase:
    # Read through the QuerySet, as the views do, and through the model property.
    fresh = AwardEdition.objects.with_has_winners().get(pk=edition.pk)
    assert fresh.phase == AwardEdition.objects.get(pk=edition.pk).phase
    return fresh.phase


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at(datetime.date(2026, 1, 14), 23, 59), Phase.UPCOMING),
        (at(datetime.date(2026, 1, 15), 0, 1), Phase.OPEN),
        (at(datetime.date(2026, 9, 30), 23, 59), Phase.OPEN),
        (at(datetime.date(2026, 10, 1), 0, 1), Phase.EVALUATION),
        (at(datetime.date(2026, 12, 3)), Phase.EVALUATION),
    ],
    ids=[
        "day-before-opening",
        "opening-day",
        "closing-day",
        "day-after-closing",
        "ceremony-no-winners",
    ],
)
def test_phase_at_boundary_dates(edition, time_machine, moment, expected):
    time_machine.move_to(moment, tick=False)
    assert phase_now(edition) == expected
    assert AwardEdition.objects.open_for_entries().filter(pk=edition.pk).exists() == (
        expected == Phase.OPEN
    )
    assert AwardEdition.objects.upcoming().filter(pk=edition.pk).exists() == (
        expected == Phase.UPCOMING
    )


def test_winners_are_announced_from_the_ceremony_day_once_recorded(edition, time_machine):
    category = CategoryFactory(edition=edition)
    winner = EntryFactory(category=category, status=Entry.Status.WINNER)

    time_machine.move_to(at(datetime.date(2026, 12, 2), 23, 59), tick=False)
    assert phase_now(edition) == Phase.EVALUATION
    assert not AwardEdition.objects.announced().exists()
    # Recorded early, the winner is still shown as a finalist: results never leak.
    assert Entry.objects.public().get(pk=winner.pk).result == Result.FINALIST
    assert not Entry.objects.winners().exists()
    assert not Entry.objects.latest_winners().exists()

    time_machine.move_to(at(datetime.date(2026, 12, 3), 0, 1), tick=False)
    assert phase_now(edition) == Phase.ANNOUNCED
    assert list(AwardEdition.objects.announced()) == [edition]
    assert Entry.objects.public().get(pk=winner.pk).result == Result.WINNER
    assert list(Entry.objects.latest_winners()) == [winner]


@pytest.mark.parametrize(
    ("status", "public"),
    [
        (Entry.Status.SUBMITTED, False),
        (Entry.Status.ELIGIBLE, False),
        (Entry.Status.NOT_ELIGIBLE, False),
        (Entry.Status.NOT_SELECTED, False),
        (Entry.Status.FINALIST, True),
        (Entry.Status.WINNER, True),
    ],
)
def test_only_finalists_and_winners_are_public(status, public):
    entry = EntryFactory(status=status)
    assert Entry.objects.public().filter(pk=entry.pk).exists() == public
    assert entry.is_public == public


def test_current_prefers_the_open_call_then_the_latest_started_edition(time_machine):
    time_machine.move_to(at(datetime.date(2026, 5, 1)), tick=False)
    assert AwardEdition.objects.current() is None
    past = AwardEditionFactory(year=2017)
    upcoming = AwardEditionFactory(
        year=2028,
        opens_on=datetime.date(2027, 1, 1),
        closes_on=datetime.date(2027, 3, 1),
        ceremony_date=datetime.date(2027, 6, 1),
    )
    assert AwardEdition.objects.current() == past
    open_call = AwardEditionFactory(
        year=2026,
        opens_on=datetime.date(2026, 4, 1),
        closes_on=datetime.date(2026, 6, 1),
        ceremony_date=datetime.date(2026, 11, 1),
    )
    assert AwardEdition.objects.current() == open_call
    assert upcoming.phase == Phase.UPCOMING


def test_latest_winners_come_from_the_latest_announced_edition():
    older = EntryFactory(category__edition__year=2017, status=Entry.Status.WINNER)
    newer = EntryFactory(category__edition__year=2018, status=Entry.Status.WINNER)
    EntryFactory(category=newer.category, status=Entry.Status.FINALIST)
    # A later edition without winners yet does not hide the last announced ones.
    EntryFactory(category__edition__year=2019, status=Entry.Status.FINALIST)
    assert list(Entry.objects.latest_winners()) == [newer]
    assert older not in Entry.objects.latest_winners()


def test_edition_dates_are_database_constraints():
    with pytest.raises(IntegrityError), transaction.atomic():
        AwardEditionFactory(opens_on=datetime.date(2026, 5, 1), closes_on=datetime.date(2026, 4, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        AwardEditionFactory(
            closes_on=datetime.date(2026, 5, 1), ceremony_date=datetime.date(2026, 5, 1)
        )


def test_image_needs_alt_text_in_the_database():
    entry = EntryFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.filter(pk=entry.pk).update(image="awards/x.png", image_alt="")
    Entry.objects.filter(pk=entry.pk).update(image="awards/x.png", image_alt="A photo")


def test_category_must_belong_to_the_entry_edition():
    entry = EntryFactory()
    other = CategoryFactory()
    entry.category = other
    with pytest.raises(ValidationError) as excinfo:
        entry.full_clean()
    assert "category" in excinfo.value.message_dict


def test_slug_is_unique_per_edition_only():
    first = EntryFactory(slug="same")
    EntryFactory(slug="same")  # another edition
    with pytest.raises(IntegrityError), transaction.atomic():
        EntryFactory(category=first.category, slug="same")


def test_urls_and_str():
    entry = EntryFactory(project_name="Code Club", slug="code-club", category__edition__year=2017)
    assert str(entry) == "Code Club"
    assert entry.get_absolute_url() == "/en/awards/2017/code-club/"
    assert entry.edition.get_absolute_url() == "/en/awards/2017/"
    assert entry.edition.get_entry_url() == "/en/awards/2017/enter/"
    assert str(entry.edition) == "European Digital Skills Awards 2017"


def test_public_statuses_are_the_one_rule_of_the_queryset_and_the_property():
    entries = {status: EntryFactory(status=status) for status in Entry.Status.values}
    public = set(Entry.objects.public().values_list("status", flat=True))
    assert public == set(Entry.PUBLIC_STATUSES)
    assert {s for s, entry in entries.items() if entry.is_public} == public


def test_the_migration_gives_existing_images_their_renditions():
    from django.apps import apps
    from django.core.files.base import ContentFile

    from .factories import image_bytes

    migration = importlib.import_module("awards.migrations.0005_entry_image_renditions")
    entry = EntryFactory(image_alt="A photo")
    entry.image.save("old.png", ContentFile(image_bytes(size=(2000, 1000))), save=True)
    missing = EntryFactory(image="awards/entries/gone.png", image_alt="Gone")
    without = EntryFactory()
    migration.generate_renditions(apps, None)
    for item in (entry, missing, without):
        item.refresh_from_db()
    assert [r["width"] for r in entry.image_renditions] == [480, 960]
    assert missing.image_renditions == [] and without.image_renditions == []


def test_finalists_are_not_public_while_the_call_is_open(edition, time_machine):
    # A status set by other means than the service (the admin, a script) during the call.
    finalist = EntryFactory(category=CategoryFactory(edition=edition), status=Entry.Status.FINALIST)
    winner = EntryFactory(category=finalist.category, status=Entry.Status.WINNER)

    time_machine.move_to(at(datetime.date(2026, 9, 30), 23, 59), tick=False)
    assert not Entry.objects.public().exists()
    assert not finalist.is_public and not winner.is_public

    time_machine.move_to(at(datetime.date(2026, 10, 1), 0, 1), tick=False)
    assert set(Entry.objects.public()) == {finalist, winner}
    assert finalist.is_public and winner.is_public
    # A day passed explicitly follows the same rule.
    assert not Entry.objects.public(datetime.date(2026, 9, 30)).exists()
