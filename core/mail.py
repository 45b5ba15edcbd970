"""The one way the portal sends an e-mail: a text part, an optional HTML part, one subject line.

`send_templated_mail` is durable: it records the mail (`OutgoingEmail`) and enqueues the task
that sends it, both in the caller's transaction. Call it inside the `transaction.atomic` block
of the change the mail reports, not in `transaction.on_commit`: a rolled-back change then
leaves no mail, and a committed one cannot lose its mail however the process ends.
The task (`core.tasks.send_outgoing_email`) renders the templates again, in the language that
was active at the call, from the stored context: model instances are stored as references and
fetched again, everything else as JSON (see `serialise_context`).
"""

import datetime
import decimal
import uuid
from collections.abc import Sequence
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from django.utils.functional import Promise


def single_line(text: str) -> str:
    """A mail subject from typed values: a line break must never reach a mail header.

    Django refuses to send a message whose header holds one (header injection), which would
    fail the request after the change it reports was saved.
    """
    return " ".join(str(text).split())


def build_templated_mail(
    *,
    template: str,
    context: dict,
    subject: str,
    to: Sequence[str],
    reply_to: Sequence[str] | None = None,
    cc: Sequence[str] | None = None,
    headers: dict[str, str] | None = None,
    from_email: str | None = None,
) -> EmailMultiAlternatives:
    """The message rendered from `<template>.txt` and, when it exists, `<template>.html`.

    Every mail of the portal is built here, so the From address, the subject rule and any
    header that all mail needs live in one place.
    """
    message = EmailMultiAlternatives(
        subject=single_line(subject),
        body=render_to_string(f"{template}.txt", context),
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        cc=list(cc or []),
        reply_to=list(reply_to or []),
        headers=dict(headers or {}),
    )
    try:
        html = get_template(f"{template}.html")
    except TemplateDoesNotExist:
        return message
    message.attach_alternative(html.render(context), "text/html")
    return message


# --- The context, stored as JSON ----------------------------------------------------------

_TAG = "__mail__"


class MissingReference(LookupError):
    """A model instance the mail's context referred to was deleted before it was sent."""


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Promise):  # lazy translations: in the language of the call
        return str(value)
    if isinstance(value, models.Model):
        if value.pk is None:
            raise TypeError(f"An unsaved {value._meta.label} cannot be put in a mail's context.")
        return {_TAG: "model", "model": value._meta.label_lower, "pk": _encode(value.pk)}
    if isinstance(value, models.QuerySet):
        return [_encode(item) for item in value]
    if isinstance(value, datetime.datetime):
        return {_TAG: "datetime", "value": value.isoformat()}
    if isinstance(value, datetime.date):
        return {_TAG: "date", "value": value.isoformat()}
    if isinstance(value, datetime.time):
        return {_TAG: "time", "value": value.isoformat()}
    if isinstance(value, datetime.timedelta):
        return {_TAG: "timedelta", "value": value.total_seconds()}
    if isinstance(value, decimal.Decimal):
        return {_TAG: "decimal", "value": str(value)}
    if isinstance(value, uuid.UUID):
        return {_TAG: "uuid", "value": str(value)}
    if isinstance(value, dict):
        if _TAG in value:
            raise TypeError(f"A mail's context may not use the key {_TAG!r}.")
        return {str(key): _encode(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_encode(item) for item in value]
    raise TypeError(
        f"A mail's context can hold model instances, strings, numbers, dates, lists and dicts, "
        f"not {type(value).__name__}."
    )


def serialise_context(context: dict) -> dict:
    """`context` as JSON: model instances become references (app label, model, pk)."""
    return _encode(dict(context))


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(item) for item in value]
    if not isinstance(value, dict):
        return value
    kind = value.get(_TAG)
    if kind is None:
        return {key: _decode(item) for key, item in value.items()}
    if kind == "model":
        model = apps.get_model(value["model"])
        try:
            return model._default_manager.get(pk=_decode(value["pk"]))
        except model.DoesNotExist:
            raise MissingReference(
                f"{model._meta.label} #{value['pk']} no longer exists: the mail cannot be rendered."
            ) from None
    raw = value["value"]
    return {
        "datetime": datetime.datetime.fromisoformat,
        "date": datetime.date.fromisoformat,
        "time": datetime.time.fromisoformat,
        "timedelta": lambda seconds: datetime.timedelta(seconds=seconds),
        "decimal": decimal.Decimal,
        "uuid": uuid.UUID,
    }[kind](raw)


def deserialise_context(data: dict) -> dict:
    """The context again, with model instances fetched anew (`MissingReference` if deleted)."""
    return _decode(data)


# --- Sending ---------------------------------------------------------------------------------


