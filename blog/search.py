"""The blog's provider for the site search (see the contract in `core/search.py`)."""

from django.db import connection
from django.utils.translation import gettext_lazy as _

from core.search import SearchGroup, every_word, group_from_queryset

from .models import Post


def _matching_posts(query: str):
    posts = Post.objects.published()
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = (
            SearchVector("title", weight="A", config="english")
            + SearchVector("excerpt", weight="B", config="english")
            + SearchVector("body", weight="C", config="english")
        )
        search_query = SearchQuery(query, search_type="websearch", config="english")
        return (
            posts.annotate(document=vector)
            .filter(document=search_query)
            .annotate(rank=SearchRank(vector, search_query))
            .order_by("-rank", "-published_at")
        )
    # Elsewhere (SQLite in development): every word must appear somewhere.
    return posts.filter(every_word(query, ["title", "excerpt", "body"])).order_by(
        "-published_at", "-pk"
    )


def search_posts(query: str, *, limit: int) -> SearchGroup:
    return group_from_queryset(
        _("Blog posts"),
        _matching_posts(query).only("title", "slug", "excerpt"),
        limit=limit,
        summary=lambda post: post.excerpt,
    )
