from django.db.models import Max
from django.urls import reverse

from core.sitemaps import TranslatedSitemap

from .models import Author, Mailing, Post, Tag


class BlogIndexSitemap(TranslatedSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return ["blog:post-list"]

    def location(self, item):
        return reverse(item)


class PostSitemap(TranslatedSitemap):
    changefreq = "monthly"
    priority = 0.7

    def items(self):
        return Post.objects.published().only("slug", "updated_at").order_by("-published_at", "-pk")

    def lastmod(self, item: Post):
        return item.updated_at

    def get_latest_lastmod(self):
        # For the sitemap index: one aggregate instead of loading every post.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class AuthorSitemap(TranslatedSitemap):
    changefreq = "monthly"
    priority = 0.4

    def items(self):
        return Author.objects.with_published_posts().only("slug", "updated_at").order_by("slug")

    def lastmod(self, item: Author):
        return item.updated_at

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class TagSitemap(TranslatedSitemap):
    changefreq = "weekly"
    priority = 0.3

    def items(self):
        return (
            Tag.objects.filter(posts__in=Post.objects.published())
            .annotate(last_post=Max("posts__updated_at"))
            .order_by("slug")
        )

    def lastmod(self, item: Tag):
        return item.last_post


class MailingSitemap(TranslatedSitemap):
    """The newsletter archive: its list and every sent issue."""

    changefreq = "monthly"
    priority = 0.4

    def items(self):
        return [None, *Mailing.objects.sent().only("slug", "updated_at").order_by("-started_at")]

    def location(self, item):
        return reverse("newsletter:archive") if item is None else item.get_absolute_url()

    def lastmod(self, item):
        return None if item is None else item.updated_at
