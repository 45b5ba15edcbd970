import pytest
from django.core import mail
from django.urls import reverse

from core.forms import HONEYPOT_FIELD_NAME
from national_coalitions.models import ContactRequest

from .factories import NationalCoalitionFactory, OtherInitiativeFactory

pytestmark = pytest.mark.django_db

URL = reverse("national_coalitions:contact")
DONE_URL = reverse("national_coalitions:contact-done")


def valid_data(**overrides):
    return {
        "name": "Ana Example",
        "email": "ana@example.org",
        "organisation": "Example Training Ltd",
        "topic": "general",
        "message": "We would like to offer free courses.",
        "consent": "on",
        **overrides,
    }


def post(client, data, **extra):
    # The e-mail leaves after the transaction commits, as in production.
    return client.post(URL, data, **extra)


def test_form_is_preset_to_the_coalition_from_the_cooperate_link(client):
    NationalCoalitionFactory(country="BE", name="Belgian Coalition")
    NationalCoalitionFactory(country="DE", name="German Coalition", forming=True)
    response = client.get(URL, {"coalition": "be"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<option value="coalition:be" selected>Belgium: Belgian Coalition</option>' in html
    assert '<optgroup label="National coalitions">' in html
    assert html.count("<h1") == 1
    assert 'name="consent"' in html and 'href="/en/privacy/"' in html
    assert "csrfmiddlewaretoken" in html


def test_form_is_preset_to_an_initiative(client):
    OtherInitiativeFactory(slug="madrid", name="Madrid Code Pact", country="ES")
    html = client.get(URL, {"initiative": "madrid"}).content.decode()
    assert '<option value="initiative:madrid" selected>Madrid Code Pact (Spain)</option>' in html


def test_unknown_preset_falls_back_to_no_selection(client):
    response = client.get(URL, {"coalition": "zz"})
    assert response.status_code == 200
    assert (
        "selected>" not in response.content.decode().split('name="topic"')[1].split("</select>")[0]
    )


def test_message_about_a_coalition_is_stored_and_sent_with_the_coalition_in_copy(
    client, django_capture_on_commit_callbacks, settings
):
    settings.SECRETARIAT_EMAIL = "secretariat@example.eu"
    coalition = NationalCoalitionFactory(country="BE", contact_email="be@coalition.example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, valid_data(topic="coalition:be"))
    assert response.status_code == 302
    assert response.url == DONE_URL
    stored = ContactRequest.objects.get()
    assert stored.coalition == coalition and stored.initiative is None
    assert stored.consent and not stored.is_handled
    assert stored.organisation == "Example Training Ltd"
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["secretariat@example.eu"]
    assert email.cc == ["be@coalition.example.org"]
    assert email.reply_to == ["ana@example.org"]
    assert coalition.name in email.subject
    assert "We would like to offer free courses." in email.body
    assert "Ana Example <ana@example.org>" in email.body
    assert client.get(response.url).status_code == 200


def test_general_enquiry_goes_to_the_secretariat_only(client, django_capture_on_commit_callbacks):
    NationalCoalitionFactory(country="BE")
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, valid_data())
    assert response.status_code == 302
    stored = ContactRequest.objects.get()
    assert stored.coalition is None and stored.initiative is None
    assert mail.outbox[0].cc == []
    assert mail.outbox[0].subject == "[Coalition Portal] Message to the Secretariat"


def test_message_about_an_initiative(client, django_capture_on_commit_callbacks):
    initiative = OtherInitiativeFactory(slug="madrid", name="Madrid Code Pact")
    with django_capture_on_commit_callbacks(execute=True):
        post(client, valid_data(topic="initiative:madrid"))
    assert ContactRequest.objects.get().initiative == initiative
    assert mail.outbox[0].cc == []
    assert "Madrid Code Pact" in mail.outbox[0].body


def test_coalition_without_public_contact_gets_no_copy(client, django_capture_on_commit_callbacks):
    NationalCoalitionFactory(country="BE", contact_email="")
    with django_capture_on_commit_callbacks(execute=True):
        post(client, valid_data(topic="coalition:be"))
    assert mail.outbox[0].cc == []


def test_invalid_input_rerenders_with_everything_typed_and_an_error_summary(client):
    NationalCoalitionFactory(country="BE")
    data = valid_data(
        email="not-an-email", consent="", topic="coalition:be", message="Keep <this> text"
    )
    response = post(client, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert 'href="#id_email"' in html and 'href="#id_consent"' in html
    assert "Please agree so that we can process your message." in html
    assert 'value="Ana Example"' in html
    assert 'value="not-an-email"' in html
    assert 'value="Example Training Ltd"' in html
    assert "Keep &lt;this&gt; text" in html
    assert '<option value="coalition:be" selected>' in html
    assert "<title>Error:" in html
    assert not ContactRequest.objects.exists()
    assert mail.outbox == []


def test_unknown_topic_is_refused(client):
    response = post(client, valid_data(topic="coalition:zz"))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not ContactRequest.objects.exists()


def test_honeypot_stops_bots_and_keeps_input(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, valid_data(**{HONEYPOT_FIELD_NAME: "http://spam.example"}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "hidden anti-spam field was filled in" in html
    assert 'value="Ana Example"' in html
    assert not ContactRequest.objects.exists()
    assert mail.outbox == []


def test_rate_limit_per_ip_with_a_clear_message(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_FORM_RATE = "2/m"
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            assert post(client, valid_data(), REMOTE_ADDR="192.0.2.1").status_code == 302
        response = post(client, valid_data(), REMOTE_ADDR="192.0.2.1")
    assert response.status_code == 429
    html = response.content.decode()
    assert "too many times" in html
    assert 'value="Ana Example"' in html
    assert ContactRequest.objects.count() == 2
    assert len(mail.outbox) == 2
    assert post(client, valid_data(), REMOTE_ADDR="192.0.2.2").status_code == 302


def test_confirmation_page(client):
    response = client.get(DONE_URL)
    assert response.status_code == 200
    assert "your message has been sent" in response.content.decode()


def test_subject_is_plain_text_not_html(client, django_capture_on_commit_callbacks):
    """The subject is a mail header: "&" and "<" in a name stay as typed, not &amp; / &lt;."""
    NationalCoalitionFactory(country="BE", name="Skills & Jobs <Belgium>")
    with django_capture_on_commit_callbacks(execute=True):
        post(client, valid_data(topic="coalition:be"))
    assert mail.outbox[0].subject == "[Coalition Portal] Message about Skills & Jobs <Belgium>"
