import pytest
from django.db import IntegrityError, transaction

from follows.models import Follow
from pledges.models import Pledge
from tests.accounts.factories import UserFactory
from tests.national_coalitions.factories import NationalCoalitionFactory
from tests.organisations.factories import OrganisationFactory
from tests.pledges.factories import PledgeFactory

from .factories import FollowFactory

pytestmark = pytest.mark.django_db
K = Follow.Kind


def test_a_person_follows_a_pledge_once():
    follow = FollowFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(user=follow.user, kind=K.PLEDGE, pledge=follow.pledge)
    # Someone else may follow it too.
    Follow.objects.create(user=UserFactory(), kind=K.PLEDGE, pledge=follow.pledge)


def test_a_saved_search_is_followed_once_per_query():
    user = UserFactory()
    Follow.objects.create(user=user, kind=K.SEARCH, query="country=BE", label="Country: Belgium")
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(user=user, kind=K.SEARCH, query="country=BE", label="again")
    Follow.objects.create(user=user, kind=K.SEARCH, query="country=FR", label="Country: France")


@pytest.mark.parametrize(
    "targets",
    [
        {"kind": K.PLEDGE},  # no target at all
        {"kind": K.ORGANISATION, "with_pledge": True},  # a second target
        {"kind": K.COALITION, "query": "country=BE"},
    ],
)
def test_a_follow_has_exactly_its_one_target(targets):
    user = UserFactory()
    fields = {"user": user, "kind": targets["kind"], "query": targets.get("query", "")}
    if targets["kind"] == K.ORGANISATION:
        fields["organisation"] = OrganisationFactory()
    if targets["kind"] == K.COALITION:
        fields["coalition"] = NationalCoalitionFactory()
    if targets.get("with_pledge"):
        fields["pledge"] = PledgeFactory(status=Pledge.Status.PUBLISHED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(**fields)


def test_a_pledge_that_is_no_longer_public_is_not_named_nor_linked():
    follow = FollowFactory(pledge=PledgeFactory(status=Pledge.Status.WITHDRAWN, title="Secret"))
    assert follow.target_label == "A pledge that is no longer public"
    assert follow.target_url == ""


def test_labels_and_links_of_each_kind():
    pledge = PledgeFactory(status=Pledge.Status.PUBLISHED, title="Coding for all")
    assert FollowFactory(pledge=pledge).target_url == pledge.get_absolute_url()
    coalition = NationalCoalitionFactory(country="BE", name="Digital Belgium")
    follow = FollowFactory(kind=K.COALITION, coalition=coalition)
    assert follow.target_label == "Digital Belgium (Belgium)"
    search = FollowFactory(kind=K.SEARCH, query="country=BE", label="Country: Belgium")
    assert search.target_url == "/en/pledges/?country=BE"
