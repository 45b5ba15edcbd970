import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from follows import services, views
from follows.models import Follow, NotificationSettings
from pledges.models import Pledge
from tests.accounts.factories import UserFactory
from tests.national_coalitions.factories import NationalCoalitionFactory
from tests.organisations.factories import OrganisationFactory
from tests.pledges.factories import PledgeFactory

from .factories import FollowFactory, NotificationSettingsFactory

pytestmark = pytest.mark.django_db
K = Follow.Kind
F = NotificationSettings.Frequency
FOLLOW = reverse("follows:follow")
SETTINGS = reverse("follows:settings")


@pytest.fixture
def pledge():
    return PledgeFactory(status=Pledge.Status.PUBLISHED, title="Coding clubs in Ghent")


@pytest.fixture
def user():
    return UserFactory(email="follower@example.org")


@pytest.fixture
def signed_in(client, user):
    client.force_login(user)
    return client


def never_stored(response) -> bool:
    # The headers of the other /my/ pages (organisations.views.PrivatePageMixin).
    return set(response["Cache-Control"].split(", ")) == {"private", "no-store"}


def login_redirect(path):
    return f"{reverse('account_login')}?next={path}"


# --- The buttons ---------------------------------------------------------------------------


def test_anonymous_visitors_get_a_sign_in_link_and_nothing_personal(client, pledge):
    path = pledge.get_absolute_url()
    response = client.get(path)
    body = response.content.decode()
    assert f'href="/en/accounts/login/?next={path}"' in body
    assert "Sign in to follow this pledge" in body
    # Served from the shared cache to every anonymous visitor: no token, no cookie.
    assert "csrfmiddlewaretoken" not in body
    assert not response.cookies


@pytest.mark.parametrize("kind", ["pledge", "organisation", "coalition"])
def test_each_page_has_its_follow_button(signed_in, user, kind, pledge):
    target = {
        "pledge": pledge,
        "organisation": pledge.organisation,
        "coalition": NationalCoalitionFactory(),
    }[kind]
    body = signed_in.get(target.get_absolute_url()).content.decode()
    assert f'name="kind" value="{kind}"' in body
    assert f'name="target" value="{target.pk}"' in body
    follow = services.follow(user=user, kind=kind, target=target)
    body = signed_in.get(target.get_absolute_url()).content.decode()
    assert reverse("follows:unfollow", args=[follow.pk]) in body
    assert "Stop following this" in body


def test_following_a_pledge_and_back_to_the_page(signed_in, user, pledge):
    path = pledge.get_absolute_url()
    response = signed_in.post(
        FOLLOW, {"kind": K.PLEDGE, "target": pledge.pk, "next": path}, follow=True
    )
    assert response.redirect_chain == [(path, 302)]
    assert "You now follow Coding clubs in Ghent." in response.content.decode()
    assert Follow.objects.get(user=user).pledge == pledge


def test_following_goes_nowhere_but_this_site(signed_in, pledge):
    response = signed_in.post(
        FOLLOW, {"kind": K.PLEDGE, "target": pledge.pk, "next": "https://evil.example/"}
    )
    assert response["Location"] == SETTINGS


def test_what_is_not_public_cannot_be_followed(signed_in):
    draft = PledgeFactory(title="Unpublished draft")
    response = signed_in.post(FOLLOW, {"kind": K.PLEDGE, "target": draft.pk})
    assert response.status_code == 400
    assert "not public" in response.content.decode()
    assert "Unpublished draft" not in response.content.decode()
    # An organisation without a public pledge has no public page either.
    response = signed_in.post(FOLLOW, {"kind": K.ORGANISATION, "target": OrganisationFactory().pk})
    assert response.status_code == 400
    assert not Follow.objects.exists()


def test_following_a_search_saves_its_filters_not_its_page(signed_in, user):
    list_url = reverse("pledges:pledge-list")
    body = signed_in.get(f"{list_url}?country=BE&page=1&sort=title").content.decode()
    assert 'name="query" value="country=BE"' in body
    response = signed_in.post(
        FOLLOW, {"kind": K.SEARCH, "query": "sort=title&country=BE&page=2", "next": list_url}
    )
    assert response.status_code == 302
    follow = Follow.objects.get(user=user)
    assert (follow.query, follow.label) == ("country=BE", "Country: Belgium")
    body = signed_in.get(f"{list_url}?country=BE").content.decode()
    assert "You follow this search." in body


