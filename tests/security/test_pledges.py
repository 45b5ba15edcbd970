"""Payloads typed by a pledger (organisation, pledge, targets, progress report) and by the
Secretariat (review messages), through the real forms, then viewed wherever they are shown."""

import datetime
import json
from types import SimpleNamespace

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.forms import HONEYPOT_FIELD_NAME
from organisations.models import Organisation
from pledges.models import ActionType, Pledge, ProgressReport, TargetGroup
from tests.accounts.factories import SecretariatUserFactory, UserFactory
from tests.awards.factories import image_upload
from tests.organisations.factories import MembershipFactory
from tests.pledges.factories import PledgeFactory

from .checks import (
    assert_csv_safe,
    assert_email_safe,
    assert_feed_safe,
    assert_html_safe,
    assert_page_safe,
)
from .payloads import HEADER_PAYLOADS, XSS_PAYLOADS, params, searchable

pytestmark = pytest.mark.django_db
S = Pledge.Status


def _follow(client, url, data) -> str:
    """POST through the view, follow the redirect, check the page it lands on."""
    response = client.post(url, data, follow=True)
    assert response.status_code == 200, f"{url}: HTTP {response.status_code}"
    assert response.redirect_chain, (
        f"{url}: the form was refused: {response.context['form'].errors}"
    )
    return response.content.decode()


def _review(client, pledge, key: str, message: str) -> None:
    url = reverse("admin:pledges_pledge_review", args=[pledge.pk, key])
    response = client.post(url, {"message": message})
    assert response.status_code == 302, f"{url}: HTTP {response.status_code}"


def pledge_journey(payload: str) -> SimpleNamespace:
    """A pledger registers an organisation and submits a pledge with the payload in every
    free-text field; the Secretariat asks for changes and publishes, both with the payload as
    message; the pledger resubmits in between and files a progress report after."""
    today = timezone.localdate()
    pledger = Client()
    pledger.force_login(UserFactory())
    secretariat = Client()
    secretariat.force_login(SecretariatUserFactory())

    page = _follow(
        pledger,
        reverse("organisations:organisation-create"),
        {
            "name": searchable(payload),
            "type": Organisation.Type.NGO,
            "country": "BE",
            "website": "https://example.org/",
            "description": payload,
            "logo": image_upload(),
            "logo_alt": payload,
            "contact_name": payload,
            "contact_email": "contact@example.org",
            HONEYPOT_FIELD_NAME: "",
        },
    )
    # The success message names the organisation.
    assert_html_safe(page, shows=[searchable(payload)], where="organisation registered")
    organisation = Organisation.objects.get()
    assert organisation.logo  # so that the alternative text is shown, in alt="..."

    target_group = TargetGroup.objects.get(code="labour-force")
    action_type = ActionType.objects.get(code="training")
    _follow(
        pledger,
        reverse("pledger:pledge-create"),
        {
            "title": searchable(payload),
            "summary": payload,
            "description": payload,
            "website": "https://example.org/pledge",
            "target_groups": [str(target_group.pk)],
            "action_types": [str(action_type.pk)],
            "countries": ["BE", "FR"],
            "start_date": (today - datetime.timedelta(days=30)).isoformat(),
            "end_date": (today + datetime.timedelta(days=365)).isoformat(),
            "targets-TOTAL_FORMS": "2",
            "targets-INITIAL_FORMS": "0",
            "targets-MIN_NUM_FORMS": "0",
            "targets-MAX_NUM_FORMS": "30",
            "targets-0-indicator": "other",
            "targets-0-description": payload,
            "targets-0-target_number": "100",
            "targets-1-indicator": "people-trained",
            "targets-1-description": "",
            "targets-1-target_number": "1000",
            HONEYPOT_FIELD_NAME: "",
            "submit": "1",
        },
    )
    pledge = Pledge.objects.get()
    assert pledge.status == S.SUBMITTED
    assert pledge.title == searchable(payload)

    _review(secretariat, pledge, "request-changes", payload)
    pledge.refresh_from_db()
    assert pledge.status == S.CHANGES_REQUESTED
    # What the pledger sees while the Secretariat waits for changes.
    changes_pages = {
        reverse("pledger:my-pledges"): [payload],
        reverse("pledger:pledge-edit", args=[pledge.pk]): [payload],
        reverse("pledger:pledge-resubmit", args=[pledge.pk]): [payload],
    }
    for url, shows in changes_pages.items():
        assert_page_safe(pledger, url, shows=shows)
    _follow(pledger, reverse("pledger:pledge-resubmit", args=[pledge.pk]), {})
    _review(secretariat, pledge, "publish", payload)
    pledge.refresh_from_db()
    assert pledge.status == S.PUBLISHED

    targets = list(pledge.targets.order_by("pk"))
    _follow(
        pledger,
        reverse("pledger:progress-report-create", args=[pledge.pk]),
        {
            "report_date": today.isoformat(),
            "narrative": payload,
            **{f"target_{target.pk}": "50" for target in targets},
        },
    )
    assert ProgressReport.objects.get().narrative == payload
    return SimpleNamespace(
        payload=payload,
        name=searchable(payload),
        pledge=pledge,
        organisation=organisation,
        pledger=pledger,
        secretariat=secretariat,
    )


