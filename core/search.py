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


# --- Languages ---------------------------------------------------------------------------------

# PostgreSQL's own text search configuration (stemming, stop words) for each EU language it
# has one for; the others are searched word for word ("simple").
POSTGRES_CONFIGS = {
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hu": "hungarian",
    "it": "italian",
    "lt": "lithuanian",
    "nl": "dutch",
    "pt": "portuguese",
    "ro": "romanian",
    "sv": "swedish",
}
SIMPLE_CONFIG = "simple"


def search_config(language: str | None) -> str:
    return POSTGRES_CONFIGS.get(language or "", SIMPLE_CONFIG)


def config_of(field: str):
    """The text search configuration of each row, from its language column: for a vector
    over texts written in different languages (pledges), each stemmed as its own language."""
    from django.db.models import Case, Func, TextField, Value, When

    def regconfig(name):
        # A typed constant ('german'::regconfig), so that an index may use the expression:
        # a cast of the whole CASE from text would not be IMMUTABLE.
        return Func(Value(name), template="%(expressions)s::regconfig", output_field=TextField())

    return Case(
        *(
            When(**{field: code}, then=regconfig(config))
            for code, config in POSTGRES_CONFIGS.items()
        ),
        default=regconfig(SIMPLE_CONFIG),
    )


def language_vector(*fields: str, language_field: str = "language"):
    """`to_tsvector(<the row's configuration>, field || ' ' || field ...)`, as plain
    expressions: Django's SearchVector keeps its configuration outside its source expressions,
    so in a subquery it would not be relabelled (nor match an expression index)."""
    from django.contrib.postgres.search import SearchVectorField
    from django.db.models import F, Func, TextField, Value
    from django.db.models.functions import Coalesce

    parts = []
    for field in fields:
        if parts:
            parts.append(Value(" "))
        parts.append(Coalesce(F(field), Value(""), output_field=TextField()))
    text = Func(*parts, template="(%(expressions)s)", arg_joiner=" || ", output_field=TextField())
    return Func(
        config_of(language_field), text, function="to_tsvector", output_field=SearchVectorField()
    )


def query_in_every_config(text: str):
    """One tsquery: `text` as each configuration reads it, OR-ed, matching a vector in any
    language. A constant, so that an expression index over `config_of()` vectors serves it."""
    from django.contrib.postgres.search import SearchQuery

    configs = [SIMPLE_CONFIG, *sorted(set(POSTGRES_CONFIGS.values()))]
    return reduce(
        or_, (SearchQuery(text, config=config, search_type="websearch") for config in configs)
    )
