"""Every e-mail through the durable queue: the real database backend, its worker loop and a
local SMTP server (tests/core/queue.py); nothing of the queue or of SMTP is mocked."""

import datetime
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy
from django_tasks_db.models import DBTaskResult

from core.mail import MissingReference, deserialise_context, send_templated_mail, serialise_context
from core.models import OutgoingEmail
from core.secretariat import SECRETARIAT_GROUP
from core.services import queue_status
from tests.accounts.factories import SecretariatUserFactory, UserFactory

from .queue import run_worker, run_worker_in_thread

pytestmark = pytest.mark.django_db(transaction=True)
postgres_only = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="concurrent workers and processes share the test database on PostgreSQL only",
)
S = OutgoingEmail.Status
BASE_DIR = Path(__file__).resolve().parents[2]


def send_contact_mail(**overrides):
    kwargs = {
        "template": "tests/email/queued",
        "context": {"name": "Ana", "count": 3},
        "subject": "Hello\nAna",
        "to": ["ana@example.org"],
    }
    kwargs.update(overrides)
    return send_templated_mail(**kwargs)


def travel_to_next_retry():
    """The clock moves to the earliest retry's time."""
    due = DBTaskResult.objects.ready().count()
    assert due == 0
    run_after = DBTaskResult.objects.filter(status="READY").order_by("run_after").first().run_after
    return time_machine.travel(run_after + datetime.timedelta(seconds=1), tick=True)


@pytest.fixture(autouse=True)
def _mail_template(settings, tmp_path):
    folder = tmp_path / "templates" / "tests" / "email"
    folder.mkdir(parents=True)
    (folder / "queued.txt").write_text(
        "{% load i18n %}Hello {{ name }}, {{ count }} pledges, "
        "{% get_current_language as lang %}{{ lang }}{% if user %}, {{ user.email }}{% endif %}"
    )
    (folder / "queued.html").write_text("<p>Hello {{ name }}</p>")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates", *settings.TEMPLATES[0]["DIRS"]]}
    ]


# --- Down, then up -----------------------------------------------------------------------


def test_a_mail_sent_while_the_server_is_down_waits_and_is_delivered_once(queue):
    outgoing = send_contact_mail()  # the caller never talks to SMTP: it succeeds
    assert OutgoingEmail.objects.get().status == S.QUEUED

    run_worker()  # the server is down: the attempt fails, a retry is scheduled
    outgoing.refresh_from_db()
    assert outgoing.status == S.QUEUED
    assert outgoing.attempts == 1
    assert "Connection refused" in outgoing.last_error or "Errno" in outgoing.last_error
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after > timezone.now() + datetime.timedelta(seconds=50)

    queue.start()
    run_worker()  # the retry is not due yet
    assert queue.messages == []
    with travel_to_next_retry():
        run_worker()
        run_worker()
    outgoing.refresh_from_db()
    assert outgoing.status == S.SENT
    assert outgoing.attempts == 2
    assert outgoing.sent_at is not None
    assert queue.recipients() == [["ana@example.org"]]
    body = queue.messages[0].content.decode()
    assert "Subject: Hello Ana" in body
    assert "Hello Ana, 3 pledges, en" in body


def test_retries_wait_longer_each_time_then_the_mail_is_marked_failed(queue, settings):
    settings.MAIL_RETRY_DELAYS = (60, 120, 240)
    outgoing = send_contact_mail()
    run_worker()
    delays = []
    for _attempt in range(3):
        retry = DBTaskResult.objects.get(status="READY")
        outgoing.refresh_from_db()
        delays.append(round((retry.run_after - outgoing.last_attempt_at).total_seconds()))
        with travel_to_next_retry():
            run_worker()
    outgoing.refresh_from_db()
    assert delays == [60, 120, 240]
    assert outgoing.status == S.FAILED
    assert outgoing.attempts == 4  # the first attempt and three retries
    assert not DBTaskResult.objects.filter(status="READY").exists()  # no more tries
    assert queue_status().mails_failed == 1


# --- Transactions ------------------------------------------------------------------------


def test_a_rolled_back_transaction_records_and_enqueues_nothing(queue):
    with pytest.raises(RuntimeError), transaction.atomic():
        send_contact_mail()
        raise RuntimeError("the change fails after the mail was asked for")
    assert not OutgoingEmail.objects.exists()
    assert not DBTaskResult.objects.exists()
    queue.start()
    run_worker()
    assert queue.messages == []


