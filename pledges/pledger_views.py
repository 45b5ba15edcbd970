"""The pledger's private pages: their pledges and progress reports.

Every queryset starts from what the signed-in user belongs to, so another organisation's
pledge or organisation is a 404, never a 403 that would confirm it exists.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, F, OuterRef, Prefetch, Q, Subquery, When
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, FormView, ListView, TemplateView, UpdateView
from django.views.generic.edit import FormMixin, ProcessFormView

from core.ratelimit import RateLimitedFormMixin
from organisations.models import Organisation
from organisations.views import PrivatePageMixin

from . import services
from .forms import (
    MAX_TARGETS,
    PledgeForm,
    PledgeMessageForm,
    ProgressReportForm,
    WithdrawForm,
    formset_error_items,
    target_formset,
    translation_formset,
)
from .models import Pledge, PledgeMessage, PledgeStatusChange, Target

S = Pledge.Status
# The pledge form's plain fields (the many-to-many ones and countries are passed apart).
PLEDGE_FIELDS = [
    "language",
    "title",
    "summary",
    "description",
    "website",
    "is_eu_wide",
    "start_date",
    "end_date",
]
SECRETARIAT_STATUSES = [S.PUBLISHED, S.CHANGES_REQUESTED, S.REJECTED, S.COMPLETED]
# How many blank target rows "Add another target" may ask for at once (?add=).
MAX_ADDED_ROWS = 10


def count_from(value: str | None, *, cap: int) -> int | None:
    """A row count typed by the client: ASCII digits only, at most `cap`; None otherwise.

    `str.isdigit()` is true for "²", which `int()` refuses; `int()` reads other scripts'
    digits and refuses strings over 4,300 digits long.
    """
    value = (value or "").strip()
    if not value or not (value.isascii() and value.isdigit()):
        return None
    value = value.lstrip("0") or "0"
    return cap if len(value) > len(str(cap)) else min(int(value), cap)


class OwnPledgeMixin(PrivatePageMixin):
    """The signed-in user's pledges only; `allowed_statuses` narrows them further."""

    allowed_statuses: tuple | None = None

    def get_queryset(self):
        queryset = Pledge.objects.for_user(self.request.user).select_related("organisation")
        if self.allowed_statuses is not None:
            queryset = queryset.filter(status__in=self.allowed_statuses)
        return queryset


# --- My pledges ---------------------------------------------------------------------------


