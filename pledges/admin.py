"""The Secretariat's review of pledges, in the Django admin.

The status is never edited as a field: it moves only through the review actions, which call
the transition functions of `services.py` (the same ones the pledgers' pages use), so the
rules, the status log and the e-mails are the same everywhere.
"""

import copy
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from core.admin_translations import TextareaAdminMixin
from core.countries import eu_country_choices
from core.spreadsheets import csv_response
from organisations.admin import OrganisationAdmin
from organisations.models import Organisation

from . import exports, services
from .models import (
    MESSAGE_MAX_LENGTH,
    ActionType,
    Pledge,
    PledgeMessage,
    PledgeStatusChange,
    PledgeTranslation,
    ProgressReport,
    ProgressValue,
    ReminderLog,
    Target,
    TargetGroup,
)

S = Pledge.Status


@dataclass(frozen=True)
class Review:
    """One review move of the Secretariat and how the admin asks for its message."""

    key: str
    to_status: str
    label: str
    service: object
    message_argument: str
    message_required: bool
    message_label: str
    done: object  # ngettext_lazy(..., "count"): the success message


REVIEWS = {
    review.key: review
    for review in [
        Review(
            key="publish",
            to_status=S.PUBLISHED,
            label=_("Publish"),
            service=services.publish_pledge,
            message_argument="message",
            message_required=False,
            message_label=_("Message to the pledger (optional)"),
            done=ngettext_lazy(
                "%(count)d pledge was published.",
                "%(count)d pledges were published.",
                "count",
            ),
        ),
        Review(
            key="request-changes",
            to_status=S.CHANGES_REQUESTED,
            label=_("Request changes"),
            service=services.request_changes,
            message_argument="message",
            message_required=True,
            message_label=_("What should the pledger change?"),
            done=ngettext_lazy(
                "Changes were requested for %(count)d pledge.",
                "Changes were requested for %(count)d pledges.",
                "count",
            ),
        ),
        Review(
            key="reject",
            to_status=S.REJECTED,
            label=_("Reject"),
            service=services.reject_pledge,
            message_argument="reason",
            message_required=True,
            message_label=_("Reason for the rejection (sent to the pledger)"),
            done=ngettext_lazy(
                "%(count)d pledge was rejected.",
                "%(count)d pledges were rejected.",
                "count",
            ),
        ),
        Review(
            key="complete",
            to_status=S.COMPLETED,
            label=_("Mark as completed"),
            service=services.complete_pledge,
            message_argument="message",
            message_required=False,
            message_label=_("Message to the pledger (optional)"),
            done=ngettext_lazy(
                "%(count)d pledge was marked as completed.",
                "%(count)d pledges were marked as completed.",
                "count",
            ),
        ),
    ]
}


class ReviewMessageForm(forms.Form):
    message = forms.CharField(widget=forms.Textarea(attrs={"rows": 6, "cols": 80}))

    def __init__(self, *args, review: Review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].label = review.message_label
        self.fields["message"].required = review.message_required
        self.fields["message"].help_text = _(
            "Sent by e-mail to the organisation and shown on its “My pledges” page."
        )


class SecretariatMessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message to the pledger"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        help_text=_(
            "Sent by e-mail to every member of the organisation and shown in the conversation "
            "on its pledge page. The status does not change; reviewer notes stay private."
        ),
    )


# --- Pledge -----------------------------------------------------------------


class SelectListFilter(admin.SimpleListFilter):
    """A filter with many choices, shown as one drop-down list and a button (a plain GET form:
    no JavaScript needed) instead of a long column of links."""

    template = "admin/pledges/select_filter.html"

    def choices(self, changelist):
        # The form sends the other filters, the search and the order along.
        self.hidden_params = [
            (name, value)
            for name, value in changelist.params.items()
            if name != self.parameter_name
        ]
        yield from super().choices(changelist)

    def value_choices(self):
        """(value, label, selected) for each option, "All" first."""
        current = self.value() or ""
        return [("", _("All"), not current)] + [
            (str(value), label, str(value) == current) for value, label in self.lookup_choices
        ]


