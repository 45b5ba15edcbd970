from contextvars import ContextVar

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware

from core import content


class HealthCheckMiddleware:
    """Answer load-balancer probes before host validation, HTTPS redirects and sessions.

    `/healthz` says the process is alive (no database); `/readyz` also runs a query
    and answers 503 when the database cannot be reached.
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
        return JsonResponse({"status": "ok", "database": "up"})


# The public content version the current request's cached page is stored under; set by the
# fetch half at the start of each request, read by the update half at the end of it.
_page_version: ContextVar[str | None] = ContextVar("page_cache_version", default=None)


class _PublicPageKeyPrefix:
    """Key cached pages on the public content version, read once per request (`core.content`)."""

    @property
    def key_prefix(self):
        return f"{settings.CACHE_MIDDLEWARE_KEY_PREFIX}:page:{_page_version.get()}"

    @key_prefix.setter
    def key_prefix(self, value):
        """Django's __init__ sets a fixed prefix; ours comes from the content version."""


def _revalidate_in_browsers(response):
    """Browsers check back every time (a 304 thanks to the ETag): a visitor who signs in must
    not be shown the signed-out copy their browser kept. Only the server reuses the page,
    unless the view itself declared it public for a set time (the pledge badge)."""
    if "public" in response.get("Cache-Control", ""):
        return
    if "Expires" in response:
        del response["Expires"]
    response["Cache-Control"] = "no-cache"


class PublicPageUpdateCacheMiddleware(_PublicPageKeyPrefix, UpdateCacheMiddleware):
    """Django's per-site cache, for visitors without cookies only (see the fetch half)."""

    def process_response(self, request, response):
        if response.cookies:
            # Setting a cookie (CSRF, session, messages) means the page is not the same for all.
            return response
        chosen_by_view = response.has_header("Cache-Control")
        if content.served_stale():
            # Figures of an older version while they are recomputed: fine for this visitor,
            # but the page must not be kept, by us or the browser, under the current version.
            if not chosen_by_view:
                _revalidate_in_browsers(response)
            return response
        response = super().process_response(request, response)
        if not chosen_by_view and response.has_header("Cache-Control"):
            _revalidate_in_browsers(response)
        return response


class PublicPageFetchFromCacheMiddleware(_PublicPageKeyPrefix, FetchFromCacheMiddleware):
    """Serve public pages from the shared cache to requests that carry no cookie at all.

    A request without cookies has no session, no CSRF token and no messages: it is an
    anonymous visitor and gets exactly the page every other anonymous visitor gets. Any
    cookie (signed in, a form visited) bypasses the cache. Pages are stored under the public
    content version, so publishing or editing anything shows at once; time-based changes
    (a scheduled post, an awards call opening) show within `CACHE_MIDDLEWARE_SECONDS`.
    """

    def process_request(self, request):
        _page_version.set(None)
        if request.COOKIES or not settings.PUBLIC_PAGE_CACHE:
            request._cache_update_cache = False
            return None
        _page_version.set(content.version())
        response = super().process_request(request)
        if response is not None:
            _revalidate_in_browsers(response)
        return response
