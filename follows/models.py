"""What people follow (a pledge, an organisation, a National Coalition, a saved search of the
pledge viewer) and how often they hear about it.

The areas know nothing of this app: the digest job reads the timestamps they already keep
(see `digest.py`), so nothing is written when a pledge or a coalition changes.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from national_coalitions.models import NationalCoalition
from organisations.models import Organisation
from pledges.models import Pledge

# The most a person may follow: enough for anyone, and a bound on the work of one digest.
MAX_FOLLOWS_PER_USER = 200


class FollowQuerySet(models.QuerySet):
    def for_settings_page(self):
        return self.select_related("pledge", "organisation", "coalition").order_by(
            "-created_at", "-pk"
        )


class Follow(models.Model):
    """One thing one person follows: exactly one of the four targets is set."""

    class Kind(models.TextChoices):
        PLEDGE = "pledge", _("Pledge")
        ORGANISATION = "organisation", _("Organisation")
        COALITION = "coalition", _("National Coalition")
        SEARCH = "search", _("Saved search")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="follows",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    pledge = models.ForeignKey(
        Pledge,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pledge"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    coalition = models.ForeignKey(
        NationalCoalition,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("National Coalition"),
    )
    # A saved search: the pledge viewer's query string, normalised (filters only, sorted,
    # no page or sort order) so that the same search is one follow, and a readable label.
    query = models.CharField(_("search"), max_length=2000, blank=True)
    label = models.CharField(_("label"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("followed since"), auto_now_add=True)

    objects = FollowQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="pledge",
                        pledge__isnull=False,
                        organisation__isnull=True,
                        coalition__isnull=True,
                        query="",
                    )
                    | Q(
                        kind="organisation",
                        pledge__isnull=True,
                        organisation__isnull=False,
                        coalition__isnull=True,
                        query="",
                    )
                    | Q(
                        kind="coalition",
                        pledge__isnull=True,
                        organisation__isnull=True,
                        coalition__isnull=False,
                        query="",
                    )
                    | Q(
                        kind="search",
                        pledge__isnull=True,
                        organisation__isnull=True,
                        coalition__isnull=True,
                    )
                ),
                name="follow_exactly_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "pledge"],
                condition=Q(kind="pledge"),
                name="follow_pledge_once",
            ),
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=Q(kind="organisation"),
                name="follow_organisation_once",
            ),
            models.UniqueConstraint(
                fields=["user", "coalition"],
                condition=Q(kind="coalition"),
                name="follow_coalition_once",
            ),
            models.UniqueConstraint(
                fields=["user", "query"],
                condition=Q(kind="search"),
                name="follow_search_once",
            ),
        ]

    def __str__(self):
        return f"{self.user_id} → {self.kind} {self.target_label}"

    @property
    def target(self):
        return {
            self.Kind.PLEDGE: self.pledge,
            self.Kind.ORGANISATION: self.organisation,
            self.Kind.COALITION: self.coalition,
        }.get(self.kind)

    @property
    def is_public(self) -> bool:
        """Whether what is followed can be shown: a withdrawn pledge no longer can."""
        if self.kind == self.Kind.PLEDGE:
            return self.pledge.is_public
        return True

    @property
    def target_label(self) -> str:
        if self.kind == self.Kind.SEARCH:
            return self.label
        if self.kind == self.Kind.PLEDGE and not self.pledge.is_public:
            return str(_("A pledge that is no longer public"))
        return str(self.target)

    @property
    def target_url(self) -> str:
        if self.kind == self.Kind.SEARCH:
            path = reverse("pledges:pledge-list")
            return f"{path}?{self.query}" if self.query else path
        if not self.is_public:
            return ""
        return self.target.get_absolute_url()


class NotificationSettings(models.Model):
    """How often one person hears about what they follow, and how far the digests got."""

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("As it happens (within about ten minutes)")
        DAILY = "daily", _("Once a day")
        WEEKLY = "weekly", _("Once a week")
        NEVER = "never", _("No e-mails")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_settings",
        verbose_name=_("user"),
    )
    frequency = models.CharField(
        _("e-mail digest"),
        max_length=20,
        choices=Frequency.choices,
        default=Frequency.DAILY,
        db_index=True,
    )
    # Everything that happened up to this moment has been sent (or was not wanted): the next
    # digest covers what happened after it, so nothing is sent twice and nothing is skipped.
    last_digest_at = models.DateTimeField(_("digest sent up to"))
    # Signed into the unsubscribe link of every digest; a new one revokes the old links.
    token = models.UUIDField(_("unsubscribe token"), default=uuid.uuid4, unique=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self):
        return f"{self.user_id}: {self.frequency}"
