import datetime
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from core.i18n import current_language
from core.images import refresh_renditions, resize_to_widths
from core.mail import send_templated_mail

from .models import ContactRequest, NationalCoalition, OtherInitiative

# A coalition's logo is shown at most 200 CSS pixels wide (1x and 2x screens).
LOGO_WIDTHS = (200, 400)


@transaction.atomic
def save_coalition(*, coalition: NationalCoalition, logo_changed: bool) -> NationalCoalition:
    """Save a coalition (the admin's form) and make its logo's renditions when it changed; a
    logo saved before renditions existed gets them at its next save."""
    coalition.full_clean()
    coalition.save()
    if logo_changed or (coalition.logo and not coalition.logo_renditions):
        refresh_renditions(coalition, "logo", partial(resize_to_widths, widths=LOGO_WIDTHS))
    return coalition


@transaction.atomic
def submit_contact_request(
    *,
    name: str,
    email: str,
    message: str,
    consent: bool,
    organisation: str = "",
    coalition: NationalCoalition | None = None,
    initiative: OtherInitiative | None = None,
) -> ContactRequest:
    """Store a message to the Secretariat and queue its e-mail in the same transaction.

    The coalition's public contact gets a copy, so the Secretariat and the coalition
    can follow up together; initiatives are reached through the Secretariat only.
    """
    contact_request = ContactRequest(
        name=name,
        email=email,
        organisation=organisation,
        message=message,
        consent=consent,
        coalition=coalition,
        initiative=initiative,
        language=current_language(),
    )
    contact_request.full_clean()
    contact_request.save()
    _send_contact_request_email(contact_request)
    return contact_request


def _send_contact_request_email(contact_request: ContactRequest) -> None:
    coalition = contact_request.coalition
    cc = [coalition.contact_email] if coalition and coalition.contact_email else []
    context = {"contact_request": contact_request, "subject": contact_request.subject}
    subject = render_to_string(
        "national_coalitions/email/contact_request_subject.txt", context
    ).strip()
    send_templated_mail(
        template="national_coalitions/email/contact_request",
        context=context,
        subject=subject,
        to=[settings.SECRETARIAT_EMAIL],
        cc=cc,
        reply_to=[contact_request.email],
    )


@transaction.atomic
def mark_contact_requests_handled(*, contact_requests: QuerySet[ContactRequest], user: User) -> int:
    """Mark the unhandled ones among `contact_requests` as handled by `user`; returns how many."""
    return contact_requests.unhandled().update(
        is_handled=True, handled_at=timezone.now(), handled_by=user, updated_at=timezone.now()
    )


# The privacy notice promises that contact messages are kept for at most two years.
CONTACT_REQUEST_RETENTION = datetime.timedelta(days=730)


@transaction.atomic
def purge_old_contact_requests(*, retention: datetime.timedelta = CONTACT_REQUEST_RETENTION) -> int:
    """Delete contact requests received longer ago than `retention`; returns how many."""
    deleted, _ = ContactRequest.objects.filter(created_at__lt=timezone.now() - retention).delete()
    return deleted
