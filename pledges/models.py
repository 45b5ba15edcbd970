import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel
from organisations.models import DESCRIPTION_MAX_LENGTH, Organisation

# Long texts people write: room for several pages, not for a flood (form fields check it).
MESSAGE_MAX_LENGTH = 5000
NOTES_MAX_LENGTH = 10_000


# The fixed lists' names in every language (the interface catalogues); the rows keep their
# English `name`, which the exports use. A row the Secretariat adds shows its own name.
TARGET_GROUP_NAMES = {
    "all-citizens": _("Digital skills for all citizens"),
    "labour-force": _("Digital skills for the labour force"),
    "ict-professionals": _("Digital skills for ICT professionals"),
    "education": _("Digital skills in education"),
    "women-and-girls": _("Women and girls in digital"),
}
ACTION_TYPE_NAMES = {
    "training": _("Training"),
    "certification": _("Certification or assessment"),
    "awareness": _("Awareness raising"),
    "curriculum": _("Curriculum development"),
    "traineeships": _("Traineeships or job placements"),
    "funding": _("Equipment or funding"),
    "other": _("Other"),
}


def percent(part: int, whole: int) -> int:
    """The real share of `whole` that `part` is, beyond 100 when a target is exceeded (164 of
    150: 109). Progress bars stop at full on their own; the text says this figure."""
    if not whole:
        return 0
    value = round(100 * part / whole)
    # "100 %" only once the target is reached: 1,999 of 2,000 is 99 %.
    return 99 if value == 100 and part < whole else value


class TargetGroup(models.Model):
    """The Coalition's pillars (digital skills for all citizens, labour force, ...)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        ordering = ["order", "name"]

    def __str__(self):
        return str(TARGET_GROUP_NAMES.get(self.code, self.name))


class ActionType(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("action type")
        verbose_name_plural = _("action types")
        ordering = ["order", "name"]

    def __str__(self):
        return str(ACTION_TYPE_NAMES.get(self.code, self.name))


class PledgeQuerySet(models.QuerySet):
    def in_language(self, language: str):
        """The title and summary in `language` where the pledger gave them, beside each
        pledge's own (correlated lookups on the (pledge, language) index, no extra query)."""
        translation = PledgeTranslation.objects.filter(
            pledge=models.OuterRef("pk"), language=language
        )
        return self.annotate(
            translated_title=models.Subquery(translation.values("title")[:1]),
            translated_summary=models.Subquery(translation.values("summary")[:1]),
            translated_language=models.Value(language),
        )

    def public(self):
        """Visible to everyone: published and completed pledges."""
        return self.filter(status__in=Pledge.PUBLIC_STATUSES)

    def active(self):
        """Published and not yet completed: the pledges still running, which report progress.

        Not a visibility rule: completed pledges are public too (see `public()`).
        """
        return self.filter(status=Pledge.Status.PUBLISHED)

    def awaiting_review(self):
        """Submitted and waiting for the Secretariat's review (the review desk's queue)."""
        return self.filter(status=Pledge.Status.SUBMITTED)

    def for_user(self, user):
        """Pledges of the organisations the user belongs to (private pages)."""
        return self.filter(organisation__in=Organisation.objects.for_user(user))

    def awaiting_answer(self):
        """Pledges whose conversation ends with a pledger's message: the Secretariat's turn."""
        latest = PledgeMessage.objects.filter(pledge=models.OuterRef("pk")).order_by(
            "-created_at", "-pk"
        )
        return self.annotate(
            last_message_sender=models.Subquery(latest.values("sender")[:1]),
            last_message_at=models.Subquery(latest.values("created_at")[:1]),
        ).filter(
            # Answered by a review step made after it (publishing, asking for changes...).
            ~Q(status__in=SECRETARIAT_STATUSES, status_changed_at__gt=F("last_message_at")),
            last_message_sender=PledgeMessage.Sender.PLEDGER,
        )


