"""Local development: `make run`. DEBUG still comes from DJANGO_DEBUG (the Makefile sets it)."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS

# Serve static files straight from the app and project folders, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
INSTALLED_APPS = ["whitenoise.runserver_nostatic", *INSTALLED_APPS]
# Template edits show at once.
PUBLIC_PAGE_CACHE = False
