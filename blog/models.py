import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.images import Rendition, RenditionsMixin
from core.models import TimeStampedModel
from core.uploads import ValidatedImageField


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("blog:tag-detail", kwargs={"slug": self.slug})


class AuthorQuerySet(models.QuerySet):
    def with_published_posts(self):
        """Authors with at least one post readers can see; the others have no public page."""
        return self.filter(pk__in=Post.objects.published().values("author_id"))


class Author(RenditionsMixin, TimeStampedModel):
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    role = models.CharField(
        _("role"), max_length=200, blank=True, help_text=_("For example the person's position.")
    )
    bio = models.TextField(_("short biography"), blank=True, max_length=2000)
    picture = ValidatedImageField(
        _("picture"),
        upload_to="blog/authors/",
        blank=True,
        help_text=_("A portrait, shown as a round thumbnail. JPEG, PNG or WebP."),
    )
    picture_alt = models.CharField(
        _("picture alternative text"),
        max_length=250,
        blank=True,
        help_text=_("Describes the picture for people who cannot see it. Required with a picture."),
    )
    picture_renditions = models.JSONField(
        _("picture renditions"), default=list, blank=True, editable=False
    )

    objects = AuthorQuerySet.as_manager()

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(picture="") | ~models.Q(picture_alt=""),
                name="blog_author_picture_has_alt",
                violation_error_message=_("A picture needs an alternative text."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("blog:author-detail", kwargs={"slug": self.slug})

    @property
    def picture_srcset(self) -> str:
        return self._srcset("picture")

    @property
    def picture_thumbnail(self) -> Rendition | None:
        return self._fallback("picture", 96)


class MarkdownBody(models.Model):
    """A body written in Markdown and its sanitised HTML, rendered once on save by the
    services (`blog.markdown.render_markdown`): posts and newsletter mailings."""

    body = models.TextField(
        _("body"),
        help_text=_(
            "Written in Markdown: **bold**, *italic*, [link](https://example.eu), lists, "
            "## headings, > quotes. HTML tags are shown as typed, not interpreted."
        ),
    )
    body_html = models.TextField(_("body as HTML"), blank=True, editable=False)

    class Meta:
        abstract = True


class PostQuerySet(models.QuerySet):
    def published(self):
        """Posts readers can see: published, and their publication time has come."""
        return self.filter(status=Post.Status.PUBLISHED, published_at__lte=timezone.now())


class Post(RenditionsMixin, MarkdownBody, TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"), max_length=200, unique=True, help_text=_("The last part of the post's address.")
    )
    author = models.ForeignKey(
        Author, on_delete=models.PROTECT, related_name="posts", verbose_name=_("author")
    )
    excerpt = models.TextField(
        _("excerpt"),
        max_length=500,
        help_text=_("One or two sentences shown in lists, feeds and search results."),
    )
    hero_image = ValidatedImageField(
        _("hero image"),
        upload_to="blog/posts/",
        blank=True,
        help_text=_("A wide image shown above the post. JPEG, PNG or WebP."),
    )
    hero_image_alt = models.CharField(
        _("hero image alternative text"),
        max_length=250,
        blank=True,
        help_text=_("Describes the image for people who cannot see it. Required with an image."),
    )
    hero_image_renditions = models.JSONField(
        _("hero image renditions"), default=list, blank=True, editable=False
    )
    tags = models.ManyToManyField(Tag, related_name="posts", blank=True, verbose_name=_("tags"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication date and time"),
        null=True,
        blank=True,
        help_text=_(
            "A published post appears on the site at this time; set a future time to schedule it."
        ),
    )

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-published_at", "-pk"]
        get_latest_by = "published_at"
        indexes = [
            models.Index(fields=["status", "-published_at"], name="blog_post_status_pub_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="blog_post_published_has_date",
                violation_error_message=_("A published post needs a publication date and time."),
            ),
            models.CheckConstraint(
                condition=models.Q(hero_image="") | ~models.Q(hero_image_alt=""),
                name="blog_post_hero_image_has_alt",
                violation_error_message=_("A hero image needs an alternative text."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("blog:post-detail", kwargs={"slug": self.slug})

    @property
    def is_live(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def hero_image_srcset(self) -> str:
        return self._srcset("hero_image")

    @property
    def hero_image_fallback(self) -> Rendition | None:
        return self._fallback("hero_image", 960)


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Subscriber.Status.CONFIRMED)


class Subscriber(TimeStampedModel):
    """A newsletter address. Unsubscribing deletes the row, as the privacy notice promises."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")

    email = models.EmailField(_("e-mail address"), max_length=254)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    # The language they subscribed in: the confirmation and every newsletter come in it.
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    # Signed into confirmation and unsubscribe links; a new subscription gets a new one,
    # so old links never act on it.
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    consented_at = models.DateTimeField(_("consent given at"))
    confirmation_sent_at = models.DateTimeField(_("confirmation e-mail sent at"), null=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("newsletter subscriber")
        verbose_name_plural = _("newsletter subscribers")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="blog_subscriber_status_idx")
        ]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="blog_subscriber_email_ci_unique"),
            models.CheckConstraint(
                condition=~models.Q(status="confirmed") | models.Q(confirmed_at__isnull=False),
                name="blog_subscriber_confirmed_has_date",
            ),
        ]

    def __str__(self):
        return self.email


# --- Newsletter mailings ---------------------------------------------------------------


class MailingQuerySet(models.QuerySet):
    def sent(self):
        """Mailings whose sending has finished: the only ones the public archive shows."""
        return self.filter(status=Mailing.Status.SENT)

    def due(self, now=None):
        """Scheduled mailings whose time has come (the scheduler starts them)."""
        return self.filter(status=Mailing.Status.SCHEDULED, send_at__lte=now or timezone.now())

    def with_progress(self):
        """Each mailing with its delivery counts, in the same query (admin list and page)."""
        deliveries = MailingDelivery.Status
        return self.annotate(
            recipients_total=models.Count("deliveries"),
            sent_count=models.Count(
                "deliveries", filter=models.Q(deliveries__status=deliveries.SENT)
            ),
            failed_count=models.Count(
                "deliveries", filter=models.Q(deliveries__status=deliveries.FAILED)
            ),
            remaining_count=models.Count(
                "deliveries", filter=models.Q(deliveries__status=deliveries.QUEUED)
            ),
        )


class Mailing(MarkdownBody, TimeStampedModel):
    """One newsletter issue: written and sent from the admin, then public in the archive.

    Featured posts are blog posts; pledges and award news are links the Secretariat enters
    (`MailingLink`), since the blog does not know the other areas of the portal.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    subject = models.CharField(
        _("subject"), max_length=200, help_text=_("The e-mail's subject and the archive's title.")
    )
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        blank=True,
        help_text=_(
            "The last part of the newsletter's address in the public archive; made from the "
            "subject when left empty."
        ),
    )
    featured_posts = models.ManyToManyField(
        Post,
        related_name="mailings",
        blank=True,
        limit_choices_to={"status": "published"},
        verbose_name=_("featured posts"),
        help_text=_("Blog posts shown below the text, with their excerpt and a link."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    send_at = models.DateTimeField(
        _("send at"),
        null=True,
        blank=True,
        help_text=_("For “Save and schedule”: when the newsletter goes out."),
    )
    started_at = models.DateTimeField(_("sending started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("sending finished at"), null=True, blank=True)

    objects = MailingQuerySet.as_manager()

    class Meta:
        verbose_name = _("newsletter mailing")
        verbose_name_plural = _("newsletter mailings")
        ordering = ["-started_at", "-created_at"]
        permissions = [("send_mailing", _("Can send a newsletter mailing"))]
        indexes = [models.Index(fields=["status", "send_at"], name="blog_mailing_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="scheduled") | models.Q(send_at__isnull=False),
                name="blog_mailing_scheduled_has_time",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "scheduled"])
                | models.Q(started_at__isnull=False),
                name="blog_mailing_started_has_time",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(finished_at__isnull=False),
                name="blog_mailing_sent_has_time",
            ),
        ]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("newsletter:archive-detail", kwargs={"slug": self.slug})

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.SCHEDULED)


class MailingLink(models.Model):
    """A featured item of a mailing that lives elsewhere: a pledge, award news, an event."""

    mailing = models.ForeignKey(
        Mailing, on_delete=models.CASCADE, related_name="links", verbose_name=_("mailing")
    )
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(
        _("address"), max_length=500, help_text=_("For example a pledge's or an award's page.")
    )
    summary = models.CharField(_("short description"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("featured link")
        verbose_name_plural = _("featured links (pledges, awards, events…)")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title


class MailingDelivery(models.Model):
    """What a mailing sent to one subscriber: the record that keeps a retried batch from
    sending twice. Unsubscribing deletes the address and leaves the record without it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        SKIPPED = "skipped", _("unsubscribed before sending")

    mailing = models.ForeignKey(
        Mailing, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("mailing")
    )
    subscriber = models.ForeignKey(
        Subscriber,
        on_delete=models.SET_NULL,
        null=True,
        related_name="deliveries",
        verbose_name=_("subscriber"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempted_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("mailing delivery")
        verbose_name_plural = _("mailing deliveries")
        ordering = ["pk"]
        indexes = [models.Index(fields=["mailing", "status"], name="blog_delivery_status_idx")]
        constraints = [
            models.UniqueConstraint(fields=["mailing", "subscriber"], name="blog_delivery_once"),
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(sent_at__isnull=False),
                name="blog_delivery_sent_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.mailing} → {self.subscriber_id}"
