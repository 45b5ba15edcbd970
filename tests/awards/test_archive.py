"""The awards archive: links that never lead to a form error, editions without results yet,
and the keyword search (`?q=`)."""

import datetime
import html
import re
from urllib.parse import urljoin

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from awards.models import Entry

from .factories import AwardEditionFactory, CategoryFactory, EntryFactory, open_edition
from .test_views import add_many, count_queries

pytestmark = pytest.mark.django_db

ARCHIVE = "/en/awards/archive/"


@pytest.fixture
def editions():
    """One edition in each phase: announced (2017), evaluation, open call and upcoming."""
    today = timezone.localdate()
    past = AwardEditionFactory(year=2017)
    education = CategoryFactory(edition=past, name="Digital Skills in Education")
    EntryFactory(category=education, project_name="Code Club", status=Entry.Status.WINNER)
    EntryFactory(category=education, project_name="Robotics", status=Entry.Status.FINALIST)
    evaluation = AwardEditionFactory(
        year=today.year,
        opens_on=today - datetime.timedelta(days=90),
        closes_on=today - datetime.timedelta(days=10),
        ceremony_date=today + datetime.timedelta(days=30),
    )
    EntryFactory(category__edition=evaluation, status=Entry.Status.ELIGIBLE)
    call = open_edition(year=today.year + 1)
    EntryFactory(category__edition=call, project_name="Early Entry")
    upcoming = AwardEditionFactory(
        year=today.year + 2,
        opens_on=today + datetime.timedelta(days=200),
        closes_on=today + datetime.timedelta(days=300),
        ceremony_date=today + datetime.timedelta(days=400),
    )
    CategoryFactory(edition=upcoming)
    return {"past": past, "evaluation": evaluation, "open": call, "upcoming": upcoming}


def archive_links(page_url: str, content: str) -> set[str]:
    links = set()
    for href in re.findall(r'href="([^"]+)"', content):
        url = urljoin(page_url, html.unescape(href))
        if url.startswith(ARCHIVE):
            links.add(url)
    return links


def test_every_link_to_the_archive_answers_without_a_form_error(client, editions):
    pages = [reverse("awards:award-index"), ARCHIVE]
    pages += [edition.get_absolute_url() for edition in editions.values()]
    pages += [entry.get_absolute_url() for entry in Entry.objects.public()]
    links = set()
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        links |= archive_links(url, response.content.decode())
    # The archive's own links too: its filters' years, pagination, "clear filters".
    years = [f"{ARCHIVE}?year={edition.year}" for edition in editions.values()]
    for url in years:
        links |= archive_links(url, client.get(url).content.decode())
    assert f"{ARCHIVE}?year=2017" in links
    for url in links | set(years):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.context["filter"].form.errors == {}, url
        assert "is not one of the available choices" not in response.content.decode(), url


def test_every_edition_is_a_year_of_the_archive(client, editions):
    content = client.get(ARCHIVE).content.decode()
    for edition in editions.values():
        assert f'<option value="{edition.year}">{edition.year}</option>' in content


def test_an_open_call_says_when_its_finalists_are_announced(client, editions):
    call = editions["open"]
    closes = f"{call.closes_on:%-d %B %Y}"
    response = client.get(ARCHIVE, {"year": call.year})
    content = response.content.decode()
    assert list(response.context["entries"]) == []
    assert (
        f"The {call.year} finalists will be announced after the call for entries closes on "
        f"{closes}." in content
    )
    assert "No finalist or winner matches these filters." not in content
    assert "Early Entry" not in content
    assert f'href="{call.get_absolute_url()}"' in content

    # The edition's page offers no empty archive page: it says the same.
    content = client.get(call.get_absolute_url()).content.decode()
    assert f"{ARCHIVE}?year={call.year}" not in content
    assert f"The {call.year} finalists will be announced" in content


def test_editions_under_evaluation_and_upcoming_say_so(client, editions):
    evaluation, upcoming = editions["evaluation"], editions["upcoming"]
    content = client.get(ARCHIVE, {"year": evaluation.year}).content.decode()
    assert f"The jury is assessing the {evaluation.year} entries" in content
    assert f"{evaluation.ceremony_date:%-d %B %Y}" in content
    content = client.get(ARCHIVE, {"year": upcoming.year}).content.decode()
    assert f"The call for entries to the {upcoming.year} awards opens on" in content
    assert f"{upcoming.opens_on:%-d %B %Y}" in content


def test_an_edition_with_results_links_to_them_and_no_match_is_still_explained(client, editions):
    content = client.get(editions["past"].get_absolute_url()).content.decode()
    assert f'href="{ARCHIVE}?year=2017"' in content
    # Filters that exclude every result of an edition with results: the usual words.
    content = client.get(ARCHIVE, {"year": 2017, "country": "SE"}).content.decode()
    assert "No finalist or winner matches these filters." in content


# --- Keyword search ----------------------------------------------------------------------


