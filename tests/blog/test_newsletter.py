import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from blog import services
from blog.models import Subscriber
from core.forms import HONEYPOT_FIELD_NAME

from .factories import SubscriberFactory

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/en/newsletter/"
VALID = {"email": "ana@example.org", "consent": "on"}


def subscribe(client, django_capture_on_commit_callbacks, data=VALID, **extra):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(SUBSCRIBE, data, **extra)


def link_in(message, name: str) -> str:
    pattern = rf"http://testserver(/en/newsletter/{name}/[^/\s\"]+/)"
    return re.search(pattern, message.body).group(1)


def without_csrf(response) -> str:
    # The CSRF token is masked differently on every page; the rest must be identical.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_subscribe_page_has_the_form(client):
    html = client.get(SUBSCRIBE).content.decode()
    assert "<h1>Subscribe to the newsletter</h1>" in html
    assert 'name="email"' in html and 'name="consent"' in html
    assert f'name="{HONEYPOT_FIELD_NAME}"' in html
    assert "csrfmiddlewaretoken" in html


def test_double_opt_in(client, django_capture_on_commit_callbacks):
    response = subscribe(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response.url == reverse("newsletter:subscribe-done")
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING
    assert not Subscriber.objects.confirmed().exists()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.org"]
    assert "confirm" in message.subject.lower()
    html_body, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    confirm_path = link_in(message, "confirm")
    assert confirm_path in html_body
    unsubscribe_path = link_in(message, "unsubscribe")
    assert unsubscribe_path in html_body
    assert message.extra_headers["List-Unsubscribe"] == f"<http://testserver{unsubscribe_path}>"

    # Opening the link (or a mail scanner fetching it) changes nothing; the button confirms.
    page = client.get(confirm_path)
    assert page.status_code == 200
    assert "Confirm my subscription" in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING

    response = client.post(confirm_path)
    assert response.url == reverse("newsletter:confirm-done")
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.confirmed_at is not None
    assert list(Subscriber.objects.confirmed()) == [subscriber]
    # Confirming twice is harmless.
    assert client.post(confirm_path).status_code == 302


def test_consent_is_required_and_input_is_kept(client):
    response = client.post(SUBSCRIBE, {"email": "ana@example.org"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please tick this box to subscribe." in html
    assert 'value="ana@example.org"' in html
    assert 'id="error-summary"' in html
    assert not Subscriber.objects.exists()
    assert not mail.outbox


def test_invalid_email_is_refused(client):
    response = client.post(SUBSCRIBE, {"email": "not-an-address", "consent": "on"})
    assert response.status_code == 200
    assert 'value="not-an-address"' in response.content.decode()
    assert not Subscriber.objects.exists()


def test_the_answer_is_the_same_whether_or_not_the_address_is_known(
    client, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="known@example.org", confirmed=True)
    unknown = subscribe(
        client, django_capture_on_commit_callbacks, {**VALID, "email": "new@example.org"}
    )
    known = subscribe(
        client, django_capture_on_commit_callbacks, {**VALID, "email": "KNOWN@example.org"}
    )
    assert (unknown.status_code, unknown.url) == (known.status_code, known.url)
    assert without_csrf(client.get(unknown.url)) == without_csrf(client.get(known.url))
    # The confirmed subscriber stays confirmed, once, and is told so by e-mail only.
    assert Subscriber.objects.filter(email__iexact="known@example.org").count() == 1
    assert Subscriber.objects.get(email="known@example.org").status == "confirmed"
    already = [
        m for m in mail.outbox if m.to == ["KNOWN@example.org"] or m.to == ["known@example.org"]
    ]
    assert len(already) == 1 and "already subscribed" in already[0].subject
    assert "/en/newsletter/unsubscribe/" in already[0].body


def test_subscribing_twice_while_pending_resends_the_link(
    client, django_capture_on_commit_callbacks
):
    subscribe(client, django_capture_on_commit_callbacks)
    subscribe(client, django_capture_on_commit_callbacks)
    assert Subscriber.objects.count() == 1
    assert len(mail.outbox) == 2
    assert (
        link_in(mail.outbox[0], "confirm").split(":")[0]
        == link_in(mail.outbox[1], "confirm").split(":")[0]
    )


def test_confirmation_link_expires_after_seven_days(client):
    subscriber = SubscriberFactory()
    path = reverse("newsletter:confirm", kwargs={"token": services.make_confirm_token(subscriber)})
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        response = client.post(path)
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


@pytest.mark.parametrize("name", ["confirm", "unsubscribe"])
def test_forged_links_do_nothing(client, name):
    subscriber = SubscriberFactory(confirmed=True)
    for token in (subscriber.token.hex, f"{subscriber.token.hex}:forged", "garbage"):
        path = reverse(f"newsletter:{name}", kwargs={"token": token})
        assert client.get(path).status_code == 400
        assert client.post(path).status_code == 400
    assert Subscriber.objects.filter(pk=subscriber.pk, status="confirmed").exists()


def test_confirm_and_unsubscribe_links_are_not_interchangeable(client):
    subscriber = SubscriberFactory(confirmed=True)
    confirm_token = services.make_confirm_token(subscriber)
    response = client.post(reverse("newsletter:unsubscribe", kwargs={"token": confirm_token}))
    assert response.status_code == 400
    assert Subscriber.objects.exists()


def test_unsubscribe_deletes_the_address(client):
    subscriber = SubscriberFactory(confirmed=True)
    path = services.unsubscribe_url(subscriber=subscriber, base_url="http://testserver")
    path = path.removeprefix("http://testserver")
    page = client.get(path)
    assert page.status_code == 200
    assert subscriber.email in page.content.decode()
    assert Subscriber.objects.exists()
    response = client.post(path)
    assert response.url == reverse("newsletter:unsubscribe-done")
    assert not Subscriber.objects.exists()
    # The link is spent.
    assert client.post(path).status_code == 400


def test_one_click_unsubscribe_works_without_csrf_token(django_capture_on_commit_callbacks):
    from django.test import Client

    subscriber = SubscriberFactory(confirmed=True)
    path = services.unsubscribe_url(subscriber=subscriber, base_url="").lstrip()
    client = Client(enforce_csrf_checks=True)
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 302
    assert not Subscriber.objects.exists()


def test_confirm_needs_a_csrf_token():
    from django.test import Client

    subscriber = SubscriberFactory()
    path = reverse("newsletter:confirm", kwargs={"token": services.make_confirm_token(subscriber)})
    assert Client(enforce_csrf_checks=True).post(path).status_code == 403


def test_an_old_unsubscribe_link_never_acts_on_a_new_subscription(client):
    old = SubscriberFactory(email="ana@example.org", confirmed=True)
    path = services.unsubscribe_url(subscriber=old, base_url="")
    services.unsubscribe(subscriber=old)
    SubscriberFactory(email="ana@example.org", confirmed=True)
    assert client.post(path).status_code == 400
    assert Subscriber.objects.count() == 1


def test_honeypot_stops_bots(client):
    response = client.post(SUBSCRIBE, {**VALID, HONEYPOT_FIELD_NAME: "http://spam.example"})
    assert response.status_code == 200
    assert response.context["form"].honeypot_triggered
    assert not Subscriber.objects.exists()
    assert not mail.outbox


def test_rate_limit(client, settings, django_capture_on_commit_callbacks):
    settings.PUBLIC_FORM_RATE = "2/m"
    for n in range(2):
        subscribe(
            client, django_capture_on_commit_callbacks, {**VALID, "email": f"a{n}@example.org"}
        )
    response = client.post(SUBSCRIBE, {**VALID, "email": "late@example.org"})
    assert response.status_code == 429
    assert 'value="late@example.org"' in response.content.decode()
    assert not Subscriber.objects.filter(email="late@example.org").exists()


def test_every_page_links_to_the_newsletter_without_a_csrf_token_or_query(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get(reverse("portal:privacy"))
    html = response.content.decode()
    assert f'<a class="btn btn-primary" href="{SUBSCRIBE}">Subscribe to the newsletter</a>' in html
    # No form token and no cookie: the page can be cached whole for anonymous visitors.
    assert "csrfmiddlewaretoken" not in html
    assert not response.cookies


def test_unconfirmed_addresses_are_purged_after_the_link_expires():
    stale = SubscriberFactory(confirmation_sent_at=timezone.now() - timedelta(days=8))
    fresh = SubscriberFactory()
    kept = SubscriberFactory(
        confirmed=True, confirmation_sent_at=timezone.now() - timedelta(days=30)
    )
    assert services.purge_unconfirmed_subscribers() == 1
    assert set(Subscriber.objects.all()) == {fresh, kept}
    assert not Subscriber.objects.filter(pk=stale.pk).exists()


@pytest.mark.parametrize("name", ["subscribe-done", "confirm-done", "unsubscribe-done"])
def test_done_pages(client, name):
    response = client.get(reverse(f"newsletter:{name}"))
    assert response.status_code == 200
    assert response.content.decode().count("<h1") == 1


def test_purge_command():
    from io import StringIO

    from django.core.management import call_command

    SubscriberFactory(confirmation_sent_at=timezone.now() - timedelta(days=8))
    out = StringIO()
    call_command("purge_newsletter_subscribers", stdout=out)
    assert "Deleted 1 unconfirmed" in out.getvalue()
    assert not Subscriber.objects.exists()
