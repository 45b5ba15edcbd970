"""Writes of the awards area: submitting an entry and moving entries through the jury process."""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.mail import single_line
from organisations.models import Organisation

from .models import AwardEdition, Entry

# Paths under /awards/<year>/ that an entry's slug must not take.
RESERVED_SLUGS = {"enter"}


def unique_slug(*, edition: AwardEdition, name: str, exclude_pk: int | None = None) -> str:
    base = slugify(name)[:200].strip("-") or "entry"
    taken = set(
        Entry.objects.filter(edition=edition, slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    taken |= RESERVED_SLUGS
    slug, counter = base, 2
    while slug in taken:
        slug = f"{base}-{counter}"
        counter += 1
    return slug


def make_reference(entry: Entry) -> str:
    return f"EDSA-{entry.edition.year}-{entry.pk:06d}"


def assign_reference(*, entry: Entry) -> Entry:
    """Give a saved entry its reference number (based on its id, so never reused)."""
    if not entry.reference:
        entry.reference = make_reference(entry)
        entry.save(update_fields=["reference"])
    return entry


@transaction.atomic
def matching_organisation(name: str) -> Organisation | None:
    """The pledging organisation of that name (case-insensitive), if it has a public page."""
    return (
        Organisation.objects.with_public_pledges()
        .filter(name__iexact=" ".join(name.split()))
        .order_by("pk")
        .first()
    )


def submit_entry(*, edition: AwardEdition, fields: dict[str, Any], site_url: str = "") -> Entry:
    """Record a public entry; after commit, confirm it to the contact and tell the Secretariat.

    `fields` are the entry's own fields as cleaned by the entry form. `site_url` (e.g.
    "https://portal.example.eu") makes the links in the e-mails absolute.
    """
    if not edition.is_open:
        raise ValidationError(_("The call for entries is not open."), code="call_closed")
    entry = Entry(edition=edition, status=Entry.Status.SUBMITTED, **fields)
    entry.organisation = matching_organisation(entry.organisation_name)
    entry.slug = unique_slug(edition=edition, name=entry.project_name)
    entry.full_clean()
    entry.save()
    assign_reference(entry=entry)
    transaction.on_commit(lambda: send_entry_emails(entry=entry, site_url=site_url))
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
    confirmation = EmailMultiAlternatives(
        subject=single_line(
            _("Your entry %(reference)s to the %(title)s")
            % {"reference": entry.reference, "title": entry.edition.title}
        ),
        body=render_to_string("awards/email/entry_confirmation.txt", context),
        to=[entry.contact_email],
        reply_to=[settings.SECRETARIAT_EMAIL],
    )
    confirmation.attach_alternative(
        render_to_string("awards/email/entry_confirmation.html", context), "text/html"
    )
    notification = EmailMultiAlternatives(
        subject=single_line(
            _("New awards entry %(reference)s: %(project)s")
            % {"reference": entry.reference, "project": entry.project_name}
        ),
        body=render_to_string("awards/email/secretariat_notification.txt", context),
        to=[settings.SECRETARIAT_EMAIL],
    )
    notification.attach_alternative(
        render_to_string("awards/email/secretariat_notification.html", context), "text/html"
    )
    confirmation.send()
    notification.send()


@transaction.atomic
def change_status(*, entries: Iterable[Entry], status: str) -> int:
    """Move entries to a jury status (the admin's bulk actions); returns how many changed.

    Each entry is saved on its own so that `updated_at` moves and model rules are checked.
    """
    if status not in Entry.Status.values:
        raise ValueError(f"Unknown entry status: {status!r}")
    changed = 0
    for entry in entries:
        if entry.status == status:
            continue
        entry.status = status
        entry.save(update_fields=["status", "updated_at"])
        changed += 1
    return changed
