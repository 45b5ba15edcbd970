"""Writes of organisations: registering one, inviting colleagues (stored invitations that can
be resent and revoked), and managing its members without ever leaving it without an
administrator."""

import datetime
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.images import refresh_renditions, resize_to_widths
from core.mail import send_templated_mail
from core.slugs import unique_slug

from .models import Invitation, Membership, Organisation

# Logos are shown at most 160 CSS pixels wide on public pages and 256 on the private profile
# (1x and 2x screens).
LOGO_WIDTHS = (160, 320, 512)

# The salt of the links already sent from the pledges app: changing it would void them.
INVITATION_SALT = "pledges.invitation"
# An administrator may send the same invitation again after this long (besides the per-IP
# limit of the views): a colleague's inbox is not a target.
RESEND_INTERVAL = datetime.timedelta(minutes=10)
# New invitations one organisation may send in 24 hours: more than any real team needs, and a
# bound on what a compromised administrator account can mail.
MAX_INVITATIONS_PER_DAY = 50


class InvitationError(Exception):
    """An invitation that cannot be used or changed; the message is written for people."""

    def __init__(self, message, *, code: str):
        super().__init__(message)
        self.message, self.code = str(message), code


class MembershipError(Exception):
    """A change of members that is refused (the last administrator); a message for people."""

    def __init__(self, message):
        super().__init__(message)
        self.message = str(message)


def normalise_email(email: str) -> str:
    return email.strip().lower()


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


def invitation_lifetime() -> datetime.timedelta:
    return datetime.timedelta(days=settings.PLEDGE_INVITATION_MAX_AGE_DAYS)


def invitation_token(invitation: Invitation) -> str:
    """The link's credential: a signed reference to the stored invitation, whose state decides
    whether it still works (so a resent link and the first one both work until it is used,
    revoked or expired)."""
    return signing.dumps({"i": invitation.pk}, salt=INVITATION_SALT)


