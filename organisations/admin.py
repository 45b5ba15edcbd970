from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.admin import CountryListFilter
from core.admin_translations import TextareaAdminMixin

from . import services
from .models import Invitation, Membership, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role", "created_at"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["user"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


@admin.register(Organisation)
class OrganisationAdmin(TextareaAdminMixin, admin.ModelAdmin):
    """The organisation and its members. The pledges area registers a subclass of this admin
    that adds the organisation's pledges (this app knows nothing of pledges)."""

    list_display = ["name", "type", "country", "created_at"]
    list_filter = ["type", ("country", CountryListFilter)]
    search_fields = ["name", "contact_name", "contact_email", "memberships__user__email"]
    prepopulated_fields = {"slug": ["name"]}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "type", "country", "website", "description"]}),
        (_("Logo"), {"fields": ["logo", "logo_alt"]}),
        (
            _("Private contact"),
            {
                "fields": ["contact_name", "contact_email"],
                "description": _("Never shown on public pages or in open data."),
            },
        ),
        (_("Record"), {"fields": ["created_at", "updated_at"]}),
    ]
    inlines = [MembershipInline]

    def save_model(self, request, obj, form, change):
        services.update_organisation(organisation=obj, logo_changed="logo" in form.changed_data)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """The Secretariat's view of invitations, to answer "I never got the link": read-only, as
    invitations are sent, resent and revoked by the organisation's administrators (services)."""

    list_display = ["email", "organisation", "role", "state", "invited_by", "last_sent_at"]
    list_filter = ["role", ("accepted_at", admin.EmptyFieldListFilter), "last_sent_at"]
    list_select_related = ["organisation", "invited_by"]
    search_fields = ["email", "organisation__name", "invited_by__email"]
    date_hierarchy = "created_at"
    ordering = ["-last_sent_at"]
    fields = [
        "organisation",
        "email",
        "role",
        "state",
        "invited_by",
        "created_at",
        "last_sent_at",
        "send_count",
        "expires_at",
        "accepted_at",
        "accepted_by",
        "revoked_at",
        "revoked_by",
    ]
    readonly_fields = fields

    @admin.display(description=_("state"))
    def state(self, obj):
        return obj.get_state_display()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
