"""Open data (CSV, JSON) of the public pledge list, and the Secretariat's CSV export.

The CSV rows are written by `core.spreadsheets.csv_response` with `PUBLIC_HEADER` or
`ADMIN_HEADER` (byte-order mark, formula-safe cells).

Exports stream: rows are read in chunks with `.iterator()`, each chunk prefetching its related
rows in a fixed number of queries, so 100,000 pledges never sit in memory at once.
"""

import json
from collections.abc import Iterator

from django.http import StreamingHttpResponse
from django.urls import reverse

from .models import Pledge, Target, percent

CHUNK_SIZE = 500
INDICATORS = [value for value, _label in Target.Indicator.choices]
OTHER = Target.Indicator.OTHER
# Multi-valued cells are joined with this, as in the target groups and countries columns.
SEPARATOR = " | "


def export_queryset(queryset):
    return (
        queryset.select_related("organisation")
        .prefetch_related("target_groups", "action_types", "countries", "targets")
        .iterator(chunk_size=CHUNK_SIZE)
    )


def _targets_by_indicator(pledge: Pledge) -> dict[str, tuple]:
    """(target, achieved) per indicator, summed; for "other", (target, achieved, description),
    each listed target by target: different things ("Companies advised", "Apps built") are not
    added up, and the description says what is counted."""
    sums: dict[str, tuple] = {}
    others = []
    for target in pledge.targets.all():
        if target.indicator == OTHER:
            others.append(target)
            continue
        pledged, achieved = sums.get(target.indicator, (0, 0))
        sums[target.indicator] = (pledged + target.target_number, achieved + target.achieved)
    if len(others) == 1:
        [other] = others
        sums[OTHER] = (other.target_number, other.achieved, other.description)
    elif others:
        sums[OTHER] = tuple(
            SEPARATOR.join(str(getattr(target, name)) for target in others)
            for name in ("target_number", "achieved", "description")
        )
    return sums


def _indicator_columns(indicator: str) -> list[str]:
    parts = ("target", "achieved", "description") if indicator == OTHER else ("target", "achieved")
    return [f"{indicator}_{part}" for part in parts]


PUBLIC_HEADER = [
    "id",
    "url",
    "title",
    "language",
    "organisation",
    "organisation_type",
    "organisation_country",
    "summary",
    "target_groups",
    "action_types",
    "eu_wide",
    "countries",
    "start_date",
    "end_date",
    "status",
    "published_at",
    "last_reported",
    "website",
    *[column for indicator in INDICATORS for column in _indicator_columns(indicator)],
]


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def public_record(pledge: Pledge, *, base_url: str = "") -> dict:
    """A pledge as open data: only what the public pages show. `base_url`: scheme and host."""
    organisation = pledge.organisation
    return {
        "id": pledge.pk,
        "url": base_url + pledge.get_absolute_url(),
        "title": pledge.title,
        # The language the title, summary and description are written in (ISO 639-1).
        "language": pledge.language,
        "organisation": {
            "name": organisation.name,
            "url": base_url + organisation.get_absolute_url(),
            "type": organisation.type,
            "country": organisation.country.code,
        },
        "summary": pledge.summary,
        "target_groups": [group.code for group in pledge.target_groups.all()],
        "action_types": [action.code for action in pledge.action_types.all()],
        "eu_wide": pledge.is_eu_wide,
        "countries": [row.country.code for row in pledge.countries.all()],
        "start_date": _iso(pledge.start_date),
        "end_date": _iso(pledge.end_date),
        "status": pledge.status,
        "published_at": _iso(pledge.published_at),
        "last_reported": _iso(pledge.last_reported_at),
        "website": pledge.website,
        "targets": [
            {
                "indicator": target.indicator,
                "description": target.description,
                "target": target.target_number,
                "achieved": target.achieved,
            }
            for target in pledge.targets.all()
        ],
    }


def public_rows(queryset, *, base_url: str = "") -> Iterator[list]:
    """One row per pledge under PUBLIC_HEADER; targets are summed per indicator in fixed
    columns, "other" targets listed with their descriptions (`_targets_by_indicator`)."""
    for pledge in export_queryset(queryset):
        record = public_record(pledge, base_url=base_url)
        sums = _targets_by_indicator(pledge)
        row = [
            record["id"],
            record["url"],
            record["title"],
            record["language"],
            record["organisation"]["name"],
            record["organisation"]["type"],
            record["organisation"]["country"],
            record["summary"],
            " | ".join(record["target_groups"]),
            " | ".join(record["action_types"]),
            "yes" if record["eu_wide"] else "no",
            " | ".join(record["countries"]),
            record["start_date"],
            record["end_date"],
            record["status"],
            record["published_at"],
            record["last_reported"],
            record["website"],
        ]
        for indicator in INDICATORS:
            columns = _indicator_columns(indicator)
            row.extend(sums.get(indicator, [""] * len(columns)))
        yield row


def json_response(queryset, *, filename: str, base_url: str = "") -> StreamingHttpResponse:
    def chunks():
        source = json.dumps(base_url + reverse("pledges:pledge-list"))
        yield f'{{"source": {source}, "pledges": ['
        for index, pledge in enumerate(export_queryset(queryset)):
            record = public_record(pledge, base_url=base_url)
            yield ("," if index else "") + json.dumps(record, ensure_ascii=False)
        yield "]}"

    response = StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


ADMIN_HEADER = [
    "pledge_id",
    "title",
    "status",
    "organisation",
    "organisation_type",
    "organisation_country",
    "contact_name",
    "contact_email",
    "countries",
    "target_groups",
    "action_types",
    "start_date",
    "end_date",
    "submitted_at",
    "published_at",
    "last_reported",
    "indicator",
    "target_description",
    "target_number",
    "achieved",
    "percent_achieved",
]


def admin_rows(queryset) -> Iterator[list]:
    """For the Secretariat, under ADMIN_HEADER: one row per target, with the pledge's details
    and its progress."""
    for pledge in export_queryset(queryset):
        organisation = pledge.organisation
        countries = (
            "EU-wide"
            if pledge.is_eu_wide
            else " | ".join(row.country.code for row in pledge.countries.all())
        )
        common = [
            pledge.pk,
            pledge.title,
            pledge.get_status_display(),
            organisation.name,
            organisation.get_type_display(),
            organisation.country.code,
            organisation.contact_name,
            organisation.contact_email,
            countries,
            " | ".join(group.name for group in pledge.target_groups.all()),
            " | ".join(action.name for action in pledge.action_types.all()),
            _iso(pledge.start_date),
            _iso(pledge.end_date),
            _iso(pledge.submitted_at),
            _iso(pledge.published_at),
            _iso(pledge.last_reported_at),
        ]
        targets = list(pledge.targets.all())
        if not targets:
            yield [*common, "", "", "", "", ""]
        for target in targets:
            yield [
                *common,
                target.get_indicator_display(),
                target.description,
                target.target_number,
                target.achieved,
                # The real figure, above 100 when the target is exceeded.
                percent(target.achieved, target.target_number),
            ]
