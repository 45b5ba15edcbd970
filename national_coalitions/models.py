from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from django_countries import Countries
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from core.countries import EU_MEMBER_STATES
from core.models import TimeStampedModel
from core.uploads import ValidatedImageField, ValidatedPDFField

# The 27 Member States by ISO 3166-1 code; names (translated) come from django-countries.


# The 24 official languages of the EU, for documents.
EU_LANGUAGES = (
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr",
    "hu", "it", "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv",
)  # fmt: skip


class EUMemberStates(Countries):
    only = EU_MEMBER_STATES


def eu_language_choices() -> list[tuple[str, str]]:
    """Language names, translated, from Django's own catalogue (Maltese is missing there)."""
    names = {"mt": _("Maltese")}
    return [
        (code, names.get(code) or get_language_info(code)["name_translated"])
        for code in EU_LANGUAGES
    ]


class StakeholderType(models.TextChoices):
    ICT_COMPANY = "ict_company", _("ICT company")
    ICT_USING_COMPANY = "ict_using_company", _("ICT-using company")
    EDUCATION_PROVIDER = "education_provider", _("Education or training provider")
    EDUCATION_MINISTRY = "education_ministry", _("Education ministry")
    EMPLOYMENT_MINISTRY = "employment_ministry", _("Employment ministry")
    EMPLOYMENT_SERVICE = "employment_service", _("Public or private employment service")
    ASSOCIATION = "association", _("Association")
    NGO = "ngo", _("NGO")
    SOCIAL_PARTNER = "social_partner", _("Social partner")
    OTHER = "other", _("Other")


def factsheet_path(instance, filename: str) -> str:
    return f"national-coalitions/factsheets/{instance.country.code.lower()}/{filename}"


def logo_path(instance, filename: str) -> str:
    return f"national-coalitions/logos/{instance.country.code.lower()}/{filename}"


class AreaOfAction(TimeStampedModel):
    """A field in which coalitions act; the Secretariat can add more than the initial four."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(
        _("slug"), max_length=160, unique=True, help_text=_("Used in filter links.")
    )
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Areas are listed by position, then by name.")
    )

    class Meta:
        verbose_name = _("area of action")
        verbose_name_plural = _("areas of action")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class NationalCoalitionQuerySet(models.QuerySet):
    def launched(self):
        return self.filter(status=NationalCoalition.Status.LAUNCHED)

    def under_formation(self):
        return self.filter(status=NationalCoalition.Status.UNDER_FORMATION)


class NationalCoalition(TimeStampedModel):
    """The National Coalition for Digital Skills and Jobs of one Member State."""

    class Status(models.TextChoices):
        LAUNCHED = "launched", _("Launched")
        UNDER_FORMATION = "under_formation", _("Under formation")

    country = CountryField(
        _("Member State"), countries=EUMemberStates, help_text=_("One coalition per Member State.")
    )
    name = models.CharField(_("name"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.UNDER_FORMATION
    )
    launch_date = models.DateField(
        _("launch date"), null=True, blank=True, help_text=_("Required once launched.")
    )
    coordinating_body_name = models.CharField(
        _("coordinating body"),
        max_length=200,
        blank=True,
        help_text=_("The organisation that coordinates the coalition."),
    )
    coordinating_body_website = models.URLField(_("coordinating body website"), blank=True)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Plain text; blank lines start new paragraphs.")
    )
    website = models.URLField(_("website"), blank=True)
    contact_email = models.EmailField(
        _("public contact e-mail"),
        blank=True,
        help_text=_(
            "Shown on the coalition's page and copied on messages sent to it through the portal."
        ),
    )
    logo = ValidatedImageField(_("logo"), upload_to=logo_path, blank=True)
    logo_alt_text = models.CharField(
        _("logo alternative text"),
        max_length=200,
        blank=True,
        help_text=_("Describes the logo for people who cannot see it. Required with a logo."),
    )
    # Resized copies of the logo (core.images), made once when it is saved.
    logo_renditions = models.JSONField(
        _("logo renditions"), default=list, blank=True, editable=False
    )
    factsheet = ValidatedPDFField(
        _("factsheet"), upload_to=factsheet_path, blank=True, help_text=_("A PDF document.")
    )
    areas_of_action = models.ManyToManyField(
        AreaOfAction,
        through="CoalitionArea",
        related_name="coalitions",
        blank=True,
        verbose_name=_("areas of action"),
    )
    last_verified_date = models.DateField(
        _("last verified"),
        null=True,
        blank=True,
        help_text=_("When the Secretariat last checked this information with the coalition."),
    )

    history = HistoricalRecords(excluded_fields=["logo_renditions"])
    objects = NationalCoalitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("national coalition")
        verbose_name_plural = _("national coalitions")
        ordering = ["country"]
        indexes = [models.Index(fields=["status"], name="nc_coalition_status_idx")]
        constraints = [
            models.UniqueConstraint(fields=["country"], name="nc_coalition_one_per_country"),
            models.CheckConstraint(
                condition=Q(country__in=EU_MEMBER_STATES), name="nc_coalition_eu_member_state"
            ),
            models.CheckConstraint(
                condition=~Q(status="launched") | Q(launch_date__isnull=False),
                name="nc_coalition_launched_has_date",
                violation_error_message=_("A launched coalition needs a launch date."),
            ),
            models.CheckConstraint(
                condition=Q(logo="") | ~Q(logo_alt_text=""),
                name="nc_coalition_logo_has_alt_text",
                violation_error_message=_("Please describe the logo in its alternative text."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.country.name})"

    def get_absolute_url(self) -> str:
        return reverse("national_coalitions:coalition-detail", kwargs={"code": self.code})

    @property
    def code(self) -> str:
        """The lowercase country code used in URLs."""
        return self.country.code.lower()

    @property
    def is_launched(self) -> bool:
        return self.status == self.Status.LAUNCHED

    @property
    def factsheet_size(self) -> int | None:
        """The factsheet's size in bytes, or None when there is none or storage lost it."""
        if not self.factsheet:
            return None
        try:
            return self.factsheet.size
        except OSError:
            return None


