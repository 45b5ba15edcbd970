import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards import services
from awards.models import Entry

from .factories import (
    AwardEditionFactory,
    CategoryFactory,
    EntryFactory,
    image_bytes,
    open_edition,
)

pytestmark = pytest.mark.django_db

PRIVATE_STATUSES = [
    Entry.Status.SUBMITTED,
    Entry.Status.ELIGIBLE,
    Entry.Status.NOT_ELIGIBLE,
    Entry.Status.NOT_SELECTED,
]


@pytest.fixture
def edition_2017():
    edition = AwardEditionFactory(year=2017)
    citizens = CategoryFactory(edition=edition, name="Digital Skills for All Citizens", order=1)
    women = CategoryFactory(edition=edition, name="Women and Girls in Digital", order=2)
    EntryFactory(category=citizens, project_name="Seniors Online", status=Entry.Status.WINNER)
    EntryFactory(category=citizens, project_name="Library Helpdesks", status=Entry.Status.FINALIST)
    EntryFactory(
        category=women, project_name="Girls Build Apps", country="SE", status=Entry.Status.WINNER
    )
    for status in PRIVATE_STATUSES:
        EntryFactory(category=citizens, project_name=f"Hidden {status}", status=status)
    return edition


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status
    return response.content.decode()


def test_index_shows_latest_results_by_category_and_past_editions(client, edition_2017):
    AwardEditionFactory(year=2016)
    html = get(client, reverse("awards:award-index"))
    assert "European Digital Skills Awards 2017" in html
    assert "Digital Skills for All Citizens" in html
    assert "Seniors Online" in html and "Library Helpdesks" in html
    assert "The winners were announced" in html
    assert 'href="/en/awards/2016/"' in html
    for status in PRIVATE_STATUSES:
        assert f"Hidden {status}" not in html


def test_index_shows_the_open_call_with_its_deadline(client, edition_2017):
    edition = open_edition()
    html = get(client, reverse("awards:award-index"))
    assert f"{edition.title}: call for entries" in html
    assert edition.closes_on.strftime("%-d %B %Y") in html
    assert f'href="/en/awards/{edition.year}/enter/"' in html
    # The open call is featured; 2017 moves to the past editions, its winners stay in view.
    assert 'href="/en/awards/2017/"' in html
    assert "Winners of the European Digital Skills Awards 2017" in html
    assert "Seniors Online" in html and "Girls Build Apps" in html
    assert "Library Helpdesks" not in html


def test_index_announces_the_next_call(client, edition_2017):
    today = timezone.localdate()
    upcoming = AwardEditionFactory(
        year=today.year + 5,
        opens_on=today + datetime.timedelta(days=30),
        closes_on=today + datetime.timedelta(days=90),
        ceremony_date=today + datetime.timedelta(days=200),
    )
    html = get(client, reverse("awards:award-index"))
    assert "Next call for entries" in html
    assert upcoming.title in html


def test_index_without_editions_has_an_empty_state(client):
    html = get(client, reverse("awards:award-index"))
    assert "No edition of the awards has been published yet." in html


def test_edition_page_lists_public_entries_by_category(client, edition_2017):
    html = get(client, reverse("awards:edition-detail", kwargs={"year": 2017}))
    assert html.count("<h1") == 1
    assert "Finalists and winners by category" in html
    assert html.index("Digital Skills for All Citizens") < html.index("Women and Girls in Digital")
    # Winners come first within their category.
    assert html.index("Seniors Online") < html.index("Library Helpdesks")
    assert "Girls Build Apps" in html
    assert "Who can enter" in html and "Award criteria" in html
    for status in PRIVATE_STATUSES:
        assert f"Hidden {status}" not in html
    assert "Confidential jury remark" not in html
    assert "Private Person" not in html


def test_unknown_edition_is_404(client):
    get(client, "/en/awards/1999/", status=404)


