"""How django-axes identifies a login attempt: the e-mail typed (and the client's IP address,
from `core.clientip`, like the form rate limits)."""

from django.conf import settings
from django.shortcuts import render


def login_identifier(request, credentials=None) -> str:
    """The e-mail address, whichever form sent it (allauth's sign-in page or the admin's)."""
    credentials = credentials or {}
    data = getattr(request, "POST", {}) if request is not None else {}
    value = (
        credentials.get("email")
        or credentials.get("username")
        or data.get("login")
        or data.get("username")
        or ""
    )
    return value.strip().lower()


def lockout_response(request, original_response=None, credentials=None):
    """The page shown while django-axes pauses sign-in: HTTP 429 and how long to wait."""
    cool_off = settings.AXES_COOLOFF_TIME
    minutes = max(1, int(cool_off.total_seconds() // 60)) if cool_off else None
    response = render(
        request,
        "account/lockout.html",
        {"cooloff_minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
