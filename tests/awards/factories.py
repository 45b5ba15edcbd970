import datetime
import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory
from PIL import Image

from awards.models import AwardEdition, Category, Entry


class AwardEditionFactory(DjangoModelFactory):
    """By default a past edition: call in spring, ceremony in December of the year before.

    Default years count down from 2000, so that however many editions a test run makes, they
    stay in the past (a result may be published only after the call and the ceremony).
    """

    class Meta:
        model = AwardEdition
        django_get_or_create = ("year",)

    year = factory.Sequence(lambda n: 2000 - n)
    title = factory.LazyAttribute(lambda o: f"European Digital Skills Awards {o.year}")
    introduction = "The awards recognise projects that bring digital skills to people."
    eligibility = "Organisations established in the European Union."
    criteria = "Impact, reach and innovation."
    opens_on = factory.LazyAttribute(lambda o: datetime.date(o.year - 1, 3, 1))
    closes_on = factory.LazyAttribute(lambda o: datetime.date(o.year - 1, 6, 30))
    ceremony_date = factory.LazyAttribute(lambda o: datetime.date(o.year - 1, 12, 5))


def open_edition(**kwargs) -> AwardEdition:
    """An edition whose call is open today."""
    today = timezone.localdate()
    defaults = {
        "year": today.year + 1,
        "opens_on": today - datetime.timedelta(days=10),
        "closes_on": today + datetime.timedelta(days=10),
        "ceremony_date": today + datetime.timedelta(days=60),
    }
    return AwardEditionFactory(**{**defaults, **kwargs})


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category

    edition = factory.SubFactory(AwardEditionFactory)
    name = factory.Sequence(lambda n: f"Category {n}")
    description = "Projects of this kind."
    order = factory.Sequence(lambda n: n)


class EntryFactory(DjangoModelFactory):
    class Meta:
        model = Entry

    category = factory.SubFactory(CategoryFactory)
    edition = factory.SelfAttribute("category.edition")
    project_name = factory.Sequence(lambda n: f"Project {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.project_name))
    organisation_name = factory.Sequence(lambda n: f"Organisation {n}")
    country = "BE"
    description = "A project that teaches digital skills."
    website = "https://example.org/"
    contact_name = "Private Person"
    contact_email = factory.Sequence(lambda n: f"contact{n}@example.org")
    contact_phone = "+32 2 000 00 00"
    jury_notes = "Confidential jury remark"
    status = Entry.Status.SUBMITTED


def image_bytes(fmt="PNG", size=(40, 30), mode="RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, "#003399").save(buffer, fmt)
    return buffer.getvalue()


def image_upload(name="photo.png", content=None, content_type="image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes() if content is None else content, content_type)
