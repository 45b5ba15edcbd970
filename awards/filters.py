import django_filters
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .models import AwardEdition, Category, Entry, Result


def year_choices():
    years = AwardEdition.objects.filter(
        entries__in=Entry.objects.public().values("pk")
    ).values_list("year", flat=True)
    return [(year, str(year)) for year in sorted(set(years), reverse=True)]


def category_choices():
    # Categories are per edition; the archive groups them by name across the years.
    names = Category.objects.filter(entries__in=Entry.objects.public().values("pk")).values_list(
        "name", flat=True
    )
    return [(name, name) for name in sorted(set(names))]


def country_choices():
    codes = set(Entry.objects.public().values_list("country", flat=True))
    return sorted(
        ((code, countries.name(code)) for code in codes if code), key=lambda item: item[1]
    )


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
