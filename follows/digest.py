"""What changed, for one person, in what they follow: read from the timestamps the areas keep.

Nothing here is written by the areas (they do not know this app): a pledge's status log
(`PledgeStatusChange`), its progress reports, the publication dates of pledges, a coalition's
history (django-simple-history) and its members' creation dates. Only what the public pages
show goes into a digest: a pledge that is no longer public gives nothing, and its private
fields (reviewer notes, messages to the pledger) are never read.

Call inside `translation.override(user.language)`: the texts are the digest's language.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from national_coalitions.models import CoalitionMember, NationalCoalition
from pledges.models import Pledge, PledgeStatusChange, ProgressReport

from .models import Follow
from .searches import matching_pledges

# At most this many lines per followed thing; the page itself has the rest.
MAX_ITEMS = 20


@dataclass
class Section:
    label: str
    url: str
    items: list = field(default_factory=list)

    def add(self, *, text: str, at: datetime.datetime, url: str = ""):
        self.items.append({"text": text, "at": at, "url": url})

    def as_context(self) -> dict:
        items = sorted(self.items, key=lambda item: item["at"])
        return {
            "label": self.label,
            "url": self.url,
            "items": items[:MAX_ITEMS],
            "more": max(0, len(items) - MAX_ITEMS),
        }


def _absolute(path: str) -> str:
    return settings.SITE_URL + path if path else ""


def _public_pledges(language: str):
    return Pledge.objects.public().in_language(language).select_related("organisation")


def _pledge_changes(follow, section, *, since, until, language):
    pledge = _public_pledges(language).filter(pk=follow.pledge_id).first()
    if pledge is None:  # withdrawn or unpublished since: nothing about it is public
        return
    section.label = pledge.shown_title
    section.url = _absolute(pledge.get_absolute_url())
    changes = PledgeStatusChange.objects.filter(
        pledge=pledge,
        to_status__in=Pledge.PUBLIC_STATUSES,
        changed_at__gt=since,
        changed_at__lte=until,
    ).only("to_status", "changed_at")
    for change in changes:
        if change.to_status == Pledge.Status.COMPLETED:
            text = _("The pledge was marked as completed.")
        else:
            text = _("The pledge was published.")
        section.add(text=text, at=change.changed_at)
    reports = ProgressReport.objects.filter(
        pledge=pledge, created_at__gt=since, created_at__lte=until
    ).only("report_date", "created_at")
    for report in reports:
        section.add(
            text=_("A new progress report of %(date)s was published.")
            % {"date": _localised_date(report.report_date)},
            at=report.created_at,
        )


def _localised_date(value) -> str:
    return date_format(value, "DATE_FORMAT")


def _new_pledges(section, pledges, *, since, until):
    new = pledges.filter(published_at__gt=since, published_at__lte=until).order_by(
        "published_at", "pk"
    )
    for pledge in new[: MAX_ITEMS + 1]:
        section.add(
            text=_("New pledge: %(title)s") % {"title": pledge.shown_title},
            at=pledge.published_at,
            url=_absolute(pledge.get_absolute_url()),
        )


def _organisation_changes(follow, section, *, since, until, language):
    organisation = follow.organisation
    section.label = organisation.name
    section.url = _absolute(organisation.get_absolute_url())
    pledges = _public_pledges(language).filter(organisation=organisation)
    _new_pledges(section, pledges, since=since, until=until)
    last_completion = PledgeStatusChange.objects.filter(
        pledge=OuterRef("pk"), to_status=Pledge.Status.COMPLETED
    ).order_by("-changed_at")
    completed = (
        pledges.filter(status=Pledge.Status.COMPLETED)
        .annotate(completed_at=Subquery(last_completion.values("changed_at")[:1]))
        .filter(completed_at__gt=since, completed_at__lte=until)
    )
    for pledge in completed[: MAX_ITEMS + 1]:
        section.add(
            text=_("Pledge completed: %(title)s") % {"title": pledge.shown_title},
            at=pledge.completed_at,
            url=_absolute(pledge.get_absolute_url()),
        )


def _coalition_changes(follow, section, *, since, until, language):
    coalition = follow.coalition
    section.label = str(coalition)
    section.url = _absolute(coalition.get_absolute_url())
    history = NationalCoalition.history.filter(id=coalition.pk)
    status = (
        history.filter(history_date__lte=since)
        .order_by("-history_date")
        .values_list("status", flat=True)
        .first()
    )
    updated_at = None
    for record in history.filter(history_date__gt=since, history_date__lte=until).order_by(
        "history_date"
    ):
        if record.status == NationalCoalition.Status.LAUNCHED and status != record.status:
            section.add(text=_("The National Coalition was launched."), at=record.history_date)
        elif record.history_type == "~":
            updated_at = record.history_date
        status = record.status
    if updated_at:  # edits come in bursts: one line for all of them
        section.add(text=_("The National Coalition's page was updated."), at=updated_at)
    members = CoalitionMember.objects.filter(
        coalition=coalition, created_at__gt=since, created_at__lte=until
    ).order_by("created_at", "pk")
    for member in members[: MAX_ITEMS + 1]:
        section.add(text=_("New member: %(name)s") % {"name": member.name}, at=member.created_at)


def _search_changes(follow, section, *, since, until, language):
    section.label = follow.label
    section.url = _absolute(follow.target_url)
    _new_pledges(
        section,
        matching_pledges(follow.query, _public_pledges(language)),
        since=since,
        until=until,
    )


COLLECTORS = {
    Follow.Kind.PLEDGE: _pledge_changes,
    Follow.Kind.ORGANISATION: _organisation_changes,
    Follow.Kind.COALITION: _coalition_changes,
    Follow.Kind.SEARCH: _search_changes,
}


def collect(*, user, since: datetime.datetime, until: datetime.datetime, language: str):
    """The digest's sections: one per followed thing with something new in (since, until].

    A follow counts from when it was made: following something does not send its past.
    """
    sections = []
    for follow in (
        Follow.objects.filter(user=user)
        .select_related("organisation", "coalition")
        .order_by("created_at", "pk")
    ):
        start = max(since, follow.created_at)
        if start >= until:
            continue
        section = Section(label="", url="")
        COLLECTORS[follow.kind](follow, section, since=start, until=until, language=language)
        if section.items:
            sections.append(section.as_context())
    return sections