def test_anonymous_posts_go_to_the_sign_in_page_and_get_is_not_allowed(client, signed_in, pledge):
    response = Client().post(FOLLOW, {"kind": K.PLEDGE, "target": pledge.pk})
    assert response["Location"] == login_redirect("/en/follows/new/")
    assert signed_in.get(FOLLOW).status_code == 405
    assert not Follow.objects.exists()


def test_following_is_rate_limited(signed_in, pledge, monkeypatch):
    monkeypatch.setattr(views.FollowView, "ratelimit_rate", "2/m")
    data = {"kind": K.PLEDGE, "target": pledge.pk}
    assert signed_in.post(FOLLOW, data).status_code == 302
    assert signed_in.post(FOLLOW, data).status_code == 302
    response = signed_in.post(FOLLOW, data)
    assert response.status_code == 429
    assert "too many times" in response.content.decode()


def test_the_follow_limit_is_explained(signed_in, pledge, monkeypatch):
    monkeypatch.setattr(services, "MAX_FOLLOWS_PER_USER", 1)
    signed_in.post(FOLLOW, {"kind": K.SEARCH, "query": "country=BE"})
    response = signed_in.post(FOLLOW, {"kind": K.PLEDGE, "target": pledge.pk})
    assert response.status_code == 400
    assert "the most one account can" in response.content.decode()
    assert Follow.objects.count() == 1


def test_unfollowing(signed_in, user, pledge):
    follow = FollowFactory(user=user, pledge=pledge)
    response = signed_in.post(
        reverse("follows:unfollow", args=[follow.pk]), {"next": pledge.get_absolute_url()}
    )
    assert response["Location"] == pledge.get_absolute_url()
    assert not Follow.objects.exists()


def test_nobody_can_unfollow_someone_elses_follow(client, signed_in, pledge):
    theirs = FollowFactory(pledge=pledge)
    assert signed_in.post(reverse("follows:unfollow", args=[theirs.pk])).status_code == 404
    response = Client().post(reverse("follows:unfollow", args=[theirs.pk]))
    assert response["Location"].startswith(reverse("account_login"))
    assert Follow.objects.filter(pk=theirs.pk).exists()


def queries_for(client, path) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return [query["sql"] for query in queries]


def follow_queries(queries) -> int:
    return sum('"follows_follow"' in sql for sql in queries)


@pytest.mark.parametrize("page", ["pledge", "organisation", "coalition", "list"])
def test_the_follow_state_costs_one_query_whatever_one_follows(signed_in, user, pledge, page):
    path = {
        "pledge": pledge.get_absolute_url(),
        "organisation": pledge.organisation.get_absolute_url(),
        "coalition": NationalCoalitionFactory().get_absolute_url(),
        "list": reverse("pledges:pledge-list") + "?country=BE",
    }[page]
    assert follow_queries(queries_for(Client(), path)) == 0  # anonymous: none
    first = queries_for(signed_in, path)
    assert follow_queries(first) == 1
    for _n in range(5):
        FollowFactory(user=user)
    FollowFactory(user=user, pledge=pledge)
    FollowFactory(user=user, kind=K.SEARCH, query="country=BE", label="Country: Belgium")
    assert len(queries_for(signed_in, path)) == len(first)


# --- The notifications page ----------------------------------------------------------------


def test_the_notifications_page_signed_out_redirects_to_sign_in(client):
    assert client.get(SETTINGS)["Location"] == login_redirect("/en/my/notifications/")


def test_the_notifications_page_lists_only_ones_own_follows(signed_in, user, pledge):
    FollowFactory(user=user, pledge=pledge)
    FollowFactory(user=user, kind=K.SEARCH, query="country=FR", label="Country: France")
    FollowFactory(user=user, pledge=PledgeFactory(status=Pledge.Status.WITHDRAWN, title="Hidden"))
    FollowFactory(pledge=PledgeFactory(status=Pledge.Status.PUBLISHED, title="Someone else's"))
    response = signed_in.get(SETTINGS)
    body = response.content.decode()
    assert "Coding clubs in Ghent" in body
    assert "Country: France" in body
    assert "A pledge that is no longer public" in body and "Hidden" not in body
    assert "Someone else&#x27;s" not in body and "Someone else's" not in body
    # A visit writes nothing.
    assert not NotificationSettings.objects.exists()


def test_the_notifications_page_costs_the_same_with_many_follows(signed_in, user):
    FollowFactory(user=user)
    one = len(queries_for(signed_in, SETTINGS))
    for _n in range(4):
        FollowFactory(user=user)
    FollowFactory(user=user, kind=K.COALITION, coalition=NationalCoalitionFactory())
    FollowFactory(user=user, kind=K.ORGANISATION, organisation=OrganisationFactory())
    assert len(queries_for(signed_in, SETTINGS)) == one


