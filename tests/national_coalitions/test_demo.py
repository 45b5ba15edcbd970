import io
from io import StringIO

import pytest
from pypdf import PdfReader

from national_coalitions import demo
from national_coalitions.models import (
    AreaOfAction,
    CoalitionArea,
    NationalCoalition,
    OtherInitiative,
    Resource,
)

pytestmark = pytest.mark.django_db


def test_demo_creates_labelled_coalitions_initiatives_and_the_toolkit(client):
    demo.load(stdout=StringIO())
    assert NationalCoalition.objects.launched().count() == 15
    assert NationalCoalition.objects.under_formation().count() >= 3
    for coalition in NationalCoalition.objects.all():
        assert "(demo)" in coalition.name
        assert coalition.description.startswith("Demo data")
        assert all("(demo)" in member.name for member in coalition.members.all())
        assert coalition.members.exists() and coalition.areas_of_action.exists()
    launched = NationalCoalition.objects.launched().first()
    assert PdfReader(launched.factsheet.open("rb")).pages
    assert OtherInitiative.objects.count() >= 3
    toolkit = Resource.objects.toolkits().get()
    text = PdfReader(io.BytesIO(toolkit.file.open("rb").read())).pages[0].extract_text()
    assert "Toolkit for National and Local Coalitions" in text
    assert "Demo data" in toolkit.description
    # Every page renders the demo content.
    html = client.get("/en/national-coalitions/").content.decode()
    assert "have been launched in <strong>15</strong> Member States" in html
    assert client.get(launched.get_absolute_url()).status_code == 200
    assert "(demo)" in client.get("/en/national-coalitions/initiatives/").content.decode()
    assert toolkit.title in client.get("/en/national-coalitions/toolkit/").content.decode()


def test_generated_files_are_kept_when_present_and_rebuilt_when_missing():
    demo.load(stdout=StringIO())
    toolkit = Resource.objects.toolkits().get()
    name = toolkit.file.name
    demo.load(stdout=StringIO())
    toolkit.refresh_from_db()
    assert toolkit.file.name == name
    toolkit.file.storage.delete(name)
    demo.load(stdout=StringIO())
    toolkit.refresh_from_db()
    assert toolkit.file.storage.exists(toolkit.file.name)


def test_generated_pdf_is_deterministic():
    assert demo.make_pdf("A (title)", ["x"]) == demo.make_pdf("A (title)", ["x"])


def test_demo_texts_are_in_english_french_and_german_only():
    demo.load(stdout=StringIO())
    for coalition in NationalCoalition.objects.all():
        assert coalition.description_fr.startswith("Données de démonstration")
        assert coalition.description_de.startswith("Demodaten")
        assert coalition.description_it is None and coalition.description_pl is None
        # The seeds give no official name in another language: English for all.
        assert coalition.name_fr is None and coalition.name_de is None
    areas = CoalitionArea.objects.all()
    assert areas.exists()
    assert all(area.summary_en and area.summary_fr and area.summary_de for area in areas)
    for area in AreaOfAction.objects.all():
        assert area.name_fr and area.name_de and area.name_es is None
    for row in [*OtherInitiative.objects.all(), *Resource.objects.all()]:
        texts = (row.name_fr, row.name_de) if hasattr(row, "name_fr") else (row.title_fr,)
        assert all(texts) and row.description_fr and row.description_de
    toolkit = Resource.objects.toolkits().get()
    assert toolkit.title_fr == "Boîte à outils pour les coalitions nationales et locales"
    assert toolkit.file_en and not toolkit.file_fr  # the French page offers the English PDF


def test_demo_completes_rows_an_earlier_loader_made_but_keeps_edits():
    demo.load(stdout=StringIO())
    untouched, edited = NationalCoalition.objects.filter(country__in=["BE", "NL"]).order_by(
        "country"
    )
    # As an earlier, English-only loader left them; one was edited since.
    NationalCoalition.objects.filter(pk=untouched.pk).update(
        description_fr=None, description_de=None
    )
    NationalCoalition.objects.filter(pk=edited.pk).update(
        description_en="Our own text.", description_fr=None, description_de=None
    )
    CoalitionArea.objects.filter(coalition=untouched).update(
        summary_en="", summary_fr=None, summary_de=None
    )
    demo.load(stdout=StringIO())
    untouched.refresh_from_db()
    edited.refresh_from_db()
    assert untouched.description_fr.startswith("Données de démonstration")
    assert untouched.description_de.startswith("Demodaten")
    assert (edited.description_en, edited.description_fr, edited.description_de) == (
        "Our own text.",
        None,
        None,
    )
    assert all(area.summary_fr for area in CoalitionArea.objects.filter(coalition=untouched))