class Pledge(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        CHANGES_REQUESTED = "changes-requested", _("Changes requested")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        COMPLETED = "completed", _("Completed")

    PUBLIC_STATUSES = (Status.PUBLISHED, Status.COMPLETED)
    EDITABLE_STATUSES = (Status.DRAFT, Status.CHANGES_REQUESTED)

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="pledges",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220)
    summary = models.CharField(
        _("summary"),
        max_length=500,
        blank=True,
        help_text=_("One or two sentences shown in lists."),
    )
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX_LENGTH, blank=True)
    # The language the pledge was written in; its title and summary may also be given in
    # others (PledgeTranslation), the rest is shown as written, marked with this language.
    language = models.CharField(
        _("language of the pledge"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
        db_index=True,
        help_text=_("The language you write the pledge in."),
    )
    target_groups = models.ManyToManyField(
        TargetGroup, related_name="pledges", blank=True, verbose_name=_("target groups")
    )
    action_types = models.ManyToManyField(
        ActionType, related_name="pledges", blank=True, verbose_name=_("action types")
    )
    is_eu_wide = models.BooleanField(
        _("EU-wide"), default=False, help_text=_("The pledge covers every Member State.")
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # Who moved the pledge to its current status, and when (the full log is PledgeStatusChange).
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("status changed by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, db_index=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    last_reported_at = models.DateField(_("last reported"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    # Private to the Secretariat: never shown to the pledger or the public.
    reviewer_notes = models.TextField(
        _("reviewer notes"),
        max_length=NOTES_MAX_LENGTH,
        blank=True,
        help_text=_("Private notes of the Secretariat; the pledger never sees them."),
    )

    objects = PledgeQuerySet.as_manager()

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gt=F("start_date")),
                name="pledge_end_after_start",
            ),
        ]
        permissions = [
            ("review_pledge", _("Can review pledges: publish, request changes, reject, complete")),
        ]
        # The public list's two orders, over public pledges only: a page of the newest is read
        # straight from the index (drafts, with no publication date, would come first).
        indexes = [
            models.Index(
                F("published_at").desc(),
                F("created_at").desc(),
                name="pledge_public_newest",
                condition=Q(status__in=["published", "completed"]),
            ),
            models.Index(
                "title",
                "id",
                name="pledge_public_title",
                condition=Q(status__in=["published", "completed"]),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("pledges:pledge-detail", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.status in self.PUBLIC_STATUSES

    # Title and summary as shown: in the page's language when the pledger gave them in it
    # (`PledgeQuerySet.in_language()` annotates them), else as written, in `self.language`.
    @property
    def shown_title(self) -> str:
        return getattr(self, "translated_title", None) or self.title

    @property
    def shown_summary(self) -> str:
        if getattr(self, "translated_title", None):
            return self.translated_summary or ""
        return self.summary

    @property
    def shown_language(self) -> str:
        if getattr(self, "translated_title", None):
            return self.translated_language
        return self.language

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES

    def timeline(self) -> list["TimelineEntry"]:
        """The status changes and messages, oldest first (prefetch both to keep it at no query).

        Reviewer notes are not part of it: they never leave the Secretariat.
        """
        entries = [
            TimelineEntry(
                at=change.changed_at,
                by_secretariat=change.by_secretariat,
                author=change.changed_by,
                text=change.message,
                change=change,
            )
            for change in self.status_changes.all()
        ] + [
            TimelineEntry(
                at=message.created_at,
                by_secretariat=message.by_secretariat,
                author=message.author,
                text=message.body,
                message=message,
            )
            for message in self.messages.all()
        ]
        # A status change and the message sent with it at the same instant: the change first.
        return sorted(entries, key=lambda entry: (entry.at, entry.kind != "status"))


class PledgeTranslation(models.Model):
    """A pledge's title and summary in another language, written by the pledger."""

    pledge = models.ForeignKey(
        Pledge, on_delete=models.CASCADE, related_name="translations", verbose_name=_("pledge")
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("translation of a pledge")
        verbose_name_plural = _("translations of pledges")
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "language"], name="pledge_translation_one_per_language"
            ),
        ]

    def __str__(self):
        return f"{self.pledge_id} [{self.language}] {self.title}"


class PledgeCountry(models.Model):
    """A Member State a pledge covers (rows, not a packed string, so filters use an index)."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="countries")
    country = CountryField(_("country"), db_index=True)

    class Meta:
        verbose_name = _("country covered")
        verbose_name_plural = _("countries covered")
        ordering = ["country"]
        constraints = [
            models.UniqueConstraint(fields=["pledge", "country"], name="unique_pledge_country"),
        ]

    def __str__(self):
        return str(self.country.name)


class PledgeStatusChange(models.Model):
    """The log of every status change: who, when, and the message sent to the pledger."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(
        pgettext_lazy("status change", "from"),
        max_length=20,
        choices=Pledge.Status.choices,
        blank=True,
    )
    to_status = models.CharField(
        pgettext_lazy("status change", "to"), max_length=20, choices=Pledge.Status.choices
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"))
    message = models.TextField(
        _("message to the pledger"),
        max_length=MESSAGE_MAX_LENGTH,
        blank=True,
        help_text=_("Shown to the pledger and sent by e-mail, e.g. the changes requested."),
    )

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-changed_at", "-pk"]
        get_latest_by = "changed_at"

    def __str__(self):
        return f"{self.pledge}: {self.from_status or '–'} → {self.to_status}"

    @property
    def by_secretariat(self) -> bool:
        """Review moves are the Secretariat's; submitting and withdrawing are the pledger's."""
        return self.to_status in SECRETARIAT_STATUSES


# The statuses only the Secretariat moves a pledge to (services.SECRETARIAT_TRANSITIONS).
SECRETARIAT_STATUSES = (
    Pledge.Status.PUBLISHED,
    Pledge.Status.CHANGES_REQUESTED,
    Pledge.Status.REJECTED,
    Pledge.Status.COMPLETED,
)


class PledgeMessage(models.Model):
    """A message between the pledging organisation and the Secretariat about one pledge.

    With the status changes (and the messages sent with them) it makes the pledge's
    conversation, shown as one timeline to both sides (`Pledge.timeline()`).
    """

    class Sender(models.TextChoices):
        PLEDGER = "pledger", _("The pledging organisation")
        SECRETARIAT = "secretariat", _("The Secretariat")

    pledge = models.ForeignKey(
        Pledge, on_delete=models.CASCADE, related_name="messages", verbose_name=_("pledge")
    )
    # Which side wrote it, kept apart from the author: it stays right if the person leaves
    # (author set to null) or later changes role.
    sender = models.CharField(
        pgettext_lazy("who wrote a message", "from"), max_length=20, choices=Sender.choices
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    body = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("message on a pledge")
        verbose_name_plural = _("messages on pledges")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["pledge", "created_at"], name="pledge_message_timeline")]

    def __str__(self):
        return f"{self.pledge_id} [{self.sender}] {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def by_secretariat(self) -> bool:
        return self.sender == self.Sender.SECRETARIAT


