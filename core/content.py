"""One version for everything the public sees; the caches of public data are keyed on it.

Cached public pages (`core.middleware`), the pledge list's facet counts and the impact totals
(`cached()`) put `version()` in their cache keys. Any committed write to a model registered
with `watch()` calls `changed()`, which moves the version on: old entries are simply never read
again and expire on their own, in every app server at once (the version lives in the shared
cache). Writes that send no model signals (`QuerySet.update()`, bulk inserts) must call
`changed()` themselves, as `generate_bench_data` does. While the shared cache is unreachable
(`core.cache`), `version()` is new at every call and `cached()` computes: nothing is cached.
"""

import uuid
from collections.abc import Callable
from contextvars import ContextVar
from typing import TypeVar

from django.core.cache import cache
from django.core.signals import request_started
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from core.cache import degraded, recovered

VERSION_KEY = "content:version"
# How long one process may take to recompute a figure before another one tries.
RECOMPUTE_LOCK_SECONDS = 60

T = TypeVar("T")

# Set when this request was given a figure of an older version (see `cached()`).
_served_stale: ContextVar[bool] = ContextVar("content_served_stale", default=False)


def version() -> str:
    current = cache.get(VERSION_KEY)
    if current is None and not shared_cache_down():
        # add() keeps a version another process set in the meantime.
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        current = cache.get(VERSION_KEY)
    if current is None or shared_cache_down():
        # No version shared by every server: a fresh one, so that nothing cached is reused.
        return uuid.uuid4().hex
    return current


def shared_cache_down() -> bool:
    """Whether the shared cache is unreachable (`core.cache`): then nothing public is cached,
    since a copy kept in one process would not see another process's changes."""
    return degraded(cache)


def changed() -> None:
    """Forget every cached public page and figure."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def cached(name: str, compute: Callable[[], T], timeout: int) -> T:
    """`compute()`, cached under the current version; `name` says what it is.

    After a change, the first request to miss recomputes; while it does, the others are given
    the last value computed (under an earlier version) instead of running the same heavy
    aggregate at once (at 100,000 pledges, a dozen visitors arriving together would each spend
    seconds on it). Such a request is marked (`served_stale()`) so that its page is not cached.
    """
    key = f"{name}:{version()}"
    if shared_cache_down():
        return compute()
    value = cache.get(key)
    if value is not None:
        return value
    lock = f"{key}:computing"
    # add() is atomic in every backend (SET NX in Redis): one process wins.
    if cache.add(lock, True, RECOMPUTE_LOCK_SECONDS):
        try:
            value = compute()
            cache.set_many({key: value, f"{name}:latest": value}, timeout)
        finally:
            cache.delete(lock)
        return value
    latest = cache.get(f"{name}:latest")
    if latest is None:
        return compute()  # never computed before: there is nothing older to show
    _served_stale.set(True)
    return latest


def served_stale() -> bool:
    """Whether this request was given a figure of an older version by `cached()`."""
    return _served_stale.get()


def _forget_stale(**kwargs) -> None:
    _served_stale.set(False)


def _changed_after_outage(**kwargs) -> None:
    # A change made while the shared cache was down never reached it.
    changed()


recovered.connect(_changed_after_outage, dispatch_uid="content-changed-after-outage")

# Every request starts fresh (threads and processes serve many requests one after another).
request_started.connect(_forget_stale, dispatch_uid="content-forget-stale")


def _changed_on_commit() -> None:
    # After the commit: a page rendered before it must not be cached under the new version.
    transaction.on_commit(changed)


def watch(*models, shown=None) -> None:
    """Invalidate the public caches whenever a row of these models is saved or deleted.

    Called from each app's `AppConfig.ready()` with the models its public pages show; rows
    no public page shows (contact requests, newsletter subscribers) are left out. `shown`,
    when given, is called as `shown(instance, update_fields)` and says whether that row is,
    or was until this write, on a public page: a pledger saving a draft then leaves every
    cached page in place.
    """

    def on_save(sender, instance, update_fields=None, **kwargs):
        if shown is None or shown(instance, update_fields or frozenset()):
            _changed_on_commit()

    def on_delete(sender, instance, **kwargs):
        if shown is None or shown(instance, frozenset()):
            _changed_on_commit()

    def on_m2m(sender, instance, action, **kwargs):
        if action.startswith("post_") and (
            shown is None or not isinstance(instance, models) or shown(instance, frozenset())
        ):
            _changed_on_commit()

    for model in models:
        # Strong references: the receivers are closures that would otherwise be collected.
        post_save.connect(on_save, sender=model, weak=False, dispatch_uid=f"content-{model._meta}")
        post_delete.connect(
            on_delete, sender=model, weak=False, dispatch_uid=f"content-{model._meta}"
        )
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                on_m2m,
                sender=field.remote_field.through,
                weak=False,
                dispatch_uid=f"content-{model._meta}-{field.name}",
            )
