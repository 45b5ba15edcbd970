"""The pledger's pages about their organisations: registering one, its profile and members,
inviting colleagues (and resending or revoking an invitation), changing roles, removing a
member or leaving, and accepting an invitation.

Every queryset starts from what the signed-in user belongs to, so another organisation is a
404, never a 403 that would confirm it exists.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.cache import cache_control
from django.views.generic import DetailView, FormView, TemplateView, UpdateView
from django_ratelimit.core import is_ratelimited

from core.ratelimit import RateLimitedFormMixin

from . import services
from .forms import InvitationForm, OrganisationForm
from .models import Invitation, Membership, Organisation


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
        memberships = list(
            self.object.memberships.select_related("user").order_by("role", "user__email")
        )
        context["memberships"] = memberships
        context["admin_count"] = sum(m.role == Membership.Role.ADMIN for m in memberships)
        for membership in memberships:
            # Shown without the controls that would take the organisation's last admin away.
            membership.is_last_admin = (
                membership.role == Membership.Role.ADMIN and context["admin_count"] == 1
            )
        context["own_membership"] = next(
            (m for m in memberships if m.user_id == self.request.user.pk), None
        )
        context["is_admin"] = context["own_membership"].role == Membership.Role.ADMIN
        context["roles"] = Membership.Role.choices
        context["invitations"] = self.object.invitations.open().select_related("invited_by")
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
        try:
            services.invite_member(
                organisation=self.organisation,
                inviter=self.request.user,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
        except services.InvitationError as error:
            # Sent too recently, or the day's limit reached: said on the form, nothing sent.
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("An invitation has been sent to %(email)s.") % {"email": form.cleaned_data["email"]},
        )
        return redirect("organisations:organisation-detail", slug=self.organisation.slug)


class InvitationAcceptView(PrivatePageMixin, TemplateView):
    """The page an invitation's link opens: what it offers, or why it no longer works."""

    template_name = "organisations/invitation_accept.html"

    def dispatch(self, request, *args, **kwargs):
        self.invitation = self.error = None
        if request.user.is_authenticated:
            try:
                self.invitation = services.read_invitation(kwargs["token"])
                services.check_usable(self.invitation)
            except services.InvitationError as error:
                self.error = error
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        invitation = self.invitation
        context["invitation"] = invitation
        context["error"] = self.error
        if invitation is not None:
            context["already_member"] = invitation.organisation.memberships.filter(
                user=self.request.user
            ).exists()
            context["wrong_address"] = (
                services.normalise_email(self.request.user.email) != invitation.email
            )
            context["role_label"] = Membership.Role(invitation.role).label
        return context

    def get(self, request, *args, **kwargs):
        context = self.get_context_data()
        # A member opening the link (used or not) is simply shown the way in.
        if self.error is None or context.get("already_member"):
            status = 200
        else:
            status = 400 if self.error.code == "invalid" else 410
        return self.render_to_response(context, status=status)

    def post(self, request, *args, **kwargs):
        if self.invitation is None:
            raise Http404
        try:
            membership = services.accept_invitation(token=kwargs["token"], user=request.user)
        except services.InvitationError as error:
            messages.error(request, error.message)
            return redirect(request.path)
        messages.success(
            request,
            _("Welcome: you are now a member of %(name)s.")
            % {"name": membership.organisation.name},
        )
        return redirect("organisations:organisation-detail", slug=membership.organisation.slug)


class OrganisationActionView(OwnOrganisationMixin, TemplateView):
    """A change an administrator makes from the organisation's page (a POST form there); the
    answer is that page again with a message. Opened directly (GET), the address shows the
    same form on a page of its own. A non-member gets a 404, a member who is not an
    administrator a 403."""

    template_name = "organisations/organisation_action_confirm.html"
    admin_only = True

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.organisation = self.get_organisation()
            self.target = self.get_target()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            organisation=self.organisation, target=self.target, **self.texts(), **kwargs
        )

    def done(self):
        return redirect("organisations:organisation-detail", slug=self.organisation.slug)


class InvitationActionView(OrganisationActionView):
    def get_target(self) -> Invitation:
        return get_object_or_404(self.organisation.invitations.open(), pk=self.kwargs["pk"])

    def post(self, request, *args, **kwargs):
        try:
            self.act(self.target)
        except services.InvitationError as error:
            messages.error(request, error.message)
        return self.done()


