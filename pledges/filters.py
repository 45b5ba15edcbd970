"""Filters of the public pledge list, shared by the list page, the exports and the Atom feed.

Choices are OR-ed within a filter (two target groups: pledges for either) and AND-ed across
filters. Multi-valued relations are filtered with `pk__in` subqueries so that results never
need DISTINCT. A country filter also matches EU-wide pledges: they cover every Member State.
"""

import hashlib

import django_filters
from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorExact
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from core import content
from core.countries import EU_MEMBER_STATES, eu_country_choices
from core.search import every_word, language_vector, query_in_every_config
from organisations.models import Organisation

from .models import ActionType, Pledge, PledgeCountry, Target, TargetGroup

# The text search configuration; the GIN index of migration 0003 is built with the same one.
SEARCH_CONFIG = "english"


def pledge_search_vector():
    """Each pledge stemmed as the language it is written in; the expression index of
    migrations/0010_search_in_each_language.py is built from the same function."""
    return language_vector("title", "summary")


def search_pledges(queryset, text: str):
    """Keyword search over the title, the summary and the organisation's name."""
    text = text.strip()
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
        organisations = Organisation.objects.filter(
            SearchVectorExact(SearchVector("name", config=SEARCH_CONFIG), query)
        ).values("pk")
        # As subqueries, both searches read their GIN index; inline, the OR would make
        # PostgreSQL compute the text vector of every public pledge in turn. The words are
        # read as every language reads them: a pledge in German is found by "Schulen".
        pledges = Pledge.objects.filter(
            SearchVectorExact(pledge_search_vector(), query_in_every_config(text))
        )
        return queryset.filter(Q(pk__in=pledges.values("pk")) | Q(organisation__in=organisations))
    # SQLite (development, tests): every word must appear in one of the fields.
    return queryset.filter(every_word(text, ["title", "summary", "organisation__name"]))


class PledgeFilter(django_filters.FilterSet):
    STATE_CHOICES = [("active", _("Active")), ("completed", _("Completed"))]
    SORT_CHOICES = [
        ("newest", _("Newest first")),
        ("title", _("Title (A to Z)")),
        ("target", _("Largest target first")),
    ]

    q = django_filters.CharFilter(label=_("Search"), method="filter_search", max_length=200)
    country = django_filters.ChoiceFilter(
        label=_("Country"), choices=eu_country_choices, method="filter_country"
    )
    target_group = django_filters.ModelMultipleChoiceFilter(
        label=_("Target group"),
        queryset=TargetGroup.objects.all(),
        to_field_name="code",
        method="filter_target_groups",
    )
    action_type = django_filters.ModelMultipleChoiceFilter(
        label=_("Type of action"),
        queryset=ActionType.objects.all(),
        to_field_name="code",
        method="filter_action_types",
    )
    organisation_type = django_filters.MultipleChoiceFilter(
        label=_("Type of organisation"),
        field_name="organisation__type",
        choices=Organisation.Type.choices,
    )
    indicator = django_filters.ChoiceFilter(
        label=_("Indicator"), choices=Target.Indicator.choices, method="filter_indicator"
    )
    state = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATE_CHOICES, method="filter_state"
    )
    language = django_filters.ChoiceFilter(
        label=_("Language of the pledge"), choices=settings.LANGUAGES, field_name="language"
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORT_CHOICES, method="filter_sort", empty_label=None
    )

    class Meta:
        model = Pledge
        fields: list[str] = []

    def filter_search(self, queryset, name, value):
        return search_pledges(queryset, value)

    def filter_country(self, queryset, name, value):
        covering = PledgeCountry.objects.filter(country=value).values("pledge_id")
        return queryset.filter(Q(pk__in=covering) | Q(is_eu_wide=True))

    def filter_target_groups(self, queryset, name, value):
        if not value:
            return queryset
        through = Pledge.target_groups.through.objects.filter(targetgroup__in=value)
        return queryset.filter(pk__in=through.values("pledge_id"))

    def filter_action_types(self, queryset, name, value):
        if not value:
            return queryset
        through = Pledge.action_types.through.objects.filter(actiontype__in=value)
        return queryset.filter(pk__in=through.values("pledge_id"))

    def filter_indicator(self, queryset, name, value):
        return queryset.filter(pk__in=Target.objects.filter(indicator=value).values("pledge_id"))

    def filter_state(self, queryset, name, value):
        status = Pledge.Status.COMPLETED if value == "completed" else Pledge.Status.PUBLISHED
        return queryset.filter(status=status)

    def filter_sort(self, queryset, name, value):
        if value == "title":
            return queryset.order_by("title", "pk")
        if value == "target":
            largest = Target.objects.filter(pledge=OuterRef("pk")).order_by("-target_number")
            return queryset.annotate(
                largest_target=Subquery(largest.values("target_number")[:1])
            ).order_by(F("largest_target").desc(nulls_last=True), "-pk")
        return queryset


