"""CSV injection: text starting like a formula, in every CSV the portal produces, is opened by
spreadsheet programs as text (core/spreadsheets.safe_cell puts an apostrophe in front)."""

import pytest
from django.test import Client
from django.urls import reverse

from core.spreadsheets import safe_cell
from pledges.models import Pledge, Target
from tests.accounts.factories import SecretariatUserFactory
from tests.awards.factories import EntryFactory
from tests.blog.factories import SubscriberFactory
from tests.national_coalitions.factories import (
    CoalitionMemberFactory,
    ContactRequestFactory,
    NationalCoalitionFactory,
)
from tests.organisations.factories import OrganisationFactory
from tests.pledges.factories import PledgeFactory

from .checks import assert_csv_safe
from .payloads import CSV_PAYLOADS, FORMULA_STARTS, params

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat():
    client = Client()
    client.force_login(SecretariatUserFactory())
    return client


def admin_export(client, model: str, action: str, pk: int) -> bytes:
    response = client.post(
        reverse(f"admin:{model}_changelist"), {"action": action, "_selected_action": [pk]}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("payload", params(CSV_PAYLOADS))
def test_safe_cell_defuses_every_formula_start(payload):
    assert payload.startswith(FORMULA_STARTS)
    assert safe_cell(payload) == f"'{payload}"
    assert safe_cell("Plain text =1+1") == "Plain text =1+1"


@pytest.mark.parametrize("payload", params(CSV_PAYLOADS))
def test_pledge_exports(payload, client, secretariat):
    organisation = OrganisationFactory(name=payload, contact_name=payload)
    pledge = PledgeFactory(
        organisation=organisation,
        status=Pledge.Status.PUBLISHED,
        title=payload,
        slug="formula",
        summary=payload,
        targets=[],
    )
    Target.objects.create(
        pledge=pledge, indicator=Target.Indicator.OTHER, description=payload, target_number=5
    )
    response = client.get(reverse("pledges:pledge-export-csv"))
    content = b"".join(response.streaming_content)
    assert_csv_safe(content, shows=[payload], where="public pledges CSV")
    content = admin_export(secretariat, "pledges_pledge", "export_csv", pledge.pk)
    assert_csv_safe(content, shows=[payload], where="Secretariat's pledges CSV")


@pytest.mark.parametrize("payload", params(CSV_PAYLOADS))
def test_contact_request_export(payload, secretariat):
    request = ContactRequestFactory(name=payload, organisation=payload, message=payload)
    content = admin_export(
        secretariat, "national_coalitions_contactrequest", "export_csv", request.pk
    )
    assert_csv_safe(content, shows=[payload], where="contact requests CSV")


@pytest.mark.parametrize("payload", params(CSV_PAYLOADS))
def test_coalition_export(payload, secretariat):
    coalition = NationalCoalitionFactory(name=payload, coordinating_body_name=payload)
    CoalitionMemberFactory(coalition=coalition, name=payload)
    content = admin_export(
        secretariat, "national_coalitions_nationalcoalition", "export_csv", coalition.pk
    )
    assert_csv_safe(content, shows=[payload], where="coalitions CSV")


@pytest.mark.parametrize("payload", params(CSV_PAYLOADS))
def test_award_entry_export(payload, secretariat):
    entry = EntryFactory(
        project_name=payload,
        slug="formula",
        organisation_name=payload,
        description=payload,
        contact_name=payload,
        contact_phone=payload[:40],
        jury_notes=payload,
    )
    content = admin_export(secretariat, "awards_entry", "export_csv", entry.pk)
    assert_csv_safe(content, shows=[payload], where="award entries CSV")


@pytest.mark.parametrize("payload", params(CSV_PAYLOADS))
def test_newsletter_subscriber_export(payload, secretariat):
    # "=1+1@example.org" is a valid address; the others are stored as they come.
    subscriber = SubscriberFactory(email=f"{payload}@example.org", confirmed=True)
    content = admin_export(secretariat, "blog_subscriber", "export_confirmed_csv", subscriber.pk)
    assert_csv_safe(content, shows=[subscriber.email], where="subscribers CSV")
