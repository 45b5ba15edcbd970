from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.models import TimeStampedModel
from core.uploads import ValidatedImageField

# The longest description of a pledge or an organisation: several pages of text. The forms
# check it (a TextField's max_length is not a database limit).
DESCRIPTION_MAX_LENGTH = 5000


class OrganisationQuerySet(models.QuerySet):
    def for_user(self, user):
        """The organisations the user is a member of: none for an anonymous visitor."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)

    def with_public_pledges(self):
        """Organisations with a public page: at least one pledge in `Pledge.objects.public()`.

        Pledges live in an area above this app, which must not import it (see the layers in
        pyproject.toml); the pledge model is reached through the reverse relation instead, so
        the visibility rule stays the one `PledgeQuerySet.public()`.
        """
        pledge_model = self.model._meta.get_field("pledges").related_model
        return self.filter(pk__in=pledge_model.objects.public().values("organisation"))


class Organisation(TimeStampedModel):
    class Type(models.TextChoices):
        LARGE_COMPANY = "large-company", _("Large company")
        SME = "sme", _("SME")
        NGO = "ngo", _("NGO")
        EDUCATION_PROVIDER = "education-provider", _("Education or training provider")
        SOCIAL_PARTNER = "social-partner", _("Social partner")
        PUBLIC_AUTHORITY = "public-authority", _("Public authority")
        ASSOCIATION = "association", _("Association or network")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    type = models.CharField(_("type"), max_length=30, choices=Type.choices, db_index=True)
    country = CountryField(_("country"), help_text=_("Where the organisation is based."))
    website = models.URLField(_("website"), blank=True)
    logo = ValidatedImageField(_("logo"), upload_to="organisations/logos/", blank=True)
    logo_alt = models.CharField(
        _("logo text alternative"),
        max_length=200,
        blank=True,
        help_text=_(
            "Describes the logo for people who cannot see it, e.g. the organisation's name."
        ),
    )
    # Written by services.refresh_logo (core.images): pages show these, never the upload.
    logo_renditions = models.JSONField(
        _("logo renditions"), default=list, blank=True, editable=False
    )
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX_LENGTH, blank=True)
    # Private: never shown on public pages or in exports.
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        related_name="organisations",
        verbose_name=_("members"),
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        # The public page lists the organisation's public pledges: it is the pledges area's.
        return reverse("pledges:organisation-detail", kwargs={"slug": self.slug})


class Membership(models.Model):
    """A user's role in an organisation. The first member is its admin."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        EDITOR = "editor", _("Editor")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.EDITOR)
    created_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation", "user"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="unique_membership"),
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


class InvitationQuerySet(models.QuerySet):
    def open(self):
        """Neither accepted nor revoked: listed on the organisation's page, expired or not."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)

    def pending(self):
        """Open and not expired: its link can still be accepted."""
        return self.open().filter(expires_at__gt=timezone.now())

    def expired(self):
        return self.open().filter(expires_at__lte=timezone.now())


class Invitation(models.Model):
    """An invitation e-mailed to a colleague to join an organisation with a role.

    Its link (services.invitation_token) names this row; whether it still works is decided
    here (accepted, revoked, expired), so administrators can list, resend and revoke it.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        EXPIRED = "expired", _("Expired")
        ACCEPTED = "accepted", _("Accepted")
        REVOKED = "revoked", _("Revoked")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    # Stored in lower case (services.normalise_email): one open invitation per address.
    email = models.EmailField(_("e-mail"))
    role = models.CharField(
        _("role"), max_length=10, choices=Membership.Role.choices, default=Membership.Role.EDITOR
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_sent_at = models.DateTimeField(_("last sent at"), default=timezone.now)
    send_count = models.PositiveSmallIntegerField(_("times sent"), default=1)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-last_sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="unique_open_invitation",
                violation_error_message=_("This address already has an open invitation."),
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(revoked_at__isnull=True),
                name="invitation_accepted_or_revoked",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="invitation_expires_after_creation",
            ),
        ]

    def __str__(self):
        return f"{self.email} → {self.organisation} ({self.get_role_display()})"

    @property
    def state(self) -> str:
        if self.accepted_at:
            return self.State.ACCEPTED
        if self.revoked_at:
            return self.State.REVOKED
        if self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.PENDING

    def get_state_display(self) -> str:
        return self.State(self.state).label
