"""Sitemap building blocks every area uses; the registry of sections is `portal/sitemaps.py`."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils.module_loading import import_string


def load_sitemaps(sections: dict[str, str]) -> dict[str, type[Sitemap]]:
    """`{"section": "dotted.path.to.SitemapClass"}` -> the dict Django's sitemap views take."""
    return {section: import_string(path) for section, path in sections.items()}


class StaticViewSitemap(Sitemap):
    """Pages without a model, listed by URL name."""

    changefreq = "monthly"
    priority = 0.5
    url_names: list[str] = []

    def items(self):
        return self.url_names

    def location(self, item):
        return reverse(item)
