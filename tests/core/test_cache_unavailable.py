"""With Redis unreachable (a real django-redis URL to a closed port) the portal still serves
every public page, sign-in and each public form from the database, and /readyz says
"degraded" (README "Security", degraded mode)."""

import socket
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from awards.models import Entry
from blog.models import Subscriber
from coalition_portal.settings.base import redis_caches
from core import content
from core.forms import HONEYPOT_FIELD_NAME
from national_coalitions.models import ContactRequest
from tests.accounts.factories import UserFactory
from tests.awards.factories import CategoryFactory, image_upload, open_edition
from tests.national_coalitions.factories import NationalCoalitionFactory

pytestmark = pytest.mark.django_db

# The pages `make bench` loads (manage.py bench_urls), and the other public pages.
OTHER_PAGES = [
    "/en/accessibility/",
    "/en/privacy/",
    "/en/search/?q=coding",
    "/robots.txt",
    "/sitemap.xml",
    "/en/blog/feed/atom/",
    "/en/pledges/feed/",
    "/en/pledges/export.csv",
    "/en/national-coalitions/contact/",
    "/en/newsletter/",
    "/en/accounts/login/",
    "/en/accounts/signup/",
    "/en/awards/",
]


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again when the socket is


@pytest.fixture
def redis_down(settings):
    settings.CACHES = redis_caches(f"redis://127.0.0.1:{closed_port()}/0")
    settings.PUBLIC_PAGE_CACHE = True
    settings.PUBLIC_FORM_RATE = "100/h"
    assert cache.get("anything") is None  # the backend really is the unreachable Redis
    assert content.shared_cache_down()
    return settings


@pytest.fixture
def demo_pages(redis_down):
    call_command("load_demo", stdout=StringIO())
    out = StringIO()
    call_command("bench_urls", stdout=out)
    return [line.split("\t", 1)[1] for line in out.getvalue().strip().splitlines()]


def test_every_public_page_renders_from_the_database(demo_pages):
    pages = [path for path in demo_pages if not path.startswith("/bench/")] + OTHER_PAGES
    for path in pages:
        for client in (Client(), Client(HTTP_COOKIE="seen=1")):  # page cache on and bypassed
            response = client.get(path)
            assert response.status_code == 200, f"{path}: HTTP {response.status_code}"


def test_readyz_reports_the_cache_as_degraded_but_stays_in_rotation(redis_down):
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "up", "cache": "unavailable"}


def test_nothing_public_is_cached_while_redis_is_down(redis_down):
    assert content.version() != content.version()
    calls = []
    assert content.cached("figure", lambda: calls.append(1) or 42, 60) == 42
    assert content.cached("figure", lambda: calls.append(1) or 42, 60) == 42
    assert len(calls) == 2


def test_sign_in_works(redis_down):
    user = UserFactory(email="ana@example.org", password="a-long-pass-phrase")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    response = Client().post(
        reverse("account_login"), {"login": "ana@example.org", "password": "a-long-pass-phrase"}
    )
    assert response.status_code == 302, response.content[:500]
    assert response.wsgi_request.user == user


def test_sign_up_works(redis_down):
    response = Client().post(
        reverse("account_signup"),
        {
            "email": "new@example.org",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
            HONEYPOT_FIELD_NAME: "",
        },
    )
    assert response.status_code == 302, response.content[:500]
    assert len(mail.outbox) == 1


def test_contact_form_saves_the_message(redis_down):
    NationalCoalitionFactory(country="BE")
    response = Client().post(
        reverse("national_coalitions:contact"),
        {
            "name": "Ana",
            "email": "ana@example.org",
            "organisation": "Example",
            "topic": "coalition:be",
            "message": "Hello",
            "consent": "on",
            HONEYPOT_FIELD_NAME: "",
        },
    )
    assert response.status_code == 302
    assert ContactRequest.objects.get().message == "Hello"


def test_newsletter_form_saves_the_address(redis_down):
    response = Client().post(
        reverse("newsletter:subscribe"),
        {"email": "reader@example.org", "consent": "on", HONEYPOT_FIELD_NAME: ""},
    )
    assert response.status_code == 302
    assert Subscriber.objects.filter(email="reader@example.org").exists()


def test_award_entry_form_saves_the_entry(redis_down):
    edition = open_edition()
    category = CategoryFactory(edition=edition)
    response = Client().post(
        reverse("awards:entry-create", args=[edition.year]),
        {
            "category": category.pk,
            "project_name": "Coding club",
            "organisation_name": "Example",
            "country": "BE",
            "description": "We teach.",
            "image": image_upload(),
            "image_alt": "Children coding",
            "contact_name": "Ana",
            "contact_email": "ana@example.org",
            "contact_phone": "",
            "consent": "on",
            HONEYPOT_FIELD_NAME: "",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Entry.objects.get().project_name == "Coding club"


@pytest.mark.urls("tests.core.form_views")
def test_rate_limits_count_in_the_process_meanwhile(redis_down):
    """The test form allows 3 a minute: still 3, counted in this process's memory."""
    client = Client()
    data = {"name": "Ana", "message": "Hello"}
    for _ in range(3):
        assert client.post("/message/", data).content == b"sent"
    response = client.post("/message/", data)
    assert response.status_code == 429
    assert response["Retry-After"] == "60"


def test_a_change_made_during_the_outage_reaches_redis_when_it_is_back(settings):
    """The version moves on when the shared cache answers again: pages cached before the
    outage must not come back. (A local-memory primary stands in for Redis coming back.)"""
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.FallbackCache",
            "LOCATION": "recovery",
            "OPTIONS": {
                "PRIMARY_BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "RETRY_SECONDS": 0,
            },
        }
    }
    before = content.version()
    cache._failed()  # as after a failed call
    assert content.shared_cache_down()
    cache.get("anything")  # answered by the primary again
    assert not content.shared_cache_down()
    assert content.version() != before
    assert Group.objects.exists()  # the database was never the problem
