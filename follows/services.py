"""Following, unfollowing, the digest settings and the digests themselves."""

import datetime
import uuid

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from core.mail import send_templated_mail

from . import digest
from .models import MAX_FOLLOWS_PER_USER, Follow, NotificationSettings

UNSUBSCRIBE_SALT = "follows.digest.unsubscribe"
DIGEST_TEMPLATE = "follows/email/digest"
# A digest covers what happened up to this long ago, not up to now: a change whose transaction
# began before the digest's query but committed after it would otherwise fall between two
# digests. It then comes in the next one.
DIGEST_LAG = datetime.timedelta(minutes=2)
# A daily or weekly digest is due once this much has passed since the last one, a little less
# than the period, so that a late run does not push the next one a period further.
MIN_INTERVAL = {
    NotificationSettings.Frequency.IMMEDIATE: datetime.timedelta(0),
    NotificationSettings.Frequency.DAILY: datetime.timedelta(hours=20),
    NotificationSettings.Frequency.WEEKLY: datetime.timedelta(days=6),
}


class FollowError(ValidationError):
    """A follow that cannot be made (the limit reached, a target no longer public)."""


class InvalidLink(Exception):
    """An unsubscribe link that is forged or no longer in use."""


# --- Settings ---------------------------------------------------------------------------------


def _settings_for_update(user) -> NotificationSettings:
    """The user's settings row, created on first use, locked until the transaction ends."""
    NotificationSettings.objects.get_or_create(
        user=user, defaults={"last_digest_at": timezone.now()}
    )
    return NotificationSettings.objects.select_for_update().get(user=user)


def settings_for(user) -> NotificationSettings:
    """The user's settings, unsaved defaults when they have none yet (a GET writes nothing)."""
    found = NotificationSettings.objects.filter(user=user).first()
    return found or NotificationSettings(user=user, last_digest_at=timezone.now())


@transaction.atomic
def set_frequency(*, user, frequency: str) -> NotificationSettings:
    row = _settings_for_update(user)
    if row.frequency == NotificationSettings.Frequency.NEVER != frequency:
        # Back after a pause: the digests start from now, not with what happened meanwhile,
        # and the unsubscribe links of old digests (perhaps forwarded) stop working.
        row.last_digest_at = timezone.now()
        row.token = uuid.uuid4()
    row.frequency = frequency
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def unsubscribe(*, notification_settings: NotificationSettings) -> NotificationSettings:
    """Stop the digests (the follows stay, to take up again on the settings page)."""
    row = NotificationSettings.objects.select_for_update().get(pk=notification_settings.pk)
    row.frequency = NotificationSettings.Frequency.NEVER
    row.save(update_fields=["frequency", "updated_at"])
    return row


# --- Follows ----------------------------------------------------------------------------------


@transaction.atomic
def follow(*, user, kind: str, target=None, query: str = "", label: str = "") -> Follow:
    """Follow `target` (a pledge, an organisation, a National Coalition) or a saved search.

    Following again what one follows already returns the existing follow. The settings row is
    locked first, so two requests at once cannot pass the limit together.
    """
    _settings_for_update(user)
    lookup = {"user": user, "kind": kind}
    if kind == Follow.Kind.SEARCH:
        lookup["query"] = query
    else:
        lookup[kind] = target
    existing = Follow.objects.filter(**lookup).first()
    if existing:
        return existing
    if Follow.objects.filter(user=user).count() >= MAX_FOLLOWS_PER_USER:
        raise FollowError(
            ngettext(
                "You already follow %(limit)s pledge, organisation, coalition or search, "
                "the most one account can. Stop following it on your notifications page first.",
                "You already follow %(limit)s pledges, organisations, coalitions and searches, "
                "the most one account can. Stop following some of them on your notifications "
                "page first.",
                MAX_FOLLOWS_PER_USER,
            )
            % {"limit": MAX_FOLLOWS_PER_USER},
            code="limit",
        )
    new = Follow(**lookup, label=label if kind == Follow.Kind.SEARCH else "")
    new.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            new.save()
    except IntegrityError:  # the same follow made at the same moment elsewhere
        return Follow.objects.get(**lookup)
    return new


