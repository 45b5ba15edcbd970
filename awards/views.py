from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.generic import DetailView, FormView, TemplateView
from django_filters.views import FilterView

from core.ratelimit import RateLimitedFormMixin
from organisations.models import Organisation

from . import services
from .filters import EntryArchiveFilter
from .forms import EntryForm
from .models import AwardEdition, Entry, Phase

SESSION_KEY = "awards_submitted_entry"


class AwardIndexView(TemplateView):
    template_name = "awards/award_index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        featured = AwardEdition.objects.current()
        editions = AwardEdition.objects.started()
        if featured:
            editions = editions.exclude(pk=featured.pk)
            context["categories"] = featured.categories.with_public_entries()
        if not featured or featured.phase != Phase.ANNOUNCED:
            # While a call is open or the jury is at work, the last winners stay in view.
            context["latest_winners"] = Entry.objects.latest_winners()
        context.update(
            featured=featured,
            next_edition=AwardEdition.objects.upcoming().order_by("opens_on").first(),
            past_editions=editions.order_by("-year"),
        )
        return context


class EditionDetailView(DetailView):
    model = AwardEdition
    slug_field = "year"
    slug_url_kwarg = "year"
    context_object_name = "edition"

    def get_queryset(self):
        return AwardEdition.objects.with_has_winners()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        categories = list(self.object.categories.with_public_entries())
        context.update(
            categories=categories,
            has_results=any(category.public_entries for category in categories),
        )
        return context


class EntryDetailView(DetailView):
    context_object_name = "entry"

    def get_queryset(self):
        # Only finalists and winners exist for the public: anything else is a 404.
        return Entry.objects.public().select_related("edition", "category", "organisation")

    def get_object(self, queryset=None):
        return get_object_or_404(
            self.get_queryset(), edition__year=self.kwargs["year"], slug=self.kwargs["slug"]
        )


class ArchiveView(FilterView):
    filterset_class = EntryArchiveFilter
    template_name = "awards/entry_archive.html"
    context_object_name = "entries"
    paginate_by = 25

    def get_queryset(self):
        return (
            Entry.objects.public()
            .select_related("edition", "category")
            .order_by("-edition__year", "category__order", "category__name", "-result", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["edition_without_results"] = self.edition_without_results(context["paginator"])
        return context

    def edition_without_results(self, paginator) -> AwardEdition | None:
        """The chosen year's edition when nothing of it is public yet: the page then says when
        its finalists will be known rather than "nothing matches". One query, on empty pages."""
        year = self.filterset.form.cleaned_data.get("year") if self.filterset.is_valid() else None
        if not year or (paginator and paginator.count):
            return None
        public = Entry.objects.public().filter(edition=OuterRef("pk"))
        return (
            AwardEdition.objects.with_has_winners()
            .filter(year=year)
            .exclude(Exists(public))
            .first()
        )


class EditionMixin:
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.edition = get_object_or_404(
            AwardEdition.objects.with_has_winners(), year=kwargs["year"]
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(edition=self.edition, **kwargs)


class EntryCreateView(EditionMixin, RateLimitedFormMixin, FormView):
    form_class = EntryForm
    template_name = "awards/entry_form.html"
    closed_template_name = "awards/entry_closed.html"

    def dispatch(self, request, *args, **kwargs):
        if not self.edition.is_open:
            return self.closed_response()
        return super().dispatch(request, *args, **kwargs)

    def closed_response(self):
        context = {
            "edition": self.edition,
            "phase": self.edition.phase,
            "open_edition": AwardEdition.objects.open_for_entries().order_by("closes_on").first(),
        }
        return TemplateResponse(self.request, self.closed_template_name, context)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "edition": self.edition}

    def get_initial(self):
        user = self.request.user
        if not user.is_authenticated:
            return {}
        initial = {"contact_name": user.get_full_name(), "contact_email": user.email}
        # A pledger enters on behalf of their organisation (the first one, if several).
        organisation = Organisation.objects.for_user(user).first()
        if organisation:
            initial.update(organisation_name=organisation.name, country=organisation.country)
        return initial

    def form_valid(self, form):
        try:
            entry = services.submit_entry(
                edition=self.edition,
                fields=form.entry_fields(),
                site_url=self.request.build_absolute_uri("/").rstrip("/"),
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "call_closed":
                return self.closed_response()
            # Model rules the form cannot see (e.g. a constraint) are shown like form errors.
            for field, messages in (
                error.message_dict.items()
                if hasattr(error, "error_dict")
                else [(None, error.messages)]
            ):
                form.add_error(field if field in form.fields else None, messages)
            return self.form_invalid(form)
        self.request.session[SESSION_KEY] = {
            "year": self.edition.year,
            "reference": entry.reference,
            "project_name": entry.project_name,
            "contact_email": entry.contact_email,
        }
        return redirect("awards:entry-done", year=self.edition.year)


class EntryDoneView(EditionMixin, TemplateView):
    template_name = "awards/entry_done.html"

    def get(self, request, *args, **kwargs):
        submitted = request.session.get(SESSION_KEY)
        if not submitted or submitted.get("year") != self.edition.year:
            return redirect(self.edition.get_absolute_url())
        return self.render_to_response(self.get_context_data(submitted=submitted))