class CountryListFilter(SelectListFilter):
    title = _("country covered")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        # "EU-wide" first, then the Member States by name: pledges cover only those.
        return [("eu-wide", _("EU-wide")), *eu_country_choices()]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if value == "eu-wide":
            return queryset.filter(is_eu_wide=True)
        return queryset.filter(countries__country=value)


class LanguageListFilter(SelectListFilter):
    title = _("language of the pledge")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        return settings.LANGUAGES

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(language=value) if value else queryset


class PledgeTranslationInline(admin.TabularInline):
    """The title and summary the pledger gave in other languages, reviewed with the pledge."""

    model = PledgeTranslation
    extra = 0
    fields = ["language", "title", "summary"]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = ["indicator", "description", "target_number", "achieved"]
    # Achievements come from the pledger's progress reports only.
    readonly_fields = ["achieved"]


class ProgressReportInline(admin.TabularInline):
    model = ProgressReport
    extra = 0
    fields = ["report_date", "narrative", "values_reported", "submitted_by", "created_at"]
    readonly_fields = fields
    verbose_name_plural = _("progress reports (filed by the pledger)")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("submitted_by")
            .prefetch_related("values__target")
        )

    @admin.display(description=_("achieved so far"))
    def values_reported(self, report):
        return format_html_join(
            "",
            "<div>{}: {}</div>",
            ((str(value.target), f"{value.achieved:,}") for value in report.values.all()),
        )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@dataclass(frozen=True)
class HistoryEntry:
    at: object
    user: object
    action: str
    review_step: bool


def history_entries(timeline, page) -> list[HistoryEntry]:
    """The admin's log entries on this page of the history, with the review steps (status
    changes and messages) that fall between them, in time order.

    The log is paginated (oldest first); a page gets the steps after the previous page's
    last entry and up to its own last one (the last page: all later ones too).
    """
    entries = [
        HistoryEntry(
            at=action.action_time,
            user=action.user,
            action=action.get_change_message(),
            review_step=False,
        )
        for action in page
    ]
    lower = upper = None
    if page.has_previous():
        lower = page.paginator.object_list[page.start_index() - 2].action_time
    if page.has_next():
        upper = page[len(page) - 1].action_time
    for step in timeline:
        if (lower and step.at <= lower) or (upper and step.at > upper):
            continue
        entries.append(HistoryEntry(step.at, step.author, describe_step(step), True))
    return sorted(entries, key=lambda entry: entry.at)


def describe_step(step) -> str:
    if step.change:
        change = step.change
        text = _("Status changed from “%(from)s” to “%(to)s”.") % {
            "from": change.get_from_status_display() or "–",
            "to": change.get_to_status_display(),
        }
        if change.message:
            text = _("%(change)s Message: %(message)s") % {
                "change": text,
                "message": change.message,
            }
        return text
    if step.by_secretariat:
        return _("Message to the pledger: %(message)s") % {"message": step.text}
    return _("Message from the pledger: %(message)s") % {"message": step.text}


