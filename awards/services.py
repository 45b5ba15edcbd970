"""Writes of the awards area: submitting an entry and moving entries through the jury process."""

import datetime
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.countries import EU_MEMBER_STATES
from core.images import refresh_renditions, resize_to_widths
from core.mail import send_templated_mail
from core.slugs import unique_slug
from organisations.models import Organisation

from .models import OUTSIDE_EU_MESSAGE, AwardEdition, Entry

# Paths under /awards/<year>/ that an entry's slug must not take.
RESERVED_SLUGS = frozenset({"enter"})
# Entry images are shown at most about 460 CSS pixels wide (1x and 2x screens).
IMAGE_WIDTHS = (480, 960)


def entry_slug(*, edition: AwardEdition, name: str, entry: Entry | None = None) -> str:
    """A slug for the entry's address, unique within its edition."""
    return unique_slug(
        Entry, name, reserved=RESERVED_SLUGS, fallback="entry", edition=edition, instance=entry
    )


def make_reference(entry: Entry) -> str:
    return f"EDSA-{entry.edition.year}-{entry.pk:06d}"


def assign_reference(*, entry: Entry) -> Entry:
    """Give a saved entry its reference number (based on its id, so never reused)."""
    if not entry.reference:
        entry.reference = make_reference(entry)
        entry.save(update_fields=["reference"])
    return entry


def matching_organisation(name: str) -> Organisation | None:
    """The pledging organisation of that name (case-insensitive), if it has a public page."""
    return (
        Organisation.objects.with_public_pledges()
        .filter(name__iexact=" ".join(name.split()))
        .order_by("pk")
        .first()
    )


def refresh_image(*, entry: Entry, image_changed: bool) -> None:
    """Generate the entry image's renditions once, when it is new or changed (core.images)."""
    if image_changed or (entry.image and not entry.image_renditions):
        refresh_renditions(entry, "image", partial(resize_to_widths, widths=IMAGE_WIDTHS))


@transaction.atomic
def submit_entry(*, edition: AwardEdition, fields: dict[str, Any], site_url: str = "") -> Entry:
    """Record a public entry, confirm it to the contact and tell the Secretariat (mail queued
    in the same transaction).

    `fields` are the entry's own fields as cleaned by the entry form. `site_url` (e.g.
    "https://portal.example.eu") makes the links in the e-mails absolute.
    """
    if not edition.is_open:
        raise ValidationError(_("The call for entries is not open."), code="call_closed")
    entry = Entry(edition=edition, status=Entry.Status.SUBMITTED, **fields)
    if entry.country.code not in EU_MEMBER_STATES:
        raise ValidationError({"country": ValidationError(OUTSIDE_EU_MESSAGE, code="outside_eu")})
    entry.organisation = matching_organisation(entry.organisation_name)
    entry.slug = entry_slug(edition=edition, name=entry.project_name)
    entry.full_clean()
    entry.save()
    assign_reference(entry=entry)
    refresh_image(entry=entry, image_changed=bool(entry.image))
    # Enqueued with the entry: if any write fails, nothing is saved and nothing is sent.
    send_entry_emails(entry=entry, site_url=site_url)
    return entry


@transaction.atomic
def save_entry(*, entry: Entry, image_changed: bool) -> Entry:
    """Save an entry edited by the Secretariat; it gets a reference number like public ones."""
    entry.save()
    assign_reference(entry=entry)
    refresh_image(entry=entry, image_changed=image_changed)
    return entry


def send_entry_emails(*, entry: Entry, site_url: str = "") -> None:
    context = {
        "entry": entry,
        "edition": entry.edition,
        "site_url": site_url,
        "edition_url": f"{site_url}{entry.edition.get_absolute_url()}",
        "admin_url": f"{site_url}{reverse('admin:awards_entry_change', args=[entry.pk])}",
        "SECRETARIAT_EMAIL": settings.SECRETARIAT_EMAIL,
    }
    send_templated_mail(
        template="awards/email/entry_confirmation",
        context=context,
        subject=_("Your entry %(reference)s to the %(title)s")
        % {"reference": entry.reference, "title": entry.edition.title},
        to=[entry.contact_email],
        reply_to=[settings.SECRETARIAT_EMAIL],
    )
    send_templated_mail(
        template="awards/email/secretariat_notification",
        context=context,
        subject=_("New awards entry %(reference)s: %(project)s")
        % {"reference": entry.reference, "project": entry.project_name},
        to=[settings.SECRETARIAT_EMAIL],
    )


def check_publication(
    *, edition: AwardEdition, status: str, today: datetime.date | None = None
) -> None:
    """Results are never published early: an entry becomes a finalist only once the call for
    entries has closed, and a winner only from the ceremony day on. Raises ValidationError."""
    if status not in Entry.PUBLIC_STATUSES:
        return
    if not edition.call_has_closed(today):
        raise ValidationError(
            _(
                "The call for entries to the %(title)s closes on %(closes)s: finalists and "
                "winners can be published only after it has closed. Nothing was changed."
            ),
            code="call_not_closed",
            params={"title": edition.title, "closes": date_format(edition.closes_on)},
        )
    if status == Entry.Status.WINNER and not edition.ceremony_has_taken_place(today):
        raise ValidationError(
            _(
                "The winners of the %(title)s can be marked from the day of the ceremony, "
                "%(ceremony)s; until then, mark them as finalists. Nothing was changed."
            ),
            code="before_ceremony",
            params={"title": edition.title, "ceremony": date_format(edition.ceremony_date)},
        )


@transaction.atomic
def change_status(
    *, entries: Iterable[Entry], status: str, today: datetime.date | None = None
) -> int:
    """Move entries to a jury status (the admin's bulk actions); returns how many changed.

    All or nothing: if one entry may not take the status (see `check_publication`), none
    changes and the ValidationError says why. Each entry is saved on its own so that
    `updated_at` moves and its history records who changed it.
    """
    if status not in Entry.Status.values:
        raise ValueError(f"Unknown entry status: {status!r}")
    if isinstance(entries, QuerySet):
        # Locked, so that two people marking the same entries do not both count them.
        entries = (
            Entry.objects.filter(pk__in=entries.values("pk"))
            .select_related("edition")
            .select_for_update(of=("self",))
            .order_by("pk")
        )
    entries = [entry for entry in entries if entry.status != status]
    editions = {entry.edition_id: entry.edition for entry in entries}
    for edition in sorted(editions.values(), key=lambda edition: edition.year):
        check_publication(edition=edition, status=status, today=today)
    for entry in entries:
        entry.status = status
        entry.save(update_fields=["status", "updated_at"])
    return len(entries)
