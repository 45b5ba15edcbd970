"""Payloads typed into the public forms (contact, awards entry, newsletter, sign-up, log-in)
and into query strings, then viewed wherever they are shown."""

import datetime
import unicodedata

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from awards import services as award_services
from awards.models import Entry
from core.forms import HONEYPOT_FIELD_NAME
from national_coalitions.models import ContactRequest
from pledges.models import Pledge
from tests.accounts.factories import SecretariatUserFactory, UserFactory
from tests.awards.factories import CategoryFactory, image_upload, open_edition
from tests.national_coalitions.factories import NationalCoalitionFactory
from tests.organisations.factories import MembershipFactory
from tests.pledges.factories import PledgeFactory

from .checks import (
    assert_csv_safe,
    assert_email_safe,
    assert_feed_safe,
    assert_html_safe,
    assert_page_safe,
)
from .payloads import XSS_PAYLOADS, params, searchable

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat():
    client = Client()
    client.force_login(SecretariatUserFactory())
    return client


def _post_and_follow(client, url, data):
    response = client.post(url, data, follow=True)
    assert response.status_code == 200, f"{url}: HTTP {response.status_code}"
    assert response.redirect_chain, f"{url}: refused: {response.context['form'].errors}"
    return response


@pytest.mark.parametrize("payload", params(XSS_PAYLOADS))
def test_contact_message_is_text_everywhere(
    payload, client, secretariat, django_capture_on_commit_callbacks
):
    NationalCoalitionFactory(country="BE", name="Belgian Digital Coalition")
    with django_capture_on_commit_callbacks(execute=True):
        response = _post_and_follow(
            client,
            reverse("national_coalitions:contact"),
            {
                "name": payload,
                "email": "ana@example.org",
                "organisation": payload,
                "topic": "coalition:be",
                "message": payload,
                "consent": "on",
                HONEYPOT_FIELD_NAME: "",
            },
        )
    assert_html_safe(response.content, where="contact: message sent")
    request = ContactRequest.objects.get()
    assert (request.name, request.organisation, request.message) == (payload,) * 3

    (message,) = mail.outbox
    assert_email_safe(message, shows=[payload], where="contact")

    pages = {
        reverse("admin:national_coalitions_contactrequest_changelist"): [payload],
        reverse("admin:national_coalitions_contactrequest_changelist") + "?q=ana": [payload],
        reverse("admin:national_coalitions_contactrequest_change", args=[request.pk]): [payload],
    }
    for url, shows in pages.items():
        assert_page_safe(secretariat, url, shows=shows)
    response = secretariat.post(
        reverse("admin:national_coalitions_contactrequest_changelist"),
        {"action": "export_csv", "_selected_action": [request.pk]},
    )
    assert_csv_safe(
        b"".join(response.streaming_content), shows=[payload], where="contact requests CSV"
    )


@pytest.mark.parametrize("payload", params(XSS_PAYLOADS))
def test_award_entry_is_text_everywhere(
    payload, client, secretariat, django_capture_on_commit_callbacks
):
    edition = open_edition()
    category = CategoryFactory(edition=edition, name="Digital skills for all")
    project = searchable(payload)
    phone = payload[:40]
    with django_capture_on_commit_callbacks(execute=True):
        response = _post_and_follow(
            client,
            reverse("awards:entry-create", args=[edition.year]),
            {
                "category": category.pk,
                "project_name": project,
                "organisation_name": payload,
                "country": "BE",
                "website": "",
                "description": payload,
                "image": image_upload(),
                "image_alt": payload,
                "contact_name": payload,
                "contact_email": "entrant@example.org",
                "contact_phone": phone,
                "consent": "on",
                HONEYPOT_FIELD_NAME: "",
            },
        )
    # The confirmation page names the project.
    assert_html_safe(response.content, shows=[project], where="entry received")
    entry = Entry.objects.get()
    assert entry.description == payload
    assert entry.image  # so that the alternative text is shown, in alt="..."

    confirmation, notification = mail.outbox
    assert_email_safe(confirmation, shows=[project, payload], where="entry confirmation")
    assert_email_safe(notification, shows=[project, payload], where="entry notification")

    admin_pages = {
        reverse("admin:awards_entry_changelist"): [project],
        reverse("admin:awards_entry_changelist") + "?q=zebracorn": [project],
        reverse("admin:awards_entry_change", args=[entry.pk]): [project, payload, phone],
    }
    for url, shows in admin_pages.items():
        assert_page_safe(secretariat, url, shows=shows)
    response = secretariat.post(
        reverse("admin:awards_entry_changelist"),
        {"action": "export_csv", "_selected_action": [entry.pk]},
    )
    assert_csv_safe(
        b"".join(response.streaming_content), shows=[project, payload], where="entries CSV"
    )

    # The call closes and the jury makes it a finalist: now it is public.
    edition.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    edition.save(update_fields=["closes_on"])
    award_services.change_status(entries=[entry], status=Entry.Status.FINALIST)
    public_pages = {
        entry.get_absolute_url(): [project, payload],
        edition.get_absolute_url(): [project],
        reverse("awards:archive"): [project],
        reverse("awards:award-index"): [],
        reverse("portal:search") + "?q=zebracorn": [project],
    }
    for url, shows in public_pages.items():
        assert_page_safe(client, url, shows=shows)
    response = client.get(reverse("sitemap-section", args=["award-entries"]))
    assert_feed_safe(response.content, where="awards sitemap")