@pytest.mark.parametrize("payload", params(XSS_PAYLOADS))
def test_pledge_content_is_text_everywhere(payload, client, django_capture_on_commit_callbacks):
    """One journey per payload (it is the slow part), then every place that shows it."""
    with django_capture_on_commit_callbacks(execute=True):
        journey = pledge_journey(payload)
    check_public_pages(journey, client)
    check_pledger_pages(journey)
    check_admin_pages(journey)
    check_emails(journey)
    check_exports_and_feeds(journey, client)


def check_public_pages(journey, client):
    p, name = journey.payload, journey.name
    pledge, organisation = journey.pledge, journey.organisation
    pages = {
        pledge.get_absolute_url(): [name, p],  # title, summary, description, target, report
        organisation.get_absolute_url(): [name, p],  # name, description, pledge card
        reverse("pledges:pledge-list"): [name, p],
        reverse("portal:search") + "?q=zebracorn": [name, p],
        reverse("pledges:impact"): [],
        reverse("portal:home"): [],
    }
    for url, shows in pages.items():
        assert_page_safe(client, url, shows=shows)
    detail = client.get(pledge.get_absolute_url()).content.decode()
    # The badge's embed code is shown as code to copy: escaped once more inside the textarea.
    assert "&lt;a href=" in detail


def check_pledger_pages(journey):
    p, name = journey.payload, journey.name
    pledge, organisation = journey.pledge, journey.organisation
    pages = {
        reverse("pledger:my-pledges"): [name],
        reverse("pledger:pledge-detail", args=[pledge.pk]): [name, p],
        reverse("pledger:progress-report-create", args=[pledge.pk]): [name, p],
        reverse("pledger:pledge-withdraw", args=[pledge.pk]): [name],
        reverse("organisations:organisation-detail", args=[organisation.slug]): [name, p],
        reverse("organisations:organisation-edit", args=[organisation.slug]): [name, p],
    }
    for url, shows in pages.items():
        assert_page_safe(journey.pledger, url, shows=shows)


def check_admin_pages(journey):
    p, name = journey.payload, journey.name
    pledge, organisation = journey.pledge, journey.organisation
    report = ProgressReport.objects.get()
    pages = {
        reverse("admin:pledges_pledge_changelist"): [name],
        reverse("admin:pledges_pledge_changelist") + "?q=zebracorn": [name],
        reverse("admin:pledges_pledge_change", args=[pledge.pk]): [name, p],
        reverse("admin:pledges_pledge_review", args=[pledge.pk, "complete"]): [name],
        reverse("admin:organisations_organisation_changelist"): [name],
        reverse("admin:organisations_organisation_change", args=[organisation.pk]): [name, p],
        reverse("admin:pledges_progressreport_changelist"): [name],
        reverse("admin:pledges_progressreport_change", args=[report.pk]): [p],
    }
    for url, shows in pages.items():
        assert_page_safe(journey.secretariat, url, shows=shows)


