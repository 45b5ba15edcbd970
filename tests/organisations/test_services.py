import pytest
from django.core.exceptions import ValidationError

from organisations import services
from organisations.models import Membership, Organisation
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_create_organisation_makes_the_creator_admin():
    user = UserFactory()
    organisation = services.create_organisation(
        creator=user,
        name="Byte Club",
        type=Organisation.Type.NGO,
        country="DK",
        contact_name="A",
        contact_email="a@example.org",
    )
    assert organisation.slug == "byte-club"
    assert Membership.objects.get(organisation=organisation).role == Membership.Role.ADMIN


def test_create_organisation_validates_and_rolls_back():
    with pytest.raises(ValidationError):
        services.create_organisation(
            creator=UserFactory(),
            name="X",
            type="bogus",
            country="DK",
            contact_name="A",
            contact_email="a@example.org",
        )
    assert not Organisation.objects.exists()
    assert not Membership.objects.exists()