def invitation_url(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse(
        "organisations:invitation-accept", args=[invitation_token(invitation)]
    )


def make_invitation_token(*, organisation: Organisation, email: str, role: str) -> str:
    """A link in the format sent before invitations were stored (organisation, address and role
    signed into it). Such links still arrive in inboxes, so read_invitation accepts them until
    they expire; new invitations use invitation_token."""
    return signing.dumps(
        {"o": organisation.pk, "e": normalise_email(email), "r": role}, salt=INVITATION_SALT
    )


def _invalid_link():
    return InvitationError(
        _(
            "This invitation link is not valid. Check that you copied the whole link, or ask "
            "your colleague to send a new invitation."
        ),
        code="invalid",
    )


def _signed_at(token: str) -> datetime.datetime:
    # A valid signing.dumps token is "payload:timestamp:signature" (TimestampSigner).
    return datetime.datetime.fromtimestamp(
        signing.b62_decode(token.rsplit(":", 2)[1]), tz=datetime.UTC
    )


def _legacy_invitation(token: str, data: dict) -> Invitation:
    """The invitation an old-format link stands for: the stored open invitation to the same
    address if there is one; otherwise an unsaved one, saved when accepted. Revoking an
    invitation to that address after the link was sent voids the link too."""
    organisation = Organisation.objects.filter(pk=data.get("o")).first()
    if organisation is None:
        raise _invalid_link()
    email = normalise_email(str(data.get("e", "")))
    stored = organisation.invitations.filter(email=email)
    current = stored.open().first()
    if current is not None:
        return current
    sent_at = _signed_at(token)
    revoked = stored.filter(revoked_at__gte=sent_at).order_by("-revoked_at").first()
    if revoked is not None:
        return revoked
    # Accepted since the link was signed (by this link or another): the link is used, so a
    # member removed since cannot replay it to join again.
    accepted = stored.filter(accepted_at__gte=sent_at).order_by("-accepted_at").first()
    if accepted is not None:
        return accepted
    role = data.get("r")
    return Invitation(
        organisation=organisation,
        email=email,
        role=role if role in Membership.Role.values else Membership.Role.EDITOR,
        created_at=sent_at,
        last_sent_at=sent_at,
        expires_at=sent_at + invitation_lifetime(),
    )


def read_invitation(token: str) -> Invitation:
    """The invitation a link stands for, whatever its state; InvitationError("invalid") for a
    tampered link or one whose invitation no longer exists."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT)
    except signing.BadSignature:
        raise _invalid_link() from None
    if not isinstance(data, dict):
        raise _invalid_link()
    if "i" in data:
        invitation = (
            Invitation.objects.select_related("organisation", "invited_by")
            .filter(pk=data["i"])
            .first()
        )
        if invitation is None:
            raise _invalid_link()
        return invitation
    return _legacy_invitation(token, data)


def check_usable(invitation: Invitation) -> None:
    """Raise InvitationError unless the invitation can still be accepted."""
    state = invitation.state
    if state == Invitation.State.REVOKED:
        raise InvitationError(
            _(
                "This invitation has been withdrawn by the organisation. If you still want to "
                "join, ask one of its administrators to invite you again."
            ),
            code="revoked",
        )
    if state == Invitation.State.ACCEPTED:
        raise InvitationError(
            _("This invitation has already been used. Each invitation can be accepted once."),
            code="accepted",
        )
    if state == Invitation.State.EXPIRED:
        raise InvitationError(
            _(
                "This invitation has expired. Ask an administrator of the organisation to send "
                "it again."
            ),
            code="expired",
        )


def _lock_organisation(organisation: Organisation) -> dict[int, Membership]:
    """Lock the organisation and its memberships for the rest of the transaction; returns the
    memberships by pk. Every change of members or invitations of one organisation takes this
    lock first, so concurrent requests are serialised (one order, no deadlock)."""
    Organisation.objects.select_for_update().filter(pk=organisation.pk).get()
    return {
        membership.pk: membership
        for membership in Membership.objects.select_for_update(of=("self",))
        .filter(organisation=organisation)
        .select_related("user")
        .order_by("pk")
    }


def _too_soon_error():
    minutes = int(RESEND_INTERVAL.total_seconds() // 60)
    return InvitationError(
        ngettext(
            "This invitation was sent less than %(minutes)d minute ago. Please wait a "
            "little before sending it again.",
            "This invitation was sent less than %(minutes)d minutes ago. Please wait a "
            "little before sending it again.",
            minutes,
        )
        % {"minutes": minutes},
        code="too-soon",
    )


def _require_admin(memberships: dict[int, Membership], user) -> Membership:
    for membership in memberships.values():
        if membership.user_id == user.pk and membership.role == Membership.Role.ADMIN:
            return membership
    raise PermissionDenied(_("Only the organisation's administrators can do this."))


def _language_of(email: str) -> str:
    """An account's language for mails to this address, else the language of the request."""
    language = (
        get_user_model()
        .objects.filter(email__iexact=email)
        .values_list("language", flat=True)
        .first()
    )
    return language or translation.get_language() or settings.LANGUAGE_CODE


def _send_invitation(invitation: Invitation, *, resent: bool = False) -> None:
    with translation.override(_language_of(invitation.email)):
        subject = (
            _("Reminder: join %(organisation)s on the Digital Skills and Jobs Coalition portal")
            if resent
            else _("Join %(organisation)s on the Digital Skills and Jobs Coalition portal")
        )
        send_templated_mail(
            template="organisations/email/invitation",
            context={
                "organisation": invitation.organisation,
                "inviter": invitation.invited_by,
                "role": Membership.Role(invitation.role).label,
                "url": invitation_url(invitation),
                "expires_at": invitation.expires_at,
                "max_age_days": settings.PLEDGE_INVITATION_MAX_AGE_DAYS,
                "resent": resent,
                "site_email": settings.SECRETARIAT_EMAIL,
            },
            subject=subject % {"organisation": invitation.organisation.name},
            to=[invitation.email],
        )


def _notify_member(user, *, template: str, subject, context: dict) -> None:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        send_templated_mail(
            template=template,
            context={
                "site_email": settings.SECRETARIAT_EMAIL,
                "site_url": settings.SITE_URL,
                **context,
            },
            subject=str(subject) % {"organisation": context["organisation"].name},
            to=[user.email],
        )


@transaction.atomic
def invite_member(*, organisation: Organisation, inviter, email: str, role: str) -> Invitation:
    """E-mail an invitation to join the organisation; only its administrators may invite.

    An address with an open invitation gets it refreshed (new role, sender, expiry, mail)
    rather than a second one: there is at most one open invitation per address (a constraint).
    An address mailed less than RESEND_INTERVAL ago is refused ("too-soon"), whether its
    invitation is still open or was revoked meanwhile, and an organisation sends at most
    MAX_INVITATIONS_PER_DAY new invitations in 24 hours ("daily-limit"): inboxes are no target.
    """
    memberships = _lock_organisation(organisation)
    _require_admin(memberships, inviter)
    email = normalise_email(email)
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    if any(normalise_email(m.user.email) == email for m in memberships.values()):
        raise ValidationError({"email": _("This person is already a member.")})
    now = timezone.now()
    stored = organisation.invitations.filter(email=email)
    if stored.filter(last_sent_at__gt=now - RESEND_INTERVAL).exists():
        raise _too_soon_error()
    invitation = stored.open().first()
    if invitation is None:
        sent_today = organisation.invitations.filter(
            created_at__gt=now - datetime.timedelta(days=1)
        ).count()
        if sent_today >= MAX_INVITATIONS_PER_DAY:
            raise InvitationError(
                ngettext(
                    "Your organisation has sent %(limit)d new invitation in the last 24 hours, "
                    "the most allowed in one day. Please try again tomorrow.",
                    "Your organisation has sent %(limit)d new invitations in the last 24 hours, "
                    "the most allowed in one day. Please try again tomorrow.",
                    MAX_INVITATIONS_PER_DAY,
                )
                % {"limit": MAX_INVITATIONS_PER_DAY},
                code="daily-limit",
            )
        invitation = Invitation(
            organisation=organisation, email=email, created_at=now, send_count=0
        )
    invitation.role = role
    invitation.invited_by = inviter
    invitation.last_sent_at = now
    invitation.expires_at = now + invitation_lifetime()
    invitation.send_count += 1
    invitation.full_clean()
    invitation.save()
    _send_invitation(invitation)
    return invitation


def _locked_invitation(invitation: Invitation, actor) -> Invitation:
    memberships = _lock_organisation(invitation.organisation)
    _require_admin(memberships, actor)
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("organisation", "invited_by")
        .get(pk=invitation.pk)
    )
    if invitation.accepted_at or invitation.revoked_at:
        raise InvitationError(
            _("This invitation has already been accepted or revoked."), code=invitation.state
        )
    return invitation


