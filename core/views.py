from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from awards.models import Entry
from national_coalitions.models import NationalCoalition
from pledges.impact import headline_figures as pledge_figures


class HomeView(TemplateView):
    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Each area adds its figures and teasers here as it lands (see the area issues).
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
        context["latest_posts"] = []
        context["latest_winners"] = Entry.objects.latest_winners()
        return context


class AccessibilityStatementView(TemplateView):
    template_name = "core/accessibility.html"


class PrivacyNoticeView(TemplateView):
    template_name = "core/privacy.html"
