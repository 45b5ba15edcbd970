"""The error pages (coalition_portal/urls.py handler400, 404, 500), safe on any request.

Django's own handlers run the CSRF check again (`requires_csrf_token`), which reads the form
data: on a request whose body cannot be parsed (a `charset=utf-16` form, an oversized upload)
that raises once more, and even the 500 page is lost. These render without reading the body,
and mark it empty for whatever runs after them (middleware reading `request.POST`).
"""

import logging

from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, QueryDict
from django.template import loader
from django.utils.datastructures import MultiValueDict

from core.uploads import MAX_IMAGE_BYTES, MAX_PDF_BYTES

logger = logging.getLogger(__name__)


def _forget_unreadable_body(request) -> None:
    if "_post" in request.__dict__ or request.method not in ("POST", "PUT", "PATCH"):
        return
    request._post, request._files = QueryDict(), MultiValueDict()


def _render(request, template_name, status, context=None, *, with_request=True) -> HttpResponse:
    _forget_unreadable_body(request)
    try:
        html = loader.render_to_string(
            template_name, context, request=request if with_request else None
        )
    except Exception:
        # The error page must not fail on the very request that caused the error.
        logger.exception("The %s page could not be rendered", status)
        html = loader.render_to_string("500.html")
    return HttpResponse(html, status=status)


def bad_request(request, exception=None):
    if isinstance(exception, RequestDataTooBig):
        limits = {"image_limit": MAX_IMAGE_BYTES, "pdf_limit": MAX_PDF_BYTES}
        return _render(request, "413.html", 413, limits)
    return _render(request, "400.html", 400)


def page_not_found(request, exception=None):
    # An address without a language (an old form's action) is a 404 first, that
    # LocaleMiddleware turns into a redirect: a body too big to read must not make it a 500.
    return _render(request, "404.html", 404, {"request_path": request.path})


def server_error(request):
    # 500.html stands alone (no context processors, no URL reversing, no database).
    return _render(request, "500.html", 500, with_request=False)