class CoalitionArea(models.Model):
    """An area of action of one coalition, with what it does there."""

    coalition = models.ForeignKey(
        NationalCoalition,
        on_delete=models.CASCADE,
        related_name="coalition_areas",
        verbose_name=_("coalition"),
    )
    area = models.ForeignKey(
        AreaOfAction,
        on_delete=models.PROTECT,
        related_name="coalition_areas",
        verbose_name=_("area of action"),
    )
    summary = models.CharField(
        _("summary"),
        max_length=300,
        blank=True,
        help_text=_("Optional: what the coalition does in this area, in one sentence."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("area of action of a coalition")
        verbose_name_plural = _("areas of action of coalitions")
        ordering = ["area__position", "area__name"]
        constraints = [
            models.UniqueConstraint(fields=["coalition", "area"], name="nc_coalition_area_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.coalition.country.name}: {self.area}"


class CoalitionMember(TimeStampedModel):
    """An organisation taking part in a national coalition."""

    coalition = models.ForeignKey(
        NationalCoalition,
        on_delete=models.CASCADE,
        related_name="members",
        verbose_name=_("coalition"),
    )
    name = models.CharField(_("name"), max_length=200)
    stakeholder_type = models.CharField(
        _("stakeholder type"), max_length=30, choices=StakeholderType.choices
    )
    website = models.URLField(_("website"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["name"]
        indexes = [models.Index(fields=["stakeholder_type"], name="nc_member_type_idx")]
        constraints = [
            models.UniqueConstraint(fields=["coalition", "name"], name="nc_member_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class OtherInitiative(TimeStampedModel):
    """A multi-stakeholder partnership for digital skills at regional or local level."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"), max_length=200, unique=True, help_text=_("Used in links to the contact form.")
    )
    country = CountryField(_("Member State"), countries=EUMemberStates)
    region = models.CharField(
        _("region or city"), max_length=150, blank=True, help_text=_("Where it is active.")
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    coordinating_body_name = models.CharField(_("coordinating body"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("other initiative")
        verbose_name_plural = _("other initiatives")
        ordering = ["name"]
        indexes = [models.Index(fields=["country", "name"], name="nc_initiative_country_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(country__in=EU_MEMBER_STATES), name="nc_initiative_eu_member_state"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"{reverse('national_coalitions:initiative-list')}#initiative-{self.slug}"


class ResourceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(publication_date__lte=timezone.localdate())

    def toolkits(self):
        return self.filter(category=Resource.Category.TOOLKIT)


class Resource(TimeStampedModel):
    """A document for coalitions: the Toolkit for National and Local Coalitions and others."""

    class Category(models.TextChoices):
        TOOLKIT = "toolkit", _("Toolkit")
        GUIDE = "guide", _("Guide")
        REPORT = "report", _("Report")
        OTHER = "other", _("Other document")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.OTHER
    )
    description = models.TextField(_("description"), blank=True)
    file = ValidatedPDFField(
        _("file"), upload_to="national-coalitions/resources/", help_text=_("A PDF document.")
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=eu_language_choices,
        default="en",
        help_text=_("The language of the document."),
    )
    publication_date = models.DateField(
        _("publication date"), help_text=_("Hidden from the public until this date.")
    )

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["-publication_date", "title"]
        indexes = [models.Index(fields=["publication_date"], name="nc_resource_pubdate_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{reverse('national_coalitions:toolkit')}#resource-{self.slug}"

    @property
    def file_size(self) -> int | None:
        try:
            return self.file.size if self.file else None
        except OSError:
            return None


class ContactRequestQuerySet(models.QuerySet):
    def unhandled(self):
        return self.filter(is_handled=False)


class ContactRequest(TimeStampedModel):
    """A message to the Secretariat from the contact form, optionally about one partnership."""

    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail address"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    coalition = models.ForeignKey(
        NationalCoalition,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_requests",
        verbose_name=_("coalition"),
    )
    initiative = models.ForeignKey(
        OtherInitiative,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_requests",
        verbose_name=_("other initiative"),
    )
    message = models.TextField(_("message"), max_length=5000)
    # The language the message was written from: the Secretariat answers in it if it can.
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    consent = models.BooleanField(
        _("consent"), default=False, help_text=_("The sender agreed to the privacy notice.")
    )
    is_handled = models.BooleanField(_("handled"), default=False)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )

    objects = ContactRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["is_handled", "-created_at"], name="nc_contact_handled_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(coalition__isnull=True) | Q(initiative__isnull=True),
                name="nc_contact_one_subject",
                violation_error_message=_("Choose a coalition or an initiative, not both."),
            ),
            models.CheckConstraint(condition=Q(consent=True), name="nc_contact_consent_given"),
            models.CheckConstraint(
                condition=Q(is_handled=False) | Q(handled_at__isnull=False),
                name="nc_contact_handled_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}> ({self.created_at:%Y-%m-%d})" if self.pk else self.name

    @property
    def subject(self):
        return self.coalition or self.initiative
