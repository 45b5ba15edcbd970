"""Public pledges in the site search (provider contract: `core/search.py`)."""

from django.utils.translation import gettext_lazy as _

from core.search import SearchGroup, group_from_queryset

from .filters import search_pledges as matching
from .models import Pledge


def search_pledges(query: str, *, limit: int) -> SearchGroup:
    pledges = (
        matching(Pledge.objects.public(), query)
        .only("pk", "slug", "title", "summary")
        .order_by("-published_at", "-pk")
    )
    return group_from_queryset(
        _("Pledges"), pledges, limit=limit, summary=lambda pledge: pledge.summary
    )
