from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin_translations import TranslatedAdmin
from core.spreadsheets import csv_response

from . import services
from .forms import AuthorAdminForm, PostAdminForm
from .models import Author, Mailing, MailingLink, Post, Subscriber, Tag


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(TranslatedAdmin):
    form = AuthorAdminForm
    list_display = ["name", "role", "has_picture", "updated_at"]
    search_fields = ["name", "role", "bio"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["picture_preview"]
    fields = ["name", "slug", "role", "bio", "picture", "picture_alt", "picture_preview"]

    @admin.display(boolean=True, description=_("picture"))
    def has_picture(self, obj):
        return bool(obj.picture)

    @admin.display(description=_("thumbnail"))
    def picture_preview(self, obj):
        thumbnail = obj.picture_thumbnail
        if thumbnail is None:
            return "—"
        return format_html(
            '<img src="{}" alt="{}" width="96" height="96" class="author-thumbnail">',
            thumbnail.url,
            obj.picture_alt,
        )

    def save_model(self, request, obj, form, change):
        services.save_author(author=obj, picture_changed="picture" in form.changed_data)


@admin.register(Post)
class PostAdmin(TranslatedAdmin):
    form = PostAdminForm
    list_display = ["title", "author", "status", "published_at", "is_visible"]
    # Only the authors and tags in use: both lists grow with the years.
    list_filter = [
        "status",
        ("author", admin.RelatedOnlyFieldListFilter),
        ("tags", admin.RelatedOnlyFieldListFilter),
        "published_at",
    ]
    list_select_related = ["author"]
    search_fields = ["title", "excerpt", "body", "author__name"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author", "tags"]
    readonly_fields = ["rendered_preview", "preview_link"]
    actions = ["publish_selected", "unpublish_selected"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "author", "excerpt", "body", "tags"]}),
        (_("Hero image"), {"fields": ["hero_image", "hero_image_alt"]}),
        (_("Publication"), {"fields": ["status", "published_at"]}),
        (_("Preview"), {"fields": ["preview_link", "rendered_preview"]}),
    ]

    @admin.display(boolean=True, description=_("visible on the site"))
    def is_visible(self, obj):
        return obj.is_live

    @admin.display(description=_("body as published (last saved version)"))
    def rendered_preview(self, obj):
        if not obj.pk:
            return _("Save the post to see how its body is rendered.")
        # body_html was sanitised by nh3 when the post was saved (blog.markdown).
        return mark_safe(f'<div class="blog-admin-preview">{obj.body_html}</div>')  # noqa: S308

    @admin.display(description=_("preview"))
    def preview_link(self, obj):
        if not obj.pk:
            return "—"
        url = reverse("admin:blog_post_preview", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Preview the post as readers will see it"))

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        return [
            path("<int:pk>/preview/", preview, name="blog_post_preview"),
            *super().get_urls(),
        ]

    def preview_view(self, request, pk):
        post = get_object_or_404(
            Post.objects.select_related("author").prefetch_related("tags"), pk=pk
        )
        if not self.has_view_permission(request, post):
            raise PermissionDenied
        return TemplateResponse(
            request, "blog/post_detail.html", {"post": post, "object": post, "is_preview": True}
        )

    def save_model(self, request, obj, form, change):
        services.save_post(post=obj, hero_image_changed="hero_image" in form.changed_data)

    def _transition(self, request, queryset, service, message):
        done = 0
        for post in queryset:
            try:
                service(post=post)
            except ValidationError as error:
                self.message_user(request, f"{post}: {'; '.join(error.messages)}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, message(done), messages.SUCCESS)

    @admin.action(description=_("Publish the selected posts"), permissions=["change"])
    def publish_selected(self, request, queryset):
        self._transition(
            request,
            queryset,
            services.publish_post,
            lambda n: (
                ngettext(
                    "%(count)d post is published (or scheduled for its publication time).",
                    "%(count)d posts are published (or scheduled for their publication time).",
                    n,
                )
                % {"count": n}
            ),
        )

    @admin.action(
        description=_("Unpublish the selected posts (back to draft)"), permissions=["change"]
    )
    def unpublish_selected(self, request, queryset):
        self._transition(
            request,
            queryset,
            services.unpublish_post,
            lambda n: (
                ngettext(
                    "%(count)d post is back to draft.", "%(count)d posts are back to draft.", n
                )
                % {"count": n}
            ),
        )


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "status", "created_at", "confirmed_at"]
    list_filter = ["status", "confirmed_at", "created_at"]
    search_fields = ["email"]
    date_hierarchy = "created_at"
    actions = ["export_confirmed_csv"]
    fields = [
        "email",
        "status",
        "consented_at",
        "confirmation_sent_at",
        "confirmed_at",
        "created_at",
    ]
    readonly_fields = fields

    # Addresses come only from people's own double opt-in; nobody adds or edits them here.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(
        description=_("Export the selected confirmed subscribers (CSV)"), permissions=["view"]
    )
    def export_confirmed_csv(self, request, queryset):
        subscribers = queryset.confirmed().order_by("email").iterator()
        return csv_response(
            (
                [subscriber.email, timezone.localtime(subscriber.confirmed_at).isoformat()]
                for subscriber in subscribers
            ),
            filename=f"newsletter-subscribers-{timezone.localdate():%Y-%m-%d}.csv",
            header=[_("E-mail address"), _("Confirmed at")],
        )


