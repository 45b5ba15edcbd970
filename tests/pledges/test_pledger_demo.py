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
        "/accounts/login/", {"login": "pledger@example.org", "password": DEMO_PLEDGER_PASSWORD}
    )
    assert response.status_code == 302
    assert "After-school coding clubs" in client.get("/my/pledges/").content.decode()


def test_demo_accounts_have_no_known_password_outside_development(client, settings):
    settings.DEBUG = False
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert DEMO_PLEDGER_PASSWORD not in out.getvalue()
    response = client.post(
        "/accounts/login/", {"login": "pledger@example.org", "password": DEMO_PLEDGER_PASSWORD}
    )
    assert response.status_code == 200
