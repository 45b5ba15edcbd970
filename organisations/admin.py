from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Membership, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role", "created_at"]
    readonly_fields = ["created_at"]
    raw_id_fields = ["user"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """The organisation and its members. The pledges area registers a subclass of this admin
    that adds the organisation's pledges (this app knows nothing of pledges)."""

    list_display = ["name", "type", "country", "created_at"]
    list_filter = ["type", "country"]
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
