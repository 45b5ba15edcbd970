from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_404_uses_the_portal_template(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "skip-link" in response.content.decode()


def test_security_headers(client):
    response = client.get(reverse("portal:home"))
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_hsts_is_sent_over_https(client):
    response = client.get(reverse("portal:home"), secure=True)
    assert response.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )


def test_pages_have_no_inline_scripts_or_handlers(client):
    html = client.get(reverse("portal:home")).content.decode()
    assert "<script>" not in html
    assert " onclick=" not in html and " onload=" not in html
    assert "<script src=" in html


class TestHealth:
    def test_liveness_needs_no_database_and_ignores_allowed_hosts(self, client):
        with mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.cursor") as cursor:
            response = client.get("/healthz", HTTP_HOST="10.0.0.12:8000")
        assert response.status_code == 200
        assert response.content == b"ok"
        cursor.assert_not_called()

    def test_readiness_runs_a_query(self, client, django_assert_num_queries):
        with django_assert_num_queries(1):
            response = client.get("/readyz", HTTP_HOST="10.0.0.12:8000")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": "up"}

    def test_readiness_is_503_when_the_database_is_down(self, client):
        with mock.patch(
            "django.db.backends.base.base.BaseDatabaseWrapper.cursor",
            side_effect=OperationalError("connection refused"),
        ):
            response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json()["database"] == "down"

    def test_other_paths_still_check_the_host(self, client):
        client.raise_request_exception = False
        response = client.get("/en/", HTTP_HOST="evil.example.com")
        assert response.status_code == 400
