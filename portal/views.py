from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView, TemplateView

from awards.models import Entry
from blog.models import Post
from core.search import MAX_QUERY_LENGTH, MIN_QUERY_LENGTH, normalise_query
from national_coalitions.models import NationalCoalition
from national_coalitions.views import CoalitionListView
from pledges.impact import headline_figures as pledge_figures

from . import search

HOME_POSTS = 3


class HomeView(TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # One query feeds the launched count and the map (as on the coalitions page).
        coalitions = list(NationalCoalition.objects.only("country", "status", "name"))
        launched = sum(coalition.is_launched for coalition in coalitions)
        context["map_countries"] = CoalitionListView.map_countries(
            coalitions, matching=set(), is_filtered=False
        )
        context["figures"] = []
        if coalitions:
            context["figures"].append(
                {
                    "label": _("National Coalitions launched"),
                    "value": launched,
                    "url": reverse("national_coalitions:coalition-list"),
                }
            )
        # Published pledges, trainings and certifications pledged: the impact page's totals.
        context["figures"] += pledge_figures()
        context["latest_posts"] = Post.objects.published()[:HOME_POSTS]
        context["latest_winners"] = Entry.objects.latest_winners()
        return context


class AccessibilityStatementView(TemplateView):
    template_name = "portal/accessibility.html"


class PrivacyNoticeView(TemplateView):
    template_name = "portal/privacy.html"


class SearchView(TemplateView):
    """One search box across the portal; each content type answers through a provider."""

    template_name = "portal/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = normalise_query(self.request.GET.get("q", ""))
        context["query"] = query
        context["too_short"] = 0 < len(query) < MIN_QUERY_LENGTH
        context["groups"] = search.search(query) if query else []
        context["min_length"] = MIN_QUERY_LENGTH
        context["max_length"] = MAX_QUERY_LENGTH
        return context


class RobotsTxtView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"


class FaviconView(RedirectView):
    """/favicon.ico, which browsers and crawlers ask for without reading the page: the static
    icon (its hashed, long-cached name in production), outside the language prefixes."""

    permanent = False

    def get_redirect_url(self, *args, **kwargs):
        return static("img/favicon.ico")


class WebManifestView(TemplateView):
    """The web app manifest. A template rather than a static file: its icons are named through
    `{% static %}` (hashed in production) and it needs the manifest's own content type."""

    template_name = "portal/manifest.webmanifest"
    content_type = "application/manifest+json"
