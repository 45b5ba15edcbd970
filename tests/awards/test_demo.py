from io import StringIO

import pytest

from awards import demo
from awards.models import AwardEdition, Entry, Phase

pytestmark = pytest.mark.django_db

CATEGORY_NAMES = [
    "Digital Skills for All Citizens",
    "Digital Skills for the Labour Force",
    "Digital Skills for ICT Professionals",
    "Digital Skills in Education",
    "Women and Girls in Digital",
]


def test_demo_has_the_2017_edition_and_an_open_call(client):
    demo.load(stdout=StringIO())
    edition = AwardEdition.objects.get(year=2017)
    assert list(edition.categories.values_list("name", flat=True)) == CATEGORY_NAMES
    assert edition.phase == Phase.ANNOUNCED
    winners = Entry.objects.winners().filter(edition=edition)
    assert winners.count() == 5
    assert {w.category.name for w in winners} == set(CATEGORY_NAMES)
    assert Entry.objects.public().filter(edition=edition).count() == 15
    assert all(entry.project_name.endswith("(demo)") for entry in Entry.objects.all())
    assert all(w.image and w.image_alt for w in winners)

    assert AwardEdition.objects.open_for_entries().count() == 1
    assert AwardEdition.objects.current().phase == Phase.OPEN

    for url in [
        "/en/awards/",
        "/en/awards/2017/",
        "/en/awards/archive/",
        winners[0].get_absolute_url(),
    ]:
        assert client.get(url).status_code == 200
    assert client.get(AwardEdition.objects.current().get_entry_url()).status_code == 200


def test_demo_twice_changes_nothing():
    demo.load(stdout=StringIO())
    before = sorted(map(str, Entry.objects.values_list()))
    editions = sorted(map(str, AwardEdition.objects.values_list()))
    demo.load(stdout=StringIO())
    assert sorted(map(str, Entry.objects.values_list())) == before
    assert sorted(map(str, AwardEdition.objects.values_list())) == editions


def test_demo_editions_and_categories_are_in_english_french_and_german():
    demo.load(stdout=StringIO())
    for edition in AwardEdition.objects.all():
        for field in ("title", "introduction", "eligibility", "criteria"):
            assert getattr(edition, f"{field}_fr") and getattr(edition, f"{field}_de")
            assert getattr(edition, f"{field}_it") is None
        assert edition.introduction_fr.endswith("donnés à titre d'illustration.")
        for category in edition.categories.all():
            assert category.name_fr and category.name_de and category.description_de
    assert (
        AwardEdition.objects.get(year=2017).title_fr
        == "Prix européens des compétences numériques 2017"
    )
