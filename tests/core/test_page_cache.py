"""Whole public pages cached for visitors without cookies, and conditional GET for everyone."""

import gzip

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from core import content
from core.middleware import PublicPageCacheMiddleware
from pledges.models import Pledge
from tests.accounts.factories import UserFactory
from tests.blog.factories import PostFactory
from tests.pledges.factories import PledgeFactory

pytestmark = pytest.mark.django_db
LIST_URL = reverse("pledges:pledge-list")


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE = True


def test_a_cookieless_visitor_gets_the_cached_page_without_a_query(django_assert_num_queries):
    PledgeFactory(status=Pledge.Status.PUBLISHED, title="Coding for all")
    first = Client().get(LIST_URL)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = Client().get(LIST_URL)
    assert second.status_code == 200
    assert second.content == first.content
    assert "Coding for all" in second.content.decode()
    # Browsers always check back (the signed-out copy must not outlive a sign-in).
    assert second["Cache-Control"] == "no-cache"
    assert "Expires" not in second
    assert not second.cookies


def test_a_committed_change_shows_at_once(django_capture_on_commit_callbacks):
    pledge = PledgeFactory(status=Pledge.Status.PUBLISHED, title="Coding for all")
    assert "Coding for all" in Client().get(LIST_URL).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        pledge.title = "Cloud skills for all"
        pledge.save()
    html = Client().get(LIST_URL).content.decode()
    assert "Cloud skills for all" in html
    assert "Coding for all" not in html


def test_the_page_is_served_from_the_cache_until_the_version_moves():
    """A write that sends no signal (`QuerySet.update()`) leaves the version: the stored page
    is what visitors get, proof that it is not rendered again."""
    pledge = PledgeFactory(status=Pledge.Status.PUBLISHED, title="Coding for all")
    Client().get(LIST_URL)
    Pledge.objects.filter(pk=pledge.pk).update(title="Changed behind the cache's back")
    assert "Coding for all" in Client().get(LIST_URL).content.decode()


def test_requests_with_cookies_are_rendered_for_them(client):
    PledgeFactory(status=Pledge.Status.PUBLISHED)
    Client().get(LIST_URL)  # cached for cookieless visitors
    client.force_login(UserFactory())
    response = client.get(LIST_URL)
    html = response.content.decode()
    assert "Sign out" in html and "Sign in" not in html
    assert Client().get(LIST_URL).content.decode().count("Sign in") >= 1


def test_pages_that_set_a_cookie_are_never_cached():
    """A form page sets the CSRF cookie: every visitor gets their own token."""
    url = reverse("newsletter:subscribe")
    first, second = Client().get(url), Client().get(url)
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    assert first.content != second.content


def test_the_view_keeps_its_own_public_caching():
    pledge = PledgeFactory(status=Pledge.Status.PUBLISHED)
    url = reverse("pledges:pledge-badge", kwargs={"pk": pledge.pk})
    for _ in range(2):
        response = Client().get(url)
        assert response.status_code == 200
        assert "public" in response["Cache-Control"]


def test_a_request_with_any_cookie_is_rendered_every_time_never_stored(client):
    """Django alone would store pages per Cookie header; ours never stores such a request."""
    pledge = PledgeFactory(status=Pledge.Status.PUBLISHED, title="Coding for all")
    url = pledge.get_absolute_url()
    client.cookies["returning-visitor"] = "1"
    assert "Coding for all" in client.get(url).content.decode()
    Pledge.objects.update(title="Renamed without a signal")
    assert "Renamed without a signal" in client.get(url).content.decode()


def test_the_shared_fragments_of_a_list_follow_the_version_for_signed_in_visitors(
    client, django_capture_on_commit_callbacks
):
    """The pledge list's content is one `{% cache %}` fragment for everyone: a signed-in
    visitor gets it with their own header, and a committed change shows at once."""
    pledge = PledgeFactory(status=Pledge.Status.PUBLISHED, title="Coding for all")
    client.force_login(UserFactory())
    assert "Coding for all" in client.get(LIST_URL).content.decode()
    Pledge.objects.update(title="Renamed without a signal")
    html = client.get(LIST_URL).content.decode()
    assert "Coding for all" in html  # the fragment, not rendered again
    assert "Sign out" in html and "Sign in" not in html
    with django_capture_on_commit_callbacks(execute=True):
        pledge.refresh_from_db()
        pledge.title = "Cloud skills for all"
        pledge.save()
    assert "Cloud skills for all" in client.get(LIST_URL).content.decode()


def test_switched_off_every_request_is_rendered(settings, django_assert_num_queries):
    settings.PUBLIC_PAGE_CACHE = False
    PledgeFactory(status=Pledge.Status.PUBLISHED)
    Client().get(LIST_URL)
    response = Client().get(LIST_URL)
    assert response.status_code == 200
    assert "Cache-Control" not in response


