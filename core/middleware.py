import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import BadRequest, DisallowedHost
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.middleware.gzip import re_accepts_gzip
from django.middleware.http import ConditionalGetMiddleware
from django.utils import translation
from django.utils.cache import cc_delim_re, get_max_age

from core import content


class HealthCheckMiddleware:
    """Answer load-balancer probes before host validation, HTTPS redirects and sessions.

    `/healthz` says the process is alive (no database); `/readyz` also runs a query
    and answers 503 when the database cannot be reached, and 200 with
    `"status": "degraded"` when only the shared cache cannot (pages still render).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD"):
            if request.path == "/healthz":
                return HttpResponse("ok", content_type="text/plain")
            if request.path == "/readyz":
                return self.readiness()
        return self.get_response(request)

    @staticmethod
    def readiness():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except DatabaseError:
            return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
        # Without the shared cache the server still serves every page, from the database:
        # 200, so that a load balancer keeps it (every server shares the one Redis, so a 503
        # would take them all out at once), with "degraded" for monitoring.
        ping = getattr(cache, "ping", None)  # only the shared cache (core.cache) has one
        if ping is None:
            return JsonResponse({"status": "ok", "database": "up"})
        if not ping():
            return JsonResponse({"status": "degraded", "database": "up", "cache": "unavailable"})
        return JsonResponse({"status": "ok", "database": "up", "cache": "up"})


class RequestGuardMiddleware:
    """Refuse, with the portal's 400 and 405 pages, requests no view should have to handle.

    - methods other than GET, HEAD, POST and OPTIONS (TRACE, PUT...): 405, on every URL,
      function views and feeds included;
    - a Host header with a port that is not a port (`127.0.0.1:99999`): 400;
    - a NUL character in the query string, in a name or a value: 400 (PostgreSQL refuses
      NUL in text, so a filter or search would otherwise end in a 500).

    It also gives a 429 that says nothing about when to come back (allauth's rate limits)
    a `Retry-After`.
    """

    ALLOWED_METHODS = ("GET", "HEAD", "POST", "OPTIONS")
    DEFAULT_RETRY_AFTER = "60"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in self.ALLOWED_METHODS:
            return HttpResponseNotAllowed(self.ALLOWED_METHODS)
        # After an IPv6 literal's "]", or in the whole name: ":port".
        _, has_port, port = request.META.get("HTTP_HOST", "").rpartition("]")[2].partition(":")
        if has_port and not (port.isascii() and port.isdigit() and 0 < int(port) <= 65535):
            raise DisallowedHost("Invalid port in the Host header.")
        if any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            raise BadRequest("NUL character in the query string.")
        response = self.get_response(request)
        if response.status_code == 429 and not response.has_header("Retry-After"):
            response["Retry-After"] = self.DEFAULT_RETRY_AFTER
        return response


def _revalidate_in_browsers(response):
    """Browsers check back every time (a 304 thanks to the ETag): a visitor who signs in must
    not be shown the signed-out copy their browser kept. Only the server reuses the page,
    unless the view itself declared it public for a set time (the pledge badge)."""
    if "public" in response.get("Cache-Control", ""):
        return
    if "Expires" in response:
        del response["Expires"]
    response["Cache-Control"] = "no-cache"


# What a stored page may vary on: the key holds the encoding and the language, and only
# requests without cookies are served from the cache.
_KEYED_VARY = {"accept-encoding", "accept-language", "cookie"}


class PublicPageCacheMiddleware:
    """Whole public pages, from the shared cache, for visitors without any cookie.

    A request without cookies has no session, no CSRF token and no messages: it is an
    anonymous visitor and gets exactly the page every other anonymous visitor gets. Any
    cookie (signed in, a form visited) bypasses the cache, and a response that sets one (a
    form's CSRF token) is never stored. Each page is stored with the public content version
    it was rendered under (`core.content`) and served only while that is still the version,
    so publishing or editing anything shows at once; time-driven changes (a scheduled post,
    an awards call opening) show within `CACHE_MIDDLEWARE_SECONDS`.

    Django's cache middleware would do it in three cache round trips per page (the version,
    the list of Vary headers, the page); here it is one (the version and the page together),
    which is most of what a cached page costs. Placed outside GZip and ConditionalGet, so
    pages are stored compressed and answered with 304 here.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        # Django's own conditional GET, for pages served from the cache.
        self.conditional = ConditionalGetMiddleware(get_response)

    def __call__(self, request):
        if request.method != "GET" or request.COOKIES or not settings.PUBLIC_PAGE_CACHE:
            return self.get_response(request)
        key = self.key(request)
        found = cache.get_many([content.VERSION_KEY, key])
        if content.shared_cache_down():
            return self.get_response(request)  # rendered from the database, not stored
        version = found.get(content.VERSION_KEY) or content.version()
        stored = found.get(key)
        if stored is not None and stored[0] == version:
            return self.conditional.process_response(request, stored[1])

        response = self.get_response(request)
        timeout = self.timeout(response)  # read before our own Cache-Control is added
        if response.status_code == 200 and not response.has_header("Cache-Control"):
            _revalidate_in_browsers(response)
        if timeout:
            cache.set(key, (version, response), timeout)
        return response

    @staticmethod
    def key(request) -> str:
        url = hashlib.md5(request.build_absolute_uri().encode(), usedforsecurity=False)
        encoding = (
            "gzip" if re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")) else ""
        )
        # Pages carry their language in the address (/fr/...); the few that do not (robots.txt,
        # the sitemaps) are the same in every language.
        language = translation.get_language_from_path(request.path_info) or ""
        return (
            f"{settings.CACHE_MIDDLEWARE_KEY_PREFIX}:page:{url.hexdigest()}:{encoding}:{language}"
        )

    @staticmethod
    def timeout(response) -> int:
        """How long to keep this response; 0 for a response that must not be kept."""
        if (
            response.status_code != 200
            or response.streaming
            or response.cookies  # a CSRF token, a session, a message: not the same for all
            or content.served_stale()  # older figures while they are recomputed
            or {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", ""))}
            - _KEYED_VARY
            - {""}
        ):
            return 0
        cache_control = response.get("Cache-Control", "")
        if "private" in cache_control or "no-store" in cache_control:
            return 0
        max_age = get_max_age(response)
        return settings.CACHE_MIDDLEWARE_SECONDS if max_age is None else max_age
