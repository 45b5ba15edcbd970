"""Unpublished content is a 404 everywhere: pages, lists, search, exports, feeds, sitemap, totals.

Every kind of content with a publication rule is checked in every one of its unpublished
states (the states are read from the models, so a new status is covered at once):

- pledges: anything but published and completed (`Pledge.objects.public()`);
- blog posts: drafts and posts scheduled for later (`Post.objects.published()`);
- award entries: anything but finalists and winners (`Entry.objects.public()`);
- coalition resources: publication date still to come (`Resource.objects.published()`).

National coalitions (launched or under formation) and award editions (announced before their
call opens) have no unpublished state: they are public by design.

Each check also finds a published item of the same kind in the same place, so that a page that
shows nothing at all cannot pass.
"""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from awards.models import Entry
from blog import services as blog_services
from blog.models import Post
from pledges import impact, services
from pledges.models import Pledge
from tests.accounts.factories import UserFactory
from tests.awards.factories import AwardEditionFactory, CategoryFactory, EntryFactory
from tests.blog.factories import AuthorFactory, PostFactory, TagFactory
from tests.national_coalitions.factories import ResourceFactory
from tests.organisations.factories import OrganisationFactory
from tests.pledges.factories import PledgeFactory

pytestmark = pytest.mark.django_db

HIDDEN_PLEDGE_STATUSES = [s for s in Pledge.Status if s not in Pledge.PUBLIC_STATUSES]
HIDDEN_ENTRY_STATUSES = [
    s for s in Entry.Status if s not in (Entry.Status.FINALIST, Entry.Status.WINNER)
]


def text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8-sig")