def test_a_committed_mail_survives_the_process_and_another_worker_sends_it(queue):
    with transaction.atomic():
        send_contact_mail()
    # The process that committed "dies" here: its connection goes; a worker elsewhere,
    # on a connection of its own, finds the mail and sends it.
    connection.close()
    queue.start()
    run_worker_in_thread()
    assert OutgoingEmail.objects.get().status == S.SENT
    assert queue.recipients() == [["ana@example.org"]]


@postgres_only
def test_a_worker_in_another_process_sends_what_was_committed(queue, tmp_path):
    send_contact_mail()
    queue.start()
    # A fresh process on the test database: nothing in memory survives from the one that
    # enqueued.
    server = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    script = (
        "import django; django.setup();"
        "from django.conf import settings;"
        "from django.test.utils import override_settings;"
        "from tests.core.queue import DATABASE_TASKS, run_worker;"
        "override_settings(TASKS=DATABASE_TASKS,"
        " EMAIL_BACKEND='django.core.mail.backends.smtp.EmailBackend',"
        f" EMAIL_HOST='127.0.0.1', EMAIL_PORT={queue.port}, EMAIL_USE_TLS=False,"
        " TEMPLATES=[{**settings.TEMPLATES[0],"
        f" 'DIRS': [{str(tmp_path / 'templates')!r}, *settings.TEMPLATES[0]['DIRS']]}}]).enable();"
        "run_worker()"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coalition_portal.settings.test",
        "DATABASE_URL": f"{server}/{connection.settings_dict['NAME']}",
    }
    subprocess.run(
        [sys.executable, "-c", script], cwd=BASE_DIR, env=environment, check=True, timeout=120
    )
    assert OutgoingEmail.objects.get().status == S.SENT
    assert queue.recipients() == [["ana@example.org"]]


# --- Exactly once ----------------------------------------------------------------------------


def test_send_again_does_not_send_a_mail_that_was_sent(queue, settings):
    settings.MAIL_RETRY_DELAYS = ()
    outgoing = send_contact_mail()
    run_worker()
    outgoing.refresh_from_db()
    assert outgoing.status == S.FAILED

    queue.start()
    from core.mail import send_again

    assert send_again(OutgoingEmail.objects.all()) == 1
    run_worker()
    outgoing.refresh_from_db()
    assert outgoing.status == S.SENT
    assert send_again(OutgoingEmail.objects.all()) == 0
    # A leftover task for the same mail (a duplicate enqueue) finds it sent and does nothing.
    from core.tasks import send_outgoing_email

    send_outgoing_email.enqueue(outgoing.pk)
    run_worker()
    assert len(queue.messages) == 1


