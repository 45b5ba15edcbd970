from core.sitemaps import StaticViewSitemap, TranslatedSitemap
from organisations.models import Organisation

from .models import Pledge


class PledgePagesSitemap(StaticViewSitemap):
    changefreq = "daily"
    url_names = ["pledges:pledge-list", "pledges:impact"]


class PledgeSitemap(TranslatedSitemap):
    """Published and completed pledges only (Django splits it into pages of 50,000)."""

    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Pledge.objects.public().only("pk", "slug", "updated_at").order_by("pk")

    def lastmod(self, pledge):
        return pledge.updated_at


class OrganisationSitemap(TranslatedSitemap):
    """Organisations with at least one public pledge: the others have no public page."""

    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Organisation.objects.with_public_pledges().only("slug", "updated_at").order_by("pk")

    def lastmod(self, organisation):
        return organisation.updated_at