@pytest.mark.parametrize("cached", [True, False])
def test_conditional_get_answers_304_when_the_page_has_not_changed(settings, cached):
    settings.PUBLIC_PAGE_CACHE = cached
    PledgeFactory(status=Pledge.Status.PUBLISHED)
    response = Client().get(LIST_URL)
    etag = response["ETag"]
    again = Client().get(LIST_URL, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""


@pytest.mark.parametrize("feed", ["pledges:pledge-feed", "blog:feed-atom", "blog:feed-rss"])
def test_feeds_answer_conditional_requests(feed):
    PledgeFactory(status=Pledge.Status.PUBLISHED)
    PostFactory()
    url = reverse(feed)
    response = Client().get(url)
    assert response.status_code == 200
    assert response["ETag"] and response["Last-Modified"]
    assert Client().get(url, headers={"if-none-match": response["ETag"]}).status_code == 304
    since = Client().get(url, headers={"if-modified-since": response["Last-Modified"]})
    assert since.status_code == 304


def test_a_page_given_older_figures_while_they_are_recomputed_is_not_kept(
    django_capture_on_commit_callbacks,
):
    """After a change, one process recomputes the impact totals and the others show the
    previous ones (`core.content.cached`); their pages must not be stored as current."""
    url = reverse("pledges:impact")
    PledgeFactory(status=Pledge.Status.PUBLISHED, targets=[("people-trained", 100)])
    assert "What 1 published pledge adds up to" in Client().get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        PledgeFactory(status=Pledge.Status.PUBLISHED, targets=[("people-trained", 50)])
    # Another app server is recomputing the totals of the new version.
    recomputing = f"pledges:impact:en:{content.version()}:computing"
    assert cache.add(recomputing, True, 60)

    meanwhile = Client().get(url)
    assert meanwhile.status_code == 200
    assert "What 1 published pledge adds up to" in meanwhile.content.decode()
    assert meanwhile["Cache-Control"] == "no-cache"

    cache.delete(recomputing)  # it is done (or gave up): the next visitor computes them
    assert "What 2 published pledges add up to" in Client().get(url).content.decode()


def test_pages_are_kept_per_encoding():
    """Stored compressed for browsers that accept gzip, and never sent so to one that does not."""
    PledgeFactory(status=Pledge.Status.PUBLISHED, title="Coding for all")
    for _ in range(2):
        compressed = Client().get(LIST_URL, headers={"accept-encoding": "gzip, br"})
        assert compressed["Content-Encoding"] == "gzip"
        assert gzip.decompress(compressed.content).decode().count("Coding for all") >= 1
        plain = Client().get(LIST_URL)
        assert not plain.has_header("Content-Encoding")
        assert "Coding for all" in plain.content.decode()


def page_cache(view):
    return PublicPageCacheMiddleware(view)


def counting_view(**headers):
    def view(request):
        view.calls += 1
        response = HttpResponse(f"page {view.calls}")
        for name, value in headers.items():
            response[name] = value
        return response

    view.calls = 0
    return view


def test_a_stored_page_is_served_until_the_version_moves_on(rf):
    view = counting_view()
    middleware = page_cache(view)
    assert middleware(rf.get("/page/")).content == b"page 1"
    assert middleware(rf.get("/page/")).content == b"page 1"
    assert middleware(rf.get("/page/?other=1")).content == b"page 2"
    content.changed()
    assert middleware(rf.get("/page/")).content == b"page 3"


@pytest.mark.parametrize(
    "headers",
    [
        {"Vary": "User-Agent"},  # the key does not hold it
        {"Cache-Control": "private, max-age=60"},
        {"Cache-Control": "no-store"},
        {"Cache-Control": "max-age=0"},
    ],
)
def test_responses_that_must_not_be_shared_are_not_stored(rf, headers):
    view = counting_view(**headers)
    middleware = page_cache(view)
    middleware(rf.get("/page/"))
    assert middleware(rf.get("/page/")).content == b"page 2"


def test_only_get_requests_without_cookies_are_served_from_the_cache(rf):
    view = counting_view()
    middleware = page_cache(view)
    middleware(rf.get("/page/"))
    assert middleware(rf.head("/page/")).content == b"page 2"
    with_cookie = rf.get("/page/")
    with_cookie.COOKIES["sessionid"] = "abc"
    assert middleware(with_cookie).content == b"page 3"
    assert middleware(rf.get("/page/")).content == b"page 1"


def test_each_language_is_its_own_cached_page(django_assert_num_queries):
    PledgeFactory(status=Pledge.Status.PUBLISHED, title="Coding for all")
    pages = {}
    for code in ("en", "de", "mt"):
        first = Client().get(f"/{code}/pledges/")
        assert f'<html lang="{code}">' in first.content.decode()
        pages[code] = first.content
    for code in ("en", "de", "mt"):
        # Whatever the browser says it prefers, the address decides: nothing is mixed up.
        with django_assert_num_queries(0):
            again = Client().get(f"/{code}/pledges/", HTTP_ACCEPT_LANGUAGE="fr")
        assert again.content == pages[code]
    assert len(set(pages.values())) == 3


def test_impact_figures_are_cached_per_language(django_capture_on_commit_callbacks):
    from django.utils import translation

    PledgeFactory(
        status=Pledge.Status.PUBLISHED,
        target_groups=["education"],
        targets=[("people-trained", 100)],
    )
    english = Client().get("/en/pledges/impact/").content.decode()
    german = Client().get("/de/pledges/impact/").content.decode()
    with translation.override("de"):
        pillar = translation.gettext("Digital skills in education")
    assert "Digital skills in education" in english
    assert pillar in german
    assert "Digital skills in education" not in german
