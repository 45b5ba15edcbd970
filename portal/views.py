from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from awards.models import Entry
from core.search import MAX_QUERY_LENGTH, MIN_QUERY_LENGTH, normalise_query
from national_coalitions.models import NationalCoalition
from pledges.impact import headline_figures as pledge_figures

from . import search


class HomeView(TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["figures"] = []
        context["figures"].append(
            {
                "label": _("National Coalitions launched"),
                "value": NationalCoalition.objects.launched().count(),
                "url": reverse("national_coalitions:coalition-list"),
            }
        )
        # Published pledges, trainings and certifications pledged: the impact page's totals.
        context["figures"] += pledge_figures()
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
