"""What a pledger can send is bounded: target rows, row counts and long texts (issue 16)."""

import datetime
import time

import pytest

from pledges.forms import MAX_TARGETS
from pledges.models import Pledge, PledgeStatusChange, ProgressReport, Target
from pledges.pledger_views import count_from
from tests.organisations.factories import MembershipFactory

from .factories import PledgeFactory
from .test_pledger_views import edit_data, form_data, report_data

pytestmark = pytest.mark.django_db
S = Pledge.Status
HUGE = "x" * 100_000


@pytest.fixture
def member():
    return MembershipFactory()


@pytest.fixture
def pledger_client(client, member):
    client.force_login(member.user)
    client.raise_request_exception = False
    return client


# --- Target rows ----------------------------------------------------------------------------


@pytest.mark.parametrize("button", ["save", "add_target", "submit"])
def test_a_thousand_target_rows_are_refused_quickly_with_a_form_error(pledger_client, button):
    data = form_data(**{"targets-TOTAL_FORMS": "1000", "save": "", button: "1"})
    started = time.monotonic()
    response = pledger_client.post("/en/pledges/new/", data)
    elapsed = time.monotonic() - started

    assert response.status_code == 200
    html = response.content.decode()
    assert f"A pledge can have at most {MAX_TARGETS} targets." in html
    # Never more rows than a pledge may have, hence a page of ordinary size (the unbounded
    # form rendered 1,000 rows: 2.3 MB in 7 s).
    assert html.count('class="target-row"') <= MAX_TARGETS
    assert len(response.content) < 400_000
    assert elapsed < 5
    assert not Pledge.objects.exists()
    assert not Target.objects.exists()


def test_thirty_targets_are_accepted_and_one_more_is_refused(pledger_client):
    rows = {}
    for number in range(MAX_TARGETS + 1):
        rows |= {
            f"targets-{number}-indicator": "other",
            f"targets-{number}-description": f"Counted thing {number}",
            f"targets-{number}-target_number": "10",
        }
    too_many = form_data(**{"targets-TOTAL_FORMS": str(MAX_TARGETS + 1), **rows})
    assert pledger_client.post("/en/pledges/new/", too_many).status_code == 200
    assert not Pledge.objects.exists()

    for name in list(rows):
        if name.startswith(f"targets-{MAX_TARGETS}-"):
            del rows[name]
    enough = form_data(**{"targets-TOTAL_FORMS": str(MAX_TARGETS), **rows})
    assert pledger_client.post("/en/pledges/new/", enough).status_code == 302
    assert Pledge.objects.get().targets.count() == MAX_TARGETS


def test_add_another_target_stops_at_the_cap(pledger_client, member):
    pledge = PledgeFactory(organisation=member.organisation, status=S.DRAFT)
    page = pledger_client.get(f"/en/my/pledges/{pledge.pk}/edit/?add=10000000000000000000000")
    assert page.status_code == 200
    assert len(page.context["formset"].forms) <= MAX_TARGETS


# --- Counts typed by the client -------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3", 3),
        (" 7 ", 7),
        ("0", 0),
        ("007", 7),
        ("31", 30),
        ("9" * 5000, 30),  # int() refuses strings over 4,300 digits
        ("", None),
        (None, None),
        ("abc", None),
        ("-1", None),
        ("1.5", None),
        ("²", None),  # "²".isdigit() is True
        ("١٢", None),  # int() reads Arabic-Indic digits
    ],
)
def test_count_from_accepts_ascii_digits_only(value, expected):
    assert count_from(value, cap=30) == expected


@pytest.mark.parametrize("total", ["abc", "²", "", "1e3"])
def test_add_another_target_with_a_tampered_row_count_is_a_form_error(pledger_client, total):
    data = form_data(**{"targets-TOTAL_FORMS": total, "save": "", "add_target": "1"})
    response = pledger_client.post("/en/pledges/new/", data)
    assert response.status_code == 200
    assert "ManagementForm data is missing or has been tampered with" in response.content.decode()
    assert not Pledge.objects.exists()


@pytest.mark.parametrize(
    ("add", "then"), [("²", 1), ("abc", 1), ("-1", 1), ("١", 1), ("9" * 5000, 10)]
)
def test_add_another_target_with_an_odd_add_parameter_still_saves(pledger_client, add, then):
    response = pledger_client.post(
        f"/en/pledges/new/?add={add}", form_data(save="", add_target="1")
    )
    pledge = Pledge.objects.get()
    assert response.status_code == 302
    assert response.url == f"/en/my/pledges/{pledge.pk}/edit/?add={then}#targets"
    assert pledger_client.get(f"/en/my/pledges/{pledge.pk}/edit/?add={add}").status_code == 200


def test_the_add_parameter_grows_to_its_cap_and_no_further(pledger_client, member):
    pledge = PledgeFactory(organisation=member.organisation, status=S.DRAFT)
    response = pledger_client.post(
        f"/en/my/pledges/{pledge.pk}/edit/?add=10", edit_data(pledge, save="", add_target="1")
    )
    assert response.status_code == 302
    assert response.url.endswith("?add=10#targets")


# --- Long texts -----------------------------------------------------------------------------


def test_a_100000_character_description_is_a_form_error(pledger_client):
    response = pledger_client.post("/en/pledges/new/", form_data(description=HUGE))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ensure this value has at most 5000 characters (it has 100000)." in html
    assert not Pledge.objects.exists()


def test_a_5000_character_description_is_accepted(pledger_client):
    response = pledger_client.post("/en/pledges/new/", form_data(description="x" * 5000))
    assert response.status_code == 302
    assert len(Pledge.objects.get().description) == 5000


def test_a_100000_character_summary_is_a_form_error(pledger_client):
    response = pledger_client.post("/en/pledges/new/", form_data(summary=HUGE))
    assert response.status_code == 200
    assert "at most 500 characters" in response.content.decode()
    assert not Pledge.objects.exists()


def test_a_100000_character_progress_report_is_a_form_error(pledger_client, member, time_machine):
    time_machine.move_to(datetime.datetime(2026, 7, 15, 12, tzinfo=datetime.UTC))
    pledge = PledgeFactory(organisation=member.organisation, status=S.PUBLISHED)
    response = pledger_client.post(
        f"/en/my/pledges/{pledge.pk}/progress/new/", report_data(pledge, narrative=HUGE)
    )
    assert response.status_code == 200
    assert "at most 5000 characters" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_a_100000_character_withdrawal_reason_is_a_form_error(pledger_client, member):
    pledge = PledgeFactory(organisation=member.organisation, status=S.SUBMITTED)
    changes = PledgeStatusChange.objects.count()
    response = pledger_client.post(f"/en/my/pledges/{pledge.pk}/withdraw/", {"reason": HUGE})
    assert response.status_code == 200
    assert "at most 2000 characters" in response.content.decode()
    pledge.refresh_from_db()
    assert pledge.status == S.SUBMITTED
    assert PledgeStatusChange.objects.count() == changes


@pytest.mark.parametrize(
    ("model", "field", "limit"),
    [
        (Pledge, "description", 5000),
        (Pledge, "reviewer_notes", 10_000),
        (PledgeStatusChange, "message", 5000),
        (ProgressReport, "narrative", 5000),
    ],
)
def test_every_long_text_has_a_limit(model, field, limit):
    assert model._meta.get_field(field).max_length == limit
    assert model._meta.get_field(field).formfield().max_length == limit
