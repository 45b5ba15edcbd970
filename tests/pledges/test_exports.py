"""Open data: the filtered list as CSV and JSON, streamed, public fields only, injection-safe."""

import csv
import io
import json

import pytest

from core.spreadsheets import safe_cell
from pledges.models import Pledge, Target
from tests.organisations.factories import OrganisationFactory

from .factories import PledgeFactory

pytestmark = pytest.mark.django_db
S = Pledge.Status


def read_csv(response):
    assert response.streaming
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(content.lstrip("\ufeff"))))


def read_json(response):
    assert response.streaming
    return json.loads(b"".join(response.streaming_content))


@pytest.fixture
def pledges():
    organisation = OrganisationFactory(
        name="Byte Skills", contact_email="private@byte.example", contact_name="Private Person"
    )
    french = PledgeFactory(
        organisation=organisation,
        status=S.PUBLISHED,
        title="French coding",
        countries=["FR"],
        targets=[("people-trained", 800), ("certifications", 30)],
        reviewer_notes="Private note",
    )
    Target.objects.filter(pledge=french, indicator="people-trained").update(achieved=120)
    PledgeFactory(status=S.COMPLETED, title="German cloud", countries=["DE"])
    PledgeFactory(status=S.SUBMITTED, title="Not yet public", countries=["FR"])
    return french


def test_csv_export_of_the_filtered_list(client, pledges):
    response = client.get("/en/pledges/export.csv", {"country": "FR"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="pledges.csv"' in response["Content-Disposition"]
    rows = read_csv(response)
    assert [row["title"] for row in rows] == ["French coding"]
    row = rows[0]
    assert row["url"] == f"http://testserver{pledges.get_absolute_url()}"
    assert row["organisation"] == "Byte Skills"
    assert row["countries"] == "FR"
    assert (row["people-trained_target"], row["people-trained_achieved"]) == ("800", "120")
    assert (row["certifications_target"], row["certifications_achieved"]) == ("30", "0")
    assert row["traineeships_target"] == ""
    # Same parameters, same list: without filters both public pledges, never the submitted one.
    all_rows = read_csv(client.get("/en/pledges/export.csv"))
    assert {row["title"] for row in all_rows} == {"French coding", "German cloud"}


def test_exports_never_contain_private_fields(client, pledges):
    for url in ("/en/pledges/export.csv", "/en/pledges/export.json"):
        body = b"".join(client.get(url).streaming_content).decode()
        assert "private@byte.example" not in body
        assert "Private Person" not in body
        assert "Private note" not in body
        assert "Not yet public" not in body


def test_json_export_of_the_filtered_list(client, pledges):
    response = client.get("/en/pledges/export.json", {"q": "French", "sort": "title"})
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = read_json(response)
    assert data["source"] == "http://testserver/en/pledges/"
    [record] = data["pledges"]
    assert record["title"] == "French coding"
    assert record["organisation"]["name"] == "Byte Skills"
    assert record["countries"] == ["FR"]
    assert record["eu_wide"] is False
    assert record["last_reported"] is None
    assert {"indicator": "people-trained", "description": "", "target": 800, "achieved": 120} in (
        record["targets"]
    )
    assert read_json(client.get("/en/pledges/export.json", {"country": "PT"}))["pledges"] == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd", "'+cmd"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("Plain", "Plain"),
        (42, "42"),
        (None, ""),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_csv_cells_are_formula_injection_safe(client):
    organisation = OrganisationFactory(name="@evil")
    PledgeFactory(organisation=organisation, status=S.PUBLISHED, title='=HYPERLINK("x")')
    [row] = read_csv(client.get("/en/pledges/export.csv"))
    assert row["title"] == '\'=HYPERLINK("x")'
    assert row["organisation"] == "'@evil"


@pytest.mark.parametrize("url", ["/en/pledges/export.csv", "/en/pledges/export.json"])
def test_exports_run_a_constant_number_of_queries(client, django_assert_num_queries, url):
    PledgeFactory(status=S.PUBLISHED, targets=[("people-trained", 5), ("certifications", 5)])
    with django_assert_num_queries(5) as one:
        b"".join(client.get(url).streaming_content)
    PledgeFactory.create_batch(49, status=S.PUBLISHED, countries=["BE", "NL"])
    with django_assert_num_queries(len(one.captured_queries)):
        body = b"".join(client.get(url).streaming_content)
    assert body.count(b"/en/pledges/") >= 50


def test_exports_refuse_writes(client):
    assert client.post("/en/pledges/export.csv").status_code == 405


def test_csv_export_writes_what_an_other_target_counts(client):
    pledge = PledgeFactory(status=S.PUBLISHED, title="Advice", targets=[("people-trained", 100)])
    Target.objects.create(
        pledge=pledge, indicator="people-trained", description="Adults", target_number=5
    )
    Target.objects.create(
        pledge=pledge, indicator="other", description="Companies advised", target_number=150
    )
    Target.objects.filter(pledge=pledge, indicator="other").update(achieved=164)
    [row] = read_csv(client.get("/en/pledges/export.csv"))
    assert row["other_description"] == "Companies advised"
    assert (row["other_target"], row["other_achieved"]) == ("150", "164")
    # Other indicators are still summed.
    assert row["people-trained_target"] == "105"
    # JSON has it per target too.
    [record] = read_json(client.get("/en/pledges/export.json"))["pledges"]
    assert {
        "indicator": "other",
        "description": "Companies advised",
        "target": 150,
        "achieved": 164,
    } in record["targets"]


def test_csv_export_lists_several_other_targets_one_by_one_formula_safe(client):
    pledge = PledgeFactory(status=S.PUBLISHED, targets=[])
    for description, number in [('=HYPERLINK("http://evil.example")', 10), ("Apps built", 3)]:
        Target.objects.create(
            pledge=pledge, indicator="other", description=description, target_number=number
        )
    [row] = read_csv(client.get("/en/pledges/export.csv"))
    # Different things are not added up: listed in the same order in the three columns.
    assert row["other_description"] == '\'=HYPERLINK("http://evil.example") | Apps built'
    assert (row["other_target"], row["other_achieved"]) == ("10 | 3", "0 | 0")
    PledgeFactory(status=S.PUBLISHED, targets=[("people-trained", 1)])
    rows = read_csv(client.get("/en/pledges/export.csv", {"sort": "title"}))
    assert [row["other_description"] for row in rows].count("") == 1
