"""The Secretariat's review of pledges, in the Django admin.

The status is never edited as a field: it moves only through the review actions, which call
the transition functions of `services.py` (the same ones the pledgers' pages use), so the
rules, the status log and the e-mails are the same everywhere.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from core.countries import eu_country_choices
from core.spreadsheets import csv_response
from organisations.admin import OrganisationAdmin
from organisations.models import Organisation

from . import exports, services
from .models import (
    ActionType,
    Pledge,
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


# --- Pledge -----------------------------------------------------------------


class CountryListFilter(admin.SimpleListFilter):
    title = _("country covered")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        return [("eu-wide", _("EU-wide")), *eu_country_choices()]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if value == "eu-wide":
            return queryset.filter(is_eu_wide=True)
        return queryset.filter(countries__country=value)


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


class StatusChangeInline(admin.TabularInline):
    model = PledgeStatusChange
    extra = 0
    fields = ["changed_at", "from_status", "to_status", "changed_by", "message"]
    readonly_fields = fields
    verbose_name_plural = _("status history")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Pledge)
class PledgeAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "organisation",
        "organisation_type",
        "status",
        "submitted_at",
        "published_at",
        "last_reported_at",
    ]
    list_select_related = ["organisation"]
    list_filter = [
        "status",
        "language",
        CountryListFilter,
        "target_groups",
        "action_types",
        "organisation__type",
        ("submitted_at", admin.DateFieldListFilter),
    ]
    search_fields = ["title", "summary", "organisation__name"]
    date_hierarchy = "submitted_at"
    ordering = ["-submitted_at", "-created_at"]
    inlines = [PledgeTranslationInline, TargetInline, ProgressReportInline, StatusChangeInline]
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
        return [
            path(
                "<path:object_id>/review/<slug:key>/",
                review,
                name="pledges_pledge_review",
            ),
            *super().get_urls(),
        ]

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
        return super().change_view(request, object_id, form_url, extra_context)

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


class ProgressValueInline(admin.TabularInline):
    model = ProgressValue
    extra = 0
    fields = ["target", "achieved"]
    raw_id_fields = ["target"]


@admin.register(ProgressReport)
class ProgressReportAdmin(SimpleHistoryAdmin):
    list_display = ["pledge", "report_date", "submitted_by", "created_at"]
    list_select_related = ["pledge", "submitted_by"]
    list_filter = [("report_date", admin.DateFieldListFilter)]
    search_fields = ["pledge__title", "pledge__organisation__name"]
    date_hierarchy = "report_date"
    raw_id_fields = ["pledge", "submitted_by"]
    inlines = [ProgressValueInline]


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
