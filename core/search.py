"""Site search: one query, answered by a provider per content type, shown grouped by type.

Provider contract
-----------------
A provider is a callable `provider(query: str, *, limit: int) -> SearchGroup` where
`SearchGroup = (label, results, total)`:

- `label`: the group heading shown to people (translated, e.g. `_("Blog posts")`);
- `results`: at most `limit` `SearchResult(title, url, summary)`, best match first;
- `total`: how many public items matched in all (may exceed `len(results)`).

A provider returns ONLY publicly visible items (use the model's published/public QuerySet
method, never private fields), runs a constant number of queries, and may use PostgreSQL
full-text search when `connection.vendor == "postgresql"` with a simple fallback elsewhere
(see `blog/search.py`). To register one, add its dotted path to SEARCH_PROVIDERS: the list
order is the order of the groups on the page; groups without results are not shown.
"""

from collections.abc import Callable
from typing import NamedTuple

from django.utils.module_loading import import_string

MIN_QUERY_LENGTH = 2
MAX_QUERY_LENGTH = 200

SEARCH_PROVIDERS = [
    "pledges.search.search_pledges",
    "national_coalitions.search.search_coalitions",
    "awards.search.search_entries",
    "blog.search.search_posts",
]


class SearchResult(NamedTuple):
    title: str
    url: str
    summary: str = ""


class SearchGroup(NamedTuple):
    label: str
    results: list[SearchResult]
    total: int


def search(query: str, *, limit: int = 10) -> list[SearchGroup]:
    """Ask every provider; return the groups that found something, in registry order."""
    query = " ".join(query.split())[:MAX_QUERY_LENGTH]
    if len(query) < MIN_QUERY_LENGTH:
        return []
    groups = [import_string(path)(query, limit=limit) for path in SEARCH_PROVIDERS]
    return [group for group in groups if group.results]


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