@transaction.atomic
def unfollow(*, follow: Follow) -> None:
    follow.delete()


@transaction.atomic
def unfollow_all(*, user) -> int:
    deleted, _counts = Follow.objects.filter(user=user).delete()
    return deleted


# --- Unsubscribe links ------------------------------------------------------------------------


def make_unsubscribe_token(notification_settings: NotificationSettings) -> str:
    # No expiry: the link in an old digest must keep working.
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(notification_settings.token.hex)


def unsubscribe_url(notification_settings: NotificationSettings) -> str:
    path = reverse(
        "follows:unsubscribe", kwargs={"token": make_unsubscribe_token(notification_settings)}
    )
    return settings.SITE_URL + path


def mask_email(email: str) -> str:
    """A hint of an address for a page anyone with the link may open: "j•••@example.org"."""
    local, at, domain = email.rpartition("@")
    if not at:
        return "•••"
    return f"{local[:1]}•••@{domain}"


def settings_for_unsubscribe(token: str) -> NotificationSettings:
    try:
        value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
        return NotificationSettings.objects.select_related("user").get(token=value)
    except (signing.BadSignature, ValueError, NotificationSettings.DoesNotExist) as exc:
        raise InvalidLink from exc


def unsubscribe_headers(link: str) -> dict[str, str]:
    # RFC 8058 one-click unsubscribe, offered by mail clients next to the sender.
    return {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


# --- Digests ----------------------------------------------------------------------------------


def send_digests(*, frequency: str, now: datetime.datetime | None = None) -> int:
    """Send the due digests of one frequency; returns how many mails were queued.

    Safe with several workers: each person's row is claimed with `SELECT ... FOR UPDATE SKIP
    LOCKED` and checked again under the lock, and `last_digest_at` moves on in the same
    transaction as the mail is queued (core.mail), so a digest is sent once, and the next one
    starts exactly where it ended.
    """
    until = (now or timezone.now()) - DIGEST_LAG
    due_before = until - MIN_INTERVAL[frequency]
    candidates = (
        NotificationSettings.objects.filter(
            frequency=frequency,
            last_digest_at__lte=due_before,
            user__is_active=True,
            user__follows__isnull=False,
        )
        .values_list("pk", flat=True)
        .distinct()
        .order_by("pk")
    )
    return sum(
        send_digest(settings_id=pk, frequency=frequency, until=until, due_before=due_before)
        for pk in list(candidates)
    )


@transaction.atomic
def send_digest(
    *, settings_id: int, frequency: str, until: datetime.datetime, due_before: datetime.datetime
) -> bool:
    """One person's digest of (last_digest_at, until]; False when another worker has it, it is
    no longer due, or nothing happened (the bookkeeping moves on all the same)."""
    row = (
        NotificationSettings.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("user")
        .filter(pk=settings_id, frequency=frequency, last_digest_at__lte=due_before)
        .first()
    )
    if row is None:
        return False
    user = row.user
    with translation.override(user.language):
        sections = digest.collect(
            user=user, since=row.last_digest_at, until=until, language=user.language
        )
        if sections:
            _queue_digest(row, sections=sections)
    row.last_digest_at = until
    row.save(update_fields=["last_digest_at", "updated_at"])
    return bool(sections)


def _queue_digest(row: NotificationSettings, *, sections: list[dict]) -> None:
    link = unsubscribe_url(row)
    count = sum(len(section["items"]) + section["more"] for section in sections)
    send_templated_mail(
        template=DIGEST_TEMPLATE,
        context={
            "user": row.user,
            "sections": sections,
            "frequency": row.get_frequency_display(),
            "settings_url": settings.SITE_URL + reverse("follows:settings"),
            "unsubscribe_url": link,
        },
        subject=ngettext(
            "%(count)s update on what you follow – Digital Skills and Jobs Coalition",
            "%(count)s updates on what you follow – Digital Skills and Jobs Coalition",
            count,
        )
        % {"count": count},
        to=[row.user.email],
        headers=unsubscribe_headers(link),
    )
