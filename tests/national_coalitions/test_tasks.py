"""The national coalitions' scheduled job: contact requests are kept two years."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from national_coalitions import tasks
from national_coalitions.models import ContactRequest

from .factories import ContactRequestFactory

pytestmark = pytest.mark.django_db


def test_the_purge_job_deletes_contact_requests_older_than_two_years(run_task):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=731)):
        ContactRequestFactory()
    kept = ContactRequestFactory()
    assert run_task(tasks.purge_contact_requests) == 1
    assert list(ContactRequest.objects.all()) == [kept]
