"""The pledger's pages about their organisations: registering one, its profile and members,
inviting colleagues and accepting an invitation.

Every queryset starts from what the signed-in user belongs to, so another organisation is a
404, never a 403 that would confirm it exists.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.generic import DetailView, FormView, TemplateView, UpdateView

from core.ratelimit import RateLimitedFormMixin

from . import services
from .forms import InvitationForm, OrganisationForm
from .models import Membership, Organisation


class PrivatePageMixin(LoginRequiredMixin):
    """A pledger's private page (under /my/): sign-in required, and never stored by a browser
    or a shared cache (`Cache-Control: private, no-store`), the sign-in redirect included.

    The whole view is wrapped, not `dispatch()`, so that the answers a view's own `dispatch()`
    returns early carry the header too. A 404 or 403 raised is the portal's error page, which
    shows nothing private.
    """

    @classmethod
    def as_view(cls, **initkwargs):
        return cache_control(private=True, no_store=True)(super().as_view(**initkwargs))


def safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


class OrganisationCreateView(PrivatePageMixin, RateLimitedFormMixin, FormView):
    template_name = "organisations/organisation_form.html"
    form_class = OrganisationForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=safe_next(self.request, ""), **kwargs)

    def form_valid(self, form):
        organisation = services.create_organisation(
            creator=self.request.user,
            **{name: form.cleaned_data[name] for name in form.Meta.fields},
        )
        messages.success(
            self.request,
            _("%(name)s is registered and you are its administrator.")
            % {"name": organisation.name},
        )
        return redirect(
            safe_next(
                self.request,
                reverse("organisations:organisation-detail", args=[organisation.slug]),
            )
        )


class OwnOrganisationMixin(PrivatePageMixin):
    slug_url_kwarg = "slug"
    admin_only = False

    def get_organisation(self):
        """A non-member gets a 404; a member who is not an administrator, where one is needed,
        a 403 (they know the organisation exists)."""
        organisation = get_object_or_404(
            Organisation.objects.for_user(self.request.user), slug=self.kwargs["slug"]
        )
        if self.admin_only and not services.is_admin(
            user=self.request.user, organisation=organisation
        ):
            raise PermissionDenied
        return organisation


class OrganisationDetailView(OwnOrganisationMixin, DetailView):
    template_name = "organisations/organisation_detail.html"
    context_object_name = "organisation"

    def get_object(self, queryset=None):
        return self.get_organisation()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["memberships"] = self.object.memberships.select_related("user").order_by(
            "role", "user__email"
        )
        context["is_admin"] = services.is_admin(user=self.request.user, organisation=self.object)
        context["invitation_form"] = InvitationForm(organisation=self.object)
        # Through the reverse relation: the pledges area sits above this app.
        context["pledge_count"] = self.object.pledges.count()
        return context


class OrganisationUpdateView(OwnOrganisationMixin, UpdateView):
    template_name = "organisations/organisation_form.html"
    form_class = OrganisationForm
    admin_only = True
    context_object_name = "organisation"

    def get_object(self, queryset=None):
        return self.get_organisation()

    def form_valid(self, form):
        services.update_organisation(
            organisation=form.save(commit=False), logo_changed="logo" in form.changed_data
        )
        messages.success(self.request, _("The organisation's profile is saved."))
        return redirect("organisations:organisation-detail", slug=self.object.slug)


class InvitationCreateView(OwnOrganisationMixin, RateLimitedFormMixin, FormView):
    template_name = "organisations/invitation_form.html"
    form_class = InvitationForm
    admin_only = True
    ratelimit_group = "pledges.invitation"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.organisation = self.get_organisation()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"organisation": self.organisation}

    def get_context_data(self, **kwargs):
        return super().get_context_data(organisation=self.organisation, **kwargs)

    def form_valid(self, form):
        services.invite_member(
            organisation=self.organisation,
            inviter=self.request.user,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            request=self.request,
        )
        messages.success(
            self.request,
            _("An invitation has been sent to %(email)s.") % {"email": form.cleaned_data["email"]},
        )
        return redirect("organisations:organisation-detail", slug=self.organisation.slug)


class InvitationAcceptView(PrivatePageMixin, TemplateView):
    template_name = "organisations/invitation_accept.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            try:
                self.invitation = services.read_invitation_token(kwargs["token"])
            except (signing.BadSignature, Organisation.DoesNotExist):
                self.invitation = None
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["invitation"] = self.invitation
        if self.invitation:
            context["wrong_address"] = (
                self.request.user.email.strip().lower() != self.invitation["email"]
            )
            context["role_label"] = Membership.Role(self.invitation["role"]).label
            context["already_member"] = (
                self.invitation["organisation"].memberships.filter(user=self.request.user).exists()
            )
        return context

    def get(self, request, *args, **kwargs):
        status = 200 if self.invitation else 400
        return self.render_to_response(self.get_context_data(), status=status)

    def post(self, request, *args, **kwargs):
        if not self.invitation:
            raise Http404
        try:
            membership = services.accept_invitation(token=kwargs["token"], user=request.user)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect(request.path)
        messages.success(
            request,
            _("Welcome: you are now a member of %(name)s.")
            % {"name": membership.organisation.name},
        )
        return redirect("organisations:organisation-detail", slug=membership.organisation.slug)
