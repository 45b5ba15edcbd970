import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command

from national_coalitions.models import ContactRequest
from national_coalitions.services import mark_contact_requests_handled, submit_contact_request

from .factories import ContactRequestFactory, NationalCoalitionFactory, SecretariatUserFactory

pytestmark = pytest.mark.django_db


def test_submit_sends_the_email_only_after_commit(django_capture_on_commit_callbacks):
    coalition = NationalCoalitionFactory(country="BE")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        request = submit_contact_request(
            name="Ana", email="ana@example.org", message="Hello", consent=True, coalition=coalition
        )
    assert mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert mail.outbox[0].cc == [coalition.contact_email]
    assert request.pk and request.coalition == coalition


def test_submit_validates_before_saving(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        submit_contact_request(name="Ana", email="not-an-email", message="Hi", consent=True)
    assert not ContactRequest.objects.exists()
    assert mail.outbox == []


def test_mark_handled_records_who_and_when_and_skips_handled_ones():
    user = SecretariatUserFactory()
    first, second = ContactRequestFactory(), ContactRequestFactory()
    assert (
        mark_contact_requests_handled(contact_requests=ContactRequest.objects.all(), user=user) == 2
    )
    first.refresh_from_db()
    assert first.is_handled and first.handled_by == user and first.handled_at
    handled_at = first.handled_at
    assert (
        mark_contact_requests_handled(contact_requests=ContactRequest.objects.all(), user=user) == 0
    )
    first.refresh_from_db()
    assert first.handled_at == handled_at
    second.refresh_from_db()
    assert second.is_handled


def test_contact_requests_older_than_two_years_are_purged(time_machine):
    time_machine.move_to(datetime.datetime(2017, 1, 10, 12, tzinfo=datetime.UTC))
    old = ContactRequestFactory()
    time_machine.move_to(datetime.datetime(2018, 6, 1, 12, tzinfo=datetime.UTC))
    recent = ContactRequestFactory()
    time_machine.move_to(datetime.datetime(2019, 1, 11, 12, tzinfo=datetime.UTC))
    out = StringIO()
    call_command("purge_contact_requests", stdout=out)
    assert "Deleted 1 contact request(s)" in out.getvalue()
    assert list(ContactRequest.objects.all()) == [recent]
    assert not ContactRequest.objects.filter(pk=old.pk).exists()
