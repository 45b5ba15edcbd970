"""One version for everything the public sees; the caches of public data are keyed on it.

Cached public pages (`core.middleware`), the pledge list's facet counts and the impact totals
put `version()` in their cache keys. Any committed write to a model registered with `watch()`
calls `changed()`, which moves the version on: old entries are simply never read again and
expire on their own, in every app server at once (the version lives in the shared cache).
Writes that send no model signals (`QuerySet.update()`, bulk inserts) must call `changed()`
themselves, as `generate_bench_data` does.
"""

import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

VERSION_KEY = "content:version"


def version() -> str:
    current = cache.get(VERSION_KEY)
    if current is None:
        # add() keeps a version another process set in the meantime.
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        current = cache.get(VERSION_KEY)
    return current


def changed() -> None:
    """Forget every cached public page and figure."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


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