@transaction.atomic
def resend_invitation(*, invitation: Invitation, actor) -> Invitation:
    """Send the invitation again with a fresh expiry; at most once per RESEND_INTERVAL.

    Every link sent for it keeps working: they name the same stored invitation.
    """
    invitation = _locked_invitation(invitation, actor)
    now = timezone.now()
    if invitation.last_sent_at > now - RESEND_INTERVAL:
        raise _too_soon_error()
    invitation.last_sent_at = now
    invitation.expires_at = now + invitation_lifetime()
    invitation.send_count += 1
    invitation.save(update_fields=["last_sent_at", "expires_at", "send_count"])
    _send_invitation(invitation, resent=True)
    return invitation


@transaction.atomic
def revoke_invitation(*, invitation: Invitation, actor) -> Invitation:
    """Withdraw the invitation: its links stop working and say so."""
    invitation = _locked_invitation(invitation, actor)
    invitation.revoked_at = timezone.now()
    invitation.revoked_by = actor
    invitation.save(update_fields=["revoked_at", "revoked_by"])
    return invitation


@transaction.atomic
def accept_invitation(*, token: str, user) -> Membership:
    """Add the signed-in user to the organisation with the invitation's role.

    Raises InvitationError when the link is invalid, revoked, expired, already used or was
    sent to another address; nothing changes then. A member already keeps their role.
    """
    invitation = read_invitation(token)
    organisation = invitation.organisation
    memberships = _lock_organisation(organisation)
    if invitation.pk:
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("organisation", "invited_by")
            .get(pk=invitation.pk)
        )
    check_usable(invitation)
    if normalise_email(user.email) != invitation.email:
        raise InvitationError(
            _("This invitation was sent to another e-mail address. Sign in with that address."),
            code="wrong-address",
        )
    membership = next((m for m in memberships.values() if m.user_id == user.pk), None)
    if membership is None:
        membership = Membership.objects.create(
            organisation=organisation, user=user, role=invitation.role
        )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.full_clean()
    invitation.save()
    # Only a colleague still in the organisation hears of it: a former member is told nothing
    # more about who joins.
    inviter_is_member = any(m.user_id == invitation.invited_by_id for m in memberships.values())
    if invitation.invited_by_id and invitation.invited_by_id != user.pk and inviter_is_member:
        _notify_member(
            invitation.invited_by,
            template="organisations/email/invitation_accepted",
            subject=_("%(organisation)s: your invitation was accepted"),
            context={"organisation": organisation, "member": user, "invitation": invitation},
        )
    return membership


