"""The public pledge viewer: list, detail, organisation, impact, open data and badges.

Everything public starts from `Pledge.objects.public()`.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from core.spreadsheets import csv_response
from organisations.models import Organisation

from . import exports, impact
from .charts import bar_chart
from .filters import EU_MEMBER_STATES, FACETS, PledgeFilter, cached_facet_counts, result_count
from .models import ActionType, Pledge, ProgressReport, Target, TargetGroup

PAGE_SIZE = 20


def public_pledges():
    """Public pledges with what a pledge card shows, loaded in a fixed number of queries."""
    return (
        Pledge.objects.public()
        .in_language(get_language())
        .select_related("organisation")
        .prefetch_related("target_groups", "countries", "targets")
    )


def facet_options(filterset: PledgeFilter, counts) -> dict[str, list[dict]]:
    """The options of each filter with their counts and whether they are selected."""
    data = filterset.data

    def options(name, choices):
        selected = set(data.getlist(name))
        return [
            {
                "value": value,
                "label": label,
                "count": counts[name].get(value, 0),
                "selected": value in selected,
            }
            for value, label in choices
        ]

    return {
        "state": options("state", PledgeFilter.STATE_CHOICES),
        "country": options("country", filterset.filters["country"].extra["choices"]()),
        "target_group": options(
            "target_group", [(g.code, str(g)) for g in TargetGroup.objects.all()]
        ),
        "action_type": options("action_type", [(a.code, str(a)) for a in ActionType.objects.all()]),
        "organisation_type": options("organisation_type", Organisation.Type.choices),
        "indicator": options("indicator", Target.Indicator.choices),
        # Languages no public pledge is written in are left out of the list.
        "language": [
            option
            for option in options("language", settings.LANGUAGES)
            if option["count"] or option["selected"]
        ],
    }


class PledgeListView(FilterView):
    filterset_class = PledgeFilter
    template_name = "pledges/pledge_list.html"
    paginate_by = PAGE_SIZE
    # An unknown value in the URL is ignored rather than emptying the list.
    strict = False

    def get_queryset(self):
        return public_pledges()

    @cached_property
    def facet_counts(self):
        return cached_facet_counts(self.filterset)

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        # The cached facet counts already give the total: no COUNT over the table per request.
        paginator.count = result_count(self.filterset, self.facet_counts)
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = context["filter"]
        context["facets"] = facet_options(filterset, self.facet_counts)
        data = filterset.data
        context["has_filters"] = any(data.get(name) for name in (*FACETS, "q"))
        # "Filter (2 active)": the values that apply (unknown ones are ignored, as in the list).
        context["active_filters"] = sum(
            option["selected"] for options in context["facets"].values() for option in options
        )
        context["selected_sort"] = data.get("sort") or "newest"
        context["sort_choices"] = PledgeFilter.SORT_CHOICES
        context["search"] = data.get("q", "")
        return context


class PledgeDetailView(DetailView):
    template_name = "pledges/pledge_detail.html"
    context_object_name = "pledge"

    def get_queryset(self):
        return (
            Pledge.objects.public()
            .in_language(get_language())
            .select_related("organisation")
            .prefetch_related(
                "target_groups",
                "action_types",
                "countries",
                "targets",
                Prefetch(
                    "progress_reports",
                    queryset=ProgressReport.objects.prefetch_related("values__target"),
                ),
            )
        )

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        # One stable address per pledge: an old or mistyped slug redirects to the current one.
        if self.object.slug != kwargs["slug"]:
            return redirect(self.object, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pledge = self.object
        context["badge_url"] = self.request.build_absolute_uri(
            reverse("pledges:pledge-badge", kwargs={"pk": pledge.pk})
        )
        context["pledge_url"] = self.request.build_absolute_uri(pledge.get_absolute_url())
        alt = _("We pledged: %(title)s – Digital Skills and Jobs Coalition") % {
            "title": pledge.title
        }
        context["embed_code"] = format_html(
            '<a href="{}"><img src="{}" alt="{}" width="220" height="60"></a>',
            context["pledge_url"],
            context["badge_url"],
            alt,
        )
        return context


class OrganisationDetailView(DetailView):
    """An organisation's public profile: only organisations with a public pledge have one."""

    template_name = "pledges/organisation_detail.html"
    context_object_name = "organisation"

    def get_queryset(self):
        return Organisation.objects.with_public_pledges()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pledges = public_pledges().filter(organisation=self.object)
        page = Paginator(pledges, PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(page_obj=page, pledges=page.object_list, is_paginated=page.has_other_pages())
        return context


class ImpactView(TemplateView):
    template_name = "pledges/impact.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        totals = impact.get_totals()
        indicator = self.request.GET.get("indicator")
        if indicator not in Target.Indicator.values:
            indicator = Target.Indicator.PEOPLE_TRAINED
        indicator_label = Target.Indicator(indicator).label

        indicator_rows = [
            {
                "key": value,
                "label": label,
                "total": totals.indicator_total(value),
                "filter": f"indicator={value}",
            }
            for value, label in Target.Indicator.choices
        ]
        group_rows = [
            {
                "key": row.key,
                "label": row.label,
                "total": row.total(indicator),
                "filter": f"indicator={indicator}&target_group={row.key}",
            }
            for row in totals.by_target_group
        ]
        country_rows = [
            {
                "key": row.key,
                "label": row.label,
                "total": row.total(indicator),
                "filter": f"indicator={indicator}&country={row.key}",
            }
            for row in totals.by_country
            if row.total(indicator).pledges and row.key in EU_MEMBER_STATES
        ]
        context.update(
            totals=totals,
            indicator=indicator,
            indicator_label=indicator_label,
            indicator_choices=Target.Indicator.choices,
            indicator_rows=indicator_rows,
            group_rows=group_rows,
            country_rows=country_rows,
            indicator_chart=bar_chart(
                chart_id="chart-indicators",
                title=_("Pledged and delivered, by indicator"),
                rows=[r for r in indicator_rows if r["total"].pledged],
            ),
            group_chart=bar_chart(
                chart_id="chart-groups",
                title=_("%(indicator)s: pledged and delivered, by target group")
                % {"indicator": indicator_label},
                rows=[r for r in group_rows if r["total"].pledged],
            ),
            country_chart=bar_chart(
                chart_id="chart-countries",
                title=_("%(indicator)s: pledged and delivered, by country")
                % {"indicator": indicator_label},
                rows=country_rows,
            ),
        )
        return context


def _filtered(request):
    """The list page's pledges for these query parameters, in the list's order."""
    return PledgeFilter(request.GET, queryset=Pledge.objects.public()).qs


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@require_safe
def pledge_export_csv(request):
    return csv_response(
        exports.public_rows(_filtered(request), base_url=_base_url(request)),
        filename="pledges.csv",
        header=exports.PUBLIC_HEADER,
    )


@require_safe
def pledge_export_json(request):
    return exports.json_response(
        _filtered(request), filename="pledges.json", base_url=_base_url(request)
    )


@require_safe
@cache_control(public=True, max_age=60 * 60 * 24)
def pledge_badge(request, pk: int):
    pledge = get_object_or_404(Pledge.objects.public().only("pk", "title", "slug"), pk=pk)
    return render(request, "pledges/badge.svg", {"pledge": pledge}, content_type="image/svg+xml")