@pytest.mark.parametrize("payload", params(XSS_PAYLOADS))
def test_refused_forms_give_the_payload_back_as_text(payload, client):
    """A refused form comes back with what was typed: in value="" and <textarea>, escaped."""
    edition = open_edition()
    public_forms = {
        # Without consent, the message is refused.
        reverse("national_coalitions:contact"): {
            "name": payload,
            "email": "ana@example.org",
            "organisation": payload,
            "topic": "general",
            "message": payload,
        },
        # Without a category, contact e-mail and consent: refused.
        reverse("awards:entry-create", args=[edition.year]): {
            "project_name": payload,
            "organisation_name": payload,
            "description": payload,
            "image_alt": payload,
            "contact_name": payload,
        },
        # Not e-mail addresses: refused, and shown back with the error.
        reverse("newsletter:subscribe"): {"email": payload, "consent": "on"},
        reverse("account_signup"): {"email": payload, "password1": "x", "password2": "y"},
        reverse("account_login"): {"login": payload, "password": "wrong"},
    }
    for url, data in public_forms.items():
        response = client.post(url, {**data, HONEYPOT_FIELD_NAME: ""})
        assert response.status_code == 200, f"{url}: HTTP {response.status_code}"
        assert_html_safe(response.content, shows=[payload], where=f"{url} (refused)")

    membership = MembershipFactory()
    pledge = PledgeFactory(organisation=membership.organisation, status=Pledge.Status.PUBLISHED)
    client.force_login(membership.user)
    pledger_forms = {
        # No type of organisation: refused.
        reverse("organisations:organisation-create"): {
            "name": payload,
            "description": payload,
            "logo_alt": payload,
            "contact_name": payload,
        },
        # An end date before the start date: refused, targets shown back too.
        reverse("pledger:pledge-create"): {
            "title": payload,
            "summary": payload,
            "description": payload,
            "start_date": "2026-01-01",
            "end_date": "2025-01-01",
            "targets-TOTAL_FORMS": "1",
            "targets-INITIAL_FORMS": "0",
            "targets-0-indicator": "other",
            "targets-0-description": payload,
            "targets-0-target_number": "10",
        },
        # A report dated in the future: refused.
        reverse("pledger:progress-report-create", args=[pledge.pk]): {
            "report_date": "2999-01-01",
            "narrative": payload,
        },
        reverse("organisations:invitation-create", args=[membership.organisation.slug]): {
            "email": payload,
            "role": "editor",
        },
    }
    for url, data in pledger_forms.items():
        response = client.post(url, {**data, HONEYPOT_FIELD_NAME: ""})
        assert response.status_code == 200, f"{url}: HTTP {response.status_code}"
        assert_html_safe(response.content, shows=[payload], where=f"{url} (refused)")


@pytest.mark.parametrize("payload", params(XSS_PAYLOADS))
def test_query_strings_are_reflected_as_text(payload, client):
    """Reflected XSS: what the address carries and the page repeats."""
    PledgeFactory(status=Pledge.Status.PUBLISHED)
    NationalCoalitionFactory(country="BE")
    pages = {
        reverse("portal:search"): ({"q": payload}, [" ".join(payload.split())]),
        reverse("pledges:pledge-list"): ({"q": payload, "sort": payload}, [payload]),
        reverse("awards:archive"): ({"year": payload, "category": payload}, []),
        reverse("national_coalitions:contact"): ({"coalition": payload}, []),
        reverse("account_login"): ({"next": payload}, []),
        reverse("account_signup"): ({"next": payload}, []),
    }
    for url, (query, shows) in pages.items():
        response = client.get(url, query)
        assert response.status_code == 200, f"{url}: HTTP {response.status_code}"
        assert_html_safe(response.content, shows=shows, where=f"{url}?{query}")
    response = client.get(reverse("pledges:pledge-feed"), {"q": payload, "country": payload})
    assert_feed_safe(response.content, where="pledge feed with a query")

    client.force_login(UserFactory())
    response = client.get(reverse("organisations:organisation-create"), {"next": payload})
    assert_html_safe(response.content, where="organisation form with next")
    secretariat = Client()
    secretariat.force_login(SecretariatUserFactory())
    for url in [
        reverse("admin:pledges_pledge_changelist"),
        reverse("admin:national_coalitions_contactrequest_changelist"),
    ]:
        response = secretariat.get(url, {"q": payload})
        assert response.status_code == 200, f"{url}: HTTP {response.status_code}"
        assert_html_safe(response.content, shows=[payload], where=f"{url}?q=")


@pytest.mark.parametrize("payload", params(XSS_PAYLOADS))
def test_failed_logins_are_text_in_the_admin(payload, client):
    """django-axes records what was typed as the user name; the admin lists it."""
    response = client.post(reverse("admin:login"), {"username": payload, "password": "wrong"})
    assert response.status_code == 200
    assert_html_safe(response.content, shows=[payload], where="admin log-in refused")
    superuser = Client()
    superuser.force_login(UserFactory(is_staff=True, is_superuser=True))
    attempt = AccessAttempt.objects.get()
    # The log-in form normalises user names (NFKC): "＜" becomes a real "<", still escaped.
    typed = unicodedata.normalize("NFKC", payload).lower()
    assert attempt.username == typed
    for url in [
        reverse("admin:axes_accessattempt_changelist"),
        reverse("admin:axes_accessattempt_change", args=[attempt.pk]),
    ]:
        assert_page_safe(superuser, url, shows=[typed])
