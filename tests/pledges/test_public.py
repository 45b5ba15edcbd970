"""The public pledge viewer: what is public, filters, facet counts, search, sort, pages."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from organisations.models import Organisation
from pledges.models import Pledge, Target
from tests.organisations.factories import OrganisationFactory

from .factories import PledgeFactory, ProgressValueFactory, TargetFactory

pytestmark = pytest.mark.django_db
S = Pledge.Status
LIST_URL = "/en/pledges/"


def titles(response):
    return [pledge.title for pledge in response.context["pledge_list"]]


def facet(response, name):
    return {o["value"]: o["count"] for o in response.context["facets"][name]}


def test_url_names():
    assert reverse("pledges:pledge-list") == "/en/pledges/"
    assert reverse("pledges:impact") == "/en/pledges/impact/"
    assert reverse("pledges:pledge-detail", kwargs={"pk": 3, "slug": "a-b"}) == "/en/pledges/3-a-b/"
    assert (
        reverse("pledges:organisation-detail", kwargs={"slug": "acme"}) == "/en/organisations/acme/"
    )
    assert OrganisationFactory(slug="acme").get_absolute_url() == "/en/organisations/acme/"


@pytest.mark.parametrize("status", list(S))
def test_only_published_and_completed_pledges_are_listed_and_shown(client, status):
    pledge = PledgeFactory(status=status, title=f"Pledge {status}")
    response = client.get(LIST_URL)
    detail = client.get(pledge.get_absolute_url())
    badge = client.get(reverse("pledges:pledge-badge", kwargs={"pk": pledge.pk}))
    if status in Pledge.PUBLIC_STATUSES:
        assert titles(response) == [pledge.title]
        assert detail.status_code == 200
        assert badge.status_code == 200
    else:
        assert titles(response) == []
        assert detail.status_code == 404
        assert badge.status_code == 404
        # Nor does its organisation get a public page through it.
        assert client.get(pledge.organisation.get_absolute_url()).status_code == 404


def test_empty_list_has_an_empty_state(client):
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert "No pledge has been published yet." in response.content.decode()


@pytest.fixture
def catalogue():
    """Four public pledges with known facets, plus a draft that must never count."""
    ngo = OrganisationFactory(name="Open Code Europe", type=Organisation.Type.NGO)
    sme = OrganisationFactory(name="Byte Skills", type=Organisation.Type.SME)
    return {
        "coding": PledgeFactory(
            organisation=ngo,
            status=S.PUBLISHED,
            title="Coding clubs for girls",
            summary="Weekly coding clubs.",
            target_groups=["women-and-girls", "education"],
            action_types=["training"],
            countries=["BE", "FR"],
            targets=[("people-trained", 3000)],
        ),
        "cloud": PledgeFactory(
            organisation=sme,
            status=S.PUBLISHED,
            title="Cloud certificates",
            summary="Free certification vouchers.",
            target_groups=["ict-professionals"],
            action_types=["certification"],
            countries=["DE"],
            targets=[("certifications", 9000)],
        ),
        "europe": PledgeFactory(
            organisation=sme,
            status=S.COMPLETED,
            title="Awareness tour",
            summary="A bus touring Europe.",
            target_groups=["all-citizens"],
            action_types=["awareness"],
            is_eu_wide=True,
            countries=[],
            targets=[("people-reached", 500)],
        ),
        "teachers": PledgeFactory(
            organisation=ngo,
            status=S.PUBLISHED,
            title="Teachers go digital",
            summary="Training for teachers.",
            target_groups=["education"],
            action_types=["training", "curriculum"],
            countries=["FR"],
            targets=[("teachers-trained", 200), ("people-trained", 100)],
        ),
        "draft": PledgeFactory(
            organisation=ngo,
            status=S.DRAFT,
            title="Coding draft",
            target_groups=["education"],
            countries=["BE"],
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=BE", {"Coding clubs for girls", "Awareness tour"}),
        ("country=FR", {"Coding clubs for girls", "Teachers go digital", "Awareness tour"}),
        ("country=PT", {"Awareness tour"}),
        ("target_group=education", {"Coding clubs for girls", "Teachers go digital"}),
        (
            "target_group=education&target_group=ict-professionals",
            {"Coding clubs for girls", "Teachers go digital", "Cloud certificates"},
        ),
        ("action_type=curriculum", {"Teachers go digital"}),
        ("organisation_type=sme", {"Cloud certificates", "Awareness tour"}),
        ("state=completed", {"Awareness tour"}),
        ("state=active", {"Coding clubs for girls", "Cloud certificates", "Teachers go digital"}),
        ("indicator=people-trained", {"Coding clubs for girls", "Teachers go digital"}),
        # Combinations: AND across filters.
        ("country=FR&target_group=education&action_type=curriculum", {"Teachers go digital"}),
        ("organisation_type=sme&state=active", {"Cloud certificates"}),
        ("organisation_type=ngo&country=DE", set()),
        # Unknown values are ignored rather than breaking the page.
        ("country=XX", None),
    ],
)
def test_filters(client, catalogue, query, expected):
    response = client.get(f"{LIST_URL}?{query}")
    assert response.status_code == 200
    if expected is None:
        expected = {"Coding clubs for girls", "Cloud certificates", "Awareness tour"} | {
            "Teachers go digital"
        }
    assert set(titles(response)) == expected
    assert response.context["paginator"].count == len(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("clubs", {"Coding clubs for girls"}),
        ("certification", {"Cloud certificates"}),  # the summary
        ("Open Code", {"Coding clubs for girls", "Teachers go digital"}),  # the organisation
        ("tour europe", {"Awareness tour"}),
        ("nothing-like-this", set()),
    ],
)
def test_search_over_title_summary_and_organisation(client, catalogue, text, expected):
    response = client.get(LIST_URL, {"q": text})
    assert set(titles(response)) == expected
    assert "Coding draft" not in response.content.decode()


def test_search_combines_with_filters(client, catalogue):
    response = client.get(LIST_URL, {"q": "Open Code", "country": "BE"})
    assert titles(response) == ["Coding clubs for girls"]


def test_facet_counts_apply_the_other_filters(client, catalogue):
    response = client.get(LIST_URL)
    assert facet(response, "state") == {"active": 3, "completed": 1}
    countries = facet(response, "country")
    # The EU-wide pledge counts in every Member State.
    assert (countries["BE"], countries["FR"], countries["DE"], countries["PT"]) == (2, 3, 2, 1)
    groups = facet(response, "target_group")
    assert groups["education"] == 2
    assert groups["women-and-girls"] == 1
    assert groups["labour-force"] == 0
    assert facet(response, "organisation_type")["sme"] == 2
    assert facet(response, "indicator")["people-trained"] == 2

    filtered = client.get(LIST_URL, {"target_group": "education", "country": "FR"})
    # Other target groups are counted within France; France's count within education.
    assert facet(filtered, "target_group")["ict-professionals"] == 0
    assert facet(filtered, "target_group")["all-citizens"] == 1
    assert facet(filtered, "country")["FR"] == 2
    assert facet(filtered, "country")["BE"] == 1
    assert facet(filtered, "action_type") == {
        "training": 2,
        "curriculum": 1,
        "awareness": 0,
        "certification": 0,
        "traineeships": 0,
        "funding": 0,
        "other": 0,
    }
    html = filtered.content.decode()
    assert 'value="education" id="id_target_group_4" checked' in html
    assert '<option value="FR" selected>France (2)</option>' in html


def test_sort_orders(client, catalogue):
    now = timezone.now()
    for index, key in enumerate(["coding", "cloud", "europe", "teachers"]):
        Pledge.objects.filter(pk=catalogue[key].pk).update(
            published_at=now - datetime.timedelta(days=index)
        )
    assert titles(client.get(LIST_URL)) == [
        "Coding clubs for girls",
        "Cloud certificates",
        "Awareness tour",
        "Teachers go digital",
    ]
    assert titles(client.get(LIST_URL, {"sort": "title"})) == [
        "Awareness tour",
        "Cloud certificates",
        "Coding clubs for girls",
        "Teachers go digital",
    ]
    assert titles(client.get(LIST_URL, {"sort": "target"})) == [
        "Cloud certificates",
        "Coding clubs for girls",
        "Awareness tour",
        "Teachers go digital",
    ]


def test_pagination_keeps_the_filters_in_the_links(client):
    PledgeFactory.create_batch(25, status=S.PUBLISHED, countries=["IT"])
    first = client.get(LIST_URL, {"country": "IT"})
    assert len(first.context["pledge_list"]) == 20
    html = first.content.decode()
    assert 'href="?country=IT&amp;page=2"' in html
    second = client.get(LIST_URL, {"country": "IT", "page": 2})
    assert len(second.context["pledge_list"]) == 5
    assert 'aria-current="page"' in second.content.decode()


def test_list_works_without_javascript_and_links_open_data(client, catalogue):
    html = client.get(LIST_URL, {"country": "FR", "page": 1}).content.decode()
    assert '<form method="get" action="/en/pledges/"' in html
    assert ">Apply filters</button>" in html
    assert 'href="/en/pledges/export.csv?country=FR"' in html
    assert 'href="/en/pledges/export.json?country=FR"' in html
    assert 'href="/en/pledges/feed/?country=FR"' in html
    assert "Clear all filters" in html


def _seed(count):
    for _ in range(count):
        pledge = PledgeFactory(
            status=S.PUBLISHED,
            target_groups=["education", "labour-force"],
            action_types=["training", "awareness"],
            countries=["BE", "NL"],
            targets=[("people-trained", 1000), ("certifications", 50)],
        )
        ProgressValueFactory(report__pledge=pledge, target=pledge.targets.first())
    return pledge


@pytest.mark.parametrize(
    ("query", "cold", "warm"),
    # Cold: one grouped query per facet (the language one included), then the page.
    [("", 14, 2), ("?country=BE&target_group=education&sort=target&q=coding", 15, 3)],
)
def test_list_runs_a_constant_number_of_queries(
    client, django_assert_num_queries, query, cold, warm
):
    _seed(1)
    with django_assert_num_queries(cold):
        assert client.get(LIST_URL + query).status_code == 200
    # The facet counts, the total read from them and the list's fragment now come from the
    # cache: what is left is the filters' choices (and the session of the test client).
    with django_assert_num_queries(warm):
        assert client.get(LIST_URL + query).status_code == 200
    _seed(49)
    cache.clear()
    with django_assert_num_queries(cold):
        client.get(LIST_URL + query)
    with django_assert_num_queries(warm):
        client.get(LIST_URL + query)


def test_detail_page_shows_everything_public(client):
    organisation = OrganisationFactory(name="Byte Skills", contact_email="private@byte.example")
    pledge = PledgeFactory(
        organisation=organisation,
        status=S.PUBLISHED,
        title="Cloud for all",
        target_groups=["labour-force"],
        action_types=["training", "certification"],
        countries=["DE", "AT"],
        targets=[("people-trained", 5000)],
        reviewer_notes="Secret reviewer note",
    )
    Target.objects.filter(pledge=pledge).update(achieved=1200)
    Pledge.objects.filter(pk=pledge.pk).update(last_reported_at=datetime.date(2026, 6, 30))
    response = client.get(pledge.get_absolute_url())
    html = response.content.decode()
    assert "<h1>Cloud for all</h1>" in html
    assert f'href="{organisation.get_absolute_url()}"' in html
    assert "Digital skills for the labour force" in html
    assert "Certification or assessment" in html
    assert "Austria, Germany" in html
    assert '<progress class="target-progress" max="5000" value="1200"' in html
    assert "1,200 of 5,000 (24%)" in html
    assert '<time datetime="2026-06-30">30 June 2026</time>' in html
    assert "Last updated on" in html
    assert "style=" not in html
    # Private data never reaches a public page.
    assert "Secret reviewer note" not in html
    assert "private@byte.example" not in html
    # The badge and the code to embed it.
    badge_url = f"http://testserver/en/pledges/{pledge.pk}/badge.svg"
    assert f"&lt;a href=&quot;http://testserver{pledge.get_absolute_url()}&quot;&gt;" in html
    assert f"&lt;img src=&quot;{badge_url}&quot;" in html


def test_detail_redirects_to_the_canonical_slug(client):
    pledge = PledgeFactory(status=S.PUBLISHED, title="Right title")
    response = client.get(f"/en/pledges/{pledge.pk}-old-title/")
    assert response.status_code == 301
    assert response["Location"] == pledge.get_absolute_url()


def test_detail_runs_a_constant_number_of_queries(client, django_assert_num_queries):
    pledge = PledgeFactory(status=S.PUBLISHED, countries=["BE"], targets=[("people-trained", 10)])
    ProgressValueFactory(report__pledge=pledge, target=pledge.targets.get())
    with django_assert_num_queries(8) as one:
        client.get(pledge.get_absolute_url())
    for number in range(49):
        target = TargetFactory(pledge=pledge, indicator="other", description=f"Thing {number}")
        ProgressValueFactory(report__pledge=pledge, target=target)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(pledge.get_absolute_url())


def test_organisation_page_lists_only_public_pledges(client, django_assert_num_queries):
    organisation = OrganisationFactory(name="Byte Skills", contact_email="hidden@byte.example")
    PledgeFactory(organisation=organisation, status=S.PUBLISHED, title="Public one")
    PledgeFactory(organisation=organisation, status=S.SUBMITTED, title="Under review")
    with django_assert_num_queries(6) as one:
        response = client.get(organisation.get_absolute_url())
    html = response.content.decode()
    assert "<h1>Byte Skills</h1>" in html
    assert "Public one" in html
    assert "Under review" not in html
    assert "hidden@byte.example" not in html
    assert "1 public pledge" in html
    PledgeFactory.create_batch(49, organisation=organisation, status=S.COMPLETED)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(organisation.get_absolute_url())


def test_unknown_organisation_is_404(client):
    assert client.get("/en/organisations/nobody/").status_code == 404


def test_badge_is_a_cacheable_svg(client):
    pledge = PledgeFactory(status=S.PUBLISHED, title="Cloud <for> all")
    response = client.get(reverse("pledges:pledge-badge", kwargs={"pk": pledge.pk}))
    assert response["Content-Type"] == "image/svg+xml"
    assert "max-age=86400" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    body = response.content.decode()
    assert body.startswith("<svg")
    assert "We pledged" in body
    assert "Cloud &lt;for&gt; all" in body


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="full-text search runs on PostgreSQL (CI); SQLite uses the LIKE fallback",
)
def test_postgresql_full_text_search_stems_words_and_uses_its_indexes(client):
    PledgeFactory(status=S.PUBLISHED, title="Trainings for nurses", summary="Hospitals.")
    PledgeFactory(status=S.PUBLISHED, title="Robots", summary="Assembly lines.")
    # "training" finds "Trainings": English stemming, which LIKE cannot do.
    assert titles(client.get(LIST_URL, {"q": "training"})) == ["Trainings for nurses"]
    # websearch syntax: quoted phrases and exclusions.
    assert titles(client.get(LIST_URL, {"q": "-nurses robots"})) == ["Robots"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE indexname IN "
            "('pledge_search_gin', 'organisation_search_gin') ORDER BY indexname"
        )
        assert [row[0] for row in cursor.fetchall()] == [
            "organisation_search_gin",
            "pledge_search_gin",
        ]


def test_detail_shows_a_target_exceeded_at_its_real_percentage_with_a_full_bar(client):
    pledge = PledgeFactory(status=S.PUBLISHED, targets=[("certifications", 150)])
    Target.objects.filter(pledge=pledge).update(achieved=164)
    html = client.get(pledge.get_absolute_url()).content.decode()
    assert "164 of 150 (109%)" in html
    # The bar stops at full: its value (and so aria-valuenow) is capped to its max.
    assert '<progress class="target-progress" max="150" value="150"' in html


def test_filter_disclosure_counts_the_active_filters(client, catalogue):
    html = client.get(LIST_URL, {"country": "FR", "target_group": "education"}).content.decode()
    assert '<details class="filter-disclosure">' in html
    assert "Filter (2 active)</summary>" in html
    # The search (visible above the disclosure), the sort and unknown values do not count.
    html = client.get(
        LIST_URL,
        {"q": "coding", "sort": "title", "country": "XX", "organisation_type": ["ngo", "sme"]},
    ).content.decode()
    assert "Filter (2 active)</summary>" in html
    assert ">Filter</summary>" in client.get(LIST_URL).content.decode()


def test_list_puts_the_results_before_the_open_data_links(client, catalogue):
    html = client.get(LIST_URL).content.decode()
    # On a phone the first pledge comes right under the count, the open data after the list.
    assert html.index('class="list-unstyled pledge-cards"') < html.index('class="open-data')
