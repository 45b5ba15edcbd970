from core.sitemaps import StaticViewSitemap, TranslatedSitemap

from .models import NationalCoalition


class NationalCoalitionPagesSitemap(StaticViewSitemap):
    changefreq = "monthly"
    url_names = [
        "national_coalitions:coalition-list",
        "national_coalitions:initiative-list",
        "national_coalitions:toolkit",
        "national_coalitions:contact",
    ]


class NationalCoalitionSitemap(TranslatedSitemap):
    changefreq = "monthly"
    priority = 0.7

    def items(self):
        return NationalCoalition.objects.order_by("country").only("country", "updated_at")

    def lastmod(self, coalition):
        return coalition.updated_at
