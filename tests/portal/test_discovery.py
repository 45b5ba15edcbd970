"""Site-wide discovery across the four areas: one search box and one sitemap, public items only."""

import re

import pytest
from django.urls import reverse

from awards.models import Entry
from pledges.models import Pledge
from tests.awards.factories import AwardEditionFactory, CategoryFactory, EntryFactory
from tests.blog.factories import PostFactory
from tests.national_coalitions.factories import NationalCoalitionFactory
from tests.pledges.factories import PledgeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    """One public and one private item of each type, all about "robotics"."""
    category = CategoryFactory(edition=AwardEditionFactory(year=2017))
    return {
        "pledge": PledgeFactory(status=Pledge.Status.PUBLISHED, title="Robotics camps"),
        "draft_pledge": PledgeFactory(status=Pledge.Status.SUBMITTED, title="Robotics secret"),
        "coalition": NationalCoalitionFactory(country="PT", name="Robotics Coalition Portugal"),
        "finalist": EntryFactory(
            category=category, project_name="Robotics for all", status=Entry.Status.FINALIST
        ),
        "entry": EntryFactory(
            category=category, project_name="Robotics hidden", status=Entry.Status.SUBMITTED
        ),
        "post": PostFactory(title="Robotics in schools"),
        "draft_post": PostFactory(title="Robotics draft", draft=True),
    }


def test_search_groups_public_results_of_every_type(client, content):
    response = client.get(reverse("portal:search"), {"q": "robotics"})
    assert response.status_code == 200
    groups = {str(group.label): group for group in response.context["groups"]}
    assert list(groups) == [
        "Pledges",
        "National Coalitions",
        "European Digital Skills Awards",
        "Blog posts",
    ]
    titles = {str(label): [r.title for r in g.results] for label, g in groups.items()}
    assert titles["Pledges"] == ["Robotics camps"]
    assert titles["National Coalitions"] == ["Robotics Coalition Portugal (Portugal)"]
    assert titles["European Digital Skills Awards"] == ["Robotics for all (2017)"]
    assert titles["Blog posts"] == ["Robotics in schools"]
    html = response.content.decode()
    for private in ("Robotics secret", "Robotics hidden", "Robotics draft"):
        assert private not in html
    assert content["pledge"].get_absolute_url() in html


def test_search_finds_a_coalition_by_country_name(client, content):
    response = client.get(reverse("portal:search"), {"q": "Portugal"})
    groups = {str(group.label): group for group in response.context["groups"]}
    assert [r.url for r in groups["National Coalitions"].results] == ["/en/national-coalitions/pt/"]


def test_search_runs_a_constant_number_of_queries(client, content, django_assert_max_num_queries):
    for n in range(15):
        PledgeFactory(status=Pledge.Status.PUBLISHED, title=f"Robotics {n}", targets=[])
    with django_assert_max_num_queries(10):
        response = client.get(reverse("portal:search"), {"q": "robotics"})
    pledges = response.context["groups"][0]
    assert pledges.total == 16
    assert len(pledges.results) == 10


def sitemap_urls(client) -> set[str]:
    index = client.get("/sitemap.xml").content.decode()
    urls = set()
    for section in re.findall(r"<loc>(.*?)</loc>", index):
        path = section.split("testserver", 1)[1]
        urls |= set(
            re.findall(r"<loc>http://testserver(.*?)</loc>", client.get(path).content.decode())
        )
    return urls


def test_sitemap_lists_every_public_page_and_nothing_private(client, content):
    urls = sitemap_urls(client)
    expected = {
        "/en/",
        "/en/accessibility/",
        "/en/privacy/",
        "/en/national-coalitions/",
        "/en/national-coalitions/toolkit/",
        "/en/national-coalitions/pt/",
        "/en/pledges/",
        "/en/pledges/impact/",
        content["pledge"].get_absolute_url(),
        content["pledge"].organisation.get_absolute_url(),
        "/en/awards/",
        "/en/awards/archive/",
        "/en/awards/2017/",
        content["finalist"].get_absolute_url(),
        "/en/blog/",
        content["post"].get_absolute_url(),
    }
    assert expected <= urls, expected - urls
    for private in ("draft_pledge", "entry", "draft_post"):
        assert content[private].get_absolute_url() not in urls
    assert content["draft_pledge"].organisation.get_absolute_url() not in urls