@admin.register(Pledge)
class PledgeAdmin(TextareaAdminMixin, admin.ModelAdmin):
    # Five columns fit at 1366 px beside the filters; the organisation's type is a filter.
    list_display = ["title", "organisation", "status", "submitted_at", "published_at"]
    list_select_related = ["organisation"]
    list_filter = [
        # A field filter: the review desk links to ?status__exact=submitted.
        "status",
        LanguageListFilter,
        CountryListFilter,
        "target_groups",
        "action_types",
        "organisation__type",
        ("submitted_at", admin.DateFieldListFilter),
    ]
    search_fields = ["title", "summary", "organisation__name"]
    autocomplete_fields = ["organisation"]
    date_hierarchy = "submitted_at"
    ordering = ["-submitted_at", "-created_at"]
    # The status changes are in the conversation below the form (and in the history).
    inlines = [PledgeTranslationInline, TargetInline, ProgressReportInline]
    formfield_overrides = {
        models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple},
        models.URLField: {"assume_scheme": "https"},
    }
    fieldsets = [
        (
            _("Review"),
            {
                "fields": [
                    "status",
                    "status_changed_at",
                    "status_changed_by",
                    "submitted_at",
                    "published_at",
                    "reviewer_notes",
                ],
                "description": _(
                    "The status changes only through the review buttons above or the actions "
                    "of the pledge list, which e-mail the pledger. Reviewer notes stay private "
                    "to the Secretariat."
                ),
            },
        ),
        (_("Organisation"), {"fields": ["organisation_details"]}),
        (
            _("Pledge"),
            {
                "fields": [
                    "language",
                    "title",
                    "slug",
                    "summary",
                    "description",
                    "target_groups",
                    "action_types",
                    "is_eu_wide",
                    "countries_covered",
                    "start_date",
                    "end_date",
                    "website",
                ]
            },
        ),
        (
            _("Record"),
            {"fields": ["created_by", "created_at", "updated_at", "last_reported_at"]},
        ),
    ]
    readonly_fields = [
        "status",
        "status_changed_at",
        "status_changed_by",
        "submitted_at",
        "published_at",
        "organisation_details",
        "countries_covered",
        "created_by",
        "created_at",
        "updated_at",
        "last_reported_at",
    ]
    actions = [
        "publish_selected",
        "request_changes_selected",
        "reject_selected",
        "complete_selected",
        "export_csv",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields.append("organisation")
        return fields

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            # Adding (superusers only): the organisation must be chosen.
            return [(None, {"fields": ["organisation", "title", "slug", "summary"]})]
        return super().get_fieldsets(request, obj)

    def has_review_permission(self, request) -> bool:
        return request.user.has_perm(services.REVIEW_PERMISSION)

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_public else None

    @admin.display(description=_("organisation type"), ordering="organisation__type")
    def organisation_type(self, pledge):
        return pledge.organisation.get_type_display()

    @admin.display(description=_("organisation"))
    def organisation_details(self, pledge):
        organisation = pledge.organisation
        return format_html(
            '<a href="{}">{}</a><br>{} · {}<br>{}: {} &lt;{}&gt;{}',
            reverse("admin:organisations_organisation_change", args=[organisation.pk]),
            organisation.name,
            organisation.get_type_display(),
            organisation.country.name,
            _("Contact"),
            organisation.contact_name,
            organisation.contact_email,
            format_html('<br><a href="{0}" rel="noopener">{0}</a>', organisation.website)
            if organisation.website
            else "",
        )

    @admin.display(description=_("countries covered"))
    def countries_covered(self, pledge):
        if pledge.is_eu_wide:
            return _("EU-wide")
        return ", ".join(str(row.country.name) for row in pledge.countries.all()) or "–"

    # --- Review: single pledge -------------------------------------------------

    def get_urls(self):
        review = self.admin_site.admin_view(self.review_view)
        message = self.admin_site.admin_view(self.message_view)
        return [
            path(
                "<path:object_id>/review/<slug:key>/",
                review,
                name="pledges_pledge_review",
            ),
            path("<path:object_id>/message/", message, name="pledges_pledge_message"),
            *super().get_urls(),
        ]

    def timeline_of(self, pledge) -> list:
        """The pledge's conversation, in three queries however long it is."""
        return (
            Pledge.objects.prefetch_related(
                Prefetch(
                    "status_changes",
                    queryset=PledgeStatusChange.objects.select_related("changed_by"),
                ),
                Prefetch("messages", queryset=PledgeMessage.objects.select_related("author")),
            )
            .get(pk=pledge.pk)
            .timeline()
        )

    def available_reviews(self, pledge) -> list[Review]:
        allowed = services.SECRETARIAT_TRANSITIONS.get(pledge.status, set())
        return [review for review in REVIEWS.values() if review.to_status in allowed]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        pledge = self.get_object(request, object_id)
        if pledge is not None and self.has_review_permission(request):
            extra_context["review_links"] = [
                {
                    "label": review.label,
                    "url": reverse("admin:pledges_pledge_review", args=[pledge.pk, review.key]),
                }
                for review in self.available_reviews(pledge)
            ]
        if pledge is not None:
            extra_context["timeline"] = self.timeline_of(pledge)
            if self.has_review_permission(request):
                extra_context.setdefault("message_form", SecretariatMessageForm())
                extra_context["message_url"] = reverse(
                    "admin:pledges_pledge_message", args=[pledge.pk]
                )
        return super().change_view(request, object_id, form_url, extra_context)

    def message_view(self, request, object_id):
        """The Secretariat writes to the pledger from the conversation on the change page."""
        if not self.has_review_permission(request):
            raise PermissionDenied
        pledge = get_object_or_404(self.get_queryset(request), pk=object_id)
        conversation_url = reverse("admin:pledges_pledge_change", args=[pledge.pk])
        conversation_url += "#conversation"
        if request.method != "POST":
            return HttpResponseRedirect(conversation_url)
        form = SecretariatMessageForm(request.POST)
        if form.is_valid():
            try:
                services.post_secretariat_message(pledge, request.user, form.cleaned_data["body"])
            except ValidationError as error:
                form.add_error("body", error)
            else:
                self.message_user(
                    request, _("The message was sent to the organisation."), messages.SUCCESS
                )
                return HttpResponseRedirect(conversation_url)
        # The change page again, with the error beside what was typed: nothing is lost. As a
        # GET, so that the admin does not take the message for an edit of the pledge.
        page_request = copy.copy(request)
        page_request.method = "GET"
        page_request.POST = QueryDict()
        return self.change_view(page_request, object_id, extra_context={"message_form": form})

    # --- History: the admin's edits and the review steps, in one list -----------

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        if not isinstance(response, TemplateResponse):
            return response  # the redirect for a pledge that does not exist
        page = response.context_data["action_list"]
        response.context_data["history_entries"] = history_entries(
            self.timeline_of(response.context_data["object"]), page
        )
        return response

    def review_view(self, request, object_id, key):
        review = REVIEWS.get(key)
        if review is None:
            raise Http404
        if not self.has_review_permission(request):
            raise PermissionDenied
        pledge = get_object_or_404(self.get_queryset(request), pk=object_id)
        change_url = reverse("admin:pledges_pledge_change", args=[pledge.pk])
        form = ReviewMessageForm(request.POST or None, review=review)
        if request.method == "POST" and form.is_valid():
            self._apply_review(request, [pledge], review, form.cleaned_data["message"])
            return HttpResponseRedirect(change_url)
        return self._render_review(request, review, [pledge], form, single=True)

    # --- Review: actions on the list (single and bulk) -------------------------

    def _apply_review(self, request, pledges, review: Review, message: str) -> None:
        done = 0
        for pledge in pledges:
            try:
                review.service(
                    pledge=pledge, actor=request.user, **{review.message_argument: message}
                )
            except services.TransitionNotAllowed as error:
                self.message_user(
                    request,
                    _("“%(title)s” was skipped: %(reason)s")
                    % {"title": pledge.title, "reason": error},
                    messages.WARNING,
                )
            except ValidationError as error:
                self.message_user(
                    request,
                    _("“%(title)s” was skipped: %(reason)s")
                    % {"title": pledge.title, "reason": " ".join(error.messages)},
                    messages.ERROR,
                )
            else:
                done += 1
        if done:
            self.message_user(
                request,
                review.done % {"count": done},
                messages.SUCCESS,
            )

    def _render_review(self, request, review, pledges, form, *, single=False, action=""):
        context = {
            **self.admin_site.each_context(request),
            "title": _("%(action)s: confirm") % {"action": review.label},
            "review": review,
            "pledges": pledges,
            "form": form,
            "single": single,
            "action_name": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "opts": self.model._meta,
            "media": self.media,
        }
        return TemplateResponse(request, "admin/pledges/pledge/review.html", context)

    def _review_action(self, request, queryset, key: str, action: str):
        review = REVIEWS[key]
        if not review.message_required and "apply" not in request.POST:
            # Publishing and completing need no message: act at once.
            self._apply_review(request, list(queryset), review, "")
            return None
        form = ReviewMessageForm(request.POST if "apply" in request.POST else None, review=review)
        if "apply" in request.POST and form.is_valid():
            self._apply_review(request, list(queryset), review, form.cleaned_data["message"])
            return None
        return self._render_review(request, review, list(queryset), form, action=action)

    @admin.action(description=_("Publish the selected pledges"), permissions=["review"])
    def publish_selected(self, request, queryset):
        return self._review_action(request, queryset, "publish", "publish_selected")

    @admin.action(description=_("Request changes to the selected pledges…"), permissions=["review"])
    def request_changes_selected(self, request, queryset):
        return self._review_action(request, queryset, "request-changes", "request_changes_selected")

    @admin.action(description=_("Reject the selected pledges…"), permissions=["review"])
    def reject_selected(self, request, queryset):
        return self._review_action(request, queryset, "reject", "reject_selected")

    @admin.action(description=_("Mark the selected pledges as completed"), permissions=["review"])
    def complete_selected(self, request, queryset):
        return self._review_action(request, queryset, "complete", "complete_selected")

    @admin.action(
        description=_("Export the selected pledges with targets and progress (CSV)"),
        permissions=["view"],
    )
    def export_csv(self, request, queryset):
        return csv_response(
            exports.admin_rows(queryset.order_by("pk")),
            filename="pledges-review.csv",
            header=exports.ADMIN_HEADER,
        )


# --- Organisation: its admin, with the organisation's pledges -------------------


class OrganisationPledgeInline(admin.TabularInline):
    model = Pledge
    extra = 0
    fields = ["title_link", "status", "submitted_at", "published_at"]
    readonly_fields = fields
    verbose_name_plural = _("pledges")

    @admin.display(description=_("title"))
    def title_link(self, pledge):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:pledges_pledge_change", args=[pledge.pk]), pledge
        )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.unregister(Organisation)


