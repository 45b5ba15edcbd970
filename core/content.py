"""One version for everything the public sees; the caches of public data are keyed on it.

Cached public pages (`core.middleware`), the pledge list's facet counts and the impact totals
put `version()` in their cache keys. Any committed write to a model registered with `watch()`
calls `changed()`, which moves the version on: old entries are simply never read again and
expire on their own, in every app server at once (the version lives in the shared cache).
Writes that bypass model signals (`QuerySet.update()`) call `changed()` themselves.
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


def _on_write(sender, **kwargs):
    # After the commit: a page rendered before it must not be cached under the new version.
    transaction.on_commit(changed)


def watch(*models) -> None:
    """Invalidate the public caches whenever one of these models is saved or deleted.

    Called from each app's `AppConfig.ready()` with the models its public pages show; rows
    no public page shows (contact requests, newsletter subscribers) are left out.
    """
    for model in models:
        post_save.connect(_on_write, sender=model, dispatch_uid=f"content-save-{model._meta}")
        post_delete.connect(_on_write, sender=model, dispatch_uid=f"content-del-{model._meta}")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _on_write,
                sender=field.remote_field.through,
                dispatch_uid=f"content-m2m-{model._meta}-{field.name}",
            )
