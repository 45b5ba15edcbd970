import io
from datetime import timedelta

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from blog.markdown import render_markdown
from blog.models import Author, Mailing, MailingLink, Post, Subscriber, Tag


def image_upload(width=2000, height=1000, name="photo.png", fmt="PNG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (0, 51, 153)).save(buffer, fmt)
    content_type = {"PNG": "image/png", "JPEG": "image/jpeg"}[fmt]
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Author {n}")
    slug = factory.Sequence(lambda n: f"author-{n}")
    role = "Writer"
    bio = "Writes about digital skills."


class PostFactory(factory.django.DjangoModelFactory):
    """A published post, visible now, with its body rendered like the service does."""

    class Meta:
        model = Post
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Post number {n}")
    slug = factory.Sequence(lambda n: f"post-{n}")
    author = factory.SubFactory(AuthorFactory)
    excerpt = "A short summary of the post."
    body = "Some **Markdown** text about digital skills."
    status = Post.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    body_html = factory.LazyAttribute(lambda post: render_markdown(post.body))

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)

    class Params:
        draft = factory.Trait(status=Post.Status.DRAFT)
        scheduled = factory.Trait(
            published_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
        )


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    consented_at = factory.LazyFunction(timezone.now)
    confirmation_sent_at = factory.LazyFunction(timezone.now)

    class Params:
        confirmed = factory.Trait(
            status=Subscriber.Status.CONFIRMED, confirmed_at=factory.LazyFunction(timezone.now)
        )


class MailingFactory(factory.django.DjangoModelFactory):
    """A draft mailing, its body rendered like the service does."""

    class Meta:
        model = Mailing

    subject = factory.Sequence(lambda n: f"Coalition news {n}")
    slug = factory.Sequence(lambda n: f"coalition-news-{n}")
    body = "Hello!\n\nThis month **the Coalition** grew again."
    body_html = factory.LazyAttribute(lambda mailing: render_markdown(mailing.body))

    class Params:
        sent = factory.Trait(
            status=Mailing.Status.SENT,
            started_at=factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1)),
            finished_at=factory.LazyFunction(timezone.now),
        )


class MailingLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MailingLink

    mailing = factory.SubFactory(MailingFactory)
    title = factory.Sequence(lambda n: f"Pledge of the month {n}")
    url = factory.Sequence(lambda n: f"https://portal.example.eu/en/pledges/{n}-pledge/")
    summary = "A pledge worth reading."
