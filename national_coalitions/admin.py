from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from core.admin import CountryListFilter
from core.admin_translations import TranslatedAdmin, TranslatedHistoryAdmin, TranslatedStackedInline
from core.spreadsheets import csv_response

from . import services
from .models import (
    AreaOfAction,
    CoalitionArea,
    CoalitionMember,
    ContactRequest,
    NationalCoalition,
    OtherInitiative,
    Resource,
)
from .services import mark_contact_requests_handled


def _dated(basename: str) -> str:
    """An export's file name with today's date, e.g. `contact-requests-2026-12-01.csv`."""
    return f"{basename}-{timezone.localdate():%Y-%m-%d}.csv"


# Web addresses typed without a scheme are read as https (Django 6's default).
URL_FIELD_OVERRIDES = {models.URLField: {"assume_scheme": "https"}}


class CoalitionAreaInline(TranslatedStackedInline):
    model = CoalitionArea
    extra = 0
    autocomplete_fields = ["area"]


class CoalitionMemberInline(admin.TabularInline):
    model = CoalitionMember
    extra = 1
    fields = ["name", "stakeholder_type", "website"]
    formfield_overrides = URL_FIELD_OVERRIDES


@admin.register(NationalCoalition)
class NationalCoalitionAdmin(TranslatedHistoryAdmin):
    formfield_overrides = URL_FIELD_OVERRIDES
    # One coalition per Member State (27 rows at most): no country filter, the list is by country.
    list_display = ["country_name", "name", "status", "member_count", "last_verified_date"]
    list_display_links = ["country_name", "name"]
    list_filter = ["status", "areas_of_action", "last_verified_date"]
    search_fields = ["name", "coordinating_body_name", "members__name", "contact_email"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [CoalitionAreaInline, CoalitionMemberInline]
    actions = ["export_csv"]
    date_hierarchy = "launch_date"
    fieldsets = [
        (None, {"fields": ["country", "name", "status", "launch_date", "description"]}),
        (
            _("Coordination and contact"),
            {
                "fields": [
                    "coordinating_body_name",
                    "coordinating_body_website",
                    "website",
                    "contact_email",
                ]
            },
        ),
        (_("Logo and factsheet"), {"fields": ["logo", "logo_alt_text", "factsheet"]}),
        (_("Verification"), {"fields": ["last_verified_date", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("members", distinct=True))

    def save_model(self, request, obj, form, change):
        services.save_coalition(coalition=obj, logo_changed="logo" in form.changed_data)

    @admin.display(description=_("Member State"), ordering="country")
    def country_name(self, obj):
        return obj.country.name

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, obj):
        return obj.member_count

    @admin.action(description=_("Export the selected coalitions as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        queryset = queryset.prefetch_related("coalition_areas__area", "members")
        header = [
            _("Country code"),
            _("Member State"),
            _("Name"),
            _("Status"),
            _("Launch date"),
            _("Coordinating body"),
            _("Coordinating body website"),
            _("Website"),
            _("Public contact e-mail"),
            _("Areas of action"),
            _("Members"),
            _("Last verified"),
            _("Last updated"),
        ]
        rows = (
            [
                c.country.code,
                c.country.name,
                c.name,
                c.get_status_display(),
                c.launch_date or "",
                c.coordinating_body_name,
                c.coordinating_body_website,
                c.website,
                c.contact_email,
                "; ".join(a.area.name for a in c.coalition_areas.all()),
                "; ".join(
                    f"{m.name} ({m.get_stakeholder_type_display()})" for m in c.members.all()
                ),
                c.last_verified_date or "",
                c.updated_at.isoformat(timespec="minutes"),
            ]
            for c in queryset
        )
        return csv_response(rows, filename=_dated("national-coalitions"), header=header)


@admin.register(CoalitionMember)
class CoalitionMemberAdmin(SimpleHistoryAdmin):
    """Members are edited inline on their coalition; this list gives their own history."""

    list_display = ["name", "coalition", "stakeholder_type", "website", "updated_at"]
    formfield_overrides = URL_FIELD_OVERRIDES
    list_filter = ["stakeholder_type", ("coalition__country", CountryListFilter)]
    list_select_related = ["coalition"]
    search_fields = ["name", "coalition__name"]
    autocomplete_fields = ["coalition"]


@admin.register(CoalitionArea)
class CoalitionAreaAdmin(TranslatedHistoryAdmin):
    """Areas are edited inline on their coalition; this list gives their own history."""

    list_display = ["coalition", "area", "summary"]
    list_filter = ["area", ("coalition__country", CountryListFilter)]
    list_select_related = ["coalition", "area"]
    search_fields = ["coalition__name", "area__name", "summary"]
    autocomplete_fields = ["coalition", "area"]


@admin.register(AreaOfAction)
class AreaOfActionAdmin(TranslatedAdmin):
    list_display = ["name", "position", "slug"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(OtherInitiative)
class OtherInitiativeAdmin(TranslatedHistoryAdmin):
    formfield_overrides = URL_FIELD_OVERRIDES
    list_display = ["name", "country", "region", "coordinating_body_name", "updated_at"]
    list_filter = [("country", CountryListFilter)]
    search_fields = ["name", "region", "coordinating_body_name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Resource)
class ResourceAdmin(TranslatedAdmin):
    list_display = ["title", "category", "language", "publication_date"]
    list_filter = ["category", "language", "publication_date"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "publication_date"


@admin.register(ContactRequest)
class ContactRequestAdmin(admin.ModelAdmin):
    list_display = ["created_at", "name", "email", "organisation", "about", "is_handled"]
    list_filter = ["is_handled", ("coalition__country", CountryListFilter), "created_at"]
    list_select_related = ["coalition", "initiative"]
    search_fields = ["name", "email", "organisation", "message"]
    date_hierarchy = "created_at"
    actions = ["mark_handled", "export_csv"]
    # What people sent is a record: the Secretariat reads it and only tracks its handling.
    readonly_fields = [
        "name",
        "email",
        "organisation",
        "coalition",
        "initiative",
        "message",
        "consent",
        "is_handled",
        "handled_at",
        "handled_by",
        "created_at",
        "updated_at",
    ]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("about"))
    def about(self, obj):
        return obj.subject or _("General enquiry")

    @admin.action(description=_("Mark the selected requests as handled"), permissions=["change"])
    def mark_handled(self, request, queryset):
        count = mark_contact_requests_handled(contact_requests=queryset, user=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d contact request was marked as handled.",
                "%(count)d contact requests were marked as handled.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Export the selected requests as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        queryset = queryset.select_related("coalition", "initiative", "handled_by")
        header = [
            _("Received"),
            _("Name"),
            _("E-mail address"),
            _("Organisation"),
            _("About"),
            _("Message"),
            _("Handled"),
            _("Handled at"),
            _("Handled by"),
        ]
        rows = (
            [
                r.created_at.isoformat(timespec="minutes"),
                r.name,
                r.email,
                r.organisation,
                r.subject or _("General enquiry"),
                r.message,
                _("yes") if r.is_handled else _("no"),
                r.handled_at.isoformat(timespec="minutes") if r.handled_at else "",
                r.handled_by or "",
            ]
            for r in queryset
        )
        return csv_response(rows, filename=_dated("contact-requests"), header=header)
