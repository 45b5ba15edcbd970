"""The portal's admin site: Django's, with the Secretariat's review desk on its index page.

Installed by `portal.apps.PortalAdminConfig` (`default_site`) in place of
"django.contrib.admin", so `admin.site` and every `@admin.register` use this site.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import admin
from django.db.models import Count, F, Min, Model, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from awards.models import Entry
from core.models import OutgoingEmail
from national_coalitions.models import ContactRequest
from pledges.models import Pledge, ProgressReport

# How many of the pledges awaiting review the desk lists by name.
OLDEST_PLEDGES = 10


@dataclass(frozen=True)
class Queue:
    """One kind of work waiting for the Secretariat, and the change list that shows it."""

    name: str
    model: type[Model]
    label: str | Promise
    waiting: Callable[[], QuerySet]
    # The field the waiting time is counted from.
    since: str
    # The change list's filter that lists the same rows.
    filters: dict[str, str]

    def changelist_url(self) -> str:
        opts = self.model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        return f"{url}?{urlencode(self.filters)}"


QUEUES = (
    Queue(
        name="pledges",
        model=Pledge,
        label=_("Pledges awaiting review"),
        waiting=lambda: Pledge.objects.awaiting_review(),
        since="submitted_at",
        filters={"status__exact": Pledge.Status.SUBMITTED},
    ),
    Queue(
        name="progress-reports",
        model=ProgressReport,
        label=_("Progress reports to check"),
        waiting=lambda: ProgressReport.objects.to_review(),
        since="created_at",
        filters={"reviewed_at__isempty": "1"},
    ),
    Queue(
        name="award-entries",
        model=Entry,
        label=_("Award entries to check"),
        waiting=lambda: Entry.objects.awaiting_check(),
        since="created_at",
        filters={"status__exact": Entry.Status.SUBMITTED},
    ),
    Queue(
        name="contact-requests",
        model=ContactRequest,
        label=_("Contact requests to answer"),
        waiting=lambda: ContactRequest.objects.unhandled(),
        since="created_at",
        filters={"is_handled__exact": "0"},
    ),
    Queue(
        name="failed-mails",
        model=OutgoingEmail,
        label=_("Mails that could not be sent"),
        waiting=lambda: OutgoingEmail.objects.failed(),
        since="created_at",
        filters={"status__exact": OutgoingEmail.Status.FAILED},
    ),
)


@dataclass(frozen=True)
class Waiting:
    """A queue as the desk shows it: how many, since when, and where to work on them."""

    queue: Queue
    count: int
    oldest_at: datetime.datetime | None
    days: int | None
    url: str


def days_since(moment: datetime.datetime | None, now: datetime.datetime) -> int | None:
    return None if moment is None else max((now - moment).days, 0)


class PortalAdminSite(admin.AdminSite):
    def review_desk(self, request, now: datetime.datetime | None = None) -> dict:
        """What waits for the Secretariat, of the models this user may see: one query a queue,
        and one for the pledges listed by name."""
        now = now or timezone.now()
        queues = []
        for queue in QUEUES:
            model_admin = self._registry.get(queue.model)
            if model_admin is None or not model_admin.has_view_or_change_permission(request):
                continue
            totals = queue.waiting().aggregate(count=Count("pk"), oldest=Min(queue.since))
            queues.append(
                Waiting(
                    queue=queue,
                    count=totals["count"],
                    oldest_at=totals["oldest"],
                    days=days_since(totals["oldest"], now),
                    url=queue.changelist_url(),
                )
            )
        pledges = next((w for w in queues if w.queue.model is Pledge), None)
        oldest_pledges = []
        if pledges and pledges.count:
            oldest_pledges = list(
                Pledge.objects.awaiting_review()
                .select_related("organisation")
                .order_by(F("submitted_at").asc(nulls_last=True), "pk")[:OLDEST_PLEDGES]
            )
            for pledge in oldest_pledges:
                pledge.days_waiting = days_since(pledge.submitted_at, now)
        return {
            "queues": queues,
            "pledges": pledges,
            "oldest_pledges": oldest_pledges,
            "nothing_waits": all(w.count == 0 for w in queues),
        }

    def index(self, request, extra_context=None):
        context = {"review_desk": self.review_desk(request), **(extra_context or {})}
        return super().index(request, context)
