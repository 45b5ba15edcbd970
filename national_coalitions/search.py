"""National coalitions in the site search (provider contract: `core/search.py`)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.i18n import searched_fields
from core.search import SearchGroup, every_word, group_from_queryset

from .models import NationalCoalition

TEXT_FIELDS = ["name", "description", "coordinating_body_name"]


def search_coalitions(query: str, *, limit: int) -> SearchGroup:
    # At most 27 rows: a plain match on every word is fast on any database.
    fields = searched_fields(NationalCoalition, TEXT_FIELDS)
    words = query.split()
    country_words = {word: code for word in words if (code := countries.by_name(word))}
    condition = every_word(" ".join(w for w in words if w not in country_words), fields)
    for word, code in country_words.items():
        # A country's name ("Malta") also finds its coalition when the text does not name it.
        condition &= every_word(word, fields) | Q(country=code)
    coalitions = NationalCoalition.objects.filter(condition).order_by("country")
    return group_from_queryset(
        _("National Coalitions"),
        coalitions.only("country", "name", "description"),
        limit=limit,
        summary=lambda coalition: coalition.description,
    )
