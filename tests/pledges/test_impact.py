"""Pledged versus delivered totals on a known dataset, their cache, the page, the home figures."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from core import content
from pledges import impact, services
from pledges.models import Pledge, Target
from tests.accounts.factories import SecretariatUserFactory
from tests.organisations.factories import MembershipFactory

from .factories import PledgeFactory, ProgressValueFactory

pytestmark = pytest.mark.django_db
S = Pledge.Status


def achieve(pledge, indicator, number):
    Target.objects.filter(pledge=pledge, indicator=indicator).update(achieved=number)


@pytest.fixture
def dataset():
    coding = PledgeFactory(
        status=S.PUBLISHED,
        target_groups=["education", "women-and-girls"],
        countries=["BE", "FR"],
        targets=[("people-trained", 1000), ("certifications", 200)],
    )
    achieve(coding, "people-trained", 400)
    cloud = PledgeFactory(
        status=S.COMPLETED,
        target_groups=["labour-force"],
        countries=["FR"],
        targets=[("people-trained", 5000)],
    )
    achieve(cloud, "people-trained", 5000)
    europe = PledgeFactory(
        status=S.PUBLISHED,
        target_groups=["all-citizens"],
        is_eu_wide=True,
        countries=[],
        targets=[("people-trained", 300), ("certifications", 50)],
    )
    achieve(europe, "certifications", 10)
    # None of these count.
    for status in (S.DRAFT, S.SUBMITTED, S.CHANGES_REQUESTED, S.REJECTED, S.WITHDRAWN):
        PledgeFactory(status=status, countries=["FR"], targets=[("people-trained", 99999)])
    return {"coding": coding, "cloud": cloud, "europe": europe}


def test_totals_on_a_known_dataset(dataset):
    totals = impact.compute()
    assert totals.public_pledges == 3
    trained = totals.indicator_total("people-trained")
    assert (trained.pledged, trained.delivered, trained.pledges) == (6300, 5400, 3)
    assert trained.percent == 86
    certifications = totals.indicator_total("certifications")
    assert (certifications.pledged, certifications.delivered, certifications.pledges) == (
        250,
        10,
        2,
    )
    assert totals.indicator_total("traineeships").pledged == 0

    groups = {row.key: row for row in totals.by_target_group}
    assert groups["education"].total("people-trained").pledged == 1000
    assert groups["women-and-girls"].total("certifications").pledged == 200
    assert groups["labour-force"].total("people-trained").delivered == 5000
    assert groups["ict-professionals"].total("people-trained").pledged == 0

    countries = {row.key: row for row in totals.by_country}
    # France: coding + cloud + the EU-wide pledge; Belgium: coding + EU-wide; Malta: EU-wide.
    france = countries["FR"].total("people-trained")
    assert (france.pledged, france.delivered, france.pledges) == (6300, 5400, 3)
    assert countries["BE"].total("people-trained").pledged == 1300
    assert countries["MT"].total("certifications").pledged == 50
    assert countries["MT"].total("certifications").delivered == 10


def test_totals_are_cached_until_a_pledge_changes(dataset, django_assert_num_queries):
    first = impact.get_totals()
    with django_assert_num_queries(0):
        assert impact.get_totals().public_pledges == first.public_pledges
    PledgeFactory(status=S.PUBLISHED)
    assert impact.get_totals().public_pledges == 3  # not committed yet: still the cached figure
    content.changed()  # what the commit of any write to a pledge does (core.content.watch)
    assert impact.get_totals().public_pledges == 4


def test_a_committed_pledge_write_invalidates_the_totals(
    dataset, django_capture_on_commit_callbacks
):
    impact.get_totals()
    with django_capture_on_commit_callbacks(execute=True):
        PledgeFactory(status=S.PUBLISHED)
    assert impact.get_totals().public_pledges == 4


def test_a_progress_report_invalidates_the_delivered_totals(django_capture_on_commit_callbacks):
    member = MembershipFactory()
    pledge = PledgeFactory(
        organisation=member.organisation, status=S.PUBLISHED, targets=[("people-trained", 700)]
    )
    assert impact.get_totals().indicator_total("people-trained").delivered == 0
    with django_capture_on_commit_callbacks(execute=True):
        services.file_progress_report(
            pledge=pledge,
            actor=member.user,
            report_date=datetime.date(2026, 6, 30),
            narrative="First half.",
            achieved={pledge.targets.get().pk: 300},
        )
    assert impact.get_totals().indicator_total("people-trained").delivered == 300


def test_a_status_transition_invalidates_the_totals(django_capture_on_commit_callbacks):
    pledge = PledgeFactory(status=S.SUBMITTED, targets=[("people-trained", 700)])
    assert impact.get_totals().indicator_total("people-trained").pledged == 0
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_pledge(pledge=pledge, actor=SecretariatUserFactory())
    assert impact.get_totals().indicator_total("people-trained").pledged == 700


def test_the_version_key_survives_a_cache_flush(dataset):
    impact.get_totals()
    cache.clear()
    assert impact.get_totals().public_pledges == 3


def test_impact_page_tables_link_to_the_filtered_lists(client, dataset):
    response = client.get(reverse("pledges:impact"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Impact of the pledges</h1>" in html
    assert 'href="/en/pledges/?indicator=people-trained"' in html
    assert ">6,300<" in html and ">5,400<" in html
    assert 'href="/en/pledges/?indicator=people-trained&amp;target_group=education"' in html
    assert 'href="/en/pledges/?indicator=people-trained&amp;country=FR"' in html
    assert html.count('role="img"') == 3
    assert "<caption>" in html and '<th scope="col"' in html
    assert "style=" not in html
    # The figure and the list behind it agree.
    listed = client.get("/en/pledges/", {"indicator": "people-trained", "country": "FR"})
    assert listed.context["paginator"].count == 3


def test_impact_breakdowns_follow_the_chosen_indicator(client, dataset):
    html = client.get(reverse("pledges:impact"), {"indicator": "certifications"}).content.decode()
    assert "By target group: Certifications or assessments offered" in html
    assert 'href="/en/pledges/?indicator=certifications&amp;country=MT"' in html
    # An unknown indicator falls back to people trained.
    fallback = client.get(reverse("pledges:impact"), {"indicator": "nonsense"})
    assert fallback.context["indicator"] == "people-trained"


def test_impact_page_runs_a_constant_number_of_queries(client, django_assert_num_queries):
    def seed(count):
        for _ in range(count):
            pledge = PledgeFactory(
                status=S.PUBLISHED,
                target_groups=["education"],
                countries=["BE", "DE"],
                targets=[("people-trained", 10), ("certifications", 5)],
            )
            ProgressValueFactory(report__pledge=pledge, target=pledge.targets.first())

    seed(1)
    with django_assert_num_queries(6) as one:
        client.get(reverse("pledges:impact"))
    seed(49)
    content.changed()
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(reverse("pledges:impact"))
    # Cached: no query at all.
    with django_assert_num_queries(0):
        client.get(reverse("pledges:impact"))


def test_home_page_figures_come_from_the_impact_totals(client, dataset):
    response = client.get(reverse("portal:home"))
    figures = {str(f["label"]): f for f in response.context["figures"]}
    assert figures["Published pledges"]["value"] == "3"
    assert figures["Trainings pledged"]["value"] == "6,300"
    assert figures["Certifications and assessments pledged"]["value"] == "250"
    assert figures["Trainings pledged"]["url"] == "/en/pledges/impact/#indicator-people-trained"
    assert 'id="indicator-people-trained"' in client.get("/en/pledges/impact/").content.decode()


def test_home_page_keeps_its_empty_state_without_pledges(client):
    response = client.get(reverse("portal:home"))
    # Only the other areas' figures remain: no pledge figure without public pledges.
    labels = [str(figure["label"]) for figure in response.context["figures"]]
    assert not {"Published pledges", "Trainings pledged"} & set(labels)


def test_a_target_exceeded_shows_its_real_percentage(client):
    pledge = PledgeFactory(status=S.PUBLISHED, targets=[("certifications", 150)])
    achieve(pledge, "certifications", 164)
    assert impact.compute().indicator_total("certifications").percent == 109
    html = client.get(reverse("pledges:impact"), {"indicator": "certifications"}).content.decode()
    assert "109%" in html  # the tables
    assert "164 (109%)" in html  # the chart's label
    assert "(100%)" not in html and ">100%<" not in html


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [(164, 150, 109), (150, 150, 100), (1_999, 2_000, 99), (1, 3, 33), (5, 0, 0), (0, 10, 0)],
)
def test_percent_is_real_and_says_100_only_once_reached(part, whole, expected):
    assert impact.percent(part, whole) == expected
