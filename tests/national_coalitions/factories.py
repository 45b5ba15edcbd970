import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core.secretariat import SECRETARIAT_GROUP
from national_coalitions.demo import make_pdf
from national_coalitions.models import (
    EU_MEMBER_STATES,
    AreaOfAction,
    CoalitionArea,
    CoalitionMember,
    ContactRequest,
    NationalCoalition,
    OtherInitiative,
    Resource,
    StakeholderType,
)

PDF_BYTES = make_pdf("Test document", ["A page of text."])


class AreaOfActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AreaOfAction
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Area of action {n}")
    slug = factory.Sequence(lambda n: f"area-of-action-{n}")
    position = factory.Sequence(lambda n: 10 + n)


class NationalCoalitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NationalCoalition
        django_get_or_create = ["country"]

    country = factory.Sequence(lambda n: EU_MEMBER_STATES[n % len(EU_MEMBER_STATES)])
    name = factory.LazyAttribute(lambda o: f"Digital Skills Coalition {o.country}")
    status = NationalCoalition.Status.LAUNCHED
    launch_date = datetime.date(2017, 3, 1)
    coordinating_body_name = "Example Coordinating Agency"
    coordinating_body_website = "https://agency.example.org/"
    website = "https://coalition.example.org/"
    contact_email = factory.LazyAttribute(lambda o: f"coalition-{o.country.lower()}@example.org")
    description = "Brings companies and schools together."
    last_verified_date = datetime.date(2017, 11, 30)

    class Params:
        forming = factory.Trait(status=NationalCoalition.Status.UNDER_FORMATION, launch_date=None)
        with_factsheet = factory.Trait(
            factsheet=factory.django.FileField(data=PDF_BYTES, filename="factsheet.pdf")
        )


class CoalitionAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoalitionArea

    coalition = factory.SubFactory(NationalCoalitionFactory)
    area = factory.SubFactory(AreaOfActionFactory)


class CoalitionMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoalitionMember

    coalition = factory.SubFactory(NationalCoalitionFactory)
    name = factory.Sequence(lambda n: f"Member organisation {n}")
    stakeholder_type = StakeholderType.ICT_COMPANY
    website = "https://member.example.org/"


class OtherInitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OtherInitiative

    name = factory.Sequence(lambda n: f"Local initiative {n}")
    slug = factory.Sequence(lambda n: f"local-initiative-{n}")
    country = "ES"
    region = "Example region"
    description = "A local partnership."
    website = "https://initiative.example.org/"
    coordinating_body_name = "Example City Council"


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource

    title = factory.Sequence(lambda n: f"Resource {n}")
    slug = factory.Sequence(lambda n: f"resource-{n}")
    category = Resource.Category.GUIDE
    description = "A useful document."
    file = factory.django.FileField(data=PDF_BYTES, filename="resource.pdf")
    language = "en"
    publication_date = datetime.date(2017, 1, 1)


class ContactRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactRequest

    name = "Ana Example"
    email = "ana@example.org"
    organisation = "Example Ltd"
    message = "We would like to join."
    consent = True


class SecretariatUserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"secretariat{n}@example.eu")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "secret-password")

    @factory.post_generation
    def group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name=SECRETARIAT_GROUP))
            self.save()
