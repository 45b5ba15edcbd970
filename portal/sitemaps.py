"""`/sitemap.xml` is a sitemap index pointing to one sitemap per section
(`/sitemap-<section>.xml`, paginated by Django beyond 50,000 URLs each): one line per app
sitemap class in SITEMAPS."""

from core.sitemaps import StaticViewSitemap, load_sitemaps


class PortalPagesSitemap(StaticViewSitemap):
    url_names = ["portal:home", "portal:accessibility", "portal:privacy", "newsletter:subscribe"]


SITEMAPS = load_sitemaps(
    {
        "pages": "portal.sitemaps.PortalPagesSitemap",
        "blog": "blog.sitemaps.BlogIndexSitemap",
        "blog-posts": "blog.sitemaps.PostSitemap",
        "blog-authors": "blog.sitemaps.AuthorSitemap",
        "blog-tags": "blog.sitemaps.TagSitemap",
        "newsletters": "blog.sitemaps.MailingSitemap",
        "national-coalitions": "national_coalitions.sitemaps.NationalCoalitionPagesSitemap",
        "coalitions": "national_coalitions.sitemaps.NationalCoalitionSitemap",
        "pledge-pages": "pledges.sitemaps.PledgePagesSitemap",
        "pledges": "pledges.sitemaps.PledgeSitemap",
        "organisations": "pledges.sitemaps.OrganisationSitemap",
        "awards": "awards.sitemaps.AwardPagesSitemap",
        "award-editions": "awards.sitemaps.AwardEditionSitemap",
        "award-entries": "awards.sitemaps.AwardEntrySitemap",
    }
)
