"""Every change of a pledge's status goes through here: views and admin actions alike.

Each transition is checked against who may make it, recorded (who, when, message),
and notified by e-mail once the transaction has committed.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.mail import send_templated_mail
from core.slugs import unique_slug
from organisations.models import Organisation
from organisations.services import is_member

from .models import (
    Pledge,
    PledgeCountry,
    PledgeMessage,
    PledgeStatusChange,
    PledgeTranslation,
    ProgressReport,
    ProgressValue,
    ReminderLog,
    Target,
)

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
# Progress is reported on running pledges only.
REPORTING_STATUSES = (S.PUBLISHED,)


@dataclass(frozen=True)
class PledgerActions:
    """What the pledger may do with a pledge now: the links the pledger's pages offer."""

    edit: bool
    submit: bool
    # Submitting again, after the Secretariat asked for changes (the button says so).
    resubmit: bool
    report: bool
    withdraw: bool


def pledger_actions(pledge: Pledge) -> PledgerActions:
    moves = PLEDGER_TRANSITIONS.get(pledge.status, set())
    return PledgerActions(
        edit=pledge.is_editable,
        submit=S.SUBMITTED in moves,
        resubmit=S.SUBMITTED in moves and pledge.status == S.CHANGES_REQUESTED,
        report=pledge.status in REPORTING_STATUSES,
        withdraw=S.WITHDRAWN in moves,
    )


class TransitionNotAllowed(Exception):
    """The pledge cannot move to that status from its current one (or not by this person)."""


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
    # Enqueued in the transition's transaction: a rolled-back change sends nothing.
    send_status_email(change=change)
    return locked


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


def recipients_by_language(organisation: Organisation, default: str) -> dict[str, list[str]]:
    """The organisation's addresses grouped by the language each person uses the portal in;
    the contact address, unless it is a member's, gets `default` (the pledge's language)."""
    languages = dict(
        organisation.memberships.filter(user__is_active=True).values_list(
            "user__email", "user__language"
        )
    )
    if organisation.contact_email:
        languages.setdefault(organisation.contact_email, default)
    grouped: dict[str, list[str]] = {}
    for email, language in sorted(languages.items()):
        if email:
            grouped.setdefault(language or settings.LANGUAGE_CODE, []).append(email)
    return grouped


def send_status_email(*, change: PledgeStatusChange) -> None:
    """Tell the pledging organisation (and, on submission, the Secretariat) what happened."""
    pledge = change.pledge
    context = {
        "pledge": pledge,
        "change": change,
        "site_email": settings.SECRETARIAT_EMAIL,
    }
    # Each person in their own language, whoever made the change (the Secretariat's admin is
    # in English): one mail per language.
    for language, emails in recipients_by_language(pledge.organisation, pledge.language).items():
        with translation.override(language):
            send_templated_mail(
                template="pledges/email/status_changed",
                context={
                    **context,
                    "my_pledges_url": settings.SITE_URL + reverse("pledger:my-pledges"),
                },
                subject=_("Your pledge “%(title)s” is now: %(status)s")
                % {"title": pledge.title, "status": change.get_to_status_display()},
                to=emails,
            )
    if change.to_status == S.SUBMITTED:
        with translation.override(settings.LANGUAGE_CODE):  # the Secretariat works in English
            send_templated_mail(
                template="pledges/email/secretariat_submitted",
                context=context,
                subject=_("New pledge to review: %(title)s") % {"title": pledge.title},
                to=[settings.SECRETARIAT_EMAIL],
            )


# --- The conversation on a pledge -------------------------------------------------------------

# The pledger writes once the Secretariat has the pledge (a draft has no one to read it yet).
PLEDGER_MESSAGE_STATUSES = tuple(status for status in S if status != S.DRAFT)


def pledger_can_write(pledge: Pledge) -> bool:
    return pledge.status in PLEDGER_MESSAGE_STATUSES


