from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from core.admin import CountryListFilter
from core.admin_translations import TextareaAdminMixin, TranslatedAdmin, TranslatedStackedInline
from core.spreadsheets import csv_response
from organisations.forms import organisation_country_choices

from . import services
from .models import AwardEdition, Category, Entry

CSV_COLUMNS = [
    (_("Reference"), "reference"),
    (_("Year"), "edition.year"),
    (_("Category"), "category.name"),
    (_("Project"), "project_name"),
    (_("Organisation"), "organisation_name"),
    (_("Country"), "country.name"),
    (_("Website"), "website"),
    (_("Status"), "get_status_display"),
    (_("Contact name"), "contact_name"),
    (_("Contact e-mail"), "contact_email"),
    (_("Contact telephone"), "contact_phone"),
    (_("Submitted on"), "created_at"),
    (_("Description"), "description"),
    (_("Jury notes"), "jury_notes"),
]


def _resolve(entry: Entry, path: str):
    value = entry
    for part in path.split("."):
        value = getattr(value, part)
    if callable(value):
        value = value()
    if hasattr(value, "isoformat"):
        value = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return value


class CategoryInline(TranslatedStackedInline):
    model = Category
    extra = 0
    fields = ["name", "description", "order"]


@admin.register(AwardEdition)
class AwardEditionAdmin(TranslatedAdmin):
    list_display = ["year", "title", "opens_on", "closes_on", "ceremony_date", "phase_display"]
    search_fields = ["title", "year"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [CategoryInline]
    fieldsets = [
        (None, {"fields": ["year", "title", "introduction", "eligibility", "criteria"]}),
        (_("Dates"), {"fields": ["opens_on", "closes_on", "ceremony_date"]}),
        (_("History"), {"fields": ["created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_has_winners()

    @admin.display(description=_("phase"))
    def phase_display(self, obj: AwardEdition) -> str:
        return obj.phase.label


class CategoryFilter(admin.SimpleListFilter):
    """Categories repeat their names from one edition to the next: once an edition is chosen,
    only its categories; before, every category with its year."""

    title = _("category")
    parameter_name = "category"

    def lookups(self, request, model_admin):
        categories = Category.objects.select_related("edition").order_by(
            "-edition__year", "order", "name"
        )
        edition = request.GET.get("edition__id__exact")
        if edition and edition.isdigit():
            return [(c.pk, c.name) for c in categories.filter(edition_id=edition)]
        return [(c.pk, f"{c.edition.year} – {c.name}") for c in categories]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(category_id=self.value())
        return queryset


class EntryAdminForm(forms.ModelForm):
    country = forms.ChoiceField(label=_("country"), choices=organisation_country_choices)

    class Meta:
        model = Entry
        fields: list[str] = []  # the admin's fieldsets say which

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].help_text = Entry._meta.get_field("country").help_text

    def clean(self):
        cleaned_data = super().clean()
        edition, status = cleaned_data.get("edition"), cleaned_data.get("status")
        publishing = not self.instance.pk or {"edition", "status"} & set(self.changed_data)
        if edition and status and publishing:
            # The bulk actions' rule (services.change_status), for the change form too.
            try:
                services.check_publication(edition=edition, status=status)
            except ValidationError as error:
                self.add_error("status", error)
        return cleaned_data


@admin.register(Entry)
class EntryAdmin(TextareaAdminMixin, SimpleHistoryAdmin):
    form = EntryAdminForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    # Few columns, so that the list reads at 1366 px; the reference and contact are searchable.
    list_display = [
        "project_name",
        "organisation_name",
        "year",
        "category_name",
        "country",
        "status",
        "submitted_on",
    ]
    list_display_links = ["project_name"]
    # `?status__exact=submitted` is "entries waiting to be checked" (the review desk links it).
    list_filter = ["status", "edition", CategoryFilter, ("country", CountryListFilter)]
    list_select_related = ["edition", "category"]
    search_fields = ["project_name", "organisation_name", "reference", "contact_email"]
    search_help_text = _("Project, organisation, reference number or contact e-mail.")
    prepopulated_fields = {"slug": ["project_name"]}
    autocomplete_fields = ["organisation"]
    readonly_fields = ["reference", "created_at", "updated_at"]
    date_hierarchy = "created_at"
    actions = [
        "mark_eligible",
        "mark_not_eligible",
        "mark_finalist",
        "mark_winner",
        "mark_not_selected",
        "export_csv",
    ]
    fieldsets = [
        (
            _("Published for finalists and winners"),
            {
                "fields": [
                    "edition",
                    "category",
                    "project_name",
                    "slug",
                    "organisation_name",
                    "organisation",
                    "country",
                    "website",
                    "description",
                    "image",
                    "image_alt",
                ]
            },
        ),
        (_("Jury"), {"fields": ["status", "jury_notes"]}),
        (
            _("Private contact"),
            {"fields": ["contact_name", "contact_email", "contact_phone"]},
        ),
        (_("Submission"), {"fields": ["reference", "created_at", "updated_at"]}),
    ]

    def get_ordering(self, request):
        # Entries waiting to be checked come oldest first, like any queue.
        if request.GET.get("status__exact") == Entry.Status.SUBMITTED:
            return ["created_at", "pk"]
        return super().get_ordering(request)

    @admin.display(description=_("year"), ordering="edition__year")
    def year(self, obj: Entry) -> int:
        return obj.edition.year

    @admin.display(description=_("category"), ordering="category__name")
    def category_name(self, obj: Entry) -> str:
        return obj.category.name

    @admin.display(description=_("submitted on"), ordering="created_at")
    def submitted_on(self, obj: Entry):
        return timezone.localdate(obj.created_at)

    def view_on_site(self, obj: Entry) -> str | None:
        # Only finalists and winners have a public page.
        return obj.get_absolute_url() if obj.is_public else None

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "category":
            kwargs["queryset"] = Category.objects.select_related("edition").order_by(
                "-edition__year", "order"
            )
            field = super().formfield_for_foreignkey(db_field, request, **kwargs)
            field.label_from_instance = lambda c: f"{c.edition.year} – {c.name}"
            return field
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        services.save_entry(entry=obj, image_changed="image" in form.changed_data)

    def _change_status(self, request, queryset, status: Entry.Status):
        try:
            changed = services.change_status(entries=queryset, status=status)
        except ValidationError as error:
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
            return
        self.message_user(
            request,
            ngettext(
                "%(count)d entry marked as “%(status)s”.",
                "%(count)d entries marked as “%(status)s”.",
                changed,
            )
            % {"count": changed, "status": status.label},
            messages.SUCCESS,
        )

    @admin.action(description=_("Mark selected entries as eligible"), permissions=["change"])
    def mark_eligible(self, request, queryset):
        self._change_status(request, queryset, Entry.Status.ELIGIBLE)

    @admin.action(description=_("Mark selected entries as not eligible"), permissions=["change"])
    def mark_not_eligible(self, request, queryset):
        self._change_status(request, queryset, Entry.Status.NOT_ELIGIBLE)

    @admin.action(description=_("Mark selected entries as finalists"), permissions=["change"])
    def mark_finalist(self, request, queryset):
        self._change_status(request, queryset, Entry.Status.FINALIST)

    @admin.action(description=_("Mark selected entries as winners"), permissions=["change"])
    def mark_winner(self, request, queryset):
        self._change_status(request, queryset, Entry.Status.WINNER)

    @admin.action(description=_("Mark selected entries as not selected"), permissions=["change"])
    def mark_not_selected(self, request, queryset):
        self._change_status(request, queryset, Entry.Status.NOT_SELECTED)

    @admin.action(description=_("Export selected entries as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        entries = queryset.select_related("edition", "category").order_by("pk")
        return csv_response(
            (
                [_resolve(entry, path) for _label, path in CSV_COLUMNS]
                for entry in entries.iterator()
            ),
            filename=f"award-entries-{timezone.localtime():%Y%m%d-%H%M}.csv",
            header=[label for label, _path in CSV_COLUMNS],
        )
