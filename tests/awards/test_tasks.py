"""The awards' scheduled job: a call opening or closing moves the public content on."""

import datetime

import pytest
import time_machine

from awards import tasks
from core import content

from .factories import AwardEditionFactory

pytestmark = pytest.mark.django_db


def test_a_call_opening_and_closing_moves_the_content_version_on(run_task):
    AwardEditionFactory(
        year=2028,
        opens_on=datetime.date(2027, 3, 1),
        closes_on=datetime.date(2027, 6, 30),
        ceremony_date=datetime.date(2027, 12, 5),
    )
    with time_machine.travel(datetime.datetime(2027, 2, 28, 12, tzinfo=datetime.UTC)):
        run_task(tasks.follow_award_calls)
        before = content.version()
        assert run_task(tasks.follow_award_calls) is False
        assert content.version() == before
    with time_machine.travel(datetime.datetime(2027, 3, 1, 12, tzinfo=datetime.UTC)):
        assert run_task(tasks.follow_award_calls) is True  # the call opened
        opened = content.version()
        assert opened != before
    with time_machine.travel(datetime.datetime(2027, 7, 1, 12, tzinfo=datetime.UTC)):
        assert run_task(tasks.follow_award_calls) is True  # and closed
        assert content.version() != opened