class InvitationResendView(InvitationActionView):
    def texts(self):
        return {
            "heading": _("Send the invitation to %(email)s again") % {"email": self.target.email},
            "explanation": ngettext(
                "They receive the invitation once more, valid for another %(days)d day. The "
                "link in the first e-mail keeps working too.",
                "They receive the invitation once more, valid for another %(days)d days. The "
                "link in the first e-mail keeps working too.",
                settings.PLEDGE_INVITATION_MAX_AGE_DAYS,
            )
            % {"days": settings.PLEDGE_INVITATION_MAX_AGE_DAYS},
            "button": _("Resend the invitation"),
            "danger": False,
        }

    def post(self, request, *args, **kwargs):
        # The invitation form's per-IP limit covers resending too: both send mail.
        if is_ratelimited(
            request,
            group=InvitationCreateView.ratelimit_group,
            key="ip",
            rate=settings.PUBLIC_FORM_RATE,
            method="POST",
            increment=True,
        ):
            messages.error(request, RateLimitedFormMixin.ratelimit_message)
            return self.done()
        return super().post(request, *args, **kwargs)

    def act(self, invitation):
        services.resend_invitation(invitation=invitation, actor=self.request.user)
        messages.success(
            self.request,
            _("The invitation has been sent again to %(email)s.") % {"email": invitation.email},
        )


class InvitationRevokeView(InvitationActionView):
    def texts(self):
        return {
            "heading": _("Revoke the invitation to %(email)s") % {"email": self.target.email},
            "explanation": _(
                "The link they received stops working. You can invite them again later."
            ),
            "button": _("Revoke the invitation"),
            "danger": True,
        }

    def act(self, invitation):
        services.revoke_invitation(invitation=invitation, actor=self.request.user)
        messages.success(
            self.request,
            _("The invitation to %(email)s has been revoked: its link no longer works.")
            % {"email": invitation.email},
        )


class MemberRoleView(OrganisationActionView):
    def get_target(self) -> Membership:
        return get_object_or_404(
            self.organisation.memberships.select_related("user"), pk=self.kwargs["pk"]
        )

    def texts(self):
        return {
            "heading": _("Change the role of %(email)s") % {"email": self.target.user.email},
            "explanation": _(
                "Editors write and submit pledges and progress reports. Administrators can "
                "also edit the organisation's profile, invite colleagues and manage members."
            ),
            "button": _("Change role"),
            "danger": False,
            "roles": Membership.Role.choices,
        }

    def post(self, request, *args, **kwargs):
        try:
            membership = services.change_role(
                membership=self.target, role=request.POST.get("role", ""), actor=request.user
            )
        except ValidationError:
            messages.error(request, _("Choose a role."))
        except services.MembershipError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(email)s is now %(role)s.")
                % {"email": membership.user.email, "role": membership.get_role_display()},
            )
        return self.done()


class MembershipConfirmView(OwnOrganisationMixin, TemplateView):
    """Removing a member or leaving: a page that asks first (it works without JavaScript)."""

    template_name = "organisations/membership_confirm_delete.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.organisation = self.get_organisation()
            self.membership = self.get_membership()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        admins = self.organisation.memberships.aggregate(
            n=Count("pk", filter=Q(role=Membership.Role.ADMIN))
        )["n"]
        return super().get_context_data(
            organisation=self.organisation,
            membership=self.membership,
            leaving=self.membership.user_id == self.request.user.pk,
            last_admin=self.membership.role == Membership.Role.ADMIN and admins == 1,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        try:
            self.change()
        except services.MembershipError as error:
            messages.error(request, error.message)
            return redirect(request.path)
        return self.done()


class MemberRemoveView(MembershipConfirmView):
    admin_only = True

    def get_membership(self):
        return get_object_or_404(
            self.organisation.memberships.select_related("user"), pk=self.kwargs["pk"]
        )

    def change(self):
        services.remove_member(membership=self.membership, actor=self.request.user)

    def done(self):
        if self.membership.user_id == self.request.user.pk:
            return redirect("pledger:my-pledges")
        messages.success(
            self.request,
            _("%(email)s is no longer a member of %(name)s.")
            % {"email": self.membership.user.email, "name": self.organisation.name},
        )
        return redirect("organisations:organisation-detail", slug=self.organisation.slug)


class OrganisationLeaveView(MembershipConfirmView):
    def get_membership(self):
        return self.organisation.memberships.select_related("user").get(user=self.request.user)

    def change(self):
        services.leave_organisation(user=self.request.user, organisation=self.organisation)

    def done(self):
        messages.success(
            self.request,
            _("You have left %(name)s.") % {"name": self.organisation.name},
        )
        return redirect("pledger:my-pledges")