def test_choosing_the_frequency(signed_in, user):
    response = signed_in.post(SETTINGS, {"frequency": F.WEEKLY}, follow=True)
    assert "Saved. E-mails about what you follow: Once a week." in response.content.decode()
    assert NotificationSettings.objects.get(user=user).frequency == F.WEEKLY
    assert signed_in.post(SETTINGS, {"frequency": "hourly"}).status_code == 200
    assert NotificationSettings.objects.get(user=user).frequency == F.WEEKLY


def test_stop_all_and_unfollow_all(signed_in, user):
    FollowFactory(user=user)
    NotificationSettingsFactory(user=user, frequency=F.IMMEDIATE)
    signed_in.post(reverse("follows:stop-all"))
    assert NotificationSettings.objects.get(user=user).frequency == F.NEVER
    assert Follow.objects.filter(user=user).exists()
    assert "E-mails are switched off." in signed_in.get(SETTINGS).content.decode()
    other = FollowFactory()
    signed_in.post(reverse("follows:unfollow-all"))
    assert list(Follow.objects.all()) == [other]


# --- One-click unsubscribe -----------------------------------------------------------------


def test_unsubscribe_get_asks_and_post_without_csrf_stops_the_digests(user):
    row = NotificationSettingsFactory(user=user, frequency=F.DAILY)
    url = reverse("follows:unsubscribe", args=[services.make_unsubscribe_token(row)])
    client = Client(enforce_csrf_checks=True)
    response = client.get(url)
    assert response.status_code == 200
    # Whoever holds the link (a forwarded digest) sees a hint of the address, not the address.
    body = response.content.decode()
    assert "f•••@example.org" in body
    assert "follower@example.org" not in body
    assert never_stored(response)
    row.refresh_from_db()
    assert row.frequency == F.DAILY  # a link scanner's GET changes nothing
    # RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click", no token, no cookie.
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response["Location"] == reverse("follows:unsubscribe-done")
    row.refresh_from_db()
    assert row.frequency == F.NEVER
    assert client.get(reverse("follows:unsubscribe-done")).status_code == 200


def test_a_forged_unsubscribe_link_is_refused(user):
    row = NotificationSettingsFactory(user=user)
    token = services.make_unsubscribe_token(row)
    for bad in (token[:-1] + ("A" if token[-1] != "A" else "B"), "nonsense"):
        url = reverse("follows:unsubscribe", args=[bad])
        assert Client().get(url).status_code == 400
        assert Client().post(url).status_code == 400
    row.refresh_from_db()
    assert row.frequency == F.DAILY


def test_an_old_unsubscribe_link_stops_working_once_the_emails_are_switched_on_again(
    signed_in, user
):
    row = NotificationSettingsFactory(user=user, frequency=F.DAILY)
    old = reverse("follows:unsubscribe", args=[services.make_unsubscribe_token(row)])
    assert Client().post(old).status_code == 302
    signed_in.post(SETTINGS, {"frequency": F.WEEKLY})
    row.refresh_from_db()
    assert row.frequency == F.WEEKLY
    # A forwarded digest of before no longer switches them off again.
    assert Client().get(old).status_code == 400
    assert Client().post(old).status_code == 400
    row.refresh_from_db()
    assert row.frequency == F.WEEKLY
    new = reverse("follows:unsubscribe", args=[services.make_unsubscribe_token(row)])
    assert Client().get(new).status_code == 200


# --- Private pages ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("get", "follows:settings"),
        ("post", "follows:settings"),
        ("post", "follows:follow"),
        ("post", "follows:stop-all"),
        ("post", "follows:unfollow-all"),
    ],
)
def test_the_signed_in_pages_are_never_cached(signed_in, pledge, method, name):
    data = {"kind": K.PLEDGE, "target": pledge.pk} if name == "follows:follow" else {}
    for who in (signed_in, Client()):  # signed in, and the sign-in redirect
        response = getattr(who, method)(reverse(name), data)
        assert never_stored(response), (who, response.status_code)


def test_unfollowing_is_never_cached(signed_in, user, pledge):
    follow = FollowFactory(user=user, pledge=pledge)
    response = signed_in.post(reverse("follows:unfollow", args=[follow.pk]))
    assert response.status_code == 302
    assert never_stored(response)
    assert never_stored(Client().post(reverse("follows:unfollow", args=[follow.pk])))
