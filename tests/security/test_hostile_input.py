"""Input that used to end in a 500 or slip through: each gets the portal's own 4xx page."""

import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import reverse

from core.clientip import UNKNOWN, client_ip
from core.forms import HONEYPOT_FIELD_NAME
from core.search import normalise_query
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

LONG_PASSWORD = "correct horse battery staple " * 10  # 290 characters


@pytest.mark.parametrize("path", ["/en/search/?q=ab%00cd", "/en/pledges/?q=ab%00cd", "/en/?a%00=b"])
def test_nul_in_the_query_string_is_a_400_with_the_portal_page(path):
    response = Client().get(path)
    assert response.status_code == 400
    assert "<h1>Bad request</h1>" in response.content.decode()


def test_the_search_query_never_carries_a_nul():
    assert normalise_query("ab\x00cd") == "ab cd"


@pytest.mark.parametrize(
    "path", ["/en/newsletter/", "/en/accounts/login/", "/en/national-coalitions/contact/"]
)
def test_a_form_posted_as_utf16_is_a_400_with_the_portal_page(path):
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = "a" * 32  # so that the CSRF check reads the form data
    response = client.post(
        path,
        "email=a%40b.c",  # encoded in UTF-16 by the test client
        content_type="application/x-www-form-urlencoded; charset=utf-16",
    )
    assert response.status_code == 400
    assert "<h1>Bad request</h1>" in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/en/", "/en/blog/feed/atom/", "/en/pledges/feed/", "/sitemap.xml"]
)
@pytest.mark.parametrize("method", ["TRACE", "PUT", "DELETE", "PROPFIND"])
def test_unknown_methods_are_405(path, method):
    response = Client().generic(method, path)
    assert response.status_code == 405
    assert "GET" in response["Allow"]


@pytest.mark.parametrize("host", ["127.0.0.1:99999", "127.0.0.1:0", "localhost:8o", "[::1]:70000"])
def test_a_host_with_an_invalid_port_is_refused(host):
    response = Client().get("/en/", HTTP_HOST=host)
    assert response.status_code == 400
    assert "<h1>Bad request</h1>" in response.content.decode()


def test_a_host_with_a_valid_port_is_served():
    assert Client().get("/en/", HTTP_HOST="127.0.0.1:8000").status_code == 200


def test_a_body_announced_too_large_is_refused_unread_with_a_413_page():
    response = Client().post(
        "/en/newsletter/",
        b"--x--\r\n",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(30 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "<h1>File too large</h1>" in response.content.decode()


def test_a_file_over_the_upload_limit_is_a_413_page():
    big = SimpleUploadedFile("big.png", b"\0" * (10 * 1024 * 1024 + 1), "image/png")
    response = Client().post("/en/newsletter/", {"email": "a@b.c", "image": big})
    assert response.status_code == 413
    assert "10.0\xa0MB" in response.content.decode()


def test_form_fields_over_the_data_limit_are_a_413_page():
    response = Client().post("/en/newsletter/", {"email": "a@b.c", "x": "y" * 3_000_000})
    assert response.status_code == 413


# --- Client IP -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "198.51.100.7", "10.0.0.2"),  # no proxy: the header is the client's, ignored
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # spoofed hop prepended: ignored
        (1, "6.6.6.6,7.7.7.7 , 198.51.100.7", "198.51.100.7"),
        (2, "6.6.6.6, 198.51.100.7, 10.0.0.9", "198.51.100.7"),  # load balancer + nginx
        (2, "198.51.100.7", "10.0.0.2"),  # fewer hops than proxies: the socket's address
        (1, "", "10.0.0.2"),  # missing
        (1, "not-an-ip", "10.0.0.2"),
        (1, "6.6.6.6, <script>", "10.0.0.2"),
        (1, "198.51.100.7:4711", "198.51.100.7"),
        (1, "[2001:db8::7]:443", "2001:db8::7"),
        (1, "2001:DB8::7", "2001:db8::7"),
    ],
)
def test_client_ip_from_trusted_proxies(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/en/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_client_ip_without_any_address_is_never_an_error(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(RequestFactory().get("/en/", REMOTE_ADDR="")) == UNKNOWN


@pytest.mark.parametrize("forwarded", ["", "nonsense", "1.2.3.4, , ,", "::::, 1.2.3.4"])
def test_rate_limited_forms_never_fail_on_the_header(settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 1
    response = Client().post(
        reverse("newsletter:subscribe"),
        {"email": "reader@example.org", "consent": "on", HONEYPOT_FIELD_NAME: ""},
        HTTP_X_FORWARDED_FOR=forwarded,
    )
    assert response.status_code == 302


def test_prepending_hops_does_not_escape_the_login_lock_out(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    user = UserFactory(email="ana@example.org", password="a-long-pass-phrase")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client = Client()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("account_login"),
            {"login": "ana@example.org", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}, 198.51.100.7",
        )
    response = client.post(
        reverse("account_login"),
        {"login": "ana@example.org", "password": "a-long-pass-phrase"},
        HTTP_X_FORWARDED_FOR="192.0.2.99, 198.51.100.7",
    )
    assert response.status_code == 429
    assert response["Retry-After"] == str(int(settings.AXES_COOLOFF_TIME.total_seconds()))


# --- Passwords -----------------------------------------------------------------------


def test_sign_up_refuses_an_overlong_password():
    response = Client().post(
        reverse("account_signup"),
        {
            "email": "new@example.org",
            "password1": LONG_PASSWORD,
            "password2": LONG_PASSWORD,
            HONEYPOT_FIELD_NAME: "",
        },
    )
    assert response.status_code == 200
    assert "This password is too long. It may have at most 128 characters." in (
        response.content.decode()
    )


def test_password_change_refuses_an_overlong_password():
    user = UserFactory(email="ana@example.org", password="a-long-pass-phrase")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client = Client()
    client.force_login(user)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "a-long-pass-phrase",
            "password1": LONG_PASSWORD,
            "password2": LONG_PASSWORD,
        },
    )
    assert response.status_code == 200
    assert "at most 128 characters" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("a-long-pass-phrase")
