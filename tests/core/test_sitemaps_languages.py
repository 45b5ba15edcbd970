"""core.sitemaps.EachLanguage: the (item, language) pairs of a sitemap, read a page at a time."""

import pytest

from core.sitemaps import EachLanguage
from tests.pledges.factories import PledgeFactory


def naive(items, languages):
    return [(item, code) for item in items for code in languages]


@pytest.mark.parametrize("bounds", [(0, 4), (2, 9), (3, 3), (5, 15), (0, 15), (14, 15), (13, 40)])
def test_any_slice_is_the_slice_of_the_whole_list(bounds):
    items, languages = list("abcde"), ["bg", "en", "fr"]
    pairs = EachLanguage(items, languages)
    assert len(pairs) == 15
    start, stop = bounds
    assert pairs[start:stop] == naive(items, languages)[start:stop]
    assert pairs[7] == ("c", "en")
    assert pairs[-1] == ("e", "fr")


@pytest.mark.django_db
def test_a_queryset_is_counted_and_read_one_page_at_a_time(django_assert_num_queries):
    from pledges.models import Pledge

    for _ in range(4):
        PledgeFactory(status=Pledge.Status.PUBLISHED)
    pairs = EachLanguage(Pledge.objects.order_by("pk"), ["en", "fr"])
    with django_assert_num_queries(1):
        assert len(pairs) == 8
    with django_assert_num_queries(1):
        page = pairs[3:6]
    ordered = list(Pledge.objects.order_by("pk"))
    assert page == [(ordered[1], "fr"), (ordered[2], "en"), (ordered[2], "fr")]
