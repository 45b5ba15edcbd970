"""The Atom feed of newly published pledges, with the list's filters."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from pledges.models import Pledge

from .factories import PledgeFactory

pytestmark = pytest.mark.django_db
S = Pledge.Status
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response):
    root = ET.fromstring(response.content)  # noqa: S314 (our own feed)
    return [entry.find(f"{ATOM}title").text for entry in root.findall(f"{ATOM}entry")]


def test_feed_lists_newest_public_pledges_first(client):
    now = timezone.now()
    old = PledgeFactory(status=S.PUBLISHED, title="Old pledge")
    new = PledgeFactory(status=S.COMPLETED, title="New pledge")
    Pledge.objects.filter(pk=old.pk).update(published_at=now - datetime.timedelta(days=3))
    Pledge.objects.filter(pk=new.pk).update(published_at=now)
    PledgeFactory(status=S.SUBMITTED, title="Under review")
    response = client.get("/en/pledges/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert entries(response) == ["New pledge", "Old pledge"]
    body = response.content.decode()
    assert f"http://testserver{new.get_absolute_url()}" in body
    assert new.organisation.name in body


def test_feed_follows_the_filters_of_the_list(client):
    PledgeFactory(status=S.PUBLISHED, title="In Spain", countries=["ES"])
    PledgeFactory(status=S.PUBLISHED, title="In Italy", countries=["IT"])
    response = client.get("/en/pledges/feed/", {"country": "ES", "sort": "title"})
    assert entries(response) == ["In Spain"]
    body = response.content.decode()
    assert 'href="http://testserver/en/pledges/?country=ES"' in body
    assert "/en/pledges/feed/?country=ES" in body


def test_feed_runs_a_constant_number_of_queries(client, django_assert_num_queries):
    PledgeFactory(status=S.PUBLISHED)
    with django_assert_num_queries(2) as one:
        client.get("/en/pledges/feed/")
    PledgeFactory.create_batch(30, status=S.PUBLISHED)
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(entries(client.get("/en/pledges/feed/"))) == 31


def test_feed_summary_is_escaped_html_of_the_plain_text(client):
    """Atom's <summary type="html"> is HTML to feed readers: a pledger's "<" stays a "<"."""
    PledgeFactory(status=S.PUBLISHED, summary="<img src=x onerror=alert(1)> & more")
    root = ET.fromstring(client.get("/en/pledges/feed/").content)  # noqa: S314 (our own feed)
    summary = root.find(f"{ATOM}entry/{ATOM}summary")
    assert summary.get("type") == "html"
    assert summary.text == "&lt;img src=x onerror=alert(1)&gt; &amp; more"
