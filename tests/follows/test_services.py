import datetime

import pytest
from django.http import QueryDict
from django.utils import timezone

from follows import searches, services
from follows.models import Follow, NotificationSettings
from pledges.models import Pledge
from tests.accounts.factories import UserFactory
from tests.pledges.factories import PledgeFactory

from .factories import NotificationSettingsFactory

pytestmark = pytest.mark.django_db
F = NotificationSettings.Frequency


def test_following_creates_the_settings_and_following_again_changes_nothing():
    user = UserFactory()
    pledge = PledgeFactory(status=Pledge.Status.PUBLISHED)
    first = services.follow(user=user, kind=Follow.Kind.PLEDGE, target=pledge)
    again = services.follow(user=user, kind=Follow.Kind.PLEDGE, target=pledge)
    assert first == again
    assert Follow.objects.count() == 1
    assert NotificationSettings.objects.get(user=user).frequency == F.DAILY


def test_the_number_of_follows_is_capped_with_a_clear_message(monkeypatch):
    monkeypatch.setattr(services, "MAX_FOLLOWS_PER_USER", 2)
    user = UserFactory()
    for country in ("BE", "FR"):
        services.follow(user=user, kind=Follow.Kind.SEARCH, query=f"country={country}")
    with pytest.raises(services.FollowError) as refused:
        services.follow(user=user, kind=Follow.Kind.SEARCH, query="country=DE")
    assert "the most one account can" in refused.value.messages[0]
    assert Follow.objects.count() == 2
    # What one follows already is not refused.
    services.follow(user=user, kind=Follow.Kind.SEARCH, query="country=BE")


def test_starting_the_emails_again_starts_from_now(time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 1, 8, tzinfo=datetime.UTC), tick=False)
    row = NotificationSettingsFactory(frequency=F.NEVER)
    time_machine.move_to(datetime.datetime(2026, 4, 1, 8, tzinfo=datetime.UTC), tick=False)
    services.set_frequency(user=row.user, frequency=F.WEEKLY)
    row.refresh_from_db()
    assert row.frequency == F.WEEKLY
    assert row.last_digest_at == timezone.now()
    # Between two frequencies nothing is skipped: the bookkeeping stays.
    time_machine.move_to(datetime.datetime(2026, 4, 3, 8, tzinfo=datetime.UTC), tick=False)
    services.set_frequency(user=row.user, frequency=F.DAILY)
    row.refresh_from_db()
    assert row.last_digest_at == datetime.datetime(2026, 4, 1, 8, tzinfo=datetime.UTC)


def test_a_saved_search_is_normalised_and_labelled():
    data = QueryDict(
        "page=3&sort=title&target_group=women-and-girls&country=BE&target_group=education&q="
    )
    query, label = searches.clean_search(data)
    assert query == "country=BE&target_group=education&target_group=women-and-girls"
    assert label == (
        "Country: Belgium; Target group: Digital skills in education, Women and girls in digital"
    )
    assert searches.normalise_query(data) == query
    # Invalid values are left out, as the list page ignores them.
    assert searches.clean_search(QueryDict("country=XX&state=active")) == (
        "state=active",
        "Status: Active",
    )
    assert searches.clean_search(QueryDict("sort=title")) == ("", "All new pledges")


def test_the_unsubscribe_token_finds_the_settings_and_a_forged_one_does_not():
    row = NotificationSettingsFactory()
    token = services.make_unsubscribe_token(row)
    assert services.settings_for_unsubscribe(token) == row
    with pytest.raises(services.InvalidLink):
        services.settings_for_unsubscribe(token[:-2] + "xx")
    with pytest.raises(services.InvalidLink):
        services.settings_for_unsubscribe(f"{row.token.hex}:forged")


def test_switching_the_emails_on_again_gives_new_unsubscribe_links():
    row = NotificationSettingsFactory(frequency=F.DAILY)
    first = row.token
    services.set_frequency(user=row.user, frequency=F.WEEKLY)
    row.refresh_from_db()
    assert row.token == first  # a change of frequency keeps the links of past digests
    old_link = services.make_unsubscribe_token(row)
    services.unsubscribe(notification_settings=row)
    services.set_frequency(user=row.user, frequency=F.DAILY)
    row.refresh_from_db()
    assert row.token != first
    with pytest.raises(services.InvalidLink):
        services.settings_for_unsubscribe(old_link)
    assert services.settings_for_unsubscribe(services.make_unsubscribe_token(row)) == row


@pytest.mark.parametrize(
    ("email", "masked"),
    [
        ("jane.doe@example.org", "j•••@example.org"),
        ("j@example.org", "j•••@example.org"),
        ("Ana+digest@mail.example.eu", "A•••@mail.example.eu"),
        ('"odd@local"@example.org', '"•••@example.org'),
        ("not-an-address", "•••"),
        ("", "•••"),
    ],
)
def test_mask_email_keeps_only_a_hint_of_the_address(email, masked):
    assert services.mask_email(email) == masked
