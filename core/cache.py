"""The shared cache (Redis), with a per-process fallback while Redis cannot be reached.

Redis is an accelerator, not a dependency: when it is down, pages render from the database,
and what must still count (the forms' rate limits, allauth's limits and locks) counts in
this process's memory. django-redis's own `IGNORE_EXCEPTIONS` is not enough on its own: it
answers `add()` and `incr()` with nothing, so django-ratelimit treats every form as over
its limit and allauth waits a second for a lock it never gets, then refuses the sign-in.

After a failed call, Redis is left alone for `RETRY_SECONDS` (calls go straight to memory,
without waiting for a connection timeout each time); then the next call tries it again.
What must be the same on every server (the public content version, hence the page cache
and the cached figures, see `core.content`) asks `degraded()` and caches nothing meanwhile.
When Redis answers again, `recovered` is sent: a change made during the outage never
reached it, so `core.content` moves the version on.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.dispatch import Signal
from django.utils.module_loading import import_string
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Sent (sender=the cache) when the shared cache answers again after an outage.
recovered = Signal()

UNAVAILABLE = (RedisError, ConnectionInterrupted, OSError)


class FallbackCache(BaseCache):
    """A cache backend (django-redis by default) that falls back to local memory on errors.

    OPTIONS: `PRIMARY_BACKEND` (dotted path, default django-redis), `RETRY_SECONDS` (5); the
    other OPTIONS, LOCATION and KEY_PREFIX go to the primary backend.
    """

    def __init__(self, server, params):
        super().__init__(params)
        options = dict(params.get("OPTIONS", {}))
        backend = import_string(options.pop("PRIMARY_BACKEND", "django_redis.cache.RedisCache"))
        self.retry_seconds = float(options.pop("RETRY_SECONDS", 5))
        self.primary = backend(server, {**params, "OPTIONS": options})
        self.fallback = LocMemCache(f"fallback-{server}", {"TIMEOUT": params.get("TIMEOUT", 300)})
        self._down_until = 0.0
        self._was_down = False
        self._lock = threading.Lock()

    # --- state ------------------------------------------------------------------
    def degraded(self) -> bool:
        """Whether the shared cache failed recently (calls are served from local memory)."""
        return self._was_down

    def ping(self) -> bool:
        """Ask the shared cache itself, whatever the recent failures (for /readyz)."""
        try:
            self.primary.has_key("health:ping")
        except UNAVAILABLE:
            self._failed()
            return False
        self._succeeded()
        return True

    def _failed(self) -> None:
        with self._lock:
            if not self._was_down:
                logger.warning(
                    "The shared cache is unavailable: serving without it (rate limits per "
                    "process) and trying again every %s s.",
                    self.retry_seconds,
                )
            self._was_down = True
            self._down_until = time.monotonic() + self.retry_seconds

    def _succeeded(self) -> None:
        if not self._was_down:
            return
        with self._lock:
            if not self._was_down:
                return
            self._was_down = False
        logger.warning("The shared cache answers again.")
        recovered.send(sender=self)

    def _call(self, name, *args, **kwargs):
        if time.monotonic() >= self._down_until:
            try:
                result = getattr(self.primary, name)(*args, **kwargs)
            except UNAVAILABLE:
                self._failed()
            else:
                self._succeeded()
                return result
        return getattr(self.fallback, name)(*args, **kwargs)

    # --- the cache API ---------------------------------------------------------------
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version=version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", key, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version=version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version=version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version=version)

    def decr(self, key, delta=1, version=None):
        return self._call("decr", key, delta, version=version)

    def clear(self):
        self.fallback.clear()
        return self._call("clear")

    def close(self, **kwargs):
        self.primary.close(**kwargs)

    def __getattr__(self, name):
        # The rest of django-redis's API (`client`, `lock`, `ttl`...) is the primary's own.
        if name in ("primary", "fallback"):
            raise AttributeError(name)
        return getattr(self.primary, name)


def degraded(cache) -> bool:
    """Whether `cache` is a FallbackCache answering from local memory right now."""
    return bool(getattr(cache, "degraded", lambda: False)())
