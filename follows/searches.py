"""Saved searches of the pledge viewer: its query string, normalised, and a readable label.

The filters are the viewer's own (`pledges.filters.PledgeFilter`), so a saved search finds
exactly what the list page shows for the same address.
"""

from urllib.parse import urlencode

from django.http import QueryDict
from django.utils.translation import gettext as _

from pledges.filters import PledgeFilter
from pledges.models import Pledge

# What changes the order or the page, not which pledges match.
NOT_FILTERS = {"sort", "page"}
FILTER_NAMES = [name for name in PledgeFilter.base_filters if name not in NOT_FILTERS]


def _pairs(data: QueryDict, names) -> list[tuple[str, str]]:
    pairs = []
    for name in names:
        values = sorted({value.strip() for value in data.getlist(name) if value.strip()})
        if not values:
            continue
        field = PledgeFilter.base_filters[name].field_class
        if "Multiple" not in field.__name__:
            values = [data.get(name, "").strip()]  # a single-valued filter reads the last one
        pairs.extend((name, value) for value in values)
    return pairs


def normalise_query(data: QueryDict) -> str:
    """The filters of `data` as one canonical query string, without validating them (no query):
    the same search typed in another order, with a page number or a sort order, is the same."""
    return urlencode(_pairs(data, FILTER_NAMES))


def clean_search(data: QueryDict) -> tuple[str, str]:
    """The canonical query string of the valid filters of `data`, and its label.

    Invalid values are left out, as the list page ignores them.
    """
    filterset = PledgeFilter(data, queryset=Pledge.objects.none())
    form = filterset.form
    form.is_valid()
    valid = [name for name in FILTER_NAMES if name not in form.errors]
    pairs = _pairs(data, valid)
    applied = [name for name in valid if any(key == name for key, _value in pairs)]
    return urlencode(pairs), search_label(form, applied)


def search_label(form, names) -> str:
    parts = []
    cleaned = getattr(form, "cleaned_data", {})
    for name in names:
        value = cleaned.get(name)
        if value in (None, "", [], ()):
            continue
        field = form.fields[name]
        if name == "q":
            shown = f"“{value}”"
        elif hasattr(value, "model"):  # a queryset of target groups or action types
            shown = ", ".join(str(item) for item in value)
        else:
            choices = dict(field.choices)
            values = value if isinstance(value, list | tuple) else [value]
            shown = ", ".join(str(choices.get(item, item)) for item in values)
        parts.append(_("%(filter)s: %(value)s") % {"filter": field.label, "value": shown})
    if not parts:
        return _("All new pledges")
    return "; ".join(parts)[:300]


def matching_pledges(query: str, queryset):
    """The pledges of `queryset` that the saved search finds."""
    return PledgeFilter(QueryDict(query), queryset=queryset).qs
