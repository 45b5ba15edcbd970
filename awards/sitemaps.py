from core.sitemaps import StaticViewSitemap, TranslatedSitemap

from .models import AwardEdition, Entry


class AwardPagesSitemap(StaticViewSitemap):
    changefreq = "weekly"
    url_names = ["awards:award-index", "awards:archive"]


class AwardEditionSitemap(TranslatedSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return AwardEdition.objects.order_by("-year").only("year", "updated_at")

    def lastmod(self, edition):
        return edition.updated_at


class AwardEntrySitemap(TranslatedSitemap):
    """Finalists and winners only: the public rule of `Entry.objects.public()`."""

    changefreq = "yearly"
    priority = 0.5

    def items(self):
        return (
            Entry.objects.public()
            .select_related("edition")
            .only("slug", "updated_at", "edition__year")
            .order_by("-edition__year", "slug")
        )

    def lastmod(self, entry):
        return entry.updated_at
