import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from core.i18n import current_language
from core.models import TimeStampedModel
from core.search import every_word, normalise_query, search_config
from core.uploads import ValidatedImageField


def _today(today: datetime.date | None) -> datetime.date:
    # Dates are read in the portal's time zone (Brussels): a call closing on 15 September
    # accepts entries until midnight in Brussels.
    return today or timezone.localdate()


# The awards are for organisations established in the European Union (the entry form and
# `services.submit_entry` both say so in these words).
OUTSIDE_EU_MESSAGE = _(
    "Only organisations established in a Member State of the European Union can enter the "
    "awards. Choose the Member State where your organisation is established."
)


class Phase(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    OPEN = "open", _("Open for entries")
    EVALUATION = "evaluation", _("Under evaluation")
    ANNOUNCED = "announced", _("Winners announced")


class EditionQuerySet(models.QuerySet):
    def with_has_winners(self):
        return self.annotate(
            has_winners=Exists(
                Entry.objects.filter(edition=OuterRef("pk"), status=Entry.Status.WINNER)
            )
        )

    def open_for_entries(self, today: datetime.date | None = None):
        today = _today(today)
        return self.filter(opens_on__lte=today, closes_on__gte=today)

    def upcoming(self, today: datetime.date | None = None):
        return self.filter(opens_on__gt=_today(today))

    def started(self, today: datetime.date | None = None):
        """Editions whose call has opened: open, under evaluation or with winners announced."""
        return self.filter(opens_on__lte=_today(today))

    def announced(self, today: datetime.date | None = None):
        """Editions whose ceremony has taken place and whose winners are recorded."""
        return (
            self.with_has_winners()
            .filter(ceremony_date__lte=_today(today), has_winners=True)
            .order_by("-year")
        )

    def current(self, today: datetime.date | None = None) -> "AwardEdition | None":
        """The edition the awards page features: an open call first, else the latest started."""
        today = _today(today)
        editions = self.with_has_winners()
        return (
            editions.open_for_entries(today).order_by("closes_on").first()
            or editions.started(today).order_by("-year").first()
        )


class AwardEdition(TimeStampedModel):
    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, help_text=_("The year the awards are given, e.g. 2017.")
    )
    title = models.CharField(
        _("title"), max_length=200, help_text=_("e.g. European Digital Skills Awards 2017.")
    )
    introduction = models.TextField(
        _("introduction"), help_text=_("Shown at the top of the edition's page. Plain text.")
    )
    eligibility = models.TextField(
        _("eligibility"),
        blank=True,
        help_text=_("Who may enter and which projects qualify. Plain text."),
    )
    criteria = models.TextField(
        _("award criteria"),
        blank=True,
        help_text=_("How the jury assesses the entries. Plain text."),
    )
    opens_on = models.DateField(
        _("call for entries opens on"), help_text=_("First day entries are accepted.")
    )
    closes_on = models.DateField(
        _("call for entries closes on"),
        help_text=_("Last day entries are accepted (until midnight, Brussels time)."),
    )
    ceremony_date = models.DateField(
        _("ceremony date"),
        help_text=_(
            "Entries can be marked as winners from this day on; finalists can be published "
            "once the call has closed."
        ),
    )

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("award edition")
        verbose_name_plural = _("award editions")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_on__lte=models.F("closes_on")),
                name="awards_edition_call_opens_before_it_closes",
                violation_error_message=_("The call cannot close before it opens."),
            ),
            models.CheckConstraint(
                condition=Q(ceremony_date__gt=models.F("closes_on")),
                name="awards_edition_ceremony_after_call",
                violation_error_message=_("The ceremony must take place after the call closes."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("awards:edition-detail", kwargs={"year": self.year})

    def get_entry_url(self):
        return reverse("awards:entry-create", kwargs={"year": self.year})

    def _has_winners(self) -> bool:
        # Annotated by EditionQuerySet.with_has_winners(); one query otherwise.
        if hasattr(self, "has_winners"):
            return self.has_winners
        return self.entries.filter(status=Entry.Status.WINNER).exists()

    def call_has_closed(self, today: datetime.date | None = None) -> bool:
        return _today(today) > self.closes_on

    def ceremony_has_taken_place(self, today: datetime.date | None = None) -> bool:
        return _today(today) >= self.ceremony_date

    def phase_on(self, today: datetime.date | None = None) -> Phase:
        today = _today(today)
        if today < self.opens_on:
            return Phase.UPCOMING
        if today <= self.closes_on:
            return Phase.OPEN
        if today >= self.ceremony_date and self._has_winners():
            return Phase.ANNOUNCED
        return Phase.EVALUATION

    @property
    def phase(self) -> Phase:
        return self.phase_on()

    @property
    def is_open(self) -> bool:
        return self.phase == Phase.OPEN

    @property
    def winners_announced(self) -> bool:
        return self.phase == Phase.ANNOUNCED


class CategoryQuerySet(models.QuerySet):
    def with_public_entries(self, today: datetime.date | None = None):
        """Prefetch each category's finalists and winners (winners first) as `public_entries`."""
        return self.prefetch_related(
            models.Prefetch(
                "entries",
                queryset=Entry.objects.public(today)
                .select_related("edition")
                .order_by("-result", "project_name"),
                to_attr="public_entries",
            )
        )


class Category(models.Model):
    edition = models.ForeignKey(
        AwardEdition,
        on_delete=models.CASCADE,
        related_name="categories",
        verbose_name=_("edition"),
    )
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True, help_text=_("Plain text."))
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Categories are listed from the lowest number.")
    )

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "name"], name="awards_category_unique_name_per_edition"
            ),
        ]

    def __str__(self):
        return self.name


