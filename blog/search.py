"""The blog's provider for the site search (see the contract in `core/search.py`)."""

from django.db import connection
from django.utils.translation import gettext_lazy as _

from core.i18n import current_language, searched_fields
from core.search import SearchGroup, every_word, group_from_queryset, search_config

from .models import Post


def _matching_posts(query: str):
    """In what the page shows: the post in the visitor's language, else in English."""
    posts = Post.objects.published()
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
        from django.db.models import TextField
        from django.db.models.functions import Coalesce

        language = current_language()
        config = search_config(language)

        def shown(field):
            return Coalesce(f"{field}_{language}", f"{field}_en", output_field=TextField())

        vector = (
            SearchVector(shown("title"), weight="A", config=config)
            + SearchVector(shown("excerpt"), weight="B", config=config)
            + SearchVector(shown("body"), weight="C", config=config)
        )
        search_query = SearchQuery(query, search_type="websearch", config=config)
        if config != "english":
            # Posts not yet translated are shown, and so searched, in English too.
            search_query |= SearchQuery(query, search_type="websearch", config="english")
        return (
            posts.annotate(document=vector)
            .filter(document=search_query)
            .annotate(rank=SearchRank(vector, search_query))
            .order_by("-rank", "-published_at")
        )
    # Elsewhere (SQLite in development): every word must appear somewhere.
    fields = searched_fields(Post, ["title", "excerpt", "body"])
    return posts.filter(every_word(query, fields)).order_by("-published_at", "-pk")


def search_posts(query: str, *, limit: int) -> SearchGroup:
    return group_from_queryset(
        _("Blog posts"),
        _matching_posts(query).only("title", "slug", "excerpt"),
        limit=limit,
        summary=lambda post: post.excerpt,
    )
