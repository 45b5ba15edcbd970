"""The site search page's registry: one provider per content type (contract: `core/search.py`)."""

from django.utils.module_loading import import_string

from core.search import MIN_QUERY_LENGTH, SearchGroup, normalise_query

# The order of the groups on the page; add a content type with one line.
SEARCH_PROVIDERS = [
    "pledges.search.search_pledges",
    "national_coalitions.search.search_coalitions",
    "awards.search.search_entries",
    "blog.search.search_posts",
]


def search(query: str, *, limit: int = 10) -> list[SearchGroup]:
    """Ask every provider; return the groups that found something, in registry order."""
    query = normalise_query(query)
    if len(query) < MIN_QUERY_LENGTH:
        return []
    groups = [import_string(path)(query, limit=limit) for path in SEARCH_PROVIDERS]
    return [group for group in groups if group.results]
