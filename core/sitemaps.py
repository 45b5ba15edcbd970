"""Sitemap building blocks every area uses; the registry of sections is `portal/sitemaps.py`."""

from collections.abc import Sequence
from functools import cached_property

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.module_loading import import_string


def load_sitemaps(sections: dict[str, str]) -> dict[str, type[Sitemap]]:
    """`{"section": "dotted.path.to.SitemapClass"}` -> the dict Django's sitemap views take."""
    return {section: import_string(path) for section, path in sections.items()}


class EachLanguage(Sequence):
    """The (item, language) pairs Django's i18n sitemaps page through, read one page at a time:
    Django's own list would hold every pledge 24 times for each sitemap page served."""

    def __init__(self, items, languages):
        self.items, self.languages = items, list(languages)

    @cached_property
    def item_count(self) -> int:
        return self.items.count() if isinstance(self.items, QuerySet) else len(self.items)

    def __len__(self) -> int:
        return self.item_count * len(self.languages)

    def __getitem__(self, index):
        per_item = len(self.languages)
        if isinstance(index, slice):
            start, stop, _step = index.indices(len(self))
            if start >= stop:
                return []
            first, last = start // per_item, (stop - 1) // per_item + 1
            pairs = [(item, code) for item in self.items[first:last] for code in self.languages]
            offset = start - first * per_item
            return pairs[offset : offset + stop - start]
        if index < 0:
            index += len(self)
        return (self.items[index // per_item], self.languages[index % per_item])


class TranslatedSitemap(Sitemap):
    """Every page in each language, each listing the others (hreflang) and x-default."""

    i18n = True
    alternates = True
    x_default = True
    # 50 pages a sitemap file, each in every language, each with every language's address.
    limit = 50 * len(settings.LANGUAGES)

    def _items(self):
        return EachLanguage(self.items(), self._languages())


class StaticViewSitemap(TranslatedSitemap):
    """Pages without a model, listed by URL name."""

    changefreq = "monthly"
    priority = 0.5
    url_names: list[str] = []

    def items(self):
        return self.url_names

    def location(self, item):
        return reverse(item)