class EntryQuerySet(models.QuerySet):
    def public(self, today: datetime.date | None = None):
        """Finalists and winners, the only entries anyone outside the Secretariat may see.

        Nothing is public while the edition's call is open (up to and including its
        closing day), however the status was set (the admin, a script): the finalists are
        chosen after the call. `result` says what the public is told: a winner stays a
        "finalist" until the edition's ceremony day, so that results are never revealed early.
        """
        today = _today(today)
        return self.filter(status__in=Entry.PUBLIC_STATUSES, edition__closes_on__lt=today).annotate(
            result=Case(
                When(
                    status=Entry.Status.WINNER,
                    edition__ceremony_date__lte=today,
                    then=Value(Result.WINNER),
                ),
                default=Value(Result.FINALIST),
                output_field=models.CharField(),
            )
        )

    def winners(self, today: datetime.date | None = None):
        return self.public(today).filter(result=Result.WINNER)

    def awaiting_check(self):
        """Entries the Secretariat has not checked for eligibility yet, oldest first."""
        return self.filter(status=Entry.Status.SUBMITTED).order_by("created_at", "pk")

    def search(self, text: str):
        """Entries with the words of `text` in their project name, organisation, description
        or category, keeping the queryset's order (the archive's and the site search's rule).

        An entry is written in its entrant's language; its category is shown, and so searched,
        in the visitor's language or, where it has no translation, in English. PostgreSQL
        reads the words as the visitor's language and as English do ("schools" finds
        "school"); elsewhere (SQLite) each word must appear in one of the fields.
        """
        text = normalise_query(text)
        if not text:
            return self
        language = current_language()
        default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        category = list(dict.fromkeys([f"category__name_{language}", f"category__name_{default}"]))
        if connection.vendor != "postgresql":
            fields = ["project_name", "organisation_name", "description", *category]
            return self.filter(every_word(text, fields))
        from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorExact

        def matches(config):
            vector = SearchVector(
                "project_name",
                "organisation_name",
                "description",
                Coalesce(*category, Value(""), output_field=models.TextField()),
                config=config,
            )
            return SearchVectorExact(
                vector, SearchQuery(text, config=config, search_type="websearch")
            )

        config = search_config(language)
        condition = matches(config)
        if config != "english":
            condition = condition | matches("english")
        # A subquery keeps the joins and annotations of `self` (the public results) untouched.
        return self.filter(pk__in=Entry.objects.filter(condition).values("pk"))

    def latest_winners(self, today: datetime.date | None = None):
        """The winners of the most recent edition whose winners are announced."""
        latest = AwardEdition.objects.announced(today).values("pk")[:1]
        return (
            self.winners(today)
            .filter(edition__in=latest)
            .select_related("edition", "category")
            .order_by("category__order", "category__name")
        )


