import django_filters
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .models import Entry, Result


def _distinct_public(field: str) -> list:
    # Computed by the database (DISTINCT), so the cost does not grow with the number of rows sent.
    return list(Entry.objects.public().order_by().values_list(field, flat=True).distinct())


def year_choices():
    return [(year, str(year)) for year in sorted(_distinct_public("edition__year"), reverse=True)]


def category_choices():
    # Categories are per edition; the archive groups them by name across the years.
    return [(name, name) for name in sorted(_distinct_public("category__name"))]


def country_choices():
    codes = [code for code in _distinct_public("country") if code]
    return sorted(((code, countries.name(code)) for code in codes), key=lambda item: item[1])


class EntryArchiveFilter(django_filters.FilterSet):
    """Filters of the public archive; the base queryset is always Entry.objects.public()."""

    year = django_filters.ChoiceFilter(
        field_name="edition__year",
        label=_("Year"),
        choices=year_choices,
        empty_label=_("All years"),
    )
    category = django_filters.ChoiceFilter(
        field_name="category__name",
        label=_("Category"),
        choices=category_choices,
        empty_label=_("All categories"),
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"), choices=country_choices, empty_label=_("All countries")
    )
    result = django_filters.ChoiceFilter(
        label=_("Result"), choices=Result.choices, empty_label=_("Winners and finalists")
    )

    class Meta:
        model = Entry
        fields = ["year", "category", "country", "result"]