@dataclass(frozen=True)
class TimelineEntry:
    """One step of a pledge's conversation: a status change or a message."""

    at: datetime.datetime
    by_secretariat: bool
    author: object  # the user, or None when deleted
    text: str
    change: "PledgeStatusChange | None" = None
    message: PledgeMessage | None = None

    @property
    def kind(self) -> str:
        return "status" if self.change else "message"


class Target(models.Model):
    class Indicator(models.TextChoices):
        PEOPLE_TRAINED = "people-trained", _("People trained")
        CERTIFICATIONS = "certifications", _("Certifications or assessments offered")
        PEOPLE_REACHED = "people-reached", _("People reached by awareness actions")
        TRAINEESHIPS = "traineeships", _("Traineeships or jobs offered")
        TEACHERS_TRAINED = "teachers-trained", _("Teachers trained")
        OTHER = "other", _("Other")

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="targets")
    indicator = models.CharField(_("indicator"), max_length=30, choices=Indicator.choices)
    description = models.CharField(
        _("description"),
        max_length=200,
        blank=True,
        help_text=_("Required for “Other”: what is counted."),
    )
    target_number = models.PositiveIntegerField(_("target number"))
    # Cumulative achievement from the latest progress report, kept here for fast totals.
    achieved = models.PositiveIntegerField(_("achieved"), default=0)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["pledge", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(target_number__gt=0), name="target_number_positive"),
            models.UniqueConstraint(
                fields=["pledge", "indicator", "description"], name="unique_pledge_target"
            ),
        ]
        indexes = [models.Index(fields=["indicator"], name="target_indicator")]

    def __str__(self):
        label = self.description or self.get_indicator_display()
        return f"{label}: {self.target_number:,}"

    @property
    def percent_achieved(self) -> int:
        return percent(self.achieved, self.target_number)


class ProgressReportQuerySet(models.QuerySet):
    def to_review(self):
        """Reports the Secretariat has not checked yet, the longest waiting first."""
        return self.filter(reviewed_at__isnull=True).order_by("created_at", "pk")


class ProgressReport(TimeStampedModel):
    """A dated report of what a published pledge has achieved so far, per target."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="progress_reports")
    report_date = models.DateField(_("report date"))
    narrative = models.TextField(
        _("narrative"),
        max_length=MESSAGE_MAX_LENGTH,
        help_text=_("What was done in this period."),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    # Checked by the Secretariat (who, when); empty while the report waits on the review desk.
    reviewed_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    history = HistoricalRecords()

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-report_date", "-pk"]
        get_latest_by = "report_date"
        # The review desk's queue: the few reports not yet checked, oldest first.
        indexes = [
            models.Index(
                fields=["created_at"],
                name="progress_report_to_review",
                condition=Q(reviewed_at__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.pledge} – {date_format(self.report_date)}"


class ProgressValue(models.Model):
    """The cumulative number achieved for one target at the date of a report."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="values")
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="progress_values")
    achieved = models.PositiveIntegerField(_("achieved so far"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress value")
        verbose_name_plural = _("progress values")
        constraints = [
            models.UniqueConstraint(fields=["report", "target"], name="unique_report_target"),
        ]

    def __str__(self):
        return f"{self.target}: {self.achieved:,}"


class ReminderLog(models.Model):
    """One row per progress reminder sent, so that the reminder command is idempotent."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="reminders"
    )
    period = models.CharField(_("period"), max_length=20)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("progress reminder")
        verbose_name_plural = _("progress reminders")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "period"], name="unique_reminder"),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.period}"
