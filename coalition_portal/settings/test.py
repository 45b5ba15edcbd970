"""Settings for the pytest suite."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Each test gets an empty cache (see tests/conftest.py); local memory keeps runs independent.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The live server serves static files itself; do not look for a collectstatic folder.
WHITENOISE_AUTOREFRESH = True
# Templates used only by test views (tests/core/form_views.py).
TEMPLATES[0]["DIRS"].append(BASE_DIR / "tests" / "templates")  # noqa: F405
# Pages are rendered for every request, so that tests (query budgets included) see the real
# work; tests/core/test_page_cache.py switches the cache on.
PUBLIC_PAGE_CACHE = False
# Tasks run in the process that enqueues them once its transaction commits, so that a test sees
# the mail a request sends and a rolled-back change sends nothing. The queue's own tests
# (tests/core/test_mail_queue.py) switch to the database backend and run a real worker
# (tests/core/queue.py).
TASKS = {"default": {"BACKEND": "tests.task_backend.ImmediateOnCommitBackend"}}