@postgres_only  # SQLite serves one worker at a time (README "Background work")
def test_two_workers_at_once_send_each_mail_once(queue):
    for number in range(6):
        send_contact_mail(to=[f"person{number}@example.org"])
    queue.start()
    import threading

    threads = [threading.Thread(target=run_worker_in_thread) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(r[0] for r in queue.recipients()) == [
        f"person{number}@example.org" for number in range(6)
    ]
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {S.SENT}


# --- The stored context ------------------------------------------------------------------


def test_the_context_is_stored_as_json_with_references_and_rendered_in_its_language(queue):
    user = UserFactory(email="ref@example.org")
    context = {
        "user": user,
        "name": gettext_lazy("English"),
        "count": Decimal("1.50"),
        "dates": [datetime.date(2026, 12, 1), timezone.now()],
        "nested": {"users": [user], "flag": True, "none": None},
    }
    data = serialise_context(context)
    assert data["user"] == {"__mail__": "model", "model": "accounts.user", "pk": user.pk}
    assert data["name"] == "English"
    again = deserialise_context(data)
    assert again["user"] == user
    assert again["count"] == Decimal("1.50")
    assert again["dates"] == context["dates"]
    assert again["nested"]["users"] == [user]

    with translation.override("fr"):
        outgoing = send_contact_mail(context={"name": "Ana", "count": 1, "user": user})
    assert outgoing.language == "fr"
    queue.start()
    run_worker()
    assert "Hello Ana, 1 pledges, fr, ref@example.org" in queue.messages[0].content.decode()


def test_a_context_value_that_cannot_be_stored_fails_the_caller():
    with pytest.raises(TypeError, match="object"):
        send_contact_mail(context={"thing": object()})
    assert not OutgoingEmail.objects.exists()


def test_a_mail_whose_row_was_deleted_is_marked_failed_with_the_reason(queue):
    user = UserFactory()
    outgoing = send_contact_mail(context={"name": "Ana", "count": 1, "user": user})
    user.delete()
    queue.start()
    run_worker()
    outgoing.refresh_from_db()
    assert outgoing.status == S.FAILED
    assert f"accounts.User #{outgoing.context['user']['pk']} no longer exists" in (
        outgoing.last_error
    )
    assert queue.messages == []
    with pytest.raises(MissingReference):
        deserialise_context(outgoing.context)


def test_with_the_immediate_backend_of_the_tests_the_mail_is_sent_at_once(mailoutbox):
    send_contact_mail()
    assert [m.to for m in mailoutbox] == [["ana@example.org"]]
    assert OutgoingEmail.objects.get().status == S.SENT


# --- Monitoring --------------------------------------------------------------------------


def test_queue_status_prints_the_backlog_and_fails_when_the_oldest_is_too_old(queue, capsys):
    call_command("queue_status")
    assert "mails waiting: 0" in capsys.readouterr().out
    with time_machine.travel(timezone.now() - datetime.timedelta(minutes=30)):
        send_contact_mail()
    call_command("queue_status", "--max-age", "60")
    out = capsys.readouterr().out
    assert "tasks due: 1" in out
    assert "mails waiting: 1" in out
    with pytest.raises(CommandError, match=r"30\.0 minutes") as error:
        call_command("queue_status", "--max-age", "15")
    assert error.value.returncode == 1


# --- The admin ---------------------------------------------------------------------------


@pytest.fixture
def secretariat_client(client):
    user = SecretariatUserFactory()
    assert user.groups.filter(name=SECRETARIAT_GROUP).exists()
    client.force_login(user)
    return client


def test_the_secretariat_group_may_view_and_resend_mails_and_nothing_more():
    codenames = set(
        Group.objects.get(name=SECRETARIAT_GROUP)
        .permissions.filter(content_type__app_label="core")
        .values_list("codename", flat=True)
    )
    assert codenames == {"view_outgoingemail", "resend_outgoingemail"}


def test_the_secretariat_sees_the_mails_and_sends_a_failed_one_again(
    queue, settings, secretariat_client
):
    settings.MAIL_RETRY_DELAYS = ()
    failed = send_contact_mail(to=["failed@example.org"], subject="Needs a second try")
    run_worker()
    queue.start()
    sent = send_contact_mail(to=["sent@example.org"], subject="Went out")
    run_worker()

    index = secretariat_client.get(reverse("admin:index")).content.decode()
    assert 'id="queue-status"' in index
    changelist = reverse("admin:core_outgoingemail_changelist")
    page = secretariat_client.get(changelist, {"status__exact": "failed"}).content.decode()
    assert "Needs a second try" in page and "failed@example.org" in page
    assert "Went out" not in page
    assert "Connection refused" in page or "Errno" in page
    assert secretariat_client.get(changelist, {"q": "sent@example"}).status_code == 200
    assert secretariat_client.get(reverse("admin:core_outgoingemail_add")).status_code == 403

    response = secretariat_client.post(
        changelist,
        {"action": "send_again", ACTION_CHECKBOX_NAME: [failed.pk, sent.pk]},
        follow=True,
    )
    assert "1 mail queued again." in response.content.decode()
    assert "1 mail was already sent and was left alone." in response.content.decode()
    run_worker()
    assert sorted(queue.recipients()) == [["failed@example.org"], ["sent@example.org"]]
    assert OutgoingEmail.objects.get(pk=failed.pk).status == S.SENT


def test_staff_without_the_group_cannot_see_or_resend_mails(client, queue):
    failed = send_contact_mail()
    client.force_login(UserFactory(is_staff=True))
    changelist = reverse("admin:core_outgoingemail_changelist")
    assert client.get(changelist).status_code == 403
    response = client.post(changelist, {"action": "send_again", ACTION_CHECKBOX_NAME: [failed.pk]})
    assert response.status_code == 403
    assert 'id="queue-status"' not in client.get(reverse("admin:index")).content.decode()
