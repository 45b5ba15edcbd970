"""A pledger submits a pledge while the mail server is down: the page says it worked, and the
mails go out once the server is back (the real database queue, worker and SMTP server)."""

import datetime

import pytest
import time_machine
from django.conf import settings as django_settings
from django_tasks_db.models import DBTaskResult

from core.models import OutgoingEmail
from pledges.models import ActionType, Pledge, TargetGroup
from tests.core.queue import SMTPServer, run_worker, use_database_queue
from tests.organisations.factories import MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def smtp_down(settings):
    server = SMTPServer()
    use_database_queue(settings, server)
    yield server
    server.stop()


def pledge_form(**overrides):
    data = {
        "title": "Cyber-security basics for 1,000 small firms",
        "summary": "Short workshops for owners of small firms.",
        "description": "Half-day workshops in twelve cities.",
        "website": "https://example.org/cyber",
        "target_groups": [str(TargetGroup.objects.get(code="labour-force").pk)],
        "action_types": [str(ActionType.objects.order_by("pk")[0].pk)],
        "countries": ["BE", "FR"],
        "start_date": "2026-09-01",
        "end_date": "2027-06-30",
        "targets-TOTAL_FORMS": "1",
        "targets-INITIAL_FORMS": "0",
        "targets-MIN_NUM_FORMS": "0",
        "targets-MAX_NUM_FORMS": "30",
        "targets-0-indicator": "people-trained",
        "targets-0-description": "",
        "targets-0-target_number": "1000",
        "save": "",
        "submit": "1",
    }
    data.update(overrides)
    return data


def test_a_pledge_submitted_while_the_mail_server_is_down(client, smtp_down):
    member = MembershipFactory(user__email="pledger@example.org")
    client.force_login(member.user)

    response = client.post("/en/pledges/new/", pledge_form())
    assert response.status_code == 302  # the pledger sees success, not a 500
    assert response.url == "/en/my/pledges/"
    assert Pledge.objects.get().status == Pledge.Status.SUBMITTED
    assert "submitted for review" in client.get("/en/my/pledges/").content.decode()
    mails = OutgoingEmail.objects.all()
    assert mails.count() == 2  # to the organisation, and to the Secretariat
    assert set(mails.values_list("status", flat=True)) == {"queued"}

    run_worker()  # the server is down: both wait for a retry
    assert set(mails.values_list("attempts", flat=True)) == {1}
    assert set(mails.values_list("status", flat=True)) == {"queued"}

    smtp_down.start()
    retry_at = DBTaskResult.objects.filter(status="READY").order_by("-run_after")[0].run_after
    with time_machine.travel(retry_at + datetime.timedelta(seconds=1), tick=True):
        run_worker()
        run_worker()
    assert set(mails.values_list("status", flat=True)) == {"sent"}
    recipients = sorted(sorted(envelope.rcpt_tos) for envelope in smtp_down.messages)
    organisation = sorted([member.organisation.contact_email, "pledger@example.org"])
    assert recipients == sorted([organisation, [django_settings.SECRETARIAT_EMAIL]])