def check_emails(journey):
    p, name = journey.payload, journey.name
    # Submitted (pledger + Secretariat), changes requested, resubmitted (pledger +
    # Secretariat), published, progress report received.
    assert len(mail.outbox) == 7, [m.subject for m in mail.outbox]
    for message in mail.outbox:
        assert_email_safe(message, shows=[name])
    # Changes requested and published: both carry the Secretariat's message.
    with_message = [m for m in mail.outbox if "Message from the Secretariat" in m.body]
    assert len(with_message) == 2
    for message in with_message:
        assert_email_safe(message, shows=[name, p])


def check_exports_and_feeds(journey, client):
    p, name = journey.payload, journey.name
    response = client.get(reverse("pledges:pledge-export-csv"))
    assert_csv_safe(b"".join(response.streaming_content), shows=[name, p], where="CSV")

    response = client.get(reverse("pledges:pledge-export-json"))
    data = json.loads(b"".join(response.streaming_content))
    (record,) = data["pledges"]
    assert record["title"] == name
    assert record["summary"] == p
    assert record["organisation"]["name"] == name
    assert p in [target["description"] for target in record["targets"]]

    response = journey.secretariat.post(
        reverse("admin:pledges_pledge_changelist"),
        {"action": "export_csv", "_selected_action": [journey.pledge.pk]},
    )
    assert_csv_safe(b"".join(response.streaming_content), shows=[name, p], where="admin CSV")

    response = client.get(reverse("pledges:pledge-feed"))
    assert_feed_safe(response.content, shows=[name, p], where="pledge feed")

    response = client.get(reverse("pledges:pledge-badge", args=[journey.pledge.pk]))
    assert_feed_safe(response.content, shows=[name], where="badge SVG")
    for section in ["pledges", "organisations"]:
        response = client.get(reverse("sitemap-section", args=[section]))
        assert_feed_safe(response.content, where=f"sitemap {section}")


@pytest.mark.parametrize("payload", params(XSS_PAYLOADS))
def test_withdrawal_reason_is_text(payload, client):
    membership = MembershipFactory()
    pledge = PledgeFactory(organisation=membership.organisation, status=S.PUBLISHED)
    client.force_login(membership.user)
    _follow(client, reverse("pledger:pledge-withdraw", args=[pledge.pk]), {"reason": payload})
    pledge.refresh_from_db()
    assert pledge.status == S.WITHDRAWN
    assert_page_safe(client, reverse("pledger:pledge-detail", args=[pledge.pk]), shows=[payload])
    secretariat = Client()
    secretariat.force_login(SecretariatUserFactory())
    url = reverse("admin:pledges_pledge_change", args=[pledge.pk])
    assert_page_safe(secretariat, url, shows=[payload])


@pytest.mark.parametrize("name", params(HEADER_PAYLOADS))
def test_line_breaks_typed_in_names_never_reach_a_mail_header(
    name, django_capture_on_commit_callbacks
):
    """A browser cannot put a line break in <input type="text">, a forged POST can: the
    pledge (title) and organisation (name) are still saved and the e-mails still sent."""
    membership = MembershipFactory(organisation__name=name)
    client = Client()
    client.force_login(membership.user)
    data = {
        "title": name,
        "summary": "Summary",
        "description": "Description",
        "target_groups": [str(TargetGroup.objects.get(code="labour-force").pk)],
        "action_types": [str(ActionType.objects.get(code="training").pk)],
        "countries": ["BE"],
        "start_date": "2026-01-01",
        "end_date": "2027-01-01",
        "targets-TOTAL_FORMS": "1",
        "targets-INITIAL_FORMS": "0",
        "targets-0-indicator": "people-trained",
        "targets-0-target_number": "10",
        HONEYPOT_FIELD_NAME: "",
        "submit": "1",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("pledger:pledge-create"), data)
        assert response.status_code == 302
        pledge = Pledge.objects.get()
        assert pledge.status == S.SUBMITTED
        invitation = reverse("organisations:invitation-create", args=[membership.organisation.slug])
        response = client.post(invitation, {"email": "colleague@example.org", "role": "editor"})
        assert response.status_code == 302
    assert len(mail.outbox) == 3  # submitted (pledger, Secretariat), invitation
    for message in mail.outbox:
        assert_email_safe(message, where="line breaks")
        assert "Bcc: victim@example.org" in message.subject
        assert message.bcc == []
