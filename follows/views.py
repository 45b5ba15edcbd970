"""Follow and unfollow buttons, the notifications page and the one-click unsubscribe."""

from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, TemplateView

from core.ratelimit import RateLimitedFormMixin
from national_coalitions.models import NationalCoalition
from organisations.models import Organisation
from organisations.views import PrivatePageMixin
from pledges.models import Pledge

from . import searches, services
from .forms import FollowForm, FrequencyForm
from .models import Follow, NotificationSettings


def _next_or_settings(request, next_url: str) -> str:
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return reverse("follows:settings")


# Only what the public can see can be followed.
FOLLOWABLE = {
    Follow.Kind.PLEDGE: lambda: Pledge.objects.public(),
    Follow.Kind.ORGANISATION: lambda: Organisation.objects.with_public_pledges(),
    Follow.Kind.COALITION: lambda: NationalCoalition.objects.all(),
}


class FollowView(PrivatePageMixin, RateLimitedFormMixin, FormView):
    """POST only, from a "Follow" button; a refusal is shown on a page of its own."""

    http_method_names = ["post"]
    form_class = FollowForm
    template_name = "follows/follow_refused.html"
    ratelimit_group = "follows.follow"
    # Following is cheap and people click through lists: more than a public form, still bounded.
    ratelimit_rate = "100/h"

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def form_valid(self, form):
        data = form.cleaned_data
        kind = data["kind"]
        try:
            if kind == Follow.Kind.SEARCH:
                query, label = searches.clean_search(QueryDict(data["query"]))
                follow = services.follow(
                    user=self.request.user, kind=kind, query=query, label=label
                )
            else:
                target = FOLLOWABLE[kind]().filter(pk=data["target"]).first()
                if target is None:
                    form.add_error(None, _("This page is not public, so it cannot be followed."))
                    return self.form_invalid(form)
                follow = services.follow(user=self.request.user, kind=kind, target=target)
        except services.FollowError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "You now follow %(name)s. Choose how often we e-mail you about it on your "
                "notifications page."
            )
            % {"name": follow.target_label},
        )
        return redirect(_next_or_settings(self.request, data["next"]))


class UnfollowView(PrivatePageMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        # Someone else's follow is a 404, as a missing one.
        follow = get_object_or_404(
            Follow.objects.select_related("pledge", "organisation", "coalition"),
            pk=pk,
            user=request.user,
        )
        name = follow.target_label
        services.unfollow(follow=follow)
        messages.success(request, _("You no longer follow %(name)s.") % {"name": name})
        return redirect(_next_or_settings(request, request.POST.get("next", "")))


class NotificationSettingsView(PrivatePageMixin, FormView):
    template_name = "follows/notification_settings.html"
    form_class = FrequencyForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = services.settings_for(self.request.user)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["follows"] = Follow.objects.filter(user=self.request.user).for_settings_page()
        context["is_stopped"] = (
            context["form"].instance.frequency == NotificationSettings.Frequency.NEVER
        )
        return context

    def form_valid(self, form):
        row = services.set_frequency(
            user=self.request.user, frequency=form.cleaned_data["frequency"]
        )
        messages.success(
            self.request,
            _("Saved. E-mails about what you follow: %(frequency)s.")
            % {"frequency": row.get_frequency_display()},
        )
        return redirect("follows:settings")


class StopAllView(PrivatePageMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        services.set_frequency(user=request.user, frequency=NotificationSettings.Frequency.NEVER)
        messages.success(
            request,
            _("We will no longer e-mail you about what you follow. You can start again here."),
        )
        return redirect("follows:settings")


class UnfollowAllView(PrivatePageMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        services.unfollow_all(user=request.user)
        messages.success(request, _("You no longer follow anything."))
        return redirect("follows:settings")


# RFC 8058 one-click unsubscribe: mail clients POST without a CSRF token; the signed token in
# the URL is what authorises the request. GET only shows a button, so that link scanners in
# mail systems change nothing. The page names the account, so no cache keeps it either.
@method_decorator(csrf_exempt, name="dispatch")
@method_decorator(cache_control(private=True, no_store=True), name="dispatch")
class UnsubscribeView(TemplateView):
    template_name = "follows/unsubscribe.html"

    def dispatch(self, request, *args, **kwargs):
        try:
            self.notification_settings = services.settings_for_unsubscribe(kwargs["token"])
        except services.InvalidLink:
            return self.response_class(
                request=request,
                template=["follows/unsubscribe_invalid.html"],
                context={},
                status=400,
                using=self.template_engine,
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        # Whoever holds the link (a forwarded digest) sees only a hint of the address.
        return super().get_context_data(
            notification_settings=self.notification_settings,
            masked_email=services.mask_email(self.notification_settings.user.email),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        services.unsubscribe(notification_settings=self.notification_settings)
        return redirect("follows:unsubscribe-done")


class UnsubscribeDoneView(TemplateView):
    template_name = "follows/unsubscribe_done.html"