def get_ok(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return text(response)


def sitemap(client) -> str:
    """The sitemap index and every section it lists, as one text."""
    index = get_ok(client, reverse("sitemap"))
    parts = [index]
    for location in re.findall(r"<loc>([^<]+)</loc>", index):
        url = urlsplit(location)
        parts.append(get_ok(client, url.path + (f"?{url.query}" if url.query else "")))
    return "\n".join(parts)


class CookielessVisitor:
    """Every request from a new browser without cookies: the visitor the page cache serves."""

    def get(self, path):
        return Client().get(path)


def assert_not_found(client, *paths):
    for path in paths:
        response = client.get(path)
        assert response.status_code == 404, (path, response.status_code)


# --- Pledges --------------------------------------------------------------------------------


@pytest.fixture
def visible_pledge():
    return PledgeFactory(
        status=Pledge.Status.PUBLISHED,
        title="Wallabyvisible coding clubs",
        summary="Wallabyvisible clubs for pupils.",
        organisation=OrganisationFactory(name="Visible Coders", slug="visible-coders"),
        targets=[("people-trained", 1000)],
    )


@pytest.mark.parametrize("status", HIDDEN_PLEDGE_STATUSES)
def test_unpublished_pledges_are_nowhere(client, visible_pledge, status):
    # Alone in its organisation (which then has no public page), and beside a public pledge.
    hidden = PledgeFactory(
        status=status,
        title="Quokkasecret literacy pledge",
        summary="Quokkasecret lessons for adults.",
        organisation=OrganisationFactory(name="Quokkasecret Hidden Org", slug="hidden-org"),
        targets=[("people-trained", 7_654_321)],
        countries=["MT"],
    )
    twin = PledgeFactory(
        status=status,
        title="Quokkasecret twin pledge",
        summary="Quokkasecret twin.",
        organisation=visible_pledge.organisation,
        targets=[("certifications", 8_765_432)],
    )
    word, visible = "quokkasecret", "wallabyvisible"

    assert_not_found(
        client,
        hidden.get_absolute_url(),
        twin.get_absolute_url(),
        reverse("pledges:pledge-badge", args=[hidden.pk]),
        reverse("pledges:pledge-badge", args=[twin.pk]),
        hidden.organisation.get_absolute_url(),
    )
    assert get_ok(client, visible_pledge.get_absolute_url())

    list_url = reverse("pledges:pledge-list")
    pages = {
        "home": get_ok(client, reverse("portal:home")),
        "list": get_ok(client, list_url),
        "list search": get_ok(client, f"{list_url}?q={word}"),
        "list filtered": get_ok(client, f"{list_url}?country=MT"),
        "organisation": get_ok(client, visible_pledge.organisation.get_absolute_url()),
        "impact": get_ok(client, reverse("pledges:impact")),
        "feed": get_ok(client, reverse("pledges:pledge-feed")),
        "csv": get_ok(client, reverse("pledges:pledge-export-csv")),
        "csv search": get_ok(client, reverse("pledges:pledge-export-csv") + f"?q={word}"),
        "json": get_ok(client, reverse("pledges:pledge-export-json")),
        "json search": get_ok(client, reverse("pledges:pledge-export-json") + f"?q={word}"),
        "search": get_ok(client, reverse("portal:search") + f"?q={word}"),
        "sitemap": sitemap(client),
    }
    # (Searches echo the query word itself: the checks are for what only the pledges hold.)
    secrets = [hidden.title, hidden.summary, hidden.organisation.name, twin.title, twin.summary]
    for name, body in pages.items():
        for secret in secrets:
            assert secret not in body, (name, secret)
        for pledge in (hidden, twin):
            assert pledge.get_absolute_url() not in body, name
            assert f"/en/pledges/{pledge.pk}/" not in body, name
        assert hidden.organisation.get_absolute_url() not in body, name
        # The hidden targets are in no total (with or without thousands separators).
        for number in ("7,654,321", "7654321", "8,765,432", "8765432"):
            assert number not in body, (name, number)

    for name in ("list", "organisation", "feed", "csv", "json", "sitemap"):
        assert visible_pledge.get_absolute_url() in pages[name], name
    assert visible in get_ok(client, reverse("portal:search") + f"?q={visible}").lower()

    totals = impact.get_totals()
    assert totals.public_pledges == 1
    assert totals.indicator_total("people-trained").pledged == 1000
    assert totals.indicator_total("certifications").pledged == 0


# --- Blog posts -----------------------------------------------------------------------------

HIDDEN_POSTS = {
    "draft": {"status": Post.Status.DRAFT},
    "draft-with-a-past-date": {
        "status": Post.Status.DRAFT,
        "published_at": timezone.now() - datetime.timedelta(days=3),
    },
    "draft-without-a-date": {"status": Post.Status.DRAFT, "published_at": None},
    "scheduled": {
        "status": Post.Status.PUBLISHED,
        "published_at": timezone.now() + datetime.timedelta(days=1),
    },
}


@pytest.mark.parametrize("state", HIDDEN_POSTS)
def test_unpublished_blog_posts_are_nowhere(client, state):
    visible = PostFactory(title="Wallabyvisible news", slug="wallabyvisible-news")
    # Its author and tag have no published post: they have no public page either.
    hidden = PostFactory(
        title="Quokkasecret announcement",
        slug="quokkasecret-announcement",
        excerpt="Quokkasecret excerpt.",
        body="Quokkasecret body.",
        author=AuthorFactory(name="Quokkasecret Author", slug="quokkasecret-author"),
        tags=[TagFactory(name="Quokkasecret tag", slug="quokkasecret-tag")],
        **HIDDEN_POSTS[state],
    )
    assert not Post.objects.published().filter(pk=hidden.pk).exists()
    word = "quokkasecret"
    secrets = [hidden.title, hidden.excerpt, hidden.body, hidden.author.name, "Quokkasecret tag"]

    assert_not_found(
        client,
        hidden.get_absolute_url(),
        hidden.author.get_absolute_url(),
        reverse("blog:tag-detail", args=["quokkasecret-tag"]),
    )
    pages = {
        "home": get_ok(client, reverse("portal:home")),
        "list": get_ok(client, reverse("blog:post-list")),
        "atom": get_ok(client, reverse("blog:feed-atom")),
        "rss": get_ok(client, reverse("blog:feed-rss")),
        "search": get_ok(client, reverse("portal:search") + f"?q={word}"),
        "sitemap": sitemap(client),
    }
    for name, body in pages.items():
        for secret in secrets:
            assert secret not in body, (name, secret)
        for path in (hidden.get_absolute_url(), hidden.author.get_absolute_url()):
            assert path not in body, name
    for name in ("home", "list", "atom", "rss", "sitemap"):
        assert visible.get_absolute_url() in pages[name], name
    assert visible.title in get_ok(client, reverse("portal:search") + "?q=wallabyvisible")


# --- Award entries --------------------------------------------------------------------------


@pytest.mark.parametrize("status", HIDDEN_ENTRY_STATUSES)
def test_unpublished_award_entries_are_nowhere(client, status):
    # A past edition whose winners are announced: its public entries are on every awards page.
    edition = AwardEditionFactory(year=2024)
    category = CategoryFactory(edition=edition)
    winner = EntryFactory(
        category=category, status=Entry.Status.WINNER, project_name="Wallabyvisible academy"
    )
    hidden = EntryFactory(
        category=category,
        status=status,
        project_name="Quokkasecret project",
        organisation_name="Quokkasecret Entrants",
        description="Quokkasecret description.",
    )
    word = "quokkasecret"

    assert_not_found(client, hidden.get_absolute_url())
    pages = {
        "home": get_ok(client, reverse("portal:home")),
        "awards": get_ok(client, reverse("awards:award-index")),
        "edition": get_ok(client, edition.get_absolute_url()),
        "archive": get_ok(client, reverse("awards:archive")),
        "archive search": get_ok(client, reverse("awards:archive") + f"?q={word}"),
        "search": get_ok(client, reverse("portal:search") + f"?q={word}"),
        "sitemap": sitemap(client),
    }
    secrets = [hidden.project_name, hidden.organisation_name, hidden.description]
    for name, body in pages.items():
        for secret in secrets:
            assert secret not in body, (name, secret)
        assert hidden.get_absolute_url() not in body, name
    for name in ("home", "awards", "edition", "archive", "sitemap"):
        assert winner.get_absolute_url() in pages[name], name
    assert get_ok(client, winner.get_absolute_url())


# --- Coalition resources --------------------------------------------------------------------


def test_resources_are_hidden_until_their_publication_date(client):
    today = timezone.localdate()
    visible = ResourceFactory(title="Wallabyvisible guide", publication_date=today)
    hidden = ResourceFactory(
        title="Quokkasecret toolkit",
        slug="quokkasecret-toolkit",
        publication_date=today + datetime.timedelta(days=1),
    )
    pages = {
        "home": get_ok(client, reverse("portal:home")),
        "toolkit": get_ok(client, reverse("national_coalitions:toolkit")),
        "search": get_ok(client, reverse("portal:search") + "?q=quokkasecret"),
        "sitemap": sitemap(client),
    }
    for name, body in pages.items():
        assert hidden.title not in body, name
        assert hidden.file.url not in body, name
    assert visible.title in pages["toolkit"]
    assert visible.file.url in pages["toolkit"]


# --- Private fields of public content -------------------------------------------------------


def test_private_fields_of_published_content_stay_private(client, visible_pledge):
    organisation = visible_pledge.organisation
    organisation.contact_name = "Casey Privatecontact"
    organisation.contact_email = "casey.private@visible-coders.example.org"
    organisation.save()
    Pledge.objects.filter(pk=visible_pledge.pk).update(reviewer_notes="Reviewer note never public")
    edition = AwardEditionFactory(year=2024)
    winner = EntryFactory(
        category=CategoryFactory(edition=edition),
        status=Entry.Status.WINNER,
        project_name="Wallabyvisible academy",
        contact_name="Robin Privateentrant",
        contact_email="robin.private@example.org",
        contact_phone="+32 2 555 01 99",
        jury_notes="Jury note never public",
    )
    secrets = [
        organisation.contact_name,
        organisation.contact_email,
        "Reviewer note never public",
        winner.contact_name,
        winner.contact_email,
        winner.contact_phone,
        "Jury note never public",
    ]
    pages = {
        "pledge": get_ok(client, visible_pledge.get_absolute_url()),
        "organisation": get_ok(client, organisation.get_absolute_url()),
        "list": get_ok(client, reverse("pledges:pledge-list")),
        "csv": get_ok(client, reverse("pledges:pledge-export-csv")),
        "json": get_ok(client, reverse("pledges:pledge-export-json")),
        "feed": get_ok(client, reverse("pledges:pledge-feed")),
        "search": get_ok(client, reverse("portal:search") + "?q=wallabyvisible"),
        "entry": get_ok(client, winner.get_absolute_url()),
        "edition": get_ok(client, edition.get_absolute_url()),
        "archive": get_ok(client, reverse("awards:archive")),
        "home": get_ok(client, reverse("portal:home")),
    }
    for name, body in pages.items():
        for secret in secrets:
            assert secret not in body, (name, secret)
    assert visible_pledge.title in pages["csv"]
    assert winner.project_name in pages["entry"]


# --- Withdrawn content leaves the cached pages at once ---------------------------------------


def test_content_that_stops_being_public_leaves_every_cached_page_at_once(
    visible_pledge, django_capture_on_commit_callbacks, settings
):
    """Public pages are cached for visitors without cookies: taking something off the site
    must not leave it in a cached copy."""
    settings.PUBLIC_PAGE_CACHE = True
    client = CookielessVisitor()
    post = PostFactory(title="Wallabyvisible post soon unpublished")
    edition = AwardEditionFactory(year=2024)
    entry = EntryFactory(
        category=CategoryFactory(edition=edition),
        status=Entry.Status.WINNER,
        project_name="Wallabyvisible academy soon demoted",
    )
    member = visible_pledge.organisation.memberships.create(user=UserFactory(), role="admin").user
    paths = [
        reverse("portal:home"),
        reverse("pledges:pledge-list"),
        reverse("pledges:pledge-feed"),
        reverse("pledges:pledge-export-csv"),
        reverse("blog:post-list"),
        reverse("blog:feed-atom"),
        reverse("awards:archive"),
        edition.get_absolute_url(),
        reverse("portal:search") + "?q=wallabyvisible",
    ]
    titles = [visible_pledge.title, post.title, entry.project_name]
    before = "\n".join(get_ok(client, path) for path in paths) + sitemap(client)
    for title in titles:
        assert title in before, title
    for detail in (visible_pledge, post, entry):
        get_ok(client, detail.get_absolute_url())

    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_pledge(pledge=visible_pledge, actor=member, reason="Stopped.")
        blog_services.unpublish_post(post=post)
        entry.status = Entry.Status.NOT_SELECTED
        entry.save()

    after = "\n".join(get_ok(client, path) for path in paths) + sitemap(client)
    for title in titles:
        assert title not in after, title
    assert_not_found(
        client,
        visible_pledge.get_absolute_url(),
        visible_pledge.organisation.get_absolute_url(),
        reverse("pledges:pledge-badge", args=[visible_pledge.pk]),
        post.get_absolute_url(),
        entry.get_absolute_url(),
    )
