"""The digest jobs, run as the worker runs them: what changed since the last digest, once."""

import datetime

import pytest
from django.core import mail

from core.models import OutgoingEmail
from follows import services, tasks
from follows.models import Follow, NotificationSettings
from pledges import services as pledge_services
from pledges.models import Pledge, PledgeTranslation
from tests.accounts.factories import SecretariatUserFactory, UserFactory
from tests.national_coalitions.factories import CoalitionMemberFactory, NationalCoalitionFactory
from tests.organisations.factories import MembershipFactory, OrganisationFactory
from tests.pledges.factories import PledgeFactory, ProgressReportFactory

from .factories import NotificationSettingsFactory

pytestmark = pytest.mark.django_db
F = NotificationSettings.Frequency
K = Follow.Kind
UTC = datetime.UTC


def at(day, hour, minute=0):
    return datetime.datetime(2026, 3, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def clock(time_machine):
    def move(moment):
        time_machine.move_to(moment, tick=False)

    return move


@pytest.fixture
def run(run_task):
    """Run a digest job; returns the digests it queued and the mails sent since the last run."""

    def go(job):
        mail.outbox.clear()
        count = run_task(job)
        # Digests in any language: the one-click unsubscribe header is theirs alone.
        digests = [m for m in mail.outbox if "List-Unsubscribe-Post" in m.extra_headers]
        assert count == len(digests)
        return digests

    return go


def body(message) -> str:
    return message.body + "".join(content for content, _type in message.alternatives)


@pytest.fixture
def follower(clock):
    clock(at(2, 6))
    user = UserFactory(email="follower@example.org", first_name="Fran", last_name="Follower")
    NotificationSettingsFactory(user=user, frequency=F.DAILY)
    return user


def publish(pledge):
    return pledge_services.publish_pledge(pledge=pledge, actor=SecretariatUserFactory())


def test_the_daily_digest_sends_what_changed_once_and_nothing_private(follower, clock, run):
    pledge = PledgeFactory(status=Pledge.Status.PUBLISHED, title="Coding clubs in Ghent")
    organisation = OrganisationFactory(name="Skills Ltd")
    PledgeFactory(organisation=organisation, status=Pledge.Status.PUBLISHED, title="Old pledge")
    coalition = NationalCoalitionFactory(country="BE", name="Digital Belgium")
    services.follow(user=follower, kind=K.PLEDGE, target=pledge)
    services.follow(user=follower, kind=K.ORGANISATION, target=organisation)
    services.follow(user=follower, kind=K.COALITION, target=coalition)
    services.follow(user=follower, kind=K.SEARCH, query="country=FR", label="Country: France")

    clock(at(2, 10))
    ProgressReportFactory(pledge=pledge, report_date=datetime.date(2026, 2, 28))
    publish(PledgeFactory(organisation=organisation, status="submitted", title="Data for all"))
    PledgeFactory(
        organisation=organisation, title="Secret draft", reviewer_notes="Reviewer-only remark"
    )
    CoalitionMemberFactory(coalition=coalition, name="New Member Ltd")
    PledgeFactory(status=Pledge.Status.PUBLISHED, countries=["FR"], title="Paris coders")
    PledgeFactory(status=Pledge.Status.PUBLISHED, countries=["DE"], title="Berlin coders")

    clock(at(3, 7))
    [digest] = run(tasks.send_daily_digests)
    text = body(digest)
    assert digest.to == ["follower@example.org"]
    assert digest.subject.startswith("4 updates")
    for expected in (
        "Coding clubs in Ghent",
        "A new progress report of",
        "Skills Ltd",
        "New pledge: Data for all",
        "Digital Belgium (Belgium)",
        "New member: New Member Ltd",
        "Country: France",
        "New pledge: Paris coders",
    ):
        assert expected in text
    for private in ("Secret draft", "Reviewer-only", "Berlin coders", "Old pledge"):
        assert private not in text
    # One-click unsubscribe (RFC 8058), with the link of the body.
    link = services.unsubscribe_url(NotificationSettings.objects.get(user=follower))
    assert digest.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in text

    # Run again (a second scheduler, a retry): nothing is due, nothing is sent twice.
    clock(at(3, 7, 5))
    assert run(tasks.send_daily_digests) == []

    # The next day brings only what is new since.
    clock(at(3, 12))
    ProgressReportFactory(pledge=pledge, report_date=datetime.date(2026, 3, 3))
    clock(at(4, 7))
    [digest] = run(tasks.send_daily_digests)
    text = body(digest)
    assert digest.subject.startswith("1 update ")
    assert "A new progress report of" in text
    assert "Paris coders" not in text and "Data for all" not in text


def test_following_does_not_send_the_past(follower, clock, run):
    clock(at(2, 9))
    organisation = OrganisationFactory()
    PledgeFactory(organisation=organisation, status=Pledge.Status.PUBLISHED)
    clock(at(2, 12))
    services.follow(user=follower, kind=K.ORGANISATION, target=organisation)
    clock(at(3, 7))
    assert run(tasks.send_daily_digests) == []
    assert NotificationSettings.objects.get(user=follower).last_digest_at == (
        at(3, 7) - services.DIGEST_LAG
    )


def test_immediate_digests_miss_nothing_at_the_boundary(clock, run):
    clock(at(2, 9))
    user = UserFactory()
    NotificationSettingsFactory(user=user, frequency=F.IMMEDIATE)
    organisation = OrganisationFactory()
    PledgeFactory(organisation=organisation, status=Pledge.Status.PUBLISHED)
    services.follow(user=user, kind=K.ORGANISATION, target=organisation)

    clock(at(2, 9, 57))
    PledgeFactory(organisation=organisation, status=Pledge.Status.PUBLISHED, title="Early one")
    clock(at(2, 9, 59))  # committed just before the run: within the lag, for the next one
    PledgeFactory(organisation=organisation, status=Pledge.Status.PUBLISHED, title="Late one")
    clock(at(2, 10))
    [first] = run(tasks.send_immediate_digests)
    assert "Early one" in body(first) and "Late one" not in body(first)
    clock(at(2, 10, 10))
    [second] = run(tasks.send_immediate_digests)
    assert "Late one" in body(second) and "Early one" not in body(second)
    clock(at(2, 10, 20))
    assert run(tasks.send_immediate_digests) == []
    # Daily and weekly jobs leave immediate followers alone.
    assert run(tasks.send_daily_digests) == []


def test_the_weekly_digest_waits_for_its_week(clock, run):
    clock(at(2, 7))  # a Monday
    user = UserFactory()
    NotificationSettingsFactory(user=user, frequency=F.WEEKLY)
    coalition = NationalCoalitionFactory(forming=True)
    services.follow(user=user, kind=K.COALITION, target=coalition)
    clock(at(4, 15))
    coalition.status = coalition.Status.LAUNCHED
    coalition.launch_date = datetime.date(2026, 3, 4)
    coalition.save()
    clock(at(5, 9))
    coalition.description = "A new description."
    coalition.save()

    clock(at(5, 10))  # a run out of turn finds nothing due and keeps the changes for later
    assert run(tasks.send_weekly_digests) == []
    clock(at(9, 7))
    [digest] = run(tasks.send_weekly_digests)
    text = body(digest)
    assert "The National Coalition was launched." in text
    assert "The National Coalition's page was updated." in text
    clock(at(9, 8))
    assert run(tasks.send_weekly_digests) == []


def test_a_pledge_withdrawn_before_the_digest_gives_nothing(follower, clock, run):
    member = MembershipFactory()
    pledge = PledgeFactory(
        organisation=member.organisation, status=Pledge.Status.PUBLISHED, title="Gone soon"
    )
    services.follow(user=follower, kind=K.PLEDGE, target=pledge)
    clock(at(2, 10))
    ProgressReportFactory(pledge=pledge, narrative="Private narrative")
    pledge_services.withdraw_pledge(pledge=pledge, actor=member.user, reason="Out of funds")
    clock(at(3, 7))
    assert run(tasks.send_daily_digests) == []


def test_stopped_digests_send_nothing(follower, clock, run):
    pledge = PledgeFactory(status=Pledge.Status.PUBLISHED)
    services.follow(user=follower, kind=K.PLEDGE, target=pledge)
    services.unsubscribe(notification_settings=follower.notification_settings)
    clock(at(2, 10))
    ProgressReportFactory(pledge=pledge)
    clock(at(3, 7))
    for job in (tasks.send_immediate_digests, tasks.send_daily_digests, tasks.send_weekly_digests):
        assert run(job) == []


def test_the_digest_is_in_the_followers_language(clock, run):
    clock(at(2, 6))
    user = UserFactory(language="fr")
    NotificationSettingsFactory(user=user, frequency=F.DAILY)
    pledge = PledgeFactory(status=Pledge.Status.PUBLISHED, title="Coding clubs")
    PledgeTranslation.objects.create(pledge=pledge, language="fr", title="Clubs de code")
    services.follow(user=user, kind=K.PLEDGE, target=pledge)
    clock(at(2, 10))
    ProgressReportFactory(pledge=pledge)
    clock(at(3, 7))
    [digest] = run(tasks.send_daily_digests)
    assert OutgoingEmail.objects.get(to=[user.email]).language == "fr"
    html = digest.alternatives[0][0]
    assert '<html lang="fr">' in html
    assert "Clubs de code" in html


def test_a_digest_claimed_by_one_worker_is_not_sent_by_another(follower, clock):
    pledge = PledgeFactory(status=Pledge.Status.PUBLISHED)
    services.follow(user=follower, kind=K.PLEDGE, target=pledge)
    clock(at(2, 10))
    ProgressReportFactory(pledge=pledge)
    clock(at(3, 7))
    row = NotificationSettings.objects.get(user=follower)
    until = at(3, 7) - services.DIGEST_LAG
    due_before = until - services.MIN_INTERVAL[F.DAILY]
    arguments = {"settings_id": row.pk, "frequency": F.DAILY, "until": until}
    assert services.send_digest(**arguments, due_before=due_before) is True
    # The second worker read the row as due before the first one committed; under the lock it
    # is no longer due.
    assert services.send_digest(**arguments, due_before=due_before) is False
    assert OutgoingEmail.objects.filter(to=[follower.email]).count() == 1
