"""Concurrent moves of pledges: nothing is lost, doubled or left in an invalid state.

Two Secretariat members acting on the same pledge at once cannot leave it in an invalid state;
fifty pledges submitted at once (through the service and through the pledge form) are all
submitted exactly once; one pledge submitted by fifty people at once changes status once.

Real concurrency needs real row locks, so this runs on PostgreSQL only (CI runs it there).
"""

import threading

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from pledges import services
from pledges.models import ActionType, Pledge, PledgeStatusChange, Target
from tests.accounts.factories import SecretariatUserFactory
from tests.organisations.factories import MembershipFactory, OrganisationFactory

from .factories import PledgeFactory
from .test_pledger_views import form_data

S = Pledge.Status
pytestmark = [
    pytest.mark.django_db(transaction=True),
    # Up to fifty database connections each: never two such tests at once (tests/conftest.py).
    pytest.mark.usefixtures("many_connections"),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (run in CI)"
    ),
]


def run_concurrently(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = call()
        except Exception as exc:  # the outcome is what the test asserts on
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.parametrize("attempt", range(5))
def test_publish_and_reject_at_once_leaves_one_valid_outcome(attempt):
    first, second = SecretariatUserFactory(), SecretariatUserFactory()
    pledge = PledgeFactory(status=Pledge.Status.SUBMITTED)

    outcomes = run_concurrently(
        lambda: services.publish_pledge(pledge=pledge, actor=first),
        lambda: services.reject_pledge(pledge=pledge, actor=second, reason="Out of scope."),
    )

    succeeded = [o for o in outcomes if isinstance(o, Pledge)]
    refused = [o for o in outcomes if isinstance(o, services.TransitionNotAllowed)]
    assert len(succeeded) == 1 and len(refused) == 1, outcomes
    pledge.refresh_from_db()
    assert pledge.status == succeeded[0].status
    changes = PledgeStatusChange.objects.filter(pledge=pledge)
    assert changes.count() == 1
    assert changes.get().to_status == pledge.status


def test_the_same_action_twice_at_once_is_recorded_once():
    first, second = SecretariatUserFactory(), SecretariatUserFactory()
    pledge = PledgeFactory(status=Pledge.Status.SUBMITTED)

    outcomes = run_concurrently(
        lambda: services.publish_pledge(pledge=pledge, actor=first),
        lambda: services.publish_pledge(pledge=pledge, actor=second),
    )

    assert sum(isinstance(o, Pledge) for o in outcomes) == 1, outcomes
    assert PledgeStatusChange.objects.filter(pledge=pledge).count() == 1


# --- Fifty submissions at once ----------------------------------------------------------------

FIFTY = 50


def members_of(organisations, count):
    return [
        MembershipFactory(organisation=organisations[i % len(organisations)]).user
        for i in range(count)
    ]


def secretariat_notices():
    return sorted(m.subject for m in mail.outbox if m.to == [settings.SECRETARIAT_EMAIL])


def test_fifty_different_drafts_submitted_at_once_are_all_submitted_once():
    organisations = OrganisationFactory.create_batch(5)
    members = members_of(organisations, FIFTY)
    pledges = [
        PledgeFactory(organisation=member.organisations.get(), title=f"Concurrent pledge {n}")
        for n, member in enumerate(members)
    ]

    outcomes = run_concurrently(
        *[
            lambda pledge=pledge, member=member: services.submit_pledge(pledge=pledge, actor=member)
            for pledge, member in zip(pledges, members, strict=True)
        ]
    )

    assert all(isinstance(o, Pledge) for o in outcomes), outcomes
    assert Pledge.objects.count() == FIFTY
    assert set(Pledge.objects.values_list("status", flat=True)) == {S.SUBMITTED}
    changes = PledgeStatusChange.objects.all()
    assert sorted(changes.values_list("pledge_id", flat=True)) == sorted(p.pk for p in pledges)
    assert set(changes.values_list("from_status", "to_status")) == {(S.DRAFT, S.SUBMITTED)}
    assert secretariat_notices() == sorted(f"New pledge to review: {p.title}" for p in pledges)


def test_fifty_pledges_created_and_submitted_at_once_through_the_pledge_form(settings):
    # The form's rate limit is tested elsewhere; here every request must get through.
    settings.PLEDGE_FORM_RATE = "1000/h"
    organisations = OrganisationFactory.create_batch(5)
    members = members_of(organisations, FIFTY)
    clients = []
    for member in members:
        client = Client()
        client.force_login(member)
        clients.append(client)
    training = str(ActionType.objects.get(code="training").pk)

    def submit(client, number):
        data = form_data(
            title=f"Pledge number {number} made at the same time",
            action_types=[training],
            save="",
            submit="1",
        )
        return client.post(reverse("pledger:pledge-create"), data)

    outcomes = run_concurrently(
        *[lambda c=client, n=n: submit(c, n) for n, client in enumerate(clients)]
    )

    assert [getattr(o, "status_code", o) for o in outcomes] == [302] * FIFTY
    assert {o["Location"] for o in outcomes} == {reverse("pledger:my-pledges")}
    pledges = Pledge.objects.all()
    assert pledges.count() == FIFTY
    assert set(pledges.values_list("status", flat=True)) == {S.SUBMITTED}
    # One pledge per person, in their organisation, with its target: nothing lost or doubled.
    assert sorted(pledges.values_list("created_by", flat=True)) == sorted(m.pk for m in members)
    for pledge in pledges.select_related("created_by"):
        assert pledge.organisation in pledge.created_by.organisations.all()
    assert len(set(pledges.values_list("title", flat=True))) == FIFTY
    assert Target.objects.count() == FIFTY
    assert PledgeStatusChange.objects.filter(to_status=S.SUBMITTED).count() == FIFTY
    assert len(secretariat_notices()) == FIFTY


@pytest.mark.parametrize("through", ["service", "view"])
def test_one_pledge_submitted_by_fifty_members_at_once_is_submitted_once(through):
    organisation = OrganisationFactory()
    members = members_of([organisation], FIFTY)
    pledge = PledgeFactory(organisation=organisation, title="Submitted by everyone at once")
    if through == "service":
        calls = [
            lambda member=member: services.submit_pledge(pledge=pledge, actor=member)
            for member in members
        ]
    else:
        url = reverse("pledger:pledge-resubmit", args=[pledge.pk])
        clients = []
        for member in members:
            client = Client()
            client.force_login(member)
            clients.append(client)
        calls = [lambda client=client: client.post(url) for client in clients]

    outcomes = run_concurrently(*calls)

    if through == "service":
        assert sum(isinstance(o, Pledge) for o in outcomes) == 1, outcomes
        refused = [o for o in outcomes if isinstance(o, services.TransitionNotAllowed)]
        assert len(refused) == FIFTY - 1, outcomes
    else:
        # Those who read the pledge before the first submission committed are sent back to their
        # pledges with the reason; those after no longer find it among the editable ones (404).
        answers = [getattr(o, "status_code", o) for o in outcomes]
        assert set(answers) <= {302, 404}, answers
        assert answers.count(302) >= 1, answers
    pledge.refresh_from_db()
    assert pledge.status == S.SUBMITTED
    change = PledgeStatusChange.objects.get(pledge=pledge)
    assert (change.from_status, change.to_status) == (S.DRAFT, S.SUBMITTED)
    # One notification to the organisation, one notice to the Secretariat.
    assert len(mail.outbox) == 2
    assert secretariat_notices() == [f"New pledge to review: {pledge.title}"]
