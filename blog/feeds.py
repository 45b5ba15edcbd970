from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from .models import Mailing, Post, Tag

FEED_SIZE = 20


class RssPostsFeed(Feed):
    feed_type = Rss201rev2Feed
    title = _("Digital Skills and Jobs Coalition — Blog")
    description = _("The latest posts from the blog of the Digital Skills and Jobs Coalition.")
    link = reverse_lazy("blog:post-list")
    feed_url = reverse_lazy("blog:feed-rss")

    def items(self):
        return (
            Post.objects.published()
            .select_related("author")
            .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name")))[:FEED_SIZE]
        )

    def item_title(self, item: Post):
        return item.title

    def item_description(self, item: Post):
        # Feed readers read the description (Atom: <summary type="html">) as HTML, and the
        # excerpt is plain text: escape it, or a "<" in it would become markup.
        return escape(item.excerpt)

    def item_author_name(self, item: Post):
        return item.author.name

    def item_pubdate(self, item: Post):
        return item.published_at

    def item_updateddate(self, item: Post):
        return max(item.updated_at, item.published_at)

    def item_categories(self, item: Post):
        return [tag.name for tag in item.tags.all()]

    def item_guid(self, item: Post):
        # Stable whatever happens to the slug or the domain.
        return f"tag:coalition-portal,{item.created_at:%Y-%m-%d}:blog/post/{item.pk}"

    def item_guid_is_permalink(self, item: Post):
        return False


class AtomPostsFeed(RssPostsFeed):
    feed_type = Atom1Feed
    subtitle = RssPostsFeed.description
    feed_url = reverse_lazy("blog:feed-atom")


class RssMailingsFeed(Feed):
    """The newsletter archive: every sent issue, its text in full."""

    feed_type = Rss201rev2Feed
    title = _("Digital Skills and Jobs Coalition — Newsletter")
    description = _("The newsletters of the Digital Skills and Jobs Coalition, as sent.")
    link = reverse_lazy("newsletter:archive")
    feed_url = reverse_lazy("newsletter:archive-feed-rss")

    def items(self):
        return Mailing.objects.sent().order_by("-started_at", "-pk")[:FEED_SIZE]

    def item_title(self, item: Mailing):
        return item.subject

    def item_description(self, item: Mailing):
        # Sanitised by nh3 when the mailing was saved (blog.markdown).
        return item.body_html

    def item_pubdate(self, item: Mailing):
        return item.started_at

    def item_updateddate(self, item: Mailing):
        return item.finished_at

    def item_guid(self, item: Mailing):
        return f"tag:coalition-portal,{item.created_at:%Y-%m-%d}:newsletter/{item.pk}"

    def item_guid_is_permalink(self, item: Mailing):
        return False


class AtomMailingsFeed(RssMailingsFeed):
    feed_type = Atom1Feed
    subtitle = RssMailingsFeed.description
    feed_url = reverse_lazy("newsletter:archive-feed-atom")