def _new_message(*, pledge: Pledge, author, body: str, sender: str) -> PledgeMessage:
    if not body.strip():
        raise ValidationError({"body": _("Write a message.")})
    message = PledgeMessage(pledge=pledge, author=author, sender=sender, body=body.strip())
    message.full_clean()
    message.save()
    return message


@transaction.atomic
def post_pledger_message(pledge: Pledge, author, body: str) -> PledgeMessage:
    """A member of the pledging organisation writes to the Secretariat about the pledge."""
    pledge = Pledge.objects.select_related("organisation").get(pk=pledge.pk)
    if not is_member(user=author, organisation=pledge.organisation):
        raise PermissionDenied(_("You are not a member of this pledge's organisation."))
    if not pledger_can_write(pledge):
        raise TransitionNotAllowed(
            _("Submit the pledge first: the Secretariat reads messages on submitted pledges.")
        )
    message = _new_message(
        pledge=pledge, author=author, body=body, sender=PledgeMessage.Sender.PLEDGER
    )
    # Enqueued in this transaction (core.mail): a message rolled back sends nothing.
    with translation.override(settings.LANGUAGE_CODE):  # the Secretariat works in English
        send_templated_mail(
            template="pledges/email/secretariat_message",
            context={
                "pledge": pledge,
                "message": message,
                "review_url": settings.SITE_URL
                + reverse("admin:pledges_pledge_change", args=[pledge.pk])
                + "#conversation",
            },
            subject=_("Message from %(organisation)s about the pledge “%(title)s”")
            % {"organisation": pledge.organisation.name, "title": pledge.title},
            to=[settings.SECRETARIAT_EMAIL],
        )
    return message


@transaction.atomic
def post_secretariat_message(pledge: Pledge, author, body: str) -> PledgeMessage:
    """The Secretariat writes to the pledging organisation (without changing the status)."""
    if not author.has_perm(REVIEW_PERMISSION):
        raise PermissionDenied(_("Only the Secretariat can review pledges."))
    pledge = Pledge.objects.select_related("organisation").get(pk=pledge.pk)
    message = _new_message(
        pledge=pledge, author=author, body=body, sender=PledgeMessage.Sender.SECRETARIAT
    )
    # Each person in their own language: one mail per language.
    for language, emails in recipients_by_language(pledge.organisation, pledge.language).items():
        with translation.override(language):
            send_templated_mail(
                template="pledges/email/pledger_message",
                context={
                    "pledge": pledge,
                    "message": message,
                    # Reversed here: the address carries the language.
                    "pledge_url": settings.SITE_URL
                    + reverse("pledger:pledge-detail", args=[pledge.pk])
                    + "#conversation",
                    "site_email": settings.SECRETARIAT_EMAIL,
                },
                subject=_("Message from the Secretariat about your pledge “%(title)s”")
                % {"title": pledge.title},
                to=emails,
            )
    return message


# --- Drafting pledges ------------------------------------------------------------------------


@transaction.atomic
def save_pledge_translations(*, pledge: Pledge, actor, translations: list[dict]) -> Pledge:
    """Replace the pledge's title and summary in other languages with `translations` (dicts
    of language, title, summary). Like the pledge itself, only while it can be edited: the
    Secretariat reviews them with it."""
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if not is_member(user=actor, organisation=pledge.organisation):
        raise PermissionDenied(_("You are not a member of this pledge's organisation."))
    if not pledge.is_editable:
        raise TransitionNotAllowed(
            _("A pledge that is “%(current)s” can no longer be edited.")
            % {"current": pledge.get_status_display()}
        )
    wanted = {row["language"]: row for row in translations if row["language"] != pledge.language}
    pledge.translations.exclude(language__in=wanted).delete()
    existing = {item.language: item for item in pledge.translations.all()}
    for language, row in wanted.items():
        item = existing.get(language) or PledgeTranslation(pledge=pledge, language=language)
        item.title, item.summary = row["title"], row.get("summary") or ""
        item.full_clean()
        item.save()
    return pledge


