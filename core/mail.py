"""The one way the portal sends an e-mail: a text part, an optional HTML part, one subject line."""

from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string


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


def send_templated_mail(**kwargs) -> int:
    """Build (see `build_templated_mail`) and send one message; returns how many were sent."""
    return build_templated_mail(**kwargs).send()