# --- Newsletter mailings -----------------------------------------------------------------


class MailingLinkInline(admin.TabularInline):
    model = MailingLink
    extra = 1
    fields = ["title", "url", "summary", "position"]
    # An address typed without a scheme is read as https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    # A mailing that is being sent or was sent stays as it went out.
    def has_add_permission(self, request, obj=None):
        return (obj is None or obj.is_editable) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return (obj is None or obj.is_editable) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return (obj is None or obj.is_editable) and super().has_delete_permission(request, obj)


@admin.register(Mailing)
class MailingAdmin(TranslatedAdmin):
    """The newsletter composer: write, preview, test, then send now or at a set time."""

    change_form_template = "blog/admin/mailing_change_form.html"
    list_display = ["subject", "status", "send_at", "started_at", "sent", "failed", "remaining"]
    list_filter = ["status", "started_at"]
    search_fields = ["subject", "body"]
    prepopulated_fields = {"slug": ["subject"]}
    autocomplete_fields = ["featured_posts"]
    inlines = [MailingLinkInline]
    # No bulk delete: drafts are deleted one by one, sent issues stay in the archive.
    actions = None
    readonly_fields = ["status", "progress", "started_at", "finished_at", "preview_link"]
    fieldsets = [
        (None, {"fields": ["subject", "slug", "body", "featured_posts"]}),
        (
            _("Sending"),
            {"fields": ["status", "send_at", "progress", "started_at", "finished_at"]},
        ),
        (_("Preview"), {"fields": ["preview_link"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_progress()

    def has_change_permission(self, request, obj=None):
        return (obj is None or obj.is_editable) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return (obj is None or obj.is_editable) and super().has_delete_permission(request, obj)

    def has_send_permission(self, request) -> bool:
        return request.user.has_perm("blog.send_mailing")

    @admin.display(description=_("sent"), ordering="sent_count")
    def sent(self, obj):
        return obj.sent_count

    @admin.display(description=_("failed"), ordering="failed_count")
    def failed(self, obj):
        return obj.failed_count

    @admin.display(description=_("remaining"), ordering="remaining_count")
    def remaining(self, obj):
        return obj.remaining_count

    @admin.display(description=_("progress"))
    def progress(self, obj):
        if obj is None or not obj.pk or obj.status in services.EDITABLE:
            return _("Not sent yet.")
        if obj.status == Mailing.Status.SENDING and not obj.recipients_total:
            return _("Preparing the batches…")
        return format_html(
            '<span id="mailing-progress">{}</span>',
            _(
                "%(sent)s sent, %(failed)s failed, %(remaining)s remaining, of %(total)s "
                "subscribers. Reload the page to update."
            )
            % {
                "sent": obj.sent_count,
                "failed": obj.failed_count,
                "remaining": obj.remaining_count,
                "total": obj.recipients_total,
            },
        )

    @admin.display(description=_("preview"))
    def preview_link(self, obj):
        if not obj.pk:
            return _("Save the mailing to preview it.")
        url = reverse("admin:blog_mailing_preview", args=[obj.pk])
        return format_html(
            '<a href="{}">{}</a>', url, _("Preview the e-mail as subscribers will see it")
        )

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/preview/", wrap(self.preview_view), name="blog_mailing_preview"),
            path("<int:pk>/send/", wrap(self.send_view), name="blog_mailing_send"),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(
            can_send=self.has_send_permission(request),
            mailing_editable=obj is None or obj.is_editable,
            is_scheduled=obj is not None and obj.status == Mailing.Status.SCHEDULED,
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        services.save_mailing(mailing=obj)

    def _after_save(self, request, obj):
        """The composer's buttons: "Save and …" test, schedule, unschedule or send."""
        change_url = reverse("admin:blog_mailing_change", args=[obj.pk])
        wants_sending = {"_schedule", "_unschedule", "_send_now"} & set(request.POST)
        if wants_sending and not self.has_send_permission(request):
            raise PermissionDenied
        try:
            if "_send_test" in request.POST:
                with transaction.atomic():
                    services.send_test_mailing(mailing=obj, to=request.user.email)
                self.message_user(
                    request,
                    _("A test was sent to %(email)s.") % {"email": request.user.email},
                    messages.SUCCESS,
                )
            elif "_schedule" in request.POST:
                obj = services.schedule_mailing(mailing=obj, at=obj.send_at)
                self.message_user(
                    request,
                    _("The newsletter will be sent on %(time)s.")
                    % {"time": date_format(timezone.localtime(obj.send_at), "DATETIME_FORMAT")},
                    messages.SUCCESS,
                )
            elif "_unschedule" in request.POST:
                services.unschedule_mailing(mailing=obj)
                self.message_user(request, _("The newsletter is a draft again."), messages.SUCCESS)
            elif "_send_now" in request.POST:
                return HttpResponseRedirect(reverse("admin:blog_mailing_send", args=[obj.pk]))
            else:
                return None
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        return HttpResponseRedirect(change_url)

    def response_add(self, request, obj, post_url_continue=None):
        return self._after_save(request, obj) or super().response_add(
            request, obj, post_url_continue
        )

    def response_change(self, request, obj):
        return self._after_save(request, obj) or super().response_change(request, obj)

    def preview_view(self, request, pk):
        mailing = services.mailing_for_sending(pk)
        if mailing is None:
            raise Http404
        if not self.has_view_or_change_permission(request, mailing):
            raise PermissionDenied
        link = services.sample_unsubscribe_url(base_url=settings.SITE_URL)
        context = services.mailing_context(
            mailing=mailing, unsubscribe_link=link, site_url=settings.SITE_URL
        )
        return TemplateResponse(
            request,
            "blog/admin/mailing_preview.html",
            {
                **self.admin_site.each_context(request),
                **context,
                "title": _("Preview: %(subject)s") % {"subject": mailing.subject},
                "opts": self.opts,
                "original": mailing,
                "text_version": render_to_string(f"{services.MAILING_TEMPLATE}.txt", context),
                "headers": services.mailing_headers(link),
                "from_email": settings.DEFAULT_FROM_EMAIL,
            },
        )

    def send_view(self, request, pk):
        """ "Send now", confirmed: the request only enqueues; workers send in batches."""
        mailing = get_object_or_404(Mailing, pk=pk)
        if not (self.has_change_permission(request, mailing) and self.has_send_permission(request)):
            raise PermissionDenied
        change_url = reverse("admin:blog_mailing_change", args=[mailing.pk])
        if request.method == "POST":
            try:
                services.start_mailing(mailing=mailing)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _(
                        "Sending has started: the subscribers receive the newsletter in "
                        "batches. Follow the progress on this page."
                    ),
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(change_url)
        return TemplateResponse(
            request,
            "blog/admin/mailing_send.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Send “%(subject)s” now?") % {"subject": mailing.subject},
                "opts": self.opts,
                "original": mailing,
                "mailing": mailing,
                "subscribers": Subscriber.objects.confirmed().count(),
                "change_url": change_url,
            },
        )
