"""Every change of a pledge's status goes through here: views and admin actions alike.

Each transition is checked against who may make it, recorded (who, when, message),
and notified by e-mail once the transaction has committed.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from . import impact
from .models import Membership, Pledge, PledgeStatusChange

S = Pledge.Status

# Allowed transitions, by who may make them.
PLEDGER_TRANSITIONS = {
    S.DRAFT: {S.SUBMITTED, S.WITHDRAWN},
    S.CHANGES_REQUESTED: {S.SUBMITTED, S.WITHDRAWN},
    S.SUBMITTED: {S.WITHDRAWN},
    S.PUBLISHED: {S.WITHDRAWN},
}
SECRETARIAT_TRANSITIONS = {
    S.SUBMITTED: {S.PUBLISHED, S.CHANGES_REQUESTED, S.REJECTED},
    S.PUBLISHED: {S.COMPLETED},
}
REVIEW_PERMISSION = "pledges.review_pledge"


class TransitionNotAllowed(Exception):
    """The pledge cannot move to that status from its current one (or not by this person)."""


def is_member(*, user, organisation) -> bool:
    return Membership.objects.filter(organisation=organisation, user=user).exists()


def submission_errors(pledge: Pledge) -> dict[str, list[str]]:
    """What a pledge still lacks before it can be submitted for review (empty when complete)."""
    errors: dict[str, list[str]] = {}

    def need(field, message):
        errors.setdefault(field, []).append(message)

    if not pledge.summary.strip():
        need("summary", _("Add a short summary."))
    if not pledge.description.strip():
        need("description", _("Describe what you will do."))
    if not pledge.target_groups.exists():
        need("target_groups", _("Choose at least one target group."))
    if not pledge.action_types.exists():
        need("action_types", _("Choose at least one type of action."))
    if not pledge.is_eu_wide and not pledge.countries.exists():
        need("countries", _("Choose the countries covered, or mark the pledge as EU-wide."))
    if not pledge.start_date:
        need("start_date", _("Give a start date."))
    if not pledge.end_date:
        need("end_date", _("Give an end date."))
    if not pledge.targets.exists():
        need("targets", _("Add at least one target with a number."))
    return errors


@transaction.atomic
def _transition(
    *, pledge: Pledge, to_status: str, actor, message: str = "", by_secretariat: bool
) -> Pledge:
    # Lock the row: two reviewers acting at once are serialised, and the second one sees
    # the status the first one left.
    locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if by_secretariat:
        if not actor.has_perm(REVIEW_PERMISSION):
            raise PermissionDenied(_("Only the Secretariat can review pledges."))
        allowed = SECRETARIAT_TRANSITIONS.get(locked.status, set())
    else:
        if not is_member(user=actor, organisation=locked.organisation):
            raise PermissionDenied(_("You are not a member of this pledge's organisation."))
        allowed = PLEDGER_TRANSITIONS.get(locked.status, set())
    if to_status not in allowed:
        raise TransitionNotAllowed(
            _("A pledge that is “%(current)s” cannot become “%(target)s”.")
            % {"current": locked.get_status_display(), "target": S(to_status).label}
        )

    now = timezone.now()
    change = PledgeStatusChange(
        pledge=locked,
        from_status=locked.status,
        to_status=to_status,
        changed_by=actor,
        changed_at=now,
        message=message.strip(),
    )
    change.full_clean()
    locked.status = to_status
    locked.status_changed_at = now
    locked.status_changed_by = actor
    update_fields = ["status", "status_changed_at", "status_changed_by", "updated_at"]
    if to_status == S.SUBMITTED:
        locked.submitted_at = now
        update_fields.append("submitted_at")
    if to_status == S.PUBLISHED and locked.published_at is None:
        locked.published_at = now
        update_fields.append("published_at")
    locked.save(update_fields=update_fields)
    change.save()
    transaction.on_commit(lambda: _after_transition(change))
    return locked


def _after_transition(change: PledgeStatusChange) -> None:
    # The public set may have changed: the impact totals and home figures are recomputed.
    impact.invalidate()
    send_status_email(change=change)


def submit_pledge(*, pledge: Pledge, actor) -> Pledge:
    errors = submission_errors(pledge)
    if errors:
        raise ValidationError(errors)
    return _transition(pledge=pledge, to_status=S.SUBMITTED, actor=actor, by_secretariat=False)


def withdraw_pledge(*, pledge: Pledge, actor, reason: str = "") -> Pledge:
    return _transition(
        pledge=pledge, to_status=S.WITHDRAWN, actor=actor, message=reason, by_secretariat=False
    )


def publish_pledge(*, pledge: Pledge, actor, message: str = "") -> Pledge:
    return _transition(
        pledge=pledge, to_status=S.PUBLISHED, actor=actor, message=message, by_secretariat=True
    )


def request_changes(*, pledge: Pledge, actor, message: str) -> Pledge:
    if not message.strip():
        raise ValidationError({"message": _("Tell the pledger what to change.")})
    return _transition(
        pledge=pledge,
        to_status=S.CHANGES_REQUESTED,
        actor=actor,
        message=message,
        by_secretariat=True,
    )


def reject_pledge(*, pledge: Pledge, actor, reason: str) -> Pledge:
    if not reason.strip():
        raise ValidationError({"message": _("Give the reason for rejecting the pledge.")})
    return _transition(
        pledge=pledge, to_status=S.REJECTED, actor=actor, message=reason, by_secretariat=True
    )


def complete_pledge(*, pledge: Pledge, actor, message: str = "") -> Pledge:
    return _transition(
        pledge=pledge, to_status=S.COMPLETED, actor=actor, message=message, by_secretariat=True
    )


def status_email_recipients(pledge: Pledge) -> list[str]:
    emails = {pledge.organisation.contact_email}
    emails.update(
        pledge.organisation.memberships.filter(user__is_active=True).values_list(
            "user__email", flat=True
        )
    )
    return sorted(e for e in emails if e)


def send_status_email(*, change: PledgeStatusChange) -> None:
    """Tell the pledging organisation (and, on submission, the Secretariat) what happened."""
    pledge = change.pledge
    context = {"pledge": pledge, "change": change, "site_email": settings.SECRETARIAT_EMAIL}
    subject = _("Your pledge “%(title)s” is now: %(status)s") % {
        "title": pledge.title,
        "status": change.get_to_status_display(),
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("pledges/email/status_changed.txt", context),
        to=status_email_recipients(pledge),
    )
    message.attach_alternative(
        render_to_string("pledges/email/status_changed.html", context), "text/html"
    )
    message.send()
    if change.to_status == S.SUBMITTED:
        notice = EmailMultiAlternatives(
            subject=_("New pledge to review: %(title)s") % {"title": pledge.title},
            body=render_to_string("pledges/email/secretariat_submitted.txt", context),
            to=[settings.SECRETARIAT_EMAIL],
        )
        notice.send()