@transaction.atomic
def save_pledge_draft(
    *,
    pledge: Pledge | None,
    actor,
    organisation: Organisation | None = None,
    fields: dict,
    target_groups=(),
    action_types=(),
    countries=(),
    targets: list[dict] = (),
) -> Pledge:
    """Create or update a pledge in draft (or changes requested) with everything it holds.

    `targets` are dicts of indicator, description, target_number and, for existing rows, `id`;
    existing targets not listed are deleted. Nothing is saved unless everything is.
    """
    if pledge is None:
        if not is_member(user=actor, organisation=organisation):
            raise PermissionDenied(_("You are not a member of this organisation."))
        pledge = Pledge(organisation=organisation, created_by=actor, status=S.DRAFT)
    else:
        pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
        if not is_member(user=actor, organisation=pledge.organisation):
            raise PermissionDenied(_("You are not a member of this pledge's organisation."))
        if not pledge.is_editable:
            raise TransitionNotAllowed(
                _("A pledge that is “%(current)s” can no longer be edited.")
                % {"current": pledge.get_status_display()}
            )
    for name, value in fields.items():
        setattr(pledge, name, value)
    # The address follows the title until the pledge is first published.
    pledge.slug = unique_slug(
        Pledge, pledge.title, instance=pledge, organisation=pledge.organisation
    )
    pledge.full_clean()
    pledge.save()
    pledge.target_groups.set(target_groups)
    pledge.action_types.set(action_types)

    wanted = {str(code) for code in countries}
    pledge.countries.exclude(country__in=wanted).delete()
    existing = {str(c) for c in pledge.countries.values_list("country", flat=True)}
    PledgeCountry.objects.bulk_create(
        [PledgeCountry(pledge=pledge, country=code) for code in sorted(wanted - existing)]
    )

    current = {t.pk: t for t in pledge.targets.all()}
    kept = {row["id"] for row in targets if row.get("id") in current}
    pledge.targets.exclude(pk__in=kept).delete()
    for row in targets:
        target = current.get(row.get("id")) or Target(pledge=pledge)
        target.indicator = row["indicator"]
        target.description = (row.get("description") or "").strip()
        target.target_number = row["target_number"]
        target.full_clean(exclude=["pledge"], validate_unique=False)
        target.save()
    return pledge


# --- Progress reports --------------------------------------------------------------------------


@transaction.atomic
def file_progress_report(
    *, pledge: Pledge, actor, report_date: datetime.date, narrative: str, achieved: dict[int, int]
) -> ProgressReport:
    """Record what a published pledge has achieved so far (cumulative numbers per target).

    Each target's `achieved` and the pledge's `last_reported_at` follow the most recent report
    by date, so a late report about an earlier date does not overwrite newer numbers.
    """
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if not is_member(user=actor, organisation=pledge.organisation):
        raise PermissionDenied(_("You are not a member of this pledge's organisation."))
    if pledge.status not in REPORTING_STATUSES:
        raise TransitionNotAllowed(_("Progress can only be reported on a published pledge."))
    report = ProgressReport(
        pledge=pledge, report_date=report_date, narrative=narrative.strip(), submitted_by=actor
    )
    report.full_clean()
    report.save()
    targets = {t.pk: t for t in pledge.targets.all()}
    for target_pk, number in achieved.items():
        value = ProgressValue(report=report, target=targets[target_pk], achieved=number)
        value.full_clean()
        value.save()
    for target in targets.values():
        latest = (
            ProgressValue.objects.filter(target=target)
            .order_by("-report__report_date", "-report__pk")
            .values_list("achieved", flat=True)
            .first()
        )
        if latest is not None and latest != target.achieved:
            target.achieved = latest
            target.save(update_fields=["achieved"])
    pledge.last_reported_at = max(pledge.last_reported_at or report_date, report_date)
    pledge.save(update_fields=["last_reported_at", "updated_at"])
    context = {"pledge": pledge, "report": report, "site_email": settings.SECRETARIAT_EMAIL}
    send_progress_confirmation(context=context)
    return report


