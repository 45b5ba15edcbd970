"""The blog's scheduled jobs, run as tasks."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from blog import tasks
from blog.models import Subscriber
from core import content

from .factories import PostFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


def test_the_purge_job_deletes_expired_unconfirmed_addresses(run_task):
    SubscriberFactory(confirmation_sent_at=timezone.now() - datetime.timedelta(days=8))
    kept = SubscriberFactory()
    assert run_task(tasks.purge_newsletter_subscribers) == 1
    assert list(Subscriber.objects.all()) == [kept]


def test_a_scheduled_post_going_live_moves_the_content_version_on_once(run_task):
    PostFactory(scheduled=True)
    run_task(tasks.publish_scheduled_posts)  # the first run notes what is live
    before = content.version()
    assert run_task(tasks.publish_scheduled_posts) is False
    assert content.version() == before  # nothing changed: the caches stay

    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        assert run_task(tasks.publish_scheduled_posts) is True
        moved = content.version()
        assert moved != before
        assert run_task(tasks.publish_scheduled_posts) is False
        assert content.version() == moved
