"""The pledge list's facet counts: a day in the cache per filter combination, never per search.

Free-text searches are unbounded, so each one must not leave a long-lived entry behind (issue
16: scanners filled Redis with a day-long entry, and its `:latest` copy, per query).
"""

import time

import pytest
from django.conf import settings
from django.core.cache import cache

from pledges.models import Pledge

from .factories import PledgeFactory

pytestmark = pytest.mark.django_db
S = Pledge.Status
LIST_URL = "/en/pledges/"


def long_lived_keys() -> set[str]:
    """The keys of the (local memory) test cache that outlive a cached page."""
    assert cache._expire_info is not None, "the tests use LocMemCache"
    horizon = time.time() + settings.CACHE_MIDDLEWARE_SECONDS + 1
    return {
        key for key, expires in cache._expire_info.items() if expires is None or expires > horizon
    }


def facet(response, name):
    return {o["value"]: o["count"] for o in response.context["facets"][name]}


def titles(response):
    return [pledge.title for pledge in response.context["pledge_list"]]


@pytest.fixture
def pledges():
    PledgeFactory(status=S.PUBLISHED, title="Robots for schools", countries=["BE"])
    PledgeFactory(status=S.PUBLISHED, title="Robots for nurses", countries=["FR"])
    PledgeFactory(status=S.COMPLETED, title="Coding for nurses", countries=["FR"])


def test_the_filter_combinations_are_cached_for_a_day(client, pledges):
    before = long_lived_keys()
    client.get(LIST_URL, {"country": "FR"})
    added = long_lived_keys() - before
    assert any("pledges:facets:" in key and key.endswith(":latest") for key in added), added


def test_searches_add_no_long_lived_cache_entries(client, pledges):
    client.get(LIST_URL)  # the version and the unfiltered counts: long-lived, and finite
    before = long_lived_keys()
    for number in range(20):
        response = client.get(LIST_URL, {"q": f"scanner probe {number}"})
        assert response.status_code == 200
        assert titles(response) == []
    response = client.get(LIST_URL, {"q": "nurses", "country": "FR"})
    assert sorted(titles(response)) == ["Coding for nurses", "Robots for nurses"]
    assert facet(response, "state") == {"active": 1, "completed": 1}

    assert long_lived_keys() == before
    assert not any(":latest" in key and "search" in key for key in cache._cache)


def test_search_counts_are_right_and_follow_changes(
    client, pledges, django_capture_on_commit_callbacks
):
    response = client.get(LIST_URL, {"q": "robots"})
    assert sorted(titles(response)) == ["Robots for nurses", "Robots for schools"]
    assert facet(response, "state") == {"active": 2, "completed": 0}
    assert facet(response, "country")["FR"] == 1

    # Kept briefly, under the public content version: a new pledge shows at once.
    with django_capture_on_commit_callbacks(execute=True):
        PledgeFactory(status=S.PUBLISHED, title="Robots for farmers", countries=["FR"])
    response = client.get(LIST_URL, {"q": "robots"})
    assert len(titles(response)) == 3
    assert facet(response, "state") == {"active": 3, "completed": 0}
    assert facet(response, "country")["FR"] == 2


def test_a_search_is_kept_only_as_long_as_a_cached_page(client, pledges):
    client.get(LIST_URL)
    before = set(cache._cache)
    client.get(LIST_URL, {"q": "robots"})
    searches = [key for key in set(cache._cache) - before if "search-facets" in key]
    assert len(searches) == 1, searches
    assert cache._expire_info[searches[0]] <= time.time() + settings.CACHE_MIDDLEWARE_SECONDS
    # The same search again reads that entry: nothing new is stored.
    after = set(cache._cache)
    client.get(LIST_URL, {"q": "robots"})
    assert set(cache._cache) == after


def test_repeated_or_unused_values_add_no_new_entries(client, pledges):
    """Only the values that apply make the key: junk in the query string makes no new one."""
    client.get(LIST_URL, {"country": "FR", "target_group": "education"})
    before = long_lived_keys()
    variants = [
        {"country": ["XX", "FR"], "target_group": "education"},
        {"country": ["FR", "FR"], "target_group": ["education", "education"]},
        {"country": "FR", "target_group": ["education"] * 5, "unknown": "1"},
        {"country": "FR", "target_group": "education", "sort": "title"},
    ]
    for query in variants:
        response = client.get(LIST_URL, query)
        assert sorted(titles(response)) == ["Coding for nurses", "Robots for nurses"], query
        assert facet(response, "state") == {"active": 1, "completed": 1}, query
    assert long_lived_keys() == before
