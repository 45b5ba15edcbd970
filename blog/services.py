"""Blog and newsletter writes: saving posts and authors, publication, the double opt-in,
and composing and sending newsletter mailings."""

import contextlib
import logging
import smtplib
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.i18n import current_language, render_each_language
from core.images import refresh_renditions, resize_to_widths, square_thumbnails
from core.mail import build_templated_mail, retry_later, send_templated_mail
from core.slugs import unique_slug

from .markdown import render_markdown
from .models import Author, Mailing, MailingDelivery, Post, Subscriber

logger = logging.getLogger(__name__)

# --- Blog -----------------------------------------------------------------------------


@transaction.atomic
def save_author(*, author: Author, picture_changed: bool) -> Author:
    author.full_clean()
    author.save()
    if picture_changed or (author.picture and not author.picture_renditions):
        refresh_renditions(author, "picture", square_thumbnails)
    return author


@transaction.atomic
def save_post(*, post: Post, hero_image_changed: bool) -> Post:
    """Validate and save a post, rendering its Markdown body once to sanitised HTML."""
    if post.status == Post.Status.PUBLISHED and post.published_at is None:
        post.published_at = timezone.now()
    render_each_language(post, "body", "body_html", render_markdown)
    post.full_clean()
    post.save()
    if hero_image_changed or (post.hero_image and not post.hero_image_renditions):
        refresh_renditions(post, "hero_image", resize_to_widths)
    return post


@transaction.atomic
def publish_post(*, post: Post, at: datetime | None = None) -> Post:
    """Publish now, at `at`, or at the time already planned on the post."""
    post.status = Post.Status.PUBLISHED
    post.published_at = at or post.published_at or timezone.now()
    post.full_clean()
    post.save(update_fields=["status", "published_at", "updated_at"])
    return post


@transaction.atomic
def unpublish_post(*, post: Post) -> Post:
    post.status = Post.Status.DRAFT
    post.save(update_fields=["status", "updated_at"])
    return post


# --- Newsletter ------------------------------------------------------------------------

CONFIRM_SALT = "blog.newsletter.confirm"
UNSUBSCRIBE_SALT = "blog.newsletter.unsubscribe"
# How long a confirmation link works; unconfirmed addresses are purged after it.
CONFIRMATION_MAX_AGE = 7 * 24 * 60 * 60


class InvalidLink(Exception):
    """A confirmation or unsubscribe link that is forged, expired or no longer in use."""


def make_confirm_token(subscriber: Subscriber) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(subscriber.token.hex)


def make_unsubscribe_token(subscriber: Subscriber) -> str:
    # No expiry: an unsubscribe link in an old mailing must keep working.
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(subscriber.token.hex)