def test_entry_page_shows_a_finalist_or_winner(client, edition_2017):
    entry = Entry.objects.get(project_name="Girls Build Apps")
    html = get(client, entry.get_absolute_url())
    assert "<h1>Girls Build Apps</h1>" in html
    assert "Winner" in html
    assert "Sweden" in html
    assert entry.organisation_name in html
    assert "Confidential jury remark" not in html
    assert entry.contact_email not in html
    assert entry.contact_phone not in html


def test_entry_image_is_rendered_from_its_renditions_with_its_alt_text(client):
    entry = EntryFactory(status=Entry.Status.FINALIST, image_alt="Pupils at a coding club")
    entry.image.save("club.png", ContentFile(image_bytes(size=(1200, 600))), save=True)
    services.refresh_image(entry=entry, image_changed=True)
    rendition = entry.image_renditions[0]["name"]
    for url in (entry.get_absolute_url(), entry.edition.get_absolute_url()):
        html = get(client, url)
        assert 'alt="Pupils at a coding club"' in html
        assert f'src="/media/{rendition}"' in html
        assert 'width="480" height="240"' in html
        assert " 960w" in html and 'loading="lazy"' in html
        # Never the original upload, whatever its size.
        assert entry.image.url not in html


def test_entry_image_without_renditions_is_not_shown_at_its_uploaded_size(client):
    entry = EntryFactory(status=Entry.Status.FINALIST, image_alt="Pupils at a coding club")
    entry.image.save("club.png", ContentFile(image_bytes()), save=True)
    html = get(client, entry.get_absolute_url())
    assert entry.image.url not in html


@pytest.mark.parametrize("status", PRIVATE_STATUSES)
def test_private_entries_have_no_page(client, status):
    entry = EntryFactory(status=status)
    get(client, entry.get_absolute_url(), status=404)


def test_winner_is_shown_as_finalist_before_the_ceremony(client):
    today = timezone.localdate()
    edition = AwardEditionFactory(
        year=today.year + 1,
        opens_on=today - datetime.timedelta(days=90),
        closes_on=today - datetime.timedelta(days=30),
        ceremony_date=today + datetime.timedelta(days=10),
    )
    entry = EntryFactory(category__edition=edition, status=Entry.Status.WINNER)
    html = get(client, entry.get_absolute_url())
    assert "result-badge--finalist" in html
    assert "result-badge--winner" not in html
    assert "Winner" not in html


def test_archive_lists_every_public_entry_and_filters(client, edition_2017):
    EntryFactory(
        category__edition__year=2018,
        category__name="Digital Skills for All Citizens",
        project_name="Rural Wi-Fi",
        country="RO",
        status=Entry.Status.FINALIST,
    )
    url = reverse("awards:archive")
    html = get(client, url)
    for name in ["Seniors Online", "Library Helpdesks", "Girls Build Apps", "Rural Wi-Fi"]:
        assert name in html
    for status in PRIVATE_STATUSES:
        assert f"Hidden {status}" not in html
    assert "4 projects found" in html
    assert "<caption>" in html

    def names(query):
        response = client.get(url, query)
        return {entry.project_name for entry in response.context["entries"]}

    assert names({"year": "2018"}) == {"Rural Wi-Fi"}
    assert names({"category": "Digital Skills for All Citizens"}) == {
        "Seniors Online",
        "Library Helpdesks",
        "Rural Wi-Fi",
    }
    assert names({"country": "SE"}) == {"Girls Build Apps"}
    assert names({"result": "winner"}) == {"Seniors Online", "Girls Build Apps"}
    assert names({"result": "finalist", "year": "2017"}) == {"Library Helpdesks"}
    # Filters keep their values in the form (no JavaScript needed).
    html = client.get(url, {"year": "2018"}).content.decode()
    assert '<option value="2018" selected>' in html


def test_archive_filter_choices_only_offer_what_is_public(client, edition_2017):
    EntryFactory(country="MT", status=Entry.Status.SUBMITTED)
    html = get(client, reverse("awards:archive"))
    assert 'value="SE"' in html
    assert 'value="MT"' not in html