# --- Members --------------------------------------------------------------------------------


def _last_admin_error():
    return MembershipError(
        _(
            "An organisation needs at least one administrator. Make another member an "
            "administrator first."
        )
    )


def _revoke_invitations_sent_by(user, *, organisation: Organisation, actor) -> None:
    """Withdraw the open invitations a departing member sent: their links must not let
    people in on the word of someone no longer in the organisation."""
    organisation.invitations.open().filter(invited_by=user).update(
        revoked_at=timezone.now(), revoked_by=actor
    )


def _admin_count(memberships: dict[int, Membership]) -> int:
    return sum(m.role == Membership.Role.ADMIN for m in memberships.values())


def _locked_target(memberships, membership) -> Membership:
    target = memberships.get(membership.pk)
    if target is None:
        raise MembershipError(_("This person is no longer a member of the organisation."))
    return target


@transaction.atomic
def change_role(*, membership: Membership, role: str, actor) -> Membership:
    """An administrator gives a member another role; the last administrator keeps theirs."""
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    memberships = _lock_organisation(membership.organisation)
    _require_admin(memberships, actor)
    target = _locked_target(memberships, membership)
    if target.role == role:
        return target
    if target.role == Membership.Role.ADMIN and _admin_count(memberships) == 1:
        raise _last_admin_error()
    target.role = role
    target.save(update_fields=["role"])
    if target.user_id != actor.pk:
        _notify_member(
            target.user,
            template="organisations/email/role_changed",
            subject=_("%(organisation)s: your role has changed"),
            context={
                "organisation": target.organisation,
                "role": target.get_role_display(),
                "actor": actor,
            },
        )
    return target


@transaction.atomic
def remove_member(*, membership: Membership, actor) -> None:
    """An administrator removes a member (who is told by e-mail); never the last administrator."""
    memberships = _lock_organisation(membership.organisation)
    _require_admin(memberships, actor)
    target = _locked_target(memberships, membership)
    if target.role == Membership.Role.ADMIN and _admin_count(memberships) == 1:
        raise _last_admin_error()
    user, organisation = target.user, target.organisation
    target.delete()
    _revoke_invitations_sent_by(user, organisation=organisation, actor=actor)
    if user.pk != actor.pk:
        _notify_member(
            user,
            template="organisations/email/member_removed",
            subject=_("You are no longer a member of %(organisation)s"),
            context={"organisation": organisation, "actor": actor},
        )


@transaction.atomic
def leave_organisation(*, user, organisation: Organisation) -> None:
    """A member leaves; the last administrator must hand the role on first."""
    memberships = _lock_organisation(organisation)
    own = next((m for m in memberships.values() if m.user_id == user.pk), None)
    if own is None:
        raise MembershipError(_("You are not a member of this organisation."))
    if own.role == Membership.Role.ADMIN and _admin_count(memberships) == 1:
        raise _last_admin_error()
    own.delete()
    _revoke_invitations_sent_by(user, organisation=organisation, actor=user)
