import datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def startswith(value, prefix) -> bool:
    return str(value).startswith(str(prefix))


@register.filter
def datetime_attr(value) -> str:
    """A valid HTML `datetime` attribute: "2026-12-01T09:12:21+01:00" for a date-time (local
    time with its offset, whole seconds: HTML allows at most three digits of a second, and
    `date:'c'` writes six), "2026-12-01" for a date, "" for nothing."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""


@register.filter
def date_attr(value) -> str:
    """The valid HTML `datetime` attribute of a date ("2026-12-01"), for a date-time shown as
    its (local) date only."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""
