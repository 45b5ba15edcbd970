from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import NationalCoalition


class NationalCoalitionPagesSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6
    url_names = [
        "national_coalitions:coalition-list",
        "national_coalitions:initiative-list",
        "national_coalitions:toolkit",
        "national_coalitions:contact",
    ]

    def items(self):
        return self.url_names

    def location(self, item):
        return reverse(item)


class NationalCoalitionSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.7

    def items(self):
        return NationalCoalition.objects.order_by("country").only("country", "updated_at")

    def lastmod(self, coalition):
        return coalition.updated_at
