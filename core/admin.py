"""The outgoing mail in the admin (what was sent, what waits, what failed, and "send again"),
and the admin's country filter for every app."""

from django.contrib import admin, messages
from django.contrib.admin.utils import get_last_value_from_parameters
from django.db.models import Count, Q
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries import countries

from . import mail
from .countries import EU_MEMBER_STATES
from .models import OutgoingEmail


class CountryListFilter(admin.FieldListFilter):
    """The countries found in the data, the EU Member States first (by name), then the others.

    A country field allows some 250 countries: a sidebar of 250 links helps nobody. Use it as
    `list_filter = [("country", CountryListFilter)]`, also across relations
    (`("coalition__country", CountryListFilter)`). Where the data holds countries both inside
    and outside the EU, "EU Member States" and "Outside the EU" come first.
    """

    def __init__(self, field, request, params, model, model_admin, field_path):
        self.lookup_kwarg = field_path
        self.lookup_kwarg_in = f"{field_path}__in"
        self.lookup_val = get_last_value_from_parameters(params, self.lookup_kwarg)
        self.lookup_val_in = get_last_value_from_parameters(params, self.lookup_kwarg_in)
        super().__init__(field, request, params, model, model_admin, field_path)
        present = set(
            model._default_manager.order_by().values_list(field_path, flat=True).distinct()
        ) - {"", None}
        by_name = sorted(((code, countries.name(code)) for code in present), key=lambda c: c[1])
        self.eu = [(code, name) for code, name in by_name if code in EU_MEMBER_STATES]
        self.others = [(code, name) for code, name in by_name if code not in EU_MEMBER_STATES]

    def expected_parameters(self):
        return [self.lookup_kwarg, self.lookup_kwarg_in]

    def has_output(self):
        return bool(self.eu or self.others)

    def _groups(self):
        if not (self.eu and self.others):
            return []
        return [
            (",".join(EU_MEMBER_STATES), _("EU Member States")),
            (",".join(code for code, _name in self.others), _("Outside the EU")),
        ]

    def get_facet_counts(self, pk_attname, filtered_qs):
        groups = {
            f"group{i}__c": Count(pk_attname, filter=Q((self.lookup_kwarg_in, value.split(","))))
            for i, (value, _label) in enumerate(self._groups())
        }
        return groups | {
            f"{code}__c": Count(pk_attname, filter=Q((self.lookup_kwarg, code)))
            for code, _name in self.eu + self.others
        }

    def choices(self, changelist):
        counts = self.get_facet_queryset(changelist) if changelist.add_facets else None

        def shown(label, key):
            return f"{label} ({counts[key]})" if counts is not None else label

        yield {
            "selected": self.lookup_val is None and self.lookup_val_in is None,
            "query_string": changelist.get_query_string(
                remove=[self.lookup_kwarg, self.lookup_kwarg_in]
            ),
            "display": _("All"),
        }
        for i, (value, label) in enumerate(self._groups()):
            yield {
                "selected": self.lookup_val_in == value,
                "query_string": changelist.get_query_string(
                    {self.lookup_kwarg_in: value}, [self.lookup_kwarg]
                ),
                "display": shown(label, f"group{i}__c"),
            }
        for code, name in self.eu + self.others:
            yield {
                "selected": self.lookup_val == code,
                "query_string": changelist.get_query_string(
                    {self.lookup_kwarg: code}, [self.lookup_kwarg_in]
                ),
                "display": shown(name, f"{code}__c"),
            }


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = [
        "subject",
        "recipient_list",
        "status",
        "attempts",
        "created_at",
        "sent_at",
        "short_error",
    ]
    list_filter = ["status", "template", "created_at"]
    search_fields = ["subject", "to", "cc", "template"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-pk"]
    actions = ["send_again"]
    fields = [
        "status",
        "subject",
        "from_email",
        "to",
        "cc",
        "reply_to",
        "headers",
        "template",
        "language",
        "context",
        "attempts",
        "last_attempt_at",
        "last_error",
        "created_at",
        "sent_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("recipients"))
    def recipient_list(self, obj):
        return ", ".join(obj.recipients)

    @admin.display(description=_("last error"))
    def short_error(self, obj):
        return Truncator(obj.last_error).chars(80)

    # A record of what the portal sent: nobody writes it by hand.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_resend_permission(self, request):
        return request.user.has_perm("core.resend_outgoingemail")

    @admin.action(description=_("Send again (failed or stuck mails)"), permissions=["resend"])
    def send_again(self, request, queryset):
        count = mail.send_again(queryset)
        skipped = queryset.count() - count
        self.message_user(
            request,
            ngettext("%(count)d mail queued again.", "%(count)d mails queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d mail was already sent and was left alone.",
                    "%(count)d mails were already sent and were left alone.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
