from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from .filters import PledgeFilter
from .models import Pledge

FEED_SIZE = 50


class NewPledgesFeed(Feed):
    """Newly published pledges matching the list's filters (same query parameters)."""

    feed_type = Atom1Feed
    title = _("New pledges – Digital Skills and Jobs Coalition")
    subtitle = _("Pledges published by the Secretariat, newest first.")

    def get_object(self, request, *args, **kwargs):
        # The feed object is the query string: the filters of the list page.
        return request.GET.copy()

    def link(self, obj):
        query = obj.copy()
        query.pop("sort", None)
        query.pop("page", None)
        url = reverse("pledges:pledge-list")
        return f"{url}?{query.urlencode()}" if query else url

    def feed_url(self, obj):
        url = reverse("pledges:pledge-feed")
        return f"{url}?{obj.urlencode()}" if obj else url

    def items(self, obj):
        data = obj.copy()
        data.pop("sort", None)
        pledges = PledgeFilter(data, queryset=Pledge.objects.public()).qs
        return (
            pledges.select_related("organisation")
            .prefetch_related("target_groups")
            .order_by("-published_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Atom's <summary type="html"> is read as HTML: the plain-text summary is escaped.
        return escape(item.summary)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.organisation.name

    def item_categories(self, item):
        return [str(group) for group in item.target_groups.all()]
