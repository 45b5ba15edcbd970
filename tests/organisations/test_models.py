import pytest
from django.contrib.auth.models import AnonymousUser

from organisations.models import Organisation
from pledges.models import Pledge
from tests.accounts.factories import UserFactory
from tests.pledges.factories import PledgeFactory

from .factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
S = Pledge.Status


def test_for_user_is_the_organisations_the_user_belongs_to():
    user = UserFactory()
    mine = [MembershipFactory(user=user).organisation, MembershipFactory(user=user).organisation]
    MembershipFactory()  # someone else's
    assert set(Organisation.objects.for_user(user)) == set(mine)
    assert not Organisation.objects.for_user(UserFactory()).exists()
    assert not Organisation.objects.for_user(AnonymousUser()).exists()


@pytest.mark.parametrize(
    ("status", "public"),
    [
        (S.DRAFT, False),
        (S.SUBMITTED, False),
        (S.REJECTED, False),
        (S.WITHDRAWN, False),
        (S.PUBLISHED, True),
        (S.COMPLETED, True),
    ],
)
def test_with_public_pledges_follows_the_pledge_visibility_rule(status, public):
    organisation = PledgeFactory(status=status).organisation
    OrganisationFactory()  # no pledge at all
    expected = [organisation] if public else []
    assert list(Organisation.objects.with_public_pledges()) == expected
    assert bool(Pledge.objects.public().filter(organisation=organisation)) == public
