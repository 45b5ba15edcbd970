"""Sitemap, robots.txt, site search and meta tags."""

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from core.search import SearchGroup, SearchResult
from portal import search

from .factories import AuthorFactory, PostFactory, TagFactory
from .test_feeds import xml_root

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_locations(client) -> set[str]:
    """Follow the sitemap index to every section and collect all URLs."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    root = xml_root(index.content)
    assert root.tag == f"{SITEMAP}sitemapindex"
    urls = set()
    for section in root.iter(f"{SITEMAP}loc"):
        response = client.get(section.text.removeprefix("http://testserver"))
        assert response.status_code == 200
        urlset = xml_root(response.content)
        assert urlset.tag == f"{SITEMAP}urlset"
        urls |= {loc.text.removeprefix("http://testserver") for loc in urlset.iter(f"{SITEMAP}loc")}
    return urls


def test_sitemap_lists_every_public_page_and_nothing_hidden(client):
    tag = TagFactory(slug="events")
    post = PostFactory(tags=[tag])
    hidden_author = AuthorFactory()
    hidden_tag = TagFactory(slug="secret")
    draft = PostFactory(draft=True, author=hidden_author, tags=[hidden_tag])
    scheduled = PostFactory(scheduled=True, author=hidden_author, tags=[hidden_tag])

    urls = sitemap_locations(client)
    assert {
        "/en/",
        "/en/accessibility/",
        "/en/privacy/",
        "/en/newsletter/",
        "/en/blog/",
        post.get_absolute_url(),
        post.author.get_absolute_url(),
        tag.get_absolute_url(),
    } <= urls
    for hidden in (draft, scheduled, hidden_author, hidden_tag):
        assert hidden.get_absolute_url() not in urls
    # Every page is listed in every language; every listed page answers (in English here: the
    # crawl in tests/portal/test_languages.py walks the others).
    assert {url.replace("/en/", "/fr/", 1) for url in urls if url.startswith("/en/")} <= urls
    for url in urls:
        if url.startswith("/en/"):
            assert client.get(url).status_code == 200, url


def test_sitemap_section_has_lastmod(client):
    post = PostFactory()
    root = xml_root(client.get("/sitemap-blog-posts.xml").content)
    urls = {url.findtext(f"{SITEMAP}loc"): url for url in root.findall(f"{SITEMAP}url")}
    assert len(urls) == len(settings.LANGUAGES)
    url = urls[f"http://testserver{post.get_absolute_url()}"]
    assert url.findtext(f"{SITEMAP}lastmod")
    # Each address lists the page in every language, and the address without one (x-default).
    alternates = {
        link.get("hreflang"): link.get("href")
        for link in url.findall("{http://www.w3.org/1999/xhtml}link")
    }
    assert set(alternates) == {code for code, _name in settings.LANGUAGES} | {"x-default"}
    assert alternates["pl"] == f"http://testserver/pl/blog/{post.slug}/"
    assert alternates["x-default"] == f"http://testserver/blog/{post.slug}/"


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_private_pages(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "User-agent: *" in text
    assert "Disallow: /admin/" in text
    assert "Disallow: /*/accounts/" in text
    assert "Disallow: /*/my/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


@pytest.mark.parametrize(
    "path",
    ["/en/", "/en/privacy/", "/en/blog/", "/en/newsletter/", "/en/search/", "/en/accessibility/"],
)
def test_every_page_has_description_and_opengraph_meta(client, path):
    html = client.get(path).content.decode()
    assert '<meta name="description" content="' in html
    assert '<meta property="og:title" content="' in html
    assert '<meta property="og:type" content="' in html


# --- Search ----------------------------------------------------------------------------


@pytest.fixture
def search_posts():
    found = PostFactory(
        title="Coding classes for teachers",
        excerpt="Teachers learn programming.",
        body="Schools bring EU Code Week to their pupils.",
    )
    PostFactory(title="Unrelated", excerpt="Nothing here", body="Other matters.")
    PostFactory(title="Draft about coding classes", draft=True, body="Code Week")
    PostFactory(title="Scheduled coding classes", scheduled=True, body="Code Week")
    return found


@pytest.mark.parametrize("query", ["coding classes", "Code Week", "teachers"])
def test_search_finds_published_posts_only(client, search_posts, query):
    response = client.get(reverse("portal:search"), {"q": query})
    assert response.status_code == 200
    groups = response.context["groups"]
    assert [group.label for group in groups] == ["Blog posts"]
    assert [result.url for result in groups[0].results] == [search_posts.get_absolute_url()]
    assert groups[0].total == 1
    html = response.content.decode()
    assert "Coding classes for teachers" in html
    assert "Draft about" not in html and "Scheduled coding" not in html
    assert "<h2" in html and "Blog posts" in html


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the every_word fallback")
def test_fallback_needs_every_word_in_title_excerpt_or_body(search_posts):
    assert search.search("TEACHERS pupils")[0].results[0].url == search_posts.get_absolute_url()
    assert search.search("teachers astronomy") == []


def test_search_without_results_says_so(client, search_posts):
    response = client.get(reverse("portal:search"), {"q": "astronomy"})
    assert response.context["groups"] == []
    assert "Nothing matches" in response.content.decode()


def test_search_page_without_query_shows_the_box(client):
    response = client.get(reverse("portal:search"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="search"' in html and 'name="q"' in html
    assert '<label class="form-label" for="search-query">' in html


def test_too_short_queries_are_not_run(client, search_posts):
    response = client.get(reverse("portal:search"), {"q": "c"})
    assert response.context["groups"] == []
    assert "Please type at least 2 characters." in response.content.decode()


def test_search_query_is_escaped(client):
    response = client.get(reverse("portal:search"), {"q": "<script>alert(1)</script>"})
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_search_limits_results_and_reports_the_total(client):
    for n in range(12):
        PostFactory(title=f"Skills story {n}")
    response = client.get(reverse("portal:search"), {"q": "skills story"})
    group = response.context["groups"][0]
    assert len(group.results) == 10
    assert group.total == 12
    assert "Showing the best 10 matches" in response.content.decode()


def test_search_queries_do_not_grow_with_results(client, django_assert_num_queries):
    for n in range(15):
        PostFactory(title=f"Skills story {n}")
    # One query per area's provider, plus the blog's COUNT once results fill the page.
    with django_assert_num_queries(5):
        client.get(reverse("portal:search"), {"q": "skills story"})


def test_providers_are_pluggable(monkeypatch, client):
    def coalitions(query, *, limit):
        return SearchGroup("National coalitions", [SearchResult("Malta", "/nc/malta/")], 1)

    monkeypatch.setattr("tests.blog.test_discovery.fake_provider", coalitions, raising=False)
    monkeypatch.setattr(
        search,
        "SEARCH_PROVIDERS",
        [*search.SEARCH_PROVIDERS, "tests.blog.test_discovery.fake_provider"],
    )
    PostFactory(title="Malta joins")
    groups = search.search("malta")
    assert [g.label for g in groups] == ["Blog posts", "National coalitions"]
    assert groups[1].results[0].url == "/nc/malta/"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
def test_postgresql_full_text_search_stems_and_ranks_title_matches_first():
    in_body = PostFactory(title="Other news", body="Many people are learning to code.")
    in_title = PostFactory(title="Learning to code", body="Nothing else.")
    PostFactory(title="Unrelated", body="Gardening.")
    group = search.search("learned coding")
    assert group[0].results == [
        SearchResult(in_title.title, in_title.get_absolute_url(), in_title.excerpt),
        SearchResult(in_body.title, in_body.get_absolute_url(), in_body.excerpt),
    ]


def test_posts_are_searched_in_the_visitor_language_and_in_english(client):
    """French stemming for a French visitor, and posts not yet translated, in English."""
    from blog import services

    translated = PostFactory(title="Coding clubs", body="Children learn to code.")
    translated.title_fr, translated.excerpt_fr = "Clubs de programmation", "Résumé."
    translated.body_fr = "Les enfants apprennent à programmer dans des écoles."
    services.save_post(post=translated, hero_image_changed=False)
    english_only = PostFactory(title="Schools and skills", body="Teachers in schools.")
    html = client.get("/fr/search/?q=école").content.decode()
    assert "Clubs de programmation" in html
    assert "Schools and skills" not in html
    html = client.get("/fr/search/?q=teachers").content.decode()
    assert english_only.title in html


def test_sitemap_index_runs_a_constant_number_of_queries(client, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    PostFactory(tags=[TagFactory()])
    # A count and a latest-change date per section: the same whatever the number of posts.
    with CaptureQueriesContext(connection) as baseline:
        assert client.get("/sitemap.xml").status_code == 200
    for _ in range(5):
        PostFactory(tags=[TagFactory(), TagFactory()])
    with django_assert_num_queries(len(baseline)):
        assert client.get("/sitemap.xml").status_code == 200
