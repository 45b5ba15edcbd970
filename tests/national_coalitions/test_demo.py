import io
from io import StringIO

import pytest
from pypdf import PdfReader

from national_coalitions import demo
from national_coalitions.models import NationalCoalition, OtherInitiative, Resource

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
    html = client.get("/national-coalitions/").content.decode()
    assert "have been launched in <strong>15</strong> Member States" in html
    assert client.get(launched.get_absolute_url()).status_code == 200
    assert "(demo)" in client.get("/national-coalitions/initiatives/").content.decode()
    assert toolkit.title in client.get("/national-coalitions/toolkit/").content.decode()


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
