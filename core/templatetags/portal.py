import datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

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


@register.filter
def time_tag(value, style: str = "DATE_FORMAT"):
    """`<time datetime="…">1 December 2026</time>` for a date or date-time, in the language's
    DATE_FORMAT (or DATETIME_FORMAT), "" for nothing. Safe HTML, so that a sentence can take the
    whole element as one placeholder: `{% blocktranslate with date=value|time_tag %}Valid until
    {{ date }}{% endblocktranslate %}` (translators place the date; no sentence is cut)."""
    if not isinstance(value, datetime.date):
        return ""
    if style == "DATETIME_FORMAT":
        attribute, shown = datetime_attr(value), value
    else:
        attribute, shown = date_attr(value), value
    if isinstance(shown, datetime.datetime) and timezone.is_aware(shown):
        shown = timezone.localtime(shown)
    return format_html('<time datetime="{}">{}</time>', attribute, date_format(shown, style))
