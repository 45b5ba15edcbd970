from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from portal.sitemaps import SITEMAPS
from portal.views import FaviconView, RobotsTxtView, WebManifestView

# Error pages that render even for a request whose body cannot be read (core/errors.py).
handler400 = "core.errors.bad_request"
handler404 = "core.errors.page_not_found"
handler500 = "core.errors.server_error"

admin.site.site_header = "Digital Skills and Jobs Coalition — Secretariat"
admin.site.site_title = "Coalition Portal admin"
admin.site.index_title = "Content and moderation"

# Without a language: the admin (the Secretariat works in English), files for machines.
urlpatterns = [
    path("admin/", admin.site.urls),
    path("robots.txt", RobotsTxtView.as_view(), name="robots-txt"),
    path("favicon.ico", FaviconView.as_view(), name="favicon"),
    path("manifest.webmanifest", WebManifestView.as_view(), name="web-manifest"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]

# Every page for people carries its language: /fr/pledges/. An address without one (/ included)
# is redirected by LocaleMiddleware to the visitor's best language from Accept-Language.
urlpatterns += i18n_patterns(
    path("", include("portal.urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    # Before "pledges/", so that /pledges/new/ is the pledge form.
    path("", include("pledges.pledger_urls")),
    path("", include("organisations.urls")),
    path("national-coalitions/", include("national_coalitions.urls")),
    # The pledges app serves /pledges/... and /organisations/... (see pledges/urls.py).
    path("", include("pledges.urls")),
    path("awards/", include("awards.urls")),
    path("blog/", include("blog.urls")),
    path("newsletter/", include("blog.newsletter_urls")),
    # /my/notifications/, the follow buttons' targets and the digests' unsubscribe links.
    path("", include("follows.urls")),
)

if settings.BENCHMARK_VIEWS:
    urlpatterns.append(path("bench/", include("bench.urls")))

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
