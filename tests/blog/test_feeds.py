from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import pytest
from django.urls import reverse

from .factories import PostFactory, TagFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def xml_root(content: bytes):
    """Parse the portal's own XML output: well-formed, or the test fails."""
    from xml.etree import ElementTree

    return ElementTree.fromstring(content)  # noqa: S314 (our own output, in a test)


@pytest.fixture
def posts():
    tag = TagFactory(name="Events")
    older = PostFactory(
        title="Older & wiser",
        excerpt="First <excerpt>",
        published_at=datetime(2025, 1, 10, 9, 0, tzinfo=UTC),
        tags=[tag],
    )
    newer = PostFactory(title="Newer", published_at=datetime(2025, 2, 10, 9, 0, tzinfo=UTC))
    PostFactory(title="A draft", draft=True)
    PostFactory(title="Scheduled", scheduled=True)
    return newer, older


def test_atom_feed_is_valid_and_lists_published_posts(client, posts):
    _newer, older = posts
    response = client.get(reverse("blog:feed-atom"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = xml_root(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None
    self_link = root.find(f"{ATOM}link[@rel='self']")
    assert self_link.get("href") == "http://testserver/en/blog/feed/atom/"

    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Newer", "Older & wiser"]
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == 2 and all(ids)
    first = entries[1]
    assert first.find(f"{ATOM}link").get("href") == f"http://testserver{older.get_absolute_url()}"
    assert first.findtext(f"{ATOM}published") == "2025-01-10T09:00:00+00:00"
    assert first.findtext(f"{ATOM}updated")
    # <summary type="html">: the plain-text excerpt, escaped as HTML for feed readers.
    assert first.find(f"{ATOM}summary").get("type") == "html"
    assert first.findtext(f"{ATOM}summary") == "First &lt;excerpt&gt;"
    assert first.find(f"{ATOM}author").findtext(f"{ATOM}name") == older.author.name
    assert [c.get("term") for c in first.findall(f"{ATOM}category")] == ["Events"]


def test_rss_feed_is_valid_and_lists_published_posts(client, posts):
    _newer, older = posts
    response = client.get(reverse("blog:feed-rss"))
    assert response["Content-Type"].startswith("application/rss+xml")
    root = xml_root(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for required in ("title", "link", "description"):
        assert channel.findtext(required)
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Newer", "Older & wiser"]
    guids = [item.findtext("guid") for item in items]
    assert len(set(guids)) == 2
    assert items[0].find("guid").get("isPermaLink") == "false"
    assert items[1].findtext("link") == f"http://testserver{older.get_absolute_url()}"
    assert parsedate_to_datetime(items[1].findtext("pubDate")) == older.published_at
    # RSS descriptions are HTML to feed readers: the plain-text excerpt is escaped.
    assert items[1].findtext("description") == "First &lt;excerpt&gt;"


def test_feed_ids_are_stable_when_a_slug_changes(client, posts):
    newer, _older = posts
    before = xml_root(client.get(reverse("blog:feed-atom")).content)
    newer.slug = "renamed"
    newer.save()
    after = xml_root(client.get(reverse("blog:feed-atom")).content)
    assert [e.findtext(f"{ATOM}id") for e in before.findall(f"{ATOM}entry")] == [
        e.findtext(f"{ATOM}id") for e in after.findall(f"{ATOM}entry")
    ]


def test_feeds_run_a_constant_number_of_queries(client, django_assert_num_queries):
    for _ in range(8):
        PostFactory(tags=[TagFactory(), TagFactory()])
    with django_assert_num_queries(2):
        client.get(reverse("blog:feed-atom"))
    with django_assert_num_queries(2):
        client.get(reverse("blog:feed-rss"))
