from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import _split_rate, is_ratelimited


class RateLimitedFormMixin:
    """Limits form submissions per client IP, counted in the shared cache (Redis in production).

    Over the limit, the form comes back with everything the person typed, a clear message
    and HTTP 429 with `Retry-After`; nothing is saved or sent. The client IP comes from
    `core.clientip` (settings.RATELIMIT_IP_META_KEY). While Redis is unreachable the count
    is kept in each app server process (`core.cache.FallbackCache`): the limit then applies
    per process, so a client may get up to one limit's worth per process, never a 500.
    """

    ratelimit_group: str | None = None
    ratelimit_rate: str | None = None
    ratelimit_message = _(
        "You have sent this form too many times in a short period. "
        "Please wait a while and try again; what you typed has been kept."
    )

    def get_ratelimit_group(self) -> str:
        return self.ratelimit_group or f"{type(self).__module__}.{type(self).__qualname__}"

    def get_ratelimit_rate(self) -> str:
        return self.ratelimit_rate or settings.PUBLIC_FORM_RATE

    def is_ratelimited(self, request) -> bool:
        return is_ratelimited(
            request,
            group=self.get_ratelimit_group(),
            key="ip",
            rate=self.get_ratelimit_rate(),
            method="POST",
            increment=True,
        )

    def post(self, request, *args, **kwargs):
        if self.is_ratelimited(request):
            if not hasattr(self, "object"):
                self.object = None
            form = self.get_form()
            form.add_error(None, self.ratelimit_message)
            response = self.render_to_response(self.get_context_data(form=form), status=429)
            # django-ratelimit counts in fixed windows of one period: at most that long.
            response["Retry-After"] = str(_split_rate(self.get_ratelimit_rate())[1])
            return response
        return super().post(request, *args, **kwargs)
