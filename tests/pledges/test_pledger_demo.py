from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command

from pledges.demo import DEMO_PLEDGER_PASSWORD
from pledges.models import Pledge, PledgeStatusChange, ProgressReport

pytestmark = pytest.mark.django_db


def test_demo_has_pledges_in_every_status_with_targets_and_reports():
    call_command("load_demo", stdout=StringIO())
    assert set(Pledge.objects.values_list("status", flat=True)) == set(Pledge.Status.values)
    for pledge in Pledge.objects.exclude(status=Pledge.Status.DRAFT):
        assert pledge.targets.exists()
        assert PledgeStatusChange.objects.filter(pledge=pledge).exists()
        assert "(demo)" in pledge.title
    published = Pledge.objects.public()
    assert ProgressReport.objects.filter(pledge__in=published).exists()
    assert any(t.achieved for p in published for t in p.targets.all())


def test_demo_pledger_can_sign_in_on_a_development_server(client, settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert DEMO_PLEDGER_PASSWORD in out.getvalue()
    assert EmailAddress.objects.get(email="pledger@example.org").verified
    response = client.post(
        "/en/accounts/login/", {"login": "pledger@example.org", "password": DEMO_PLEDGER_PASSWORD}
    )
    assert response.status_code == 302
    assert "After-school coding clubs" in client.get("/en/my/pledges/").content.decode()


def test_demo_accounts_have_no_known_password_outside_development(client, settings):
    settings.DEBUG = False
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert DEMO_PLEDGER_PASSWORD not in out.getvalue()
    response = client.post(
        "/en/accounts/login/", {"login": "pledger@example.org", "password": DEMO_PLEDGER_PASSWORD}
    )
    assert response.status_code == 200


def test_demo_has_pledges_in_other_languages_and_a_translated_one():
    call_command("load_demo", stdout=StringIO())
    languages = dict(Pledge.objects.public().values_list("slug", "language"))
    assert {"pl", "it", "es"} <= set(languages.values())
    assert languages["after-school-coding-clubs-demo"] == "en"
    polish = Pledge.objects.get(language="pl")
    assert "(demo)" in polish.title and polish.description.endswith("Dane demonstracyjne.")
    clubs = Pledge.objects.get(slug="after-school-coding-clubs-demo")
    assert dict(clubs.translations.values_list("language", "title")) == {
        "fr": "Clubs de codage périscolaires dans 200\u00a0écoles (démo)",
        "de": "Programmier-AGs nach dem Unterricht an 200 Schulen (Demo)",
    }
    shown = Pledge.objects.in_language("de").get(pk=clubs.pk)
    assert shown.shown_title.startswith("Programmier-AGs") and shown.shown_language == "de"
