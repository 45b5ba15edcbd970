from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.spreadsheets import csv_response

from . import services
from .forms import AuthorAdminForm, PostAdminForm
from .models import Author, Post, Subscriber, Tag


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
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
class PostAdmin(admin.ModelAdmin):
    form = PostAdminForm
    list_display = ["title", "author", "status", "published_at", "is_visible", "updated_at"]
    list_filter = ["status", "author", "tags", "published_at"]
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
