"""The outgoing mail in the admin: what was sent, what waits, what failed, and "send again"."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import mail
from .models import OutgoingEmail


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
        return obj.last_error[:120]

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
