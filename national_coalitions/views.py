from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, FormView, ListView, TemplateView
from django_countries import countries
from django_filters.views import FilterView

from core.ratelimit import RateLimitedFormMixin

from .filters import CoalitionFilter, InitiativeFilter
from .forms import ContactForm
from .models import (
    EU_MEMBER_STATES,
    CoalitionArea,
    CoalitionMember,
    NationalCoalition,
    OtherInitiative,
    Resource,
    StakeholderType,
)
from .services import submit_contact_request

MAP_STATUS_LABELS = {
    NationalCoalition.Status.LAUNCHED: _("%(country)s: National Coalition launched"),
    NationalCoalition.Status.UNDER_FORMATION: _("%(country)s: National Coalition under formation"),
}


def by_country_name(coalitions):
    return sorted(coalitions, key=lambda coalition: coalition.country.name)


class CoalitionListView(FilterView):
    """The directory: the live count, the map of the EU and the coalitions by status."""

    filterset_class = CoalitionFilter
    # An unknown filter value is reported on the form and ignored, rather than emptying the list.
    strict = False
    template_name = "national_coalitions/nationalcoalition_list.html"
    context_object_name = "coalitions"
    queryset = NationalCoalition.objects.annotate(
        member_count=Count("members", distinct=True)
    ).prefetch_related(
        Prefetch("coalition_areas", queryset=CoalitionArea.objects.select_related("area"))
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The map shows every coalition; the filters only dim the ones that do not match.
        everything = list(NationalCoalition.objects.only("country", "status", "name"))
        matching = {coalition.pk for coalition in context["coalitions"]}
        form = self.filterset.form
        is_filtered = (
            self.filterset.is_bound and form.is_valid() and any(form.cleaned_data.values())
        )
        known = {c.country.code for c in everything}
        context.update(
            is_filtered=is_filtered,
            launched_count=sum(c.is_launched for c in everything),
            map_countries=self.map_countries(everything, matching, is_filtered),
            launched=by_country_name(c for c in context["coalitions"] if c.is_launched),
            under_formation=by_country_name(c for c in context["coalitions"] if not c.is_launched),
            without_coalition=sorted(
                countries.name(code) for code in EU_MEMBER_STATES if code not in known
            ),
        )
        return context

    @staticmethod
    def map_countries(coalitions, matching, is_filtered) -> dict[str, dict]:
        """What the map template needs for each Member State that has a coalition."""
        result = {}
        for coalition in coalitions:
            label = MAP_STATUS_LABELS[coalition.status] % {"country": coalition.country.name}
            css_class = f"is-{coalition.status.replace('_', '-')}"
            if is_filtered and coalition.pk not in matching:
                label = _("%(label)s (does not match the filters)") % {"label": label}
                css_class += " is-dimmed"
            result[coalition.country.code] = {
                "url": coalition.get_absolute_url(),
                "label": label,
                "css_class": css_class,
            }
        return result


class CoalitionDetailView(DetailView):
    template_name = "national_coalitions/nationalcoalition_detail.html"
    context_object_name = "coalition"
    queryset = NationalCoalition.objects.prefetch_related(
        Prefetch("coalition_areas", queryset=CoalitionArea.objects.select_related("area")),
        Prefetch("members", queryset=CoalitionMember.objects.order_by("name")),
    )

    def get(self, request, *args, **kwargs):
        code = kwargs["code"]
        # One canonical address per coalition: the lowercase country code.
        if code != code.lower():
            return redirect(
                "national_coalitions:coalition-detail", code=code.lower(), permanent=True
            )
        return super().get(request, *args, **kwargs)

    def get_object(self, queryset=None):
        code = self.kwargs["code"].upper()
        if code not in EU_MEMBER_STATES:
            raise Http404
        try:
            return (queryset or self.get_queryset()).get(country=code)
        except NationalCoalition.DoesNotExist as exc:
            raise Http404 from exc

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        members = list(self.object.members.all())
        groups = []
        for value, label in StakeholderType.choices:
            group = [member for member in members if member.stakeholder_type == value]
            if group:
                groups.append({"label": label, "members": group})
        context["member_groups"] = groups
        context["member_count"] = len(members)
        # Member changes count as changes to the coalition's page.
        context["updated_at"] = max(
            [self.object.updated_at, *(member.updated_at for member in members)]
        )
        context["contact_url"] = (
            f"{reverse('national_coalitions:contact')}?coalition={self.object.code}"
        )
        return context


class InitiativeListView(FilterView):
    filterset_class = InitiativeFilter
    template_name = "national_coalitions/otherinitiative_list.html"
    context_object_name = "initiatives"
    paginate_by = 20
    queryset = OtherInitiative.objects.order_by("name")


class ToolkitView(ListView):
    template_name = "national_coalitions/toolkit.html"
    context_object_name = "resources"

    def get_queryset(self):
        return Resource.objects.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        resources = list(context["resources"])
        context["toolkits"] = [r for r in resources if r.category == Resource.Category.TOOLKIT]
        context["others"] = [r for r in resources if r.category != Resource.Category.TOOLKIT]
        return context


class ContactView(RateLimitedFormMixin, FormView):
    form_class = ContactForm
    template_name = "national_coalitions/contact_form.html"
    success_url = reverse_lazy("national_coalitions:contact-done")
    ratelimit_group = "national_coalitions.contact"

    def get_initial(self):
        return {
            "topic": ContactForm.initial_topic(
                coalition=self.request.GET.get("coalition"),
                initiative=self.request.GET.get("initiative"),
            )
        }

    def form_valid(self, form):
        data = form.cleaned_data
        submit_contact_request(
            name=data["name"],
            email=data["email"],
            organisation=data["organisation"],
            message=data["message"],
            consent=data["consent"],
            coalition=form.coalition,
            initiative=form.initiative,
        )
        return super().form_valid(form)


class ContactDoneView(TemplateView):
    template_name = "national_coalitions/contact_done.html"
