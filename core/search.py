"""What every area's site-search provider shares: the answer's shape and the LIKE fallback.

Provider contract
-----------------
A provider is a callable `provider(query: str, *, limit: int) -> SearchGroup` where
`SearchGroup = (label, results, total)`:

- `label`: the group heading shown to people (translated, e.g. `_("Blog posts")`);
- `results`: at most `limit` `SearchResult(title, url, summary)`, best match first;
- `total`: how many public items matched in all (may exceed `len(results)`).

A provider returns ONLY publicly visible items (use the model's visibility QuerySet method,
never private fields), runs a constant number of queries, and may use PostgreSQL full-text
search when `connection.vendor == "postgresql"` with `every_word()` elsewhere (see
`blog/search.py`). The registry of providers belongs to the site search page
(`portal/search.py`), not here.
"""

from collections.abc import Callable, Sequence
from functools import reduce
from operator import and_, or_
from typing import NamedTuple

from django.db.models import Q

MIN_QUERY_LENGTH = 2
MAX_QUERY_LENGTH = 200
# More words than this add nothing but LIKE scans.
MAX_FALLBACK_WORDS = 8


class SearchResult(NamedTuple):
    title: str
    url: str
    summary: str = ""


class SearchGroup(NamedTuple):
    label: str
    results: list[SearchResult]
    total: int


def normalise_query(query: str) -> str:
    """One space between words, at most MAX_QUERY_LENGTH characters, no NUL (which PostgreSQL
    refuses in text; RequestGuardMiddleware already answers such a query string with a 400)."""
    return " ".join(query.replace("\x00", " ").split())[:MAX_QUERY_LENGTH]


def every_word(query: str, fields: Sequence[str]) -> Q:
    """Each word of the query in at least one of `fields` (case-insensitive).

    The search where PostgreSQL's full-text search is not available (SQLite in development)
    and for small tables; an empty query matches everything.
    """
    words = query.split()[:MAX_FALLBACK_WORDS]
    if not words:
        return Q()
    return reduce(
        and_,
        (reduce(or_, (Q(**{f"{field}__icontains": word}) for field in fields)) for word in words),
    )


def group_from_queryset(
    label: str,
    queryset,
    *,
    limit: int,
    title: Callable = str,
    summary: Callable = lambda item: "",
) -> SearchGroup:
    """A provider's answer from an ordered queryset of public items: one query, plus a COUNT
    only when there may be more matches than shown."""
    results = [
        SearchResult(title=title(item), url=item.get_absolute_url(), summary=summary(item))
        for item in queryset[:limit]
    ]
    total = len(results) if len(results) < limit else queryset.count()
    return SearchGroup(label=label, results=results, total=total)
