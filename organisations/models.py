from django.conf import settings
from django.db import models
from django.urls import reverse
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
