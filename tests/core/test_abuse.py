import pytest

from core.forms import HONEYPOT_FIELD_NAME

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.form_views")]

VALID = {"name": "Ana", "message": "Hello <b>Secretariat</b>"}


def test_valid_submission_passes(client):
    response = client.post("/message/", VALID)
    assert response.content == b"sent"


def test_honeypot_rejects_bots_and_keeps_what_was_typed(client):
    response = client.post("/message/", {**VALID, HONEYPOT_FIELD_NAME: "http://spam.example"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "hidden anti-spam field was filled in" in html
    assert 'value="Ana"' in html
    assert "Hello &lt;b&gt;Secretariat&lt;/b&gt;" in html
    assert response.context["form"].honeypot_triggered


def test_rate_limit_blocks_with_429_and_keeps_input(client):
    for _ in range(3):
        assert client.post("/message/", VALID).content == b"sent"
    response = client.post("/message/", VALID)
    assert response.status_code == 429
    html = response.content.decode()
    assert "too many times" in html
    assert 'value="Ana"' in html


def test_rate_limit_is_per_client_ip(client):
    for _ in range(3):
        client.post("/message/", VALID, REMOTE_ADDR="192.0.2.1")
    assert client.post("/message/", VALID, REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.post("/message/", VALID, REMOTE_ADDR="192.0.2.2").content == b"sent"
