"""Writes of organisations: registering one, and inviting colleagues to join it."""

import datetime
from functools import partial

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from core.images import refresh_renditions, resize_to_widths
from core.mail import send_templated_mail
from core.slugs import unique_slug

from .models import Membership, Organisation

# Logos are shown at most 160 CSS pixels wide on public pages and 256 on the private profile
# (1x and 2x screens).
LOGO_WIDTHS = (160, 320, 512)

# The salt of the links already sent from the pledges app: changing it would void them.
INVITATION_SALT = "pledges.invitation"


def is_member(*, user, organisation) -> bool:
    return Membership.objects.filter(organisation=organisation, user=user).exists()


def is_admin(*, user, organisation) -> bool:
    return Membership.objects.filter(
        organisation=organisation, user=user, role=Membership.Role.ADMIN
    ).exists()


@transaction.atomic
def create_organisation(*, creator, **fields) -> Organisation:
    """Create an organisation whose first member, its administrator, is the creator."""
    organisation = Organisation(**fields)
    organisation.slug = unique_slug(Organisation, organisation.name, instance=organisation)
    organisation.full_clean()
    organisation.save()
    Membership.objects.create(organisation=organisation, user=creator, role=Membership.Role.ADMIN)
    refresh_logo(organisation=organisation, logo_changed=bool(organisation.logo))
    return organisation


@transaction.atomic
def update_organisation(*, organisation: Organisation, logo_changed: bool) -> Organisation:
    """Save the edited profile (the form's or the admin's) and its logo's renditions."""
    organisation.full_clean()
    organisation.save()
    refresh_logo(organisation=organisation, logo_changed=logo_changed)
    return organisation


def refresh_logo(*, organisation: Organisation, logo_changed: bool) -> None:
    """Generate the logo's renditions once, when it is new or changed (core.images); a logo
    saved before renditions existed gets them at its next save."""
    if logo_changed or (organisation.logo and not organisation.logo_renditions):
        refresh_renditions(organisation, "logo", partial(resize_to_widths, widths=LOGO_WIDTHS))


def make_invitation_token(*, organisation: Organisation, email: str, role: str) -> str:
    return signing.dumps(
        {"o": organisation.pk, "e": email.strip().lower(), "r": role}, salt=INVITATION_SALT
    )


def read_invitation_token(token: str) -> dict:
    """The invitation's organisation, e-mail and role; raises signing.BadSignature when the
    token was tampered with or is older than settings.PLEDGE_INVITATION_MAX_AGE_DAYS."""
    data = signing.loads(
        token,
        salt=INVITATION_SALT,
        max_age=datetime.timedelta(days=settings.PLEDGE_INVITATION_MAX_AGE_DAYS),
    )
    return {
        "organisation": Organisation.objects.get(pk=data["o"]),
        "email": data["e"],
        "role": data["r"] if data["r"] in Membership.Role.values else Membership.Role.EDITOR,
    }


def invite_member(*, organisation: Organisation, inviter, email: str, role: str, request) -> str:
    """E-mail a signed link to join the organisation; only its administrators may invite."""
    if not is_admin(user=inviter, organisation=organisation):
        raise PermissionDenied(_("Only the organisation's administrators can invite colleagues."))
    token = make_invitation_token(organisation=organisation, email=email, role=role)
    url = request.build_absolute_uri(reverse("organisations:invitation-accept", args=[token]))
    send_templated_mail(
        template="organisations/email/invitation",
        context={
            "organisation": organisation,
            "inviter": inviter,
            "role": Membership.Role(role).label,
            "url": url,
            "max_age_days": settings.PLEDGE_INVITATION_MAX_AGE_DAYS,
            "site_email": settings.SECRETARIAT_EMAIL,
        },
        subject=_("Join %(organisation)s on the Digital Skills and Jobs Coalition portal")
        % {"organisation": organisation.name},
        to=[email],
    )
    return token


@transaction.atomic
def accept_invitation(*, token: str, user) -> Membership:
    """Add the signed-in user to the organisation, if the invitation was sent to their address.

    Raises signing.BadSignature (invalid or expired link) or PermissionDenied (other address).
    """
    invitation = read_invitation_token(token)
    if user.email.strip().lower() != invitation["email"]:
        raise PermissionDenied(
            _("This invitation was sent to another e-mail address. Sign in with that address.")
        )
    membership, _created = Membership.objects.get_or_create(
        organisation=invitation["organisation"],
        user=user,
        defaults={"role": invitation["role"]},
    )
    return membership
