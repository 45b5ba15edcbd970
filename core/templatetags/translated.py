"""Texts kept per language (django-modeltranslation) with their language marked (WCAG 3.1.2).

A field that has no version in the page's language shows in English; these mark it so:

    {{ post|translated:"title" }}              the text, in <span lang="en"> when it is English
    <div{% fallback_lang coalition "description" %}>   ` lang="en"` on an element of yours
    {% fallback_note post "body" %}            a short note, in the visitor's language
"""

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


def shown_language(obj, field: str) -> str:
    """The language `obj.<field>` is shown in on this page: the page's, or English."""
    current = translation.get_language() or settings.LANGUAGE_CODE
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    if current == default or getattr(obj, f"{field}_{current}", None) not in (None, ""):
        return current
    return default


def is_fallback(obj, field: str) -> bool:
    return shown_language(obj, field) != (translation.get_language() or settings.LANGUAGE_CODE)


@register.filter
def translated(obj, field: str):
    value = getattr(obj, field, "")
    if value and is_fallback(obj, field):
        return format_html('<span lang="{}">{}</span>', shown_language(obj, field), value)
    return value


@register.simple_tag
def fallback_lang(obj, field: str):
    if getattr(obj, field, "") and is_fallback(obj, field):
        return format_html(' lang="{}"', shown_language(obj, field))
    return ""


@register.simple_tag
def fallback_note(obj, field: str):
    if not (getattr(obj, field, "") and is_fallback(obj, field)):
        return ""
    return format_html(
        '<p class="fallback-note">{}</p>',
        _("This text is not yet available in your language; it is shown in English."),
    )
