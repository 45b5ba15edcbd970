"""Accounts with django-allauth: sign-up with e-mail verification, sign-in, throttling."""

import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail

from core.forms import HONEYPOT_FIELD_NAME

from .factories import DEFAULT_PASSWORD, SecretariatUserFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-and-unusual-passphrase-42"
SIGNUP = {"email": "ana@example.org", "password1": PASSWORD, "password2": PASSWORD}


def verified_user(**kwargs):
    user = UserFactory(**kwargs)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_signup_sends_a_verification_link_that_signs_the_person_in(client):
    response = client.post("/en/accounts/signup/", SIGNUP)
    assert response.status_code == 302
    assert response.url == "/en/accounts/confirm-email/"
    user = get_user_model().objects.get(email="ana@example.org")
    assert not EmailAddress.objects.get(user=user).verified
    # Mandatory verification: no session until the address is confirmed.
    assert client.get("/en/my/pledges/").status_code == 302
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[1]
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert client.get("/en/my/pledges/").status_code == 200


def test_signup_errors_keep_what_was_typed(client):
    response = client.post("/en/accounts/signup/", {**SIGNUP, "password2": "different"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert 'value="ana@example.org"' in html
    assert not get_user_model().objects.exists()


def test_signup_honeypot(client):
    response = client.post("/en/accounts/signup/", {**SIGNUP, HONEYPOT_FIELD_NAME: "spam"})
    assert response.status_code == 200
    assert "hidden anti-spam field" in response.content.decode()
    assert not get_user_model().objects.exists()


def test_signup_is_rate_limited_per_ip_and_keeps_input(client, settings, time_machine):
    time_machine.move_to(datetime.datetime(2026, 7, 15, 12, 0, 10, tzinfo=datetime.UTC), tick=False)
    settings.PUBLIC_FORM_RATE = "2/m"
    for n in range(2):
        client.post("/en/accounts/signup/", {**SIGNUP, "email": f"p{n}@example.org"})
    response = client.post("/en/accounts/signup/", SIGNUP)
    assert response.status_code == 429
    assert 'value="ana@example.org"' in response.content.decode()
    assert not get_user_model().objects.filter(email="ana@example.org").exists()


def test_login_with_email_and_logout_by_post(client):
    user = verified_user()
    response = client.post(
        "/en/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == "/en/my/pledges/"
    assert "Sign out" in client.get("/en/my/pledges/").content.decode()
    response = client.post("/en/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/en/my/pledges/").status_code == 302


def test_header_offers_sign_in_and_sign_up_to_visitors(client):
    html = client.get("/en/").content.decode()
    assert 'href="/en/accounts/login/"' in html
    assert 'href="/en/accounts/signup/"' in html


def test_password_reset_sends_a_link(client):
    user = verified_user()
    response = client.post("/en/accounts/password/reset/", {"email": user.email})
    assert response.status_code == 302
    assert "/en/accounts/password/reset/key/" in mail.outbox[0].body


def failed_login(client, email, ip="192.0.2.10"):
    return client.post("/en/accounts/login/", {"login": email, "password": "wrong"}, REMOTE_ADDR=ip)


def test_repeated_failed_logins_lock_out_that_email_from_that_ip_for_a_while(
    client, settings, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 7, 15, 12, tzinfo=datetime.UTC), tick=False)
    user = verified_user()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert failed_login(client, user.email).status_code == 200
    response = failed_login(client, user.email)
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "15 minutes" in response.content.decode()
    # Even the right password is refused during the cool-off...
    good = {"login": user.email, "password": DEFAULT_PASSWORD}
    assert client.post("/en/accounts/login/", good, REMOTE_ADDR="192.0.2.10").status_code == 429
    # ...but not from another address, nor for another account from the same address.
    other = verified_user()
    assert failed_login(client, other.email).status_code == 200
    response = client.post("/en/accounts/login/", good, REMOTE_ADDR="192.0.2.99")
    assert response.status_code == 302
    client.post("/en/accounts/logout/")
    # Never a permanent lock: after the cool-off the right password works again.
    time_machine.move_to(datetime.datetime(2026, 7, 15, 12, 16, tzinfo=datetime.UTC), tick=False)
    response = client.post("/en/accounts/login/", good, REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 302


def test_admin_login_is_throttled_too(client, settings):
    user = SecretariatUserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(
            "/admin/login/", {"username": user.email, "password": "wrong"}, REMOTE_ADDR="192.0.2.5"
        )
    assert response.status_code == 429
    response = client.post(
        "/admin/login/",
        {"username": user.email, "password": DEFAULT_PASSWORD},
        REMOTE_ADDR="192.0.2.6",
    )
    assert response.status_code == 302