def send_templated_mail(
    *,
    template: str,
    context: dict,
    subject: str,
    to: Sequence[str],
    reply_to: Sequence[str] | None = None,
    cc: Sequence[str] | None = None,
    headers: dict[str, str] | None = None,
    from_email: str | None = None,
):
    """Record one mail (see `build_templated_mail`) and enqueue its sending; returns the record.

    Both writes join the caller's transaction: call it inside the change's atomic block. The
    context is checked here, so a value that cannot be stored fails the caller, not the worker.
    """
    from .models import OutgoingEmail
    from .tasks import send_outgoing_email

    with transaction.atomic():
        outgoing = OutgoingEmail.objects.create(
            template=template,
            context=serialise_context(context),
            subject=single_line(subject),
            from_email=from_email or "",
            to=list(to),
            cc=list(cc or []),
            reply_to=list(reply_to or []),
            headers={str(k): str(v) for k, v in (headers or {}).items()},
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        send_outgoing_email.enqueue(outgoing.pk)
    return outgoing


def build_outgoing_email(outgoing) -> EmailMultiAlternatives:
    """The message of a recorded mail, rendered now in the language it was recorded in."""
    with translation.override(outgoing.language or settings.LANGUAGE_CODE):
        return build_templated_mail(
            template=outgoing.template,
            context=deserialise_context(outgoing.context),
            subject=outgoing.subject,
            to=outgoing.to,
            reply_to=outgoing.reply_to,
            cc=outgoing.cc,
            headers=outgoing.headers,
            from_email=outgoing.from_email or None,
        )


def retry_later(task, *args, attempts: int) -> bool:
    """Enqueue `task(*args)` again after the delay for `attempts` failed attempts
    (`MAIL_RETRY_DELAYS`: growing); False, and nothing enqueued, once they are used up or when
    the backend cannot run a task later (the caller then marks the mail failed)."""
    delays = settings.MAIL_RETRY_DELAYS
    if attempts > len(delays) or not task.get_backend().supports_defer:
        return False
    run_after = timezone.now() + datetime.timedelta(seconds=delays[attempts - 1])
    task.using(run_after=run_after).enqueue(*args)
    return True


def deliver(outgoing_id: int) -> str:
    """Send a recorded mail unless it was sent already; returns its status afterwards.

    The row is locked while the message goes out and marked sent in the same transaction, so
    two workers (or a retry and a "send again") never both send it. What remains: when the
    mail server accepted the message but the process died before that transaction committed,
    the mail stays queued (its task "running") and a "send again" would send it a second time:
    at-least-once in that window only; never twice otherwise.
    """
    from .models import OutgoingEmail
    from .tasks import send_outgoing_email

    with transaction.atomic():
        outgoing = OutgoingEmail.objects.select_for_update().filter(pk=outgoing_id).first()
        if outgoing is None or outgoing.status != OutgoingEmail.Status.QUEUED:
            return outgoing.status if outgoing else "missing"
        now = timezone.now()
        outgoing.attempts += 1
        outgoing.last_attempt_at = now
        # Written first: on SQLite, which has no row locks, this takes the write lock before
        # the message goes out, so that marking it sent below cannot be refused.
        outgoing.save(update_fields=["attempts", "last_attempt_at", "updated_at"])
        try:
            message = build_outgoing_email(outgoing)
        except Exception as error:  # a deleted row or a broken template: trying again won't help
            outgoing.status = OutgoingEmail.Status.FAILED
            outgoing.last_error = f"{type(error).__name__}: {error}"
            outgoing.save()
            return outgoing.status
        try:
            message.send()
        except Exception as error:
            outgoing.last_error = f"{type(error).__name__}: {error}"
            if not retry_later(send_outgoing_email, outgoing.pk, attempts=outgoing.attempts):
                outgoing.status = OutgoingEmail.Status.FAILED
            outgoing.save()
            return outgoing.status
        outgoing.status = OutgoingEmail.Status.SENT
        outgoing.sent_at = timezone.now()
        outgoing.last_error = ""
        outgoing.save()
        return outgoing.status


def send_again(outgoing_emails) -> int:
    """Queue failed (or stuck queued) mails once more with fresh attempts; returns how many.

    Sent mails are left alone: "send again" never sends a mail a second time.
    """
    from .models import OutgoingEmail
    from .tasks import send_outgoing_email

    count = 0
    with transaction.atomic():
        for outgoing in outgoing_emails.select_for_update().exclude(
            status=OutgoingEmail.Status.SENT
        ):
            outgoing.status = OutgoingEmail.Status.QUEUED
            outgoing.attempts = 0
            outgoing.save(update_fields=["status", "attempts", "updated_at"])
            send_outgoing_email.enqueue(outgoing.pk)
            count += 1
    return count