@pytest.fixture
def searchable():
    past = AwardEditionFactory(year=2017)
    later = AwardEditionFactory(year=2018)
    education = CategoryFactory(
        edition=past, name_en="Digital Skills in Education", name_de="Digitale Bildung"
    )
    citizens = CategoryFactory(edition=later, name_en="Digital Skills for All Citizens")
    return {
        "robots": EntryFactory(
            category=education,
            project_name="Robotics in Every School",
            organisation_name="STEM Schools Partnership",
            description="Robot kits lent to primary schools.",
            status=Entry.Status.WINNER,
        ),
        "library": EntryFactory(
            category=citizens,
            project_name="Library Helpdesks",
            organisation_name="Open Shelves Foundation",
            description="Librarians help seniors with online services.",
            status=Entry.Status.FINALIST,
        ),
        "hidden": EntryFactory(
            category=citizens,
            project_name="Secret Robot Lab",
            organisation_name="Hidden Org",
            status=Entry.Status.ELIGIBLE,
        ),
    }


def found(client, query, path=ARCHIVE):
    response = client.get(path, query)
    assert response.status_code == 200
    assert response.context["filter"].form.errors == {}
    return {entry.project_name for entry in response.context["entries"]}


def test_search_reads_the_project_the_organisation_and_the_description(client, searchable):
    assert found(client, {"q": "helpdesks"}) == {"Library Helpdesks"}
    assert found(client, {"q": "Shelves"}) == {"Library Helpdesks"}
    assert found(client, {"q": "seniors online"}) == {"Library Helpdesks"}
    assert found(client, {"q": "robotics"}) == {"Robotics in Every School"}
    # Only finalists and winners are ever found.
    assert found(client, {"q": "secret"}) == set()
    assert found(client, {"q": "Hidden"}) == set()
    # Every word must match; an empty search is no search.
    assert found(client, {"q": "library astronomy"}) == set()
    assert found(client, {"q": "  "}) == {"Robotics in Every School", "Library Helpdesks"}


def test_search_works_with_the_other_filters(client, searchable):
    assert found(client, {"q": "schools", "year": "2017"}) == {"Robotics in Every School"}
    assert found(client, {"q": "schools", "year": "2018"}) == set()
    assert found(client, {"q": "schools", "result": "winner"}) == {"Robotics in Every School"}
    assert found(client, {"q": "library", "result": "winner"}) == set()


def test_search_reads_the_category_in_the_visitors_language_and_in_english(client, searchable):
    assert found(client, {"q": "Bildung"}, "/de/awards/archive/") == {"Robotics in Every School"}
    assert found(client, {"q": "citizens"}, "/de/awards/archive/") == {"Library Helpdesks"}
    # In English, the German name is not what the page shows.
    assert found(client, {"q": "Bildung"}) == set()


def test_search_box_is_labelled_and_keeps_its_value(client, searchable):
    content = client.get(ARCHIVE, {"q": "helpdesks"}).content.decode()
    assert re.search(r'<label\s+for="id_q"[^>]*>\s*Search\s*</label>', content)
    assert re.search(r'<input type="search" name="q" value="helpdesks"[^>]*id="id_q"', content)
    assert "1 project found" in content


def test_search_keeps_its_words_across_pages(client):
    category = CategoryFactory(edition__year=2017)
    EntryFactory.create_batch(30, category=category, status=Entry.Status.FINALIST)
    content = client.get(ARCHIVE, {"q": "digital skills"}).content.decode()
    assert "30 projects found" in content
    assert 'href="?q=digital+skills&amp;page=2"' in content


@pytest.mark.parametrize("query", ["?q=project", "?q=teaches+digital&year=2017", "?year=2017"])
def test_search_query_count_is_constant(client, django_assert_num_queries, query):
    edition = AwardEditionFactory(year=2017)
    EntryFactory(category__edition=edition, project_name="Project A", status=Entry.Status.WINNER)
    expected = count_queries(client, ARCHIVE + query)
    add_many(edition)
    with django_assert_num_queries(expected):
        assert client.get(ARCHIVE + query).status_code == 200


def test_site_search_finds_the_same_entries(searchable):
    from awards.search import search_entries

    group = search_entries("seniors online", limit=10)
    assert [result.url for result in group.results] == [searchable["library"].get_absolute_url()]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
def test_postgresql_search_stems_words_in_the_visitors_language_and_english(searchable):
    public = Entry.objects.public()
    # "kit" finds "kits", "librarian" finds "Librarians" (English stemming).
    assert {e.project_name for e in public.search("kit")} == {"Robotics in Every School"}
    assert {e.project_name for e in public.search("librarian")} == {"Library Helpdesks"}
    with translation.override("de"):
        assert {e.project_name for e in public.search("Bildung")} == {"Robotics in Every School"}
        assert {e.project_name for e in public.search("librarian")} == {"Library Helpdesks"}
