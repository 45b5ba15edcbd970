"""Sitemaps: the static pages here, and the registry of every app's sitemap sections.

`/sitemap.xml` is a sitemap index pointing to one sitemap per section
(`/sitemap-<section>.xml`, paginated by Django beyond 50,000 URLs each). The sections are
listed in `coalition_portal/urls.py`, one line per app sitemap class.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils.module_loading import import_string


def load_sitemaps(sections: dict[str, str]) -> dict[str, type[Sitemap]]:
    """`{"section": "dotted.path.to.SitemapClass"}` -> the dict Django's sitemap views take."""
    return {section: import_string(path) for section, path in sections.items()}


class StaticViewSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5
    url_names = ["core:home", "core:accessibility", "core:privacy", "newsletter:subscribe"]

    def items(self):
        return self.url_names

    def location(self, item):
        return reverse(item)
