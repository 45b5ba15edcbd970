import uuid

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


class PostQuerySet(models.QuerySet):
    def published(self):
        """Posts readers can see: published, and their publication time has come."""
        return self.filter(status=Post.Status.PUBLISHED, published_at__lte=timezone.now())


class Post(RenditionsMixin, TimeStampedModel):
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
    body = models.TextField(
        _("body"),
        help_text=_(
            "Written in Markdown: **bold**, *italic*, [link](https://example.eu), lists, "
            "## headings, > quotes. HTML tags are shown as typed, not interpreted."
        ),
    )
    body_html = models.TextField(_("body as HTML"), blank=True, editable=False)
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