@admin.register(Organisation)
class OrganisationWithPledgesAdmin(OrganisationAdmin):
    """The organisations app's admin, with what only the pledges area knows: the pledges."""

    list_display = [*OrganisationAdmin.list_display[:-1], "pledge_count", "created_at"]
    inlines = [*OrganisationAdmin.inlines, OrganisationPledgeInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(pledge_total=Count("pledges"))

    @admin.display(description=_("pledges"), ordering="pledge_total")
    def pledge_count(self, organisation):
        return organisation.pledge_total

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.pledges.public().exists() else None


# --- Lookups and logs -----------------------------------------------------------


@admin.register(TargetGroup, ActionType)
class LookupAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]
    ordering = ["order"]


class ProgressValueFormSet(forms.BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        # The targets of the report's own pledge: a short list, no id to look up.
        if self.instance.pk:
            form.fields["target"].queryset = Target.objects.filter(
                pledge_id=self.instance.pledge_id
            )


class ProgressValueInline(admin.TabularInline):
    model = ProgressValue
    formset = ProgressValueFormSet
    extra = 0
    fields = ["target", "achieved"]


@admin.register(ProgressReport)
class ProgressReportAdmin(TextareaAdminMixin, SimpleHistoryAdmin):
    list_display = ["pledge", "report_date", "submitted_by", "created_at", "reviewed_at"]
    list_select_related = ["pledge", "submitted_by"]
    list_filter = [
        ("reviewed_at", admin.EmptyFieldListFilter),
        ("report_date", admin.DateFieldListFilter),
    ]
    search_fields = ["pledge__title", "pledge__organisation__name"]
    date_hierarchy = "report_date"
    autocomplete_fields = ["pledge", "submitted_by"]
    readonly_fields = ["reviewed_at", "reviewed_by"]
    inlines = [ProgressValueInline]
    actions = ["mark_reviewed"]

    def has_review_permission(self, request) -> bool:
        return request.user.has_perm(services.REVIEW_PERMISSION)

    @admin.action(description=_("Mark as checked"), permissions=["review"])
    def mark_reviewed(self, request, queryset):
        marked = services.mark_reports_reviewed(queryset, request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d progress report was marked as checked.",
                "%(count)d progress reports were marked as checked.",
                marked,
            )
            % {"count": marked},
            messages.SUCCESS,
        )


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ["organisation", "period", "sent_at"]
    list_select_related = ["organisation"]
    list_filter = ["period"]
    search_fields = ["organisation__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
