"""Pledged versus delivered totals over public pledges: the impact page and the home figures.

The totals are computed with a few grouped queries and cached in the shared cache under the
public content version (`core.content`): any write to pledges, targets or progress moves it on.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core import content

from .filters import EU_MEMBER_STATES
from .models import Pledge, Target, TargetGroup, percent

CACHE_TIMEOUT = 60 * 60 * 24
# The indicators the home page headlines ("several million trainings", "more than a million
# certifications and assessments").
HEADLINE_INDICATORS = (Target.Indicator.PEOPLE_TRAINED, Target.Indicator.CERTIFICATIONS)


@dataclass
class Total:
    """Pledged and delivered numbers for one indicator within one slice."""

    pledged: int = 0
    delivered: int = 0
    pledges: int = 0

    @property
    def percent(self) -> int:
        return percent(self.delivered, self.pledged)

    def add(self, other: "Total") -> None:
        self.pledged += other.pledged
        self.delivered += other.delivered
        self.pledges += other.pledges


@dataclass
class Row:
    """One line of a breakdown: a target group or a country, and its totals per indicator."""

    key: str
    label: str
    totals: dict[str, Total] = field(default_factory=dict)

    def total(self, indicator: str) -> Total:
        return self.totals.get(indicator, Total())


@dataclass
class ImpactTotals:
    public_pledges: int
    by_indicator: dict[str, Total]
    by_target_group: list[Row]
    by_country: list[Row]

    def indicator_total(self, indicator: str) -> Total:
        return self.by_indicator.get(indicator, Total())


def _aggregates() -> dict:
    return {
        "pledged": Sum("target_number"),
        "delivered": Sum("achieved"),
        "pledges": Count("pledge", distinct=True),
    }


def _as_total(row: dict) -> Total:
    return Total(
        pledged=row["pledged"] or 0, delivered=row["delivered"] or 0, pledges=row["pledges"]
    )


def compute() -> ImpactTotals:
    """Five grouped queries, whatever the number of pledges."""
    public = Pledge.objects.public()
    targets = Target.objects.filter(pledge__in=public.values("pk"))
    aggregates = _aggregates()

    by_indicator = {
        row["indicator"]: _as_total(row)
        for row in targets.values("indicator").annotate(**aggregates).order_by()
    }

    groups = {
        group.pk: Row(key=group.code, label=str(group)) for group in TargetGroup.objects.all()
    }
    for row in (
        targets.values("pledge__target_groups", "indicator").annotate(**aggregates).order_by()
    ):
        if row["pledge__target_groups"] in groups:
            groups[row["pledge__target_groups"]].totals[row["indicator"]] = _as_total(row)

    # A pledge counts for every country it covers; an EU-wide pledge covers every Member
    # State, exactly as the country filter of the list treats it.
    eu_wide = {
        row["indicator"]: _as_total(row)
        for row in targets.filter(pledge__is_eu_wide=True)
        .values("indicator")
        .annotate(**aggregates)
        .order_by()
    }
    by_country: dict[str, Row] = {}
    for row in (
        targets.filter(pledge__is_eu_wide=False)
        .values("pledge__countries__country", "indicator")
        .annotate(**aggregates)
        .order_by()
    ):
        code = row["pledge__countries__country"]
        if not code:
            continue
        country_row = by_country.setdefault(code, Row(key=code, label=countries.name(code)))
        country_row.totals[row["indicator"]] = _as_total(row)
    if eu_wide:
        for code in EU_MEMBER_STATES:
            country_row = by_country.setdefault(code, Row(key=code, label=countries.name(code)))
            for indicator, total in eu_wide.items():
                country_row.totals.setdefault(indicator, Total()).add(total)

    return ImpactTotals(
        public_pledges=public.count(),
        by_indicator=by_indicator,
        by_target_group=list(groups.values()),
        by_country=sorted(by_country.values(), key=lambda row: str(row.label)),
    )


def get_totals() -> ImpactTotals:
    # Per language: the rows carry names (pillars, Member States) and are sorted by them.
    return content.cached(f"pledges:impact:{get_language()}", compute, CACHE_TIMEOUT)


def headline_figures() -> list[dict]:
    """The home page's figures, from the same cached totals as the impact page."""
    from django.urls import reverse

    totals = get_totals()
    if not totals.public_pledges:
        return []  # the home page shows its empty state instead of zeros
    list_url = reverse("pledges:pledge-list")
    impact_url = reverse("pledges:impact")
    figures = [
        {
            "label": _("Published pledges"),
            "value": number_format(totals.public_pledges, force_grouping=True),
            "url": list_url,
        }
    ]
    labels = {
        Target.Indicator.PEOPLE_TRAINED: _("Trainings pledged"),
        Target.Indicator.CERTIFICATIONS: _("Certifications and assessments pledged"),
    }
    for indicator in HEADLINE_INDICATORS:
        figures.append(
            {
                "label": labels[indicator],
                "value": number_format(
                    totals.indicator_total(indicator).pledged, force_grouping=True
                ),
                "url": f"{impact_url}#indicator-{indicator}",
            }
        )
    return figures