def test_archive_empty_result(client, edition_2017):
    html = get(client, reverse("awards:archive") + "?country=SE&result=finalist")
    assert "0 projects found" in html
    assert "No finalist or winner matches these filters." in html


def test_archive_paginates_and_keeps_filters(client):
    category = CategoryFactory(edition__year=2017)
    EntryFactory.create_batch(30, category=category, status=Entry.Status.FINALIST)
    html = get(client, reverse("awards:archive") + "?year=2017")
    assert "page 1 of 2" in html
    assert 'href="?year=2017&amp;page=2"' in html
    response = client.get(reverse("awards:archive"), {"year": "2017", "page": "2"})
    assert len(response.context["entries"]) == 5


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def add_many(edition, count=6):
    for index in range(count):
        category = CategoryFactory(edition=edition)
        EntryFactory.create_batch(
            3,
            category=category,
            status=Entry.Status.WINNER if index % 2 else Entry.Status.FINALIST,
            country=["BE", "FR", "DE"][index % 3],
        )


@pytest.mark.parametrize(
    "url",
    [
        "/en/awards/2017/",
        "/en/awards/archive/",
        "/en/awards/archive/?year=2017&result=winner",
        "/en/awards/",
    ],
)
def test_constant_query_count(client, django_assert_num_queries, url):
    edition = AwardEditionFactory(year=2017)
    EntryFactory(category__edition=edition, status=Entry.Status.WINNER)
    expected = count_queries(client, url)
    add_many(edition)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


def test_entry_page_query_count_is_constant(client, django_assert_num_queries):
    entry = EntryFactory(status=Entry.Status.FINALIST)
    with django_assert_num_queries(1):
        client.get(entry.get_absolute_url())


def test_home_page_lists_the_latest_winners(client, edition_2017, django_assert_max_num_queries):
    EntryFactory(category__edition__year=2016, project_name="Old Winner", status="winner")
    with django_assert_max_num_queries(10):
        html = get(client, reverse("portal:home"))
    assert "Seniors Online" in html and "Girls Build Apps" in html
    assert "Library Helpdesks" not in html
    assert "Old Winner" not in html
    assert 'href="/en/awards/2017/seniors-online/"' in html


def test_home_page_without_winners_keeps_its_empty_state(client):
    html = get(client, reverse("portal:home"))
    assert "will be listed here once announced" in html


def test_header_links_to_the_awards(client, edition_2017):
    html = get(client, reverse("awards:edition-detail", kwargs={"year": 2017}))
    assert 'href="/en/awards/" aria-current="page"' in html


def test_archive_with_an_unknown_filter_value_shows_nothing_and_explains(client, edition_2017):
    response = client.get(reverse("awards:archive"), {"year": "1800"})
    assert response.status_code == 200
    assert list(response.context["entries"]) == []
    assert "Select a valid choice" in response.content.decode()


def test_index_query_count_is_constant_while_a_call_is_open(client, django_assert_num_queries):
    open_edition()
    past = AwardEditionFactory(year=2017)
    EntryFactory(category__edition=past, status=Entry.Status.WINNER)
    expected = count_queries(client, "/en/awards/")
    add_many(past)
    with django_assert_num_queries(expected):
        html = client.get("/en/awards/").content.decode()
    assert html.count("result-badge--winner") == 1 + 3 * 3


def test_finalists_set_during_an_open_call_are_not_shown_and_queries_stay_constant(
    client, django_assert_num_queries
):
    edition = open_edition()
    category = CategoryFactory(edition=edition)
    early = EntryFactory(category=category, project_name="Early Finalist", status="finalist")
    url = edition.get_absolute_url()
    expected = count_queries(client, url)
    add_many(edition)
    with django_assert_num_queries(expected):
        html = get(client, url)
    assert "Early Finalist" not in html
    assert "result-badge" not in html
    get(client, early.get_absolute_url(), status=404)
    archive = get(client, reverse("awards:archive"))
    assert "Early Finalist" not in archive
