"""Award finalists and winners in the site search (provider contract: `core/search.py`)."""

from django.utils.translation import gettext_lazy as _

from core.search import SearchGroup, group_from_queryset

from .models import Entry


def search_entries(query: str, *, limit: int) -> SearchGroup:
    # Only finalists and winners are public; the same search as the awards archive's.
    entries = (
        Entry.objects.public()
        .search(query)
        .select_related("edition")
        .only("slug", "project_name", "organisation_name", "edition__year")
        .order_by("-edition__year", "project_name")
    )
    return group_from_queryset(
        _("European Digital Skills Awards"),
        entries,
        limit=limit,
        title=lambda entry: f"{entry.project_name} ({entry.edition.year})",
        summary=lambda entry: entry.organisation_name,
    )
