"""send_progress_reminders: who is reminded, once per period, and --dry-run."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import TestCase

from pledges.models import Pledge, ReminderLog
from tests.organisations.factories import MembershipFactory, OrganisationFactory

from .factories import PledgeFactory

pytestmark = pytest.mark.django_db
S = Pledge.Status
TODAY = datetime.datetime(2026, 10, 1, 9, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(TODAY, tick=False)


def published(organisation, *, published, reported=None, **kwargs):
    return PledgeFactory(
        organisation=organisation,
        status=S.PUBLISHED,
        published_at=datetime.datetime.fromisoformat(f"{published}T12:00:00+00:00"),
        last_reported_at=datetime.date.fromisoformat(reported) if reported else None,
        **kwargs,
    )


def run(*args):
    out = StringIO()
    # The e-mails leave after commit; run those callbacks inside the test's transaction.
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("send_progress_reminders", *args, stdout=out)
    return out.getvalue()


def test_reminds_only_organisations_with_overdue_pledges():
    late = MembershipFactory().organisation
    published(late, published="2026-01-10", reported="2026-05-01", title="Old report")
    published(late, published="2026-06-01", title="Never reported, published long ago")
    on_time = OrganisationFactory()
    published(on_time, published="2025-01-10", reported="2026-09-01")
    new = OrganisationFactory()
    published(new, published="2026-08-15")
    PledgeFactory(organisation=OrganisationFactory(), status=S.COMPLETED)
    PledgeFactory(organisation=OrganisationFactory(), status=S.DRAFT)

    output = run()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert late.contact_email in message.to
    assert set(message.to) == {late.contact_email, late.memberships.get().user.email}
    assert "Old report" in message.body
    assert "Never reported" in message.body
    assert "/progress/new/" in message.body
    assert message.alternatives[0][1] == "text/html"
    assert list(ReminderLog.objects.values_list("organisation", flat=True)) == [late.pk]
    assert "Reminded 1 organisation" in output


def test_running_twice_sends_no_duplicate():
    organisation = OrganisationFactory()
    published(organisation, published="2025-01-10")
    run()
    run()
    assert len(mail.outbox) == 1
    assert ReminderLog.objects.count() == 1


def test_a_new_period_brings_a_new_reminder(time_machine):
    organisation = OrganisationFactory()
    published(organisation, published="2025-01-10")
    run("--days", "30")
    time_machine.move_to(TODAY + datetime.timedelta(days=31), tick=False)
    run("--days", "30")
    assert len(mail.outbox) == 2
    assert ReminderLog.objects.count() == 2


def test_days_option_and_setting(settings):
    organisation = OrganisationFactory()
    published(organisation, published="2026-08-01")
    settings.PLEDGE_REMINDER_DAYS = 90
    # The default comes from the setting when the command is created.
    run("--days", "90")
    assert mail.outbox == []
    run("--days", "30")
    assert len(mail.outbox) == 1


def test_dry_run_sends_and_records_nothing():
    organisation = OrganisationFactory(name="Late Reporters (demo)")
    published(organisation, published="2025-01-10")
    output = run("--dry-run")
    assert "Would remind Late Reporters (demo)" in output
    assert mail.outbox == []
    assert not ReminderLog.objects.exists()


def test_days_must_be_positive():
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        run("--days", "0")


def test_each_person_is_reminded_in_their_own_language():
    from django.utils import translation

    membership = MembershipFactory(user__language="pl")
    organisation = membership.organisation
    published(organisation, published="2026-01-10", title="Old report")
    run()
    by_address = {tuple(message.to): message for message in mail.outbox}
    polish = by_address[(membership.user.email,)]
    english = by_address[(organisation.contact_email,)]
    with translation.override("pl"):
        assert polish.subject == translation.gettext("Time to report progress on your pledges")
    assert english.subject == "Time to report progress on your pledges"
    assert polish.subject != english.subject
    assert "/pl/my/pledges/" in polish.body
    assert "/en/my/pledges/" in english.body
