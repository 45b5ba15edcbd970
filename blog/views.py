from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import DetailView, FormView, ListView, TemplateView

from core.ratelimit import RateLimitedFormMixin

from . import services
from .forms import SubscribeForm
from .models import Author, Mailing, Post, Tag

# --- Blog ----------------------------------------------------------------------------


class BlogViewMixin:
    """Published posts only, with what the post cards render loaded up front."""

    paginate_by = 10

    def get_queryset(self):
        return (
            Post.objects.published()
            .select_related("author")
            .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name")))
        )


class PostListView(BlogViewMixin, ListView):
    template_name = "blog/post_list.html"
    context_object_name = "posts"


class PostDetailView(BlogViewMixin, DetailView):
    template_name = "blog/post_detail.html"
    context_object_name = "post"


class AuthorDetailView(BlogViewMixin, ListView):
    """An author's page: who they are, then their published posts."""

    template_name = "blog/author_detail.html"
    context_object_name = "posts"

    def get_queryset(self):
        self.author = get_object_or_404(
            Author.objects.with_published_posts(), slug=self.kwargs["slug"]
        )
        return super().get_queryset().filter(author=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


class TagDetailView(BlogViewMixin, ListView):
    template_name = "blog/tag_detail.html"
    context_object_name = "posts"

    def get_queryset(self):
        tags_in_use = Tag.objects.filter(posts__in=Post.objects.published()).distinct()
        self.tag = get_object_or_404(tags_in_use, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


# --- Newsletter ----------------------------------------------------------------------


class SubscribeView(RateLimitedFormMixin, FormView):
    template_name = "blog/newsletter_subscribe.html"
    form_class = SubscribeForm
    success_url = reverse_lazy("newsletter:subscribe-done")
    ratelimit_group = "newsletter-subscribe"

    def form_valid(self, form):
        services.subscribe(
            email=form.cleaned_data["email"], base_url=self.request.build_absolute_uri("/")
        )
        # The same answer whether the address is new, pending or confirmed.
        return redirect(self.success_url)


class SubscribeDoneView(TemplateView):
    template_name = "blog/newsletter_subscribe_done.html"


class SignedLinkView(TemplateView):
    """GET shows a button; only the POST acts, so link scanners in mail systems change nothing."""

    invalid_template_name = "blog/newsletter_invalid_link.html"

    def get_subscriber(self):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        return super().get_context_data(subscriber=getattr(self, "subscriber", None), **kwargs)

    def dispatch(self, request, *args, **kwargs):
        try:
            self.subscriber = self.get_subscriber()
        except services.InvalidLink:
            return self.response_class(
                request=request,
                template=[self.invalid_template_name],
                context=self.get_context_data(),
                status=400,
                using=self.template_engine,
            )
        return super().dispatch(request, *args, **kwargs)


class ConfirmView(SignedLinkView):
    template_name = "blog/newsletter_confirm.html"

    def get_subscriber(self):
        return services.subscriber_for_confirmation(self.kwargs["token"])

    def post(self, request, *args, **kwargs):
        services.confirm_subscription(subscriber=self.subscriber)
        return redirect("newsletter:confirm-done")


class ConfirmDoneView(TemplateView):
    template_name = "blog/newsletter_confirm_done.html"


# RFC 8058 one-click unsubscribe: mail clients POST without a CSRF token; the signed
# token in the URL is what authorises the request.
@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(SignedLinkView):
    template_name = "blog/newsletter_unsubscribe.html"

    def get_subscriber(self):
        return services.subscriber_for_unsubscribe(self.kwargs["token"])

    def post(self, request, *args, **kwargs):
        services.unsubscribe(subscriber=self.subscriber)
        return redirect("newsletter:unsubscribe-done")


class UnsubscribeDoneView(TemplateView):
    template_name = "blog/newsletter_unsubscribe_done.html"


# --- Newsletter archive --------------------------------------------------------------


class MailingArchiveMixin:
    """Sent newsletters only (`Mailing.objects.sent()`)."""

    def get_queryset(self):
        return Mailing.objects.sent().order_by("-started_at", "-pk")


class MailingArchiveView(MailingArchiveMixin, ListView):
    template_name = "blog/mailing_list.html"
    context_object_name = "mailings"
    paginate_by = 20

    def get_queryset(self):
        return super().get_queryset().only("subject", "slug", "started_at")


class MailingDetailView(MailingArchiveMixin, DetailView):
    template_name = "blog/mailing_detail.html"
    context_object_name = "mailing"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch(
                    "featured_posts",
                    queryset=Post.objects.published()
                    .select_related("author")
                    .order_by("-published_at"),
                ),
                "links",
            )
        )

    def get_context_data(self, **kwargs):
        mailing = self.object
        return super().get_context_data(
            featured_posts=mailing.featured_posts.all(), links=mailing.links.all(), **kwargs
        )
