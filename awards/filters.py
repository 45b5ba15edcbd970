import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.search import MAX_QUERY_LENGTH

from .models import AwardEdition, Entry, Result


def _distinct_public(field: str) -> list:
    # Computed by the database (DISTINCT), so the cost does not grow with the number of rows sent.
    return list(Entry.objects.public().order_by().values_list(field, flat=True).distinct())


def year_choices():
    # Every edition, also one without public results yet: the archive's own links
    # (`?year=` from each edition's page) never meet "not one of the available choices", and
    # such a year answers in plain words when its finalists will be known.
    years = AwardEdition.objects.order_by("-year").values_list("year", flat=True)
    return [(year, str(year)) for year in years]


def category_choices():
    # Categories are per edition; the archive groups them by name across the years.
    return [(name, name) for name in sorted(_distinct_public("category__name"))]


def country_choices():
    codes = [code for code in _distinct_public("country") if code]
    return sorted(((code, countries.name(code)) for code in codes), key=lambda item: item[1])


class EntryArchiveFilter(django_filters.FilterSet):
    """Filters of the public archive; the base queryset is always Entry.objects.public()."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        max_length=MAX_QUERY_LENGTH,
        help_text=_("Words from the project's name, organisation or description."),
        widget=forms.SearchInput(attrs={"enterkeyhint": "search"}),
    )
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
        fields = ["q", "year", "category", "country", "result"]

    def filter_search(self, queryset, name, value):
        return queryset.search(value)