FACETS_CACHE_TIMEOUT = 60 * 60 * 24
FACETS = (
    "state",
    "country",
    "target_group",
    "action_type",
    "organisation_type",
    "indicator",
    "language",
)


def _cleaned(filterset: PledgeFilter) -> dict:
    """The filter values that apply, validated once; invalid ones are left out, as in `.qs`.

    Unbound (no query string): no filter.
    """
    filterset.is_valid()
    return getattr(filterset.form, "cleaned_data", {})


def cached_facet_counts(filterset: PledgeFilter) -> dict[str, dict[str, int]]:
    """`facet_counts()`, cached per combination of filters under the public content version.

    Publishing, editing or reporting on a pledge moves the version on (`core.content`). The
    choice filters have finitely many combinations: theirs are kept for a day. A search (`q`)
    is free text, and anyone can send a new one at every request: its counts are kept only
    as long as a cached page (`CACHE_MIDDLEWARE_SECONDS`, as the list's own fragment), with no
    `:latest` copy, so that scanners cannot fill the shared cache with day-long entries.
    """
    cleaned = _cleaned(filterset)
    applied = sorted(
        name
        for name, value in cleaned.items()
        if name != "sort" and value not in (None, "", [], ())
    )
    # The key holds the values that apply, each once: a single-valued filter's cleaned value
    # (not the repeated or unused values of the query string), and the set of submitted values
    # of a multiple-choice filter, all of which validated (its cleaned value is a queryset,
    # which would cost a query).
    key_data = [
        (
            name,
            [cleaned[name]]
            if isinstance(cleaned[name], str)
            else sorted(set(filterset.data.getlist(name))),
        )
        for name in applied
    ]
    digest = hashlib.sha256(repr(key_data).encode()).hexdigest()
    if "q" not in applied:
        return content.cached(
            f"pledges:facets:{digest}", lambda: facet_counts(filterset), FACETS_CACHE_TIMEOUT
        )
    if content.shared_cache_down():
        return facet_counts(filterset)
    return cache.get_or_set(
        f"pledges:search-facets:{digest}:{content.version()}",
        lambda: facet_counts(filterset),
        settings.CACHE_MIDDLEWARE_SECONDS,
    )


def result_count(filterset: PledgeFilter, counts: dict[str, dict[str, int]]) -> int:
    """How many pledges the filters give, read from the facet counts: no COUNT query.

    The status facet counts every public pledge (active or completed) with all the other
    filters applied, so the total is its sum, or its selected option.
    """
    state = _cleaned(filterset).get("state")
    if state:
        return counts["state"][state]
    return sum(counts["state"].values())


def facet_counts(filterset: PledgeFilter) -> dict[str, dict[str, int]]:
    """For each filter, how many pledges each option would give, all the other filters applied.

    One grouped query per filter (two for the country, which adds the EU-wide pledges), so the
    cost does not grow with the number of options or pledges. The values already validated by
    `filterset` are reused: no form is validated again.
    """
    cleaned = _cleaned(filterset)

    def ids(name):
        queryset = filterset.queryset.all()
        for field_name, value in cleaned.items():
            if field_name not in (name, "sort") and value not in (None, "", [], ()):
                queryset = filterset.filters[field_name].filter(queryset, value)
        return queryset.order_by().values("pk")

    counts: dict[str, dict[str, int]] = {}
    states = dict(
        Pledge.objects.filter(pk__in=ids("state"))
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts["state"] = {
        "active": states.get(Pledge.Status.PUBLISHED, 0),
        "completed": states.get(Pledge.Status.COMPLETED, 0),
    }

    country_ids = ids("country")
    eu_wide = Pledge.objects.filter(pk__in=country_ids, is_eu_wide=True).count()
    per_country = dict(
        PledgeCountry.objects.filter(pledge__in=country_ids, pledge__is_eu_wide=False)
        .values_list("country")
        .annotate(n=Count("pledge_id"))
        .order_by()
    )
    counts["country"] = {code: per_country.get(code, 0) + eu_wide for code in EU_MEMBER_STATES}

    counts["target_group"] = dict(
        Pledge.target_groups.through.objects.filter(pledge__in=ids("target_group"))
        .values_list("targetgroup__code")
        .annotate(n=Count("pledge_id"))
        .order_by()
    )
    counts["action_type"] = dict(
        Pledge.action_types.through.objects.filter(pledge__in=ids("action_type"))
        .values_list("actiontype__code")
        .annotate(n=Count("pledge_id"))
        .order_by()
    )
    counts["organisation_type"] = dict(
        Pledge.objects.filter(pk__in=ids("organisation_type"))
        .values_list("organisation__type")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts["indicator"] = dict(
        Target.objects.filter(pledge__in=ids("indicator"))
        .values_list("indicator")
        .annotate(n=Count("pledge_id", distinct=True))
        .order_by()
    )
    counts["language"] = dict(
        Pledge.objects.filter(pk__in=ids("language"))
        .values_list("language")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return counts
