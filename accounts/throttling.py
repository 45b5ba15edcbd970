"""How django-axes identifies a login attempt: the e-mail typed, and the client's IP address."""

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


def client_ip(request) -> str:
    """The same client address as the form rate limits (settings.RATELIMIT_IP_META_KEY).

    Behind a proxy the header must be one the proxy overwrites, otherwise anyone could
    pretend to come from a new address at every attempt.
    """
    key = settings.RATELIMIT_IP_META_KEY or "REMOTE_ADDR"
    value = request.META.get(key, "") or request.META.get("REMOTE_ADDR", "")
    # X-Forwarded-For may list several hops: the first one is the client.
    return value.split(",")[0].strip()


def lockout_response(request, original_response=None, credentials=None):
    """The page shown while django-axes pauses sign-in: HTTP 429 and how long to wait."""
    cool_off = settings.AXES_COOLOFF_TIME
    minutes = max(1, int(cool_off.total_seconds() // 60)) if cool_off else None
    return render(
        request,
        "account/lockout.html",
        {"cooloff_minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