def _absolute(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + path


def confirm_url(*, subscriber: Subscriber, base_url: str) -> str:
    path = reverse("newsletter:confirm", kwargs={"token": make_confirm_token(subscriber)})
    return _absolute(base_url, path)


def unsubscribe_url(*, subscriber: Subscriber, base_url: str) -> str:
    """The personal unsubscribe link that every mailing to `subscriber` must carry."""
    path = reverse("newsletter:unsubscribe", kwargs={"token": make_unsubscribe_token(subscriber)})
    return _absolute(base_url, path)


def _subscriber_from(token: str, *, salt: str, max_age: int | None) -> Subscriber:
    try:
        if max_age is None:
            value = signing.Signer(salt=salt).unsign(token)
        else:
            value = signing.TimestampSigner(salt=salt).unsign(token, max_age=max_age)
        return Subscriber.objects.get(token=value)
    except (signing.BadSignature, ValueError, Subscriber.DoesNotExist) as exc:
        raise InvalidLink from exc


def subscriber_for_confirmation(token: str) -> Subscriber:
    return _subscriber_from(token, salt=CONFIRM_SALT, max_age=CONFIRMATION_MAX_AGE)


def subscriber_for_unsubscribe(token: str) -> Subscriber:
    return _subscriber_from(token, salt=UNSUBSCRIBE_SALT, max_age=None)


def _unsubscribe_headers(link: str) -> dict[str, str]:
    # RFC 8058 one-click unsubscribe, offered by mail clients next to the sender.
    return {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def build_mailing(
    *, subscriber: Subscriber, subject: str, template: str, context: dict, base_url: str
) -> EmailMessage:
    """A plain-text + HTML message to one subscriber, with the unsubscribe link and headers.

    `template` names a pair `<template>.txt` / `<template>.html`; both get `unsubscribe_url`.
    """
    link = unsubscribe_url(subscriber=subscriber, base_url=base_url)
    context = {**context, "subscriber": subscriber, "unsubscribe_url": link}
    return build_templated_mail(
        template=template,
        context=context,
        subject=subject,
        to=[subscriber.email],
        headers=_unsubscribe_headers(link),
    )


def _queue_confirmation(*, subscriber: Subscriber, base_url: str) -> None:
    """The double opt-in's mail (or, for a confirmed address, the "already subscribed" note),
    queued in the subscription's transaction."""
    already = subscriber.status == Subscriber.Status.CONFIRMED
    link = unsubscribe_url(subscriber=subscriber, base_url=base_url)
    send_templated_mail(
        template="blog/email/newsletter_already" if already else "blog/email/newsletter_confirm",
        context={
            "confirm_url": confirm_url(subscriber=subscriber, base_url=base_url),
            "subscriber": subscriber,
            "unsubscribe_url": link,
        },
        subject=(
            _("You are already subscribed to the Coalition newsletter")
            if already
            else _("Please confirm your subscription to the Coalition newsletter")
        ),
        to=[subscriber.email],
        headers=_unsubscribe_headers(link),
    )


@transaction.atomic
def subscribe(*, email: str, base_url: str) -> Subscriber:
    """Start (or restart) a double opt-in; the caller's response must not depend on the outcome.

    A new or still-pending address receives a confirmation link; a confirmed one receives a
    note that it is already subscribed. Either way the web page says the same thing.
    """
    now = timezone.now()
    subscriber = Subscriber.objects.select_for_update().filter(email__iexact=email).first()
    if subscriber is None:
        subscriber = Subscriber(
            email=email, consented_at=now, confirmation_sent_at=now, language=current_language()
        )
        subscriber.full_clean()
    elif subscriber.status == Subscriber.Status.PENDING:
        subscriber.consented_at = now
        subscriber.confirmation_sent_at = now
        subscriber.language = current_language()
    subscriber.save()
    _queue_confirmation(subscriber=subscriber, base_url=base_url)
    return subscriber


@transaction.atomic
def confirm_subscription(*, subscriber: Subscriber) -> Subscriber:
    if subscriber.status != Subscriber.Status.CONFIRMED:
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["status", "confirmed_at", "updated_at"])
    return subscriber


@transaction.atomic
def unsubscribe(*, subscriber: Subscriber) -> None:
    """Forget the address entirely (see the privacy notice)."""
    subscriber.delete()


def purge_unconfirmed_subscribers(*, now: datetime | None = None) -> int:
    """Delete addresses whose confirmation link has expired; returns how many."""
    cutoff = (now or timezone.now()) - timedelta(seconds=CONFIRMATION_MAX_AGE)
    deleted, _counts = Subscriber.objects.filter(
        status=Subscriber.Status.PENDING, confirmation_sent_at__lt=cutoff
    ).delete()
    return deleted


# --- Newsletter mailings ---------------------------------------------------------------------

# Subscribers per batch task: one SMTP connection and one query for each batch; small enough
# that a batch ends within a minute, so a worker stopped for a deployment loses little time.
MAILING_BATCH_SIZE = 200
MAILING_TEMPLATE = "blog/email/mailing"
# The unsubscribe link of previews and tests: signed like a real one, for nobody.
SAMPLE_SUBSCRIBER_TOKEN = "0" * 32


class MailingError(ValidationError):
    """A mailing cannot make this move (already sent, no time to schedule it at, …)."""


def sample_unsubscribe_url(*, base_url: str) -> str:
    token = signing.Signer(salt=UNSUBSCRIBE_SALT).sign(SAMPLE_SUBSCRIBER_TOKEN)
    return _absolute(base_url, reverse("newsletter:unsubscribe", kwargs={"token": token}))


def mailing_for_sending(mailing_id: int) -> Mailing | None:
    """The mailing with what its message shows, loaded once for a whole batch."""
    return (
        Mailing.objects.prefetch_related(
            Prefetch(
                "featured_posts",
                queryset=Post.objects.published()
                .select_related("author")
                .order_by("-published_at"),
            ),
            "links",
        )
        .filter(pk=mailing_id)
        .first()
    )


def featured_posts(mailing: Mailing) -> list[Post]:
    """The mailing's featured posts readers can see (prefetched by `mailing_for_sending`)."""
    if "featured_posts" in getattr(mailing, "_prefetched_objects_cache", {}):
        return list(mailing.featured_posts.all())
    return list(
        mailing.featured_posts.published().select_related("author").order_by("-published_at")
    )


def mailing_context(*, mailing: Mailing, unsubscribe_link: str, site_url: str) -> dict:
    """What `blog/email/mailing.{txt,html}` and the admin's preview render."""
    return {
        "mailing": mailing,
        "featured_posts": featured_posts(mailing),
        "links": list(mailing.links.all()),
        "site_url": site_url,
        "unsubscribe_url": unsubscribe_link,
        "archive_url": site_url + reverse("newsletter:archive"),
    }


def mailing_headers(unsubscribe_link: str) -> dict[str, str]:
    # RFC 8058 one-click unsubscribe, offered by mail clients next to the sender.
    return {
        "List-Unsubscribe": f"<{unsubscribe_link}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


EDITABLE = (Mailing.Status.DRAFT, Mailing.Status.SCHEDULED)


@transaction.atomic
def save_mailing(*, mailing: Mailing) -> Mailing:
    """Validate and save a draft or scheduled mailing, rendering its Markdown body once."""
    if mailing.pk and not Mailing.objects.filter(pk=mailing.pk, status__in=EDITABLE).exists():
        raise MailingError(_("A newsletter that is being sent or was sent cannot be changed."))
    if not mailing.slug:
        mailing.slug = unique_slug(Mailing, mailing.subject, instance=mailing, fallback="issue")
    render_each_language(mailing, "body", "body_html", render_markdown)
    mailing.full_clean()
    mailing.save()
    return mailing


def _locked(mailing: Mailing) -> Mailing:
    locked = Mailing.objects.select_for_update().get(pk=mailing.pk)
    if locked.status not in EDITABLE:
        raise MailingError(_("This newsletter is being sent or was sent already."))
    return locked


@transaction.atomic
def schedule_mailing(*, mailing: Mailing, at: datetime | None) -> Mailing:
    if at is None or at <= timezone.now():
        raise MailingError(_("Choose a time in the future to schedule the newsletter."))
    mailing = _locked(mailing)
    mailing.status = Mailing.Status.SCHEDULED
    mailing.send_at = at
    mailing.save(update_fields=["status", "send_at", "updated_at"])
    return mailing


@transaction.atomic
def unschedule_mailing(*, mailing: Mailing) -> Mailing:
    mailing = _locked(mailing)
    mailing.status = Mailing.Status.DRAFT
    mailing.save(update_fields=["status", "updated_at"])
    return mailing


def _begin_sending(mailing: Mailing) -> Mailing:
    from .tasks import dispatch_mailing

    mailing.status = Mailing.Status.SENDING
    mailing.started_at = timezone.now()
    mailing.save(update_fields=["status", "started_at", "updated_at"])
    # In the same transaction: the mailing is "sending" exactly when its task is queued.
    dispatch_mailing.enqueue(mailing.pk)
    return mailing


@transaction.atomic
def start_mailing(*, mailing: Mailing) -> Mailing:
    """ "Send now": enqueue the sending and return; the workers do the rest."""
    return _begin_sending(_locked(mailing))


@transaction.atomic
def start_due_mailings(*, now: datetime | None = None) -> list[int]:
    """The scheduler's job: start every scheduled mailing whose time has come, once.

    The rows are locked (other schedulers skip them) and become "sending" in this
    transaction, so a second run, here or elsewhere, no longer finds them due.
    """
    due = Mailing.objects.due(now).select_for_update(skip_locked=True).order_by("send_at")
    return [_begin_sending(mailing).pk for mailing in due]


def send_test_mailing(*, mailing: Mailing, to: str) -> None:
    """The mailing as subscribers will get it, to one address (the staff member's own),
    through the mail queue like every mail; its unsubscribe link is a sample."""
    link = sample_unsubscribe_url(base_url=settings.SITE_URL)
    send_templated_mail(
        template=MAILING_TEMPLATE,
        context={
            **mailing_context(mailing=mailing, unsubscribe_link=link, site_url=settings.SITE_URL),
            "is_test": True,
        },
        subject=_("[Test] %(subject)s") % {"subject": mailing.subject},
        to=[to],
        headers=mailing_headers(link),
    )


@transaction.atomic
def dispatch_mailing(*, mailing_id: int) -> int:
    """Record one delivery per confirmed subscriber and enqueue one task per batch of them.

    Who receives the mailing is decided here, once: an address confirmed later waits for the
    next issue; one that unsubscribes before its batch runs gets nothing. Returns the number
    of batches (none when this mailing was dispatched already).
    """
    from .tasks import send_mailing_batch

    mailing = Mailing.objects.select_for_update().filter(pk=mailing_id).first()
    if mailing is None or mailing.status != Mailing.Status.SENDING or mailing.deliveries.exists():
        return 0
    subscriber_ids = Subscriber.objects.confirmed().order_by("pk").values_list("pk", flat=True)
    MailingDelivery.objects.bulk_create(
        (MailingDelivery(mailing=mailing, subscriber_id=pk) for pk in subscriber_ids.iterator()),
        batch_size=1000,
    )
    delivery_ids = list(mailing.deliveries.order_by("pk").values_list("pk", flat=True))
    batches = [
        delivery_ids[start : start + MAILING_BATCH_SIZE]
        for start in range(0, len(delivery_ids), MAILING_BATCH_SIZE)
    ]
    for batch in batches:
        send_mailing_batch.enqueue(mailing.pk, batch[0], batch[-1])
    if not batches:
        _finish(mailing)
    return len(batches)


def _finish(mailing: Mailing) -> None:
    mailing.status = Mailing.Status.SENT
    mailing.finished_at = timezone.now()
    mailing.save(update_fields=["status", "finished_at", "updated_at"])


@transaction.atomic
def finish_mailing_if_done(*, mailing_id: int) -> bool:
    mailing = Mailing.objects.select_for_update().filter(pk=mailing_id).first()
    if mailing is None or mailing.status != Mailing.Status.SENDING:
        return False
    if mailing.deliveries.filter(status=MailingDelivery.Status.QUEUED).exists():
        return False
    _finish(mailing)
    return True


def _refused_for_good(error: Exception) -> bool:
    """The server refused this recipient or this message (5xx): trying again won't help.
    Anything else (connection refused or lost, 4xx) is the server's state: retry the batch."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in error.recipients.values())
    if isinstance(error, smtplib.SMTPDataError | smtplib.SMTPSenderRefused):
        return error.smtp_code >= 500
    return False


def _deliver_one(delivery: MailingDelivery, mailing: Mailing, context: dict, connection) -> str:
    """Send one subscriber their message unless it was sent already; returns the outcome.

    The claim (an UPDATE of the still-queued row) locks the row, on SQLite the database,
    until the outcome is committed, so a retried or duplicate batch finds the row sent and
    skips it. A connection error propagates and rolls the claim back: the row stays queued.
    """
    queued = MailingDelivery.objects.filter(pk=delivery.pk, status=MailingDelivery.Status.QUEUED)
    with transaction.atomic():
        now = timezone.now()
        if not queued.filter(subscriber__isnull=False).update(attempted_at=now):
            # Sent already, or the address was deleted (unsubscribed) since the dispatch.
            queued.update(status=MailingDelivery.Status.SKIPPED)
            return "skipped"
        # In the subscriber's language: the mailing's version in it (else English), its links
        # and the fixed text around it.
        with translation.override(delivery.subscriber.language):
            message = build_mailing(
                subscriber=delivery.subscriber,
                subject=mailing.subject,
                template=MAILING_TEMPLATE,
                context=context,
                base_url=settings.SITE_URL,
            )
        message.connection = connection
        try:
            message.send()
        except Exception as error:
            if not _refused_for_good(error):
                raise
            queued.update(status=MailingDelivery.Status.FAILED, error=str(error)[:500])
            return "failed"
        queued.update(status=MailingDelivery.Status.SENT, sent_at=timezone.now(), error="")
        return "sent"


def send_mailing_batch(*, mailing_id: int, first_id: int, last_id: int, attempt: int = 1) -> dict:
    """Send the queued deliveries `first_id`..`last_id` of a mailing over one SMTP connection.

    When the mail server is down or drops the connection, the rest of the batch is tried
    again after the mail retry delays (`MAIL_RETRY_DELAYS`), then marked failed. Returns the
    counts of this run.
    """
    from .tasks import send_mailing_batch as batch_task

    outcomes = {"sent": 0, "failed": 0, "skipped": 0}
    mailing = mailing_for_sending(mailing_id)
    if mailing is None:
        return outcomes
    deliveries = MailingDelivery.objects.filter(
        mailing=mailing, pk__range=(first_id, last_id), status=MailingDelivery.Status.QUEUED
    ).select_related("subscriber")
    context = mailing_context(mailing=mailing, unsubscribe_link="", site_url=settings.SITE_URL)
    connection = get_connection()
    try:
        connection.open()  # once for the batch (send() alone would connect for each message)
        for delivery in deliveries:
            outcomes[_deliver_one(delivery, mailing, context, connection)] += 1
    except (smtplib.SMTPException, OSError) as error:
        if retry_later(batch_task, mailing_id, first_id, last_id, attempt + 1, attempts=attempt):
            logger.warning(
                "Mailing %s batch %s-%s: %s; retrying", mailing_id, first_id, last_id, error
            )
        else:
            MailingDelivery.objects.filter(
                mailing=mailing,
                pk__range=(first_id, last_id),
                status=MailingDelivery.Status.QUEUED,
            ).update(status=MailingDelivery.Status.FAILED, error=str(error)[:500])
    finally:
        with contextlib.suppress(smtplib.SMTPException, OSError):  # a broken connection
            connection.close()
    finish_mailing_if_done(mailing_id=mailing_id)
    return outcomes
