"""The same page in every language: the addresses behind the switcher, hreflang and sitemaps."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import get_script_prefix
from django.utils import translation


@dataclass(frozen=True)
class Alternate:
    code: str
    name: str  # in the language itself
    url: str
    absolute: str  # for hreflang, which must be absolute
    current: bool


def unprefixed_path(path_info: str) -> str:
    """`/fr/pledges/7/` -> `/pledges/7/`; a path without a language is returned as it is."""
    language = translation.get_language_from_path(path_info)
    return path_info[len(language) + 1 :] if language else path_info


def _without_language(request) -> str:
    """This page's path without its language, and its query (a filtered list stays filtered)."""
    rest = unprefixed_path(request.path_info)
    query = request.META.get("QUERY_STRING", "")
    return f"{rest}?{query}" if query else rest


def _origin(request) -> str:
    """`https://host` of this request, read once a page; empty for a request whose Host is
    refused (the 400 page must still render)."""
    try:
        return f"{request.scheme}://{request.get_host()}"
    except DisallowedHost:
        return ""


def alternates(request) -> list[Alternate]:
    """This page in each language."""
    prefix, rest = get_script_prefix().rstrip("/"), _without_language(request)
    origin, current = _origin(request), translation.get_language()
    return [
        Alternate(code, name, url := f"{prefix}/{code}{rest}", origin + url, code == current)
        for code, name in settings.LANGUAGES
    ]


def default_url(request) -> str:
    """The absolute address without a language: it sends each visitor to their own
    (hreflang x-default)."""
    return _origin(request) + get_script_prefix().rstrip("/") + _without_language(request)


def language_name(code: str) -> str:
    """A language's name in itself (`Deutsch`), as the switcher shows it."""
    return dict(settings.LANGUAGES).get(code, code)


def render_each_language(instance, source: str, target: str, render) -> None:
    """Set each language's `target` from the same language's `source` (a post's body_html from
    its body): a language without its own text gets none, and falls back to English as a whole,
    rather than storing an English rendering under its name."""
    for code, _name in settings.LANGUAGES:
        name = f"{target}_{code}"
        text = getattr(instance, f"{source}_{code}", None)
        empty = None if instance._meta.get_field(name).null else ""
        setattr(instance, name, render(text) if text else empty)


def current_language() -> str:
    """The active language if it is one of the portal's, else the default (English)."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def hashable_unique_constraints(model) -> None:
    """django-modeltranslation (0.19) copies a model's unique constraints for each language
    with `fields` as a list, which Django's formsets cannot hash when they check uniqueness
    across forms (an admin inline then fails with a TypeError): make them tuples again."""
    for constraint in model._meta.constraints:
        if isinstance(getattr(constraint, "fields", None), list):
            constraint.fields = tuple(constraint.fields)


def searched_fields(model, fields: list[str]) -> list[str]:
    """The columns a search over `fields` must read for what this page shows: a text kept per
    language is shown in the page's language or, where it has none, in English; both count."""
    from modeltranslation.translator import NotRegistered, translator

    try:
        translated = translator.get_options_for_model(model).fields
    except NotRegistered:
        return list(fields)
    current = current_language()
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    columns = []
    for field in fields:
        if field in translated:
            columns += dict.fromkeys([f"{field}_{current}", f"{field}_{default}"])
        else:
            columns.append(field)
    return columns
