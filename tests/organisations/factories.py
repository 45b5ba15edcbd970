import datetime

import factory
from django.utils import timezone

from organisations.models import Invitation, Membership, Organisation
from tests.accounts.factories import UserFactory


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Digital Futures Foundation {n}")
    slug = factory.Sequence(lambda n: f"digital-futures-foundation-{n}")
    type = Organisation.Type.NGO
    country = "BE"
    website = "https://digital-futures.example.org"
    description = "A demo organisation that trains people in digital skills."
    contact_name = "Alex Contact"
    contact_email = factory.Sequence(lambda n: f"contact{n}@digital-futures.example.org")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.ADMIN


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"colleague{n}@example.org")
    role = Membership.Role.EDITOR
    invited_by = factory.SubFactory(UserFactory)
    created_at = factory.LazyFunction(timezone.now)
    last_sent_at = factory.LazyAttribute(lambda o: o.created_at)
    expires_at = factory.LazyAttribute(lambda o: o.last_sent_at + datetime.timedelta(days=14))