@transaction.atomic
def mark_reports_reviewed(reports, actor) -> int:
    """Mark progress reports as checked by the Secretariat; returns how many were newly marked.

    Reports already checked keep who checked them first and when.
    """
    # Checking reports is part of the review: the same permission, no edit rights needed.
    if not actor.has_perm(REVIEW_PERMISSION):
        raise PermissionDenied(_("Only the Secretariat can check progress reports."))
    pks = [report.pk for report in reports]
    pending = ProgressReport.objects.select_for_update().filter(pk__in=pks, reviewed_at=None)
    now = timezone.now()
    marked = 0
    # Saved one by one (a handful at a time) so that the change history records each check.
    for report in pending:
        report.reviewed_at, report.reviewed_by = now, actor
        report.save(update_fields=["reviewed_at", "reviewed_by", "updated_at"])
        marked += 1
    return marked


def send_progress_confirmation(*, context: dict) -> None:
    pledge = context["pledge"]
    for language, emails in recipients_by_language(pledge.organisation, pledge.language).items():
        with translation.override(language):
            send_templated_mail(
                template="pledges/email/progress_received",
                context=context,
                subject=_("Progress report received: %(title)s") % {"title": pledge.title},
                to=emails,
            )


# --- Progress reminders ------------------------------------------------------------------------


def reminder_period(*, today: datetime.date, days: int) -> str:
    """The reminder window `today` falls in: consecutive windows of `days` days, so an
    organisation gets at most one reminder per window however often the command runs."""
    return f"{days}d-{(today - REMINDER_EPOCH).days // days}"


REMINDER_EPOCH = datetime.date(2017, 1, 1)


def overdue_pledges(*, days: int, today: datetime.date):
    """Published pledges whose last report (or publication, if none) is older than `days`."""
    cutoff = today - datetime.timedelta(days=days)
    return Pledge.objects.active().filter(
        Q(last_reported_at__lt=cutoff)
        | Q(last_reported_at__isnull=True, published_at__date__lt=cutoff)
    )


def send_progress_reminders(
    *, days: int, today: datetime.date | None = None, dry_run: bool = False
) -> list[tuple[Organisation, list[Pledge]]]:
    """E-mail each organisation with overdue pledges, once per reminder period.

    Returns the organisations reminded (or, with dry_run, that would be) and their pledges.
    """
    today = today or timezone.localdate()
    period = reminder_period(today=today, days=days)
    by_organisation: dict[int, list[Pledge]] = {}
    pledges = (
        overdue_pledges(days=days, today=today)
        .exclude(organisation__reminders__period=period)
        .select_related("organisation")
        .order_by("organisation__name", "title")
    )
    for pledge in pledges:
        by_organisation.setdefault(pledge.organisation_id, []).append(pledge)
    reminded = []
    for items in by_organisation.values():
        organisation = items[0].organisation
        if not dry_run:
            with transaction.atomic():
                _log, created = ReminderLog.objects.get_or_create(
                    organisation=organisation, period=period
                )
                if not created:
                    continue
                context = {
                    "organisation": organisation,
                    "pledges": items,
                    "days": days,
                    "base_url": settings.SITE_URL,
                    "site_email": settings.SECRETARIAT_EMAIL,
                }
                send_reminder_email(context=context)
        reminded.append((organisation, items))
    return reminded


def send_reminder_email(*, context: dict) -> None:
    recipients = recipients_by_language(context["organisation"], settings.LANGUAGE_CODE)
    for language, emails in recipients.items():
        with translation.override(language):
            send_templated_mail(
                template="pledges/email/progress_reminder",
                context=context,
                subject=_("Time to report progress on your pledges"),
                to=emails,
            )
