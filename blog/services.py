"""Blog and newsletter writes: saving posts and authors, publication, and the double opt-in."""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.images import refresh_renditions, resize_to_widths, square_thumbnails
from core.mail import build_templated_mail

from .markdown import render_markdown
from .models import Author, Post, Subscriber

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
    post.body_html = render_markdown(post.body)
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
        # RFC 8058 one-click unsubscribe, offered by mail clients next to the sender.
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def _send_confirmation(subscriber_id: int, base_url: str) -> None:
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return
    already = subscriber.status == Subscriber.Status.CONFIRMED
    message = build_mailing(
        subscriber=subscriber,
        subject=(
            _("You are already subscribed to the Coalition newsletter")
            if already
            else _("Please confirm your subscription to the Coalition newsletter")
        ),
        template="blog/email/newsletter_already" if already else "blog/email/newsletter_confirm",
        context={"confirm_url": confirm_url(subscriber=subscriber, base_url=base_url)},
        base_url=base_url,
    )
    message.send()


@transaction.atomic
def subscribe(*, email: str, base_url: str) -> Subscriber:
    """Start (or restart) a double opt-in; the caller's response must not depend on the outcome.

    A new or still-pending address receives a confirmation link; a confirmed one receives a
    note that it is already subscribed. Either way the web page says the same thing.
    """
    now = timezone.now()
    subscriber = Subscriber.objects.select_for_update().filter(email__iexact=email).first()
    if subscriber is None:
        subscriber = Subscriber(email=email, consented_at=now, confirmation_sent_at=now)
        subscriber.full_clean()
    elif subscriber.status == Subscriber.Status.PENDING:
        subscriber.consented_at = now
        subscriber.confirmation_sent_at = now
    subscriber.save()
    transaction.on_commit(lambda: _send_confirmation(subscriber.pk, base_url))
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


def send_mailing(
    *,
    subject: str,
    template: str,
    context: dict,
    base_url: str,
    subscribers: Iterable[Subscriber] | None = None,
) -> int:
    """Send one mailing to every confirmed subscriber, each with a personal unsubscribe link."""
    recipients = subscribers if subscribers is not None else Subscriber.objects.confirmed()
    sent = 0
    with get_connection() as connection:
        for subscriber in recipients:
            if subscriber.status != Subscriber.Status.CONFIRMED:
                continue
            message = build_mailing(
                subscriber=subscriber,
                subject=subject,
                template=template,
                context=context,
                base_url=base_url,
            )
            message.connection = connection
            sent += message.send()
    return sent
