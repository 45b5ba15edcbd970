from django import template

from core import i18n

register = template.Library()


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """`{% language_alternates as alternates %}`: this page in every language."""
    request = context.get("request")
    return i18n.alternates(request) if request is not None else []


@register.simple_tag(takes_context=True)
def language_default_url(context):
    request = context.get("request")
    return i18n.default_url(request) if request is not None else ""


@register.filter
def language_name(code):
    return i18n.language_name(code)
