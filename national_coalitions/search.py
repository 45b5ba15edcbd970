"""National coalitions in the site search (provider contract: `core/search.py`)."""

from functools import reduce
from operator import and_

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.search import SearchGroup, group_from_queryset

from .models import NationalCoalition


def search_coalitions(query: str, *, limit: int) -> SearchGroup:
    # At most 27 rows: a plain match on every word is fast on any database.
    conditions = []
    for word in query.split():
        condition = (
            Q(name__icontains=word)
            | Q(description__icontains=word)
            | Q(coordinating_body_name__icontains=word)
        )
        code = countries.by_name(word)
        if code:
            condition |= Q(country=code)
        conditions.append(condition)
    coalitions = NationalCoalition.objects.filter(reduce(and_, conditions)).order_by("country")
    return group_from_queryset(
        _("National Coalitions"),
        coalitions.only("country", "name", "description"),
        limit=limit,
        summary=lambda coalition: coalition.description,
    )
