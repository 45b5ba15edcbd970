"""Static files as production serves them: fingerprinted, compressed, cached for years."""

import re

import pytest
from django.core.management import call_command
from django.http import HttpResponse
from django.templatetags.static import static
from django.test import RequestFactory
from whitenoise.middleware import WhiteNoiseMiddleware

FINGERPRINTED = r"\.[0-9a-f]{12}\."


@pytest.fixture
def collected(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.WHITENOISE_AUTOREFRESH = False
    call_command("collectstatic", "--noinput", verbosity=0)
    return WhiteNoiseMiddleware(get_response=lambda request: HttpResponse(status=404))


@pytest.mark.parametrize(
    "path",
    ["vendor/bootstrap/css/bootstrap.min.css", "css/portal.css", "js/portal.js"],
)
def test_static_files_are_fingerprinted_compressed_and_cached_for_years(collected, path):
    url = static(path)
    assert re.search(FINGERPRINTED, url), url  # the manifest gives a content-hashed name
    response = collected(RequestFactory().get(url, headers={"accept-encoding": "gzip"}))
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=315360000, public, immutable"
    assert response["Content-Encoding"] == "gzip"