class Result(models.TextChoices):
    """What the public sees of an entry's status."""

    WINNER = "winner", _("Winner")
    FINALIST = "finalist", _("Finalist")


class Entry(TimeStampedModel):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ELIGIBLE = "eligible", _("Eligible")
        NOT_ELIGIBLE = "not_eligible", _("Not eligible")
        FINALIST = "finalist", _("Finalist")
        WINNER = "winner", _("Winner")
        NOT_SELECTED = "not_selected", _("Not selected")

    # The only entries anyone outside the Secretariat may see.
    PUBLIC_STATUSES = (Status.FINALIST, Status.WINNER)

    edition = models.ForeignKey(
        AwardEdition, on_delete=models.PROTECT, related_name="entries", verbose_name=_("edition")
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="entries", verbose_name=_("category")
    )
    # NULL until the entry has an id: unique CharFields need NULL, not "", for "no value yet".
    reference = models.CharField(  # noqa: DJ001
        _("reference number"),
        max_length=20,
        unique=True,
        null=True,
        editable=False,
        help_text=_("Given on submission, e.g. EDSA-2027-000123."),
    )
    project_name = models.CharField(_("project name"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=220,
        help_text=_("The last part of the entry's web address; unique within the edition."),
    )
    organisation_name = models.CharField(_("organisation"), max_length=200)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="award_entries",
        verbose_name=_("pledging organisation"),
        help_text=_(
            "Set automatically when the name matches an organisation with public pledges; "
            "the entry's page then links to it."
        ),
    )
    country = CountryField(
        _("country"),
        help_text=_(
            "Where the organisation running the project is established: only organisations "
            "established in an EU Member State may enter."
        ),
    )
    description = models.TextField(_("description"), help_text=_("Published for finalists."))
    website = models.URLField(_("website"), blank=True)
    image = ValidatedImageField(
        _("image"),
        upload_to="awards/entries/%Y/",
        blank=True,
        help_text=_("A photo or visual of the project: JPEG, PNG or WebP, at most 5 MB."),
    )
    image_alt = models.CharField(
        _("image description (alt text)"),
        max_length=250,
        blank=True,
        help_text=_("Describes the image for people who cannot see it. Required with an image."),
    )
    image_renditions = models.JSONField(
        _("image renditions"), default=list, blank=True, editable=False
    )
    contact_name = models.CharField(_("contact name"), max_length=150, help_text=_("Private."))
    contact_email = models.EmailField(_("contact e-mail"), help_text=_("Private."))
    contact_phone = models.CharField(
        _("contact telephone"), max_length=40, blank=True, help_text=_("Private.")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.SUBMITTED,
        help_text=_(
            "Only finalists and winners are published: finalists once the call has closed, "
            "winners from the ceremony day."
        ),
    )
    jury_notes = models.TextField(
        _("jury notes"), blank=True, help_text=_("Private: never published.")
    )

    objects = EntryQuerySet.as_manager()
    # Who changed an entry's status or notes, and when: the jury process is accountable.
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at", "image_renditions"])

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "slug"], name="awards_entry_unique_slug_per_edition"
            ),
            models.CheckConstraint(
                condition=Q(image="") | ~Q(image_alt=""),
                name="awards_entry_image_has_alt_text",
                violation_error_message=_("An image needs a description (alt text)."),
            ),
        ]
        indexes = [
            models.Index(fields=["edition", "status"]),
            models.Index(fields=["status", "country"]),
        ]

    def __str__(self):
        return self.project_name

    def get_absolute_url(self):
        return reverse("awards:entry-detail", kwargs={"year": self.edition.year, "slug": self.slug})

    def clean(self):
        if self.category_id and self.edition_id and self.category.edition_id != self.edition_id:
            message = _("Choose a category of the %(year)s edition.")
            raise ValidationError(
                {"category": ValidationError(message, params={"year": self.edition.year})}
            )

    @property
    def result_label(self) -> str:
        # Only on entries from Entry.objects.public(), which annotates `result`.
        return Result(self.result).label

    @property
    def is_public(self) -> bool:
        # The rule of EntryQuerySet.public(): nothing is shown while the call is open.
        return self.status in self.PUBLIC_STATUSES and self.edition.call_has_closed()