class MyPledgeListView(PrivatePageMixin, ListView):
    template_name = "pledges/pledger/my_pledges.html"
    context_object_name = "pledges"
    paginate_by = 25

    def get_queryset(self):
        latest_message = (
            PledgeStatusChange.objects.filter(
                pledge=OuterRef("pk"), to_status__in=SECRETARIAT_STATUSES
            )
            .exclude(message="")
            .order_by("-changed_at", "-pk")
        )
        latest_note = PledgeMessage.objects.filter(
            pledge=OuterRef("pk"), sender=PledgeMessage.Sender.SECRETARIAT
        ).order_by("-created_at", "-pk")
        # The newer of the two: a review step's message, or a message of the conversation.
        note_is_newer = Q(note_at__isnull=False) & (
            Q(change_at__isnull=True) | Q(note_at__gt=F("change_at"))
        )
        return (
            Pledge.objects.for_user(self.request.user)
            .select_related("organisation")
            .annotate(
                change_message=Subquery(latest_message.values("message")[:1]),
                change_at=Subquery(latest_message.values("changed_at")[:1]),
                note_body=Subquery(latest_note.values("body")[:1]),
                note_at=Subquery(latest_note.values("created_at")[:1]),
            )
            .annotate(
                secretariat_message=Case(
                    When(note_is_newer, then=F("note_body")), default=F("change_message")
                ),
                secretariat_message_at=Case(
                    When(note_is_newer, then=F("note_at")), default=F("change_at")
                ),
            )
            .order_by("-updated_at", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["organisations"] = Organisation.objects.for_user(self.request.user)
        return context


class PledgeDetailView(OwnPledgeMixin, DetailView):
    """The pledger's view of one pledge: everything, its conversation and reports."""

    template_name = "pledges/pledger/pledge_detail.html"
    context_object_name = "pledge"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                "target_groups",
                "action_types",
                "countries",
                "targets",
                Prefetch(
                    "status_changes",
                    queryset=PledgeStatusChange.objects.select_related("changed_by"),
                ),
                Prefetch("messages", queryset=PledgeMessage.objects.select_related("author")),
                "progress_reports__values__target",
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["actions"] = services.pledger_actions(self.object)
        context["timeline"] = self.object.timeline()
        if services.pledger_can_write(self.object):
            # The message view renders this page with its bound form ("form") when invalid.
            context["message_form"] = context.get("form") or PledgeMessageForm()
        return context


class PledgeMessageView(RateLimitedFormMixin, FormMixin, ProcessFormView, PledgeDetailView):
    """The pledger writes to the Secretariat, from the conversation on the pledge's page
    (which this address shows too, with the form's errors when there are some)."""

    form_class = PledgeMessageForm
    ratelimit_group = "pledges.pledge-message"

    @property
    def ratelimit_rate(self):
        return settings.PLEDGE_FORM_RATE

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            # Another organisation's pledge is a 404, before anything else.
            self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def conversation_url(self) -> str:
        return reverse("pledger:pledge-detail", args=[self.object.pk]) + "#conversation"

    def form_valid(self, form):
        try:
            services.post_pledger_message(self.object, self.request.user, form.cleaned_data["body"])
        except ValidationError as error:
            form.add_error("body", error.messages)
            return self.form_invalid(form)
        except services.TransitionNotAllowed as error:
            messages.error(self.request, str(error))
        else:
            messages.success(self.request, _("Your message has been sent to the Secretariat."))
        return HttpResponseRedirect(self.conversation_url())


# --- The pledge form ----------------------------------------------------------------------


class PledgeFormMixin(RateLimitedFormMixin):
    """Create and edit share this: the pledge form, its targets formset and the two buttons.

    "Save draft" saves whatever is valid; "Submit for review" saves, then checks completeness.
    "Add another target" saves the draft and comes back with one more blank target row.
    """

    form_class = PledgeForm
    template_name = "pledges/pledger/pledge_form.html"
    ratelimit_group = "pledges.pledge-form"

    @property
    def ratelimit_rate(self):
        return settings.PLEDGE_FORM_RATE

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["organisations"] = list(Organisation.objects.for_user(self.request.user))
        return kwargs

    def extra_rows(self) -> int:
        more = count_from(self.request.GET.get("add"), cap=MAX_ADDED_ROWS) or 0
        pledge = getattr(self, "object", None)
        has_targets = pledge is not None and pledge.pk and pledge.targets.exists()
        return (1 if has_targets else 2) + more

    def get_formset(self):
        formset_class = target_formset(extra=self.extra_rows())
        instance = self.object if getattr(self, "object", None) else Pledge()
        if self.request.method == "POST":
            data = self.request.POST
            total = count_from(data.get("targets-TOTAL_FORMS"), cap=MAX_TARGETS)
            if "add_target" in data and total is not None and total < MAX_TARGETS:
                # The bound formset comes back with one more blank row when something is wrong.
                # Any other count is left as it is: the formset reports it.
                data = data.copy()
                data["targets-TOTAL_FORMS"] = str(total + 1)
            return formset_class(data, instance=instance, prefix="targets")
        return formset_class(instance=instance, prefix="targets")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        formset = kwargs.get("formset") or self.get_formset()
        context["formset"] = formset
        context["formset_errors"] = formset_error_items(formset) if formset.is_bound else []
        context["indicator_help"] = Target.Indicator.choices
        pledge = getattr(self, "object", None)
        context["actions"] = services.pledger_actions(pledge) if pledge else None
        return context

    def form_invalid(self, form, formset=None):
        formset = formset or self.get_formset()
        formset.is_valid()
        return self.render_to_response(self.get_context_data(form=form, formset=formset))

    def form_valid(self, form):
        formset = self.get_formset()
        if not formset.is_valid():
            return self.form_invalid(form, formset)
        request = self.request
        try:
            pledge = services.save_pledge_draft(
                pledge=self.object,
                actor=request.user,
                organisation=self.organisation_for(form),
                fields={name: form.cleaned_data[name] for name in PLEDGE_FIELDS},
                target_groups=form.cleaned_data["target_groups"],
                action_types=form.cleaned_data["action_types"],
                countries=form.cleaned_data["countries"],
                targets=[
                    {
                        "id": f.instance.pk,
                        "indicator": f.cleaned_data["indicator"],
                        "description": f.cleaned_data.get("description", ""),
                        "target_number": f.cleaned_data["target_number"],
                    }
                    for f in formset.forms
                    if f.cleaned_data and not formset._should_delete_form(f)
                ],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form, formset)
        except services.TransitionNotAllowed as error:
            messages.error(request, str(error))
            return redirect("pledger:pledge-detail", pk=self.object.pk)

        edit_url = reverse("pledger:pledge-edit", args=[pledge.pk])
        if "add_target" in request.POST:
            more = (count_from(request.GET.get("add"), cap=MAX_ADDED_ROWS) or 0) + 1
            more = min(more, MAX_ADDED_ROWS)
            return HttpResponseRedirect(f"{edit_url}?add={more}#targets")
        if "submit" in request.POST:
            try:
                services.submit_pledge(pledge=pledge, actor=request.user)
            except ValidationError:
                messages.warning(
                    request,
                    _(
                        "Your draft is saved, but it is not complete yet: see what is missing "
                        "below, then submit it again."
                    ),
                )
                return HttpResponseRedirect(f"{edit_url}?check=1")
            messages.success(
                request,
                _(
                    "Your pledge has been submitted for review. The Secretariat will tell you "
                    "by e-mail when it is published or if changes are needed."
                ),
            )
            return redirect("pledger:my-pledges")
        messages.success(request, _("Your draft is saved. You can come back to it at any time."))
        return HttpResponseRedirect(edit_url)

    def organisation_for(self, form):
        if self.object:
            return self.object.organisation
        return (
            form.cleaned_data.get("organisation")
            or Organisation.objects.for_user(self.request.user).first()
        )


class PledgeCreateView(PrivatePageMixin, PledgeFormMixin, FormView):
    extra_context = {"is_new": True}

    def dispatch(self, request, *args, **kwargs):
        self.object = None
        if (
            request.user.is_authenticated
            and not Organisation.objects.for_user(request.user).exists()
        ):
            messages.info(
                request,
                _("Before making a pledge, tell us about the organisation that makes it."),
            )
            return redirect(
                f"{reverse('organisations:organisation-create')}?next={reverse('pledger:pledge-create')}"
            )
        return super().dispatch(request, *args, **kwargs)


class PledgeUpdateView(OwnPledgeMixin, PledgeFormMixin, UpdateView):
    allowed_statuses = Pledge.EDITABLE_STATUSES
    context_object_name = "pledge"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.request.method == "GET" and self.request.GET.get("check"):
            # Back from a refused submission: show what is still missing on the saved draft.
            form.cleaned_data = {}
            for field, errors in services.submission_errors(self.object).items():
                if field in form.fields:
                    form.add_error(field, errors)
        return form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.method == "GET" and self.request.GET.get("check"):
            missing = services.submission_errors(self.object)
            if "targets" in missing:
                context["formset_errors"] = [
                    {"anchor": "targets", "message": m} for m in missing["targets"]
                ]
        context["latest_request"] = (
            self.object.status_changes.filter(to_status=S.CHANGES_REQUESTED).first()
            if self.object.status == S.CHANGES_REQUESTED
            else None
        )
        return context


# --- Withdraw, resubmit -------------------------------------------------------------------


class PledgeWithdrawView(OwnPledgeMixin, FormView):
    """A confirmation page; the pledge is withdrawn only on POST."""

    template_name = "pledges/pledger/pledge_withdraw.html"
    form_class = WithdrawForm
    allowed_statuses = tuple(
        status for status, moves in services.PLEDGER_TRANSITIONS.items() if S.WITHDRAWN in moves
    )

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.pledge = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(pledge=self.pledge, **kwargs)

    def form_valid(self, form):
        try:
            services.withdraw_pledge(
                pledge=self.pledge, actor=self.request.user, reason=form.cleaned_data["reason"]
            )
        except services.TransitionNotAllowed as error:
            messages.error(self.request, str(error))
        else:
            messages.success(self.request, _("The pledge has been withdrawn."))
        return redirect("pledger:my-pledges")


class PledgeResubmitView(OwnPledgeMixin, TemplateView):
    """Submit a draft, or resubmit after the Secretariat asked for changes (confirm, POST)."""

    template_name = "pledges/pledger/pledge_resubmit.html"
    allowed_statuses = Pledge.EDITABLE_STATUSES

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.pledge = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            pledge=self.pledge,
            missing=services.submission_errors(self.pledge),
            latest_request=self.pledge.status_changes.filter(to_status=S.CHANGES_REQUESTED).first(),
            actions=services.pledger_actions(self.pledge),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        try:
            services.submit_pledge(pledge=self.pledge, actor=request.user)
        except ValidationError:
            messages.warning(request, _("The pledge is not complete yet: see what is missing."))
            return HttpResponseRedirect(
                reverse("pledger:pledge-edit", args=[self.pledge.pk]) + "?check=1"
            )
        except services.TransitionNotAllowed as error:
            messages.error(request, str(error))
            return redirect("pledger:my-pledges")
        messages.success(request, _("Your pledge has been submitted for review."))
        return redirect("pledger:my-pledges")


# --- Progress reports ---------------------------------------------------------------------


class ProgressReportCreateView(OwnPledgeMixin, FormView):
    template_name = "pledges/pledger/progress_report_form.html"
    form_class = ProgressReportForm
    allowed_statuses = services.REPORTING_STATUSES

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.pledge = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
            self.targets = list(self.pledge.targets.all())
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"pledge": self.pledge, "targets": self.targets}

    def get_context_data(self, **kwargs):
        return super().get_context_data(pledge=self.pledge, **kwargs)

    def form_valid(self, form):
        services.file_progress_report(
            pledge=self.pledge,
            actor=self.request.user,
            report_date=form.cleaned_data["report_date"],
            narrative=form.cleaned_data["narrative"],
            achieved=form.achieved_by_target(),
        )
        messages.success(
            self.request, _("Thank you: your progress report is saved and now public.")
        )
        return redirect("pledger:pledge-detail", pk=self.pledge.pk)


class PledgeTranslationsView(OwnPledgeMixin, TemplateView):
    """The pledge's title and summary in other languages, for visitors who read those."""

    template_name = "pledges/pledger/pledge_translations.html"
    allowed_statuses = Pledge.EDITABLE_STATUSES

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.pledge = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def formset(self):
        data = self.request.POST if self.request.method == "POST" else None
        return translation_formset()(data, instance=self.pledge, prefix="translations")

    def get_context_data(self, **kwargs):
        formset = kwargs.pop("formset", None) or self.formset()
        return super().get_context_data(
            pledge=self.pledge,
            formset=formset,
            formset_errors=formset_error_items(
                formset,
                anchor="translations",
                line=_("Translation %(number)s, %(label)s: %(error)s"),
            )
            if formset.is_bound
            else [],
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        formset = self.formset()
        if not formset.is_valid():
            return self.render_to_response(self.get_context_data(formset=formset))
        rows = [
            form.cleaned_data
            for form in formset.forms
            if form.cleaned_data.get("language") and not form.cleaned_data.get("DELETE")
        ]
        try:
            services.save_pledge_translations(
                pledge=self.pledge, actor=request.user, translations=rows
            )
        except services.TransitionNotAllowed as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The translations are saved."))
        return redirect("pledger:pledge-detail", pk=self.pledge.pk)
