import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from blog.models import Post

from .factories import AuthorFactory, PostFactory, TagFactory

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.fixture
def hidden_posts():
    """A draft and a scheduled post, by their own author, with their own tag."""
    author = AuthorFactory(name="Hidden Author", slug="hidden-author")
    tag = TagFactory(name="Secret plans", slug="secret-plans")
    return [
        PostFactory(title="Draft title", slug="draft-post", draft=True, author=author, tags=[tag]),
        PostFactory(
            title="Scheduled title",
            slug="scheduled-post",
            scheduled=True,
            author=author,
            tags=[tag],
        ),
    ]


def test_post_list_shows_published_posts_with_authors_and_excerpts(client, hidden_posts):
    tag = TagFactory(name="ICT skills")
    post = PostFactory(title="Visible title", excerpt="Visible excerpt", tags=[tag])
    response = client.get(reverse("blog:post-list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Visible title" in html and "Visible excerpt" in html
    assert post.get_absolute_url() in html
    assert post.author.get_absolute_url() in html
    assert tag.get_absolute_url() in html
    assert "Draft title" not in html and "Scheduled title" not in html
    assert list(response.context["posts"]) == [post]


def test_post_list_is_paginated_newest_first(client):
    posts = [PostFactory() for _ in range(12)]
    response = client.get(reverse("blog:post-list"))
    assert response.context["is_paginated"]
    assert len(response.context["posts"]) == 10
    newest = sorted(posts, key=lambda p: p.published_at, reverse=True)
    assert list(response.context["posts"]) == newest[:10]
    page_two = client.get(reverse("blog:post-list"), {"page": 2})
    assert list(page_two.context["posts"]) == newest[10:]
    assert 'aria-current="page"' in page_two.content.decode()


def test_empty_blog_has_an_empty_state(client):
    response = client.get(reverse("blog:post-list"))
    assert "No blog posts have been published yet." in response.content.decode()


def test_post_detail_renders_sanitised_body_and_meta(client):
    tag = TagFactory(name="Events")
    post = PostFactory(
        title="Conference",
        excerpt="It was positive.",
        body="# Part one\n\nSee [EU](https://europa.eu). <script>alert(1)</script>",
        tags=[tag],
    )
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and html.count("<h1") == 1
    assert "<h2>Part one</h2>" in html
    assert '<a href="https://europa.eu" rel="noopener nofollow">EU</a>' in html
    assert "<script>alert" not in html
    assert '<meta name="description" content="It was positive.">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Conference">' in html
    assert 'type="application/atom+xml"' in html and reverse("blog:feed-atom") in html
    assert 'type="application/rss+xml"' in html and reverse("blog:feed-rss") in html
    assert f'href="{tag.get_absolute_url()}"' in html
    assert "Last updated on" in html
    assert f"More blog posts by {post.author.name}" in html


def test_post_detail_shows_the_hero_image_with_srcset(client):
    post = PostFactory(
        hero_image="blog/posts/hero.png",
        hero_image_alt="A crowd at the conference",
        hero_image_renditions=[
            {"name": "blog/posts/renditions/hero-480w.webp", "width": 480, "height": 240},
            {"name": "blog/posts/renditions/hero-960w.webp", "width": 960, "height": 480},
        ],
    )
    html = client.get(post.get_absolute_url()).content.decode()
    assert 'src="/media/blog/posts/renditions/hero-960w.webp"' in html
    assert (
        'srcset="/media/blog/posts/renditions/hero-480w.webp 480w, '
        '/media/blog/posts/renditions/hero-960w.webp 960w"'
    ) in html
    assert 'alt="A crowd at the conference"' in html
    assert 'width="960" height="480"' in html
    assert (
        '<meta property="og:image" content="http://testserver/media/blog/posts/renditions/'
        'hero-960w.webp">'
    ) in html


@pytest.mark.parametrize("slug", ["draft-post", "scheduled-post", "no-such-post"])
def test_hidden_posts_are_not_found(client, hidden_posts, slug):
    assert client.get(reverse("blog:post-detail", kwargs={"slug": slug})).status_code == 404


def test_author_page_lists_only_published_posts_of_the_author(client):
    author = AuthorFactory(name="Claire Example", role="Director", bio="Writes about skills.")
    mine = PostFactory(author=author, title="Mine")
    PostFactory(author=author, title="My draft", draft=True)
    PostFactory(title="Someone else's")
    response = client.get(author.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and "Claire Example" in html
    assert "Director" in html and "Writes about skills." in html
    assert "Mine" in html
    assert "My draft" not in html and "Someone else&#x27;s" not in html
    assert list(response.context["posts"]) == [mine]
    assert '<meta property="og:type" content="profile">' in html


def test_author_picture_is_a_round_thumbnail(client):
    author = AuthorFactory(
        picture="blog/authors/a.png",
        picture_alt="Portrait of the author",
        picture_renditions=[
            {"name": "blog/authors/renditions/a-96sq.webp", "width": 96, "height": 96},
            {"name": "blog/authors/renditions/a-192sq.webp", "width": 192, "height": 192},
        ],
    )
    PostFactory(author=author)
    html = client.get(author.get_absolute_url()).content.decode()
    assert 'class="author-thumbnail author-thumbnail-96"' in html
    assert 'alt="Portrait of the author"' in html
    assert "a-192sq.webp 192w" in html
    list_html = client.get(reverse("blog:post-list")).content.decode()
    # Beside the author's name in lists, the picture is decorative.
    assert 'class="author-thumbnail author-thumbnail-48"' in list_html
    assert 'alt=""' in list_html
    assert "style=" not in list_html


def test_author_and_tag_pages_of_hidden_posts_are_not_found(client, hidden_posts):
    assert client.get(reverse("blog:author-detail", args=["hidden-author"])).status_code == 404
    assert client.get(reverse("blog:tag-detail", args=["secret-plans"])).status_code == 404


def test_tag_page_lists_published_posts_with_the_tag(client, hidden_posts):
    tag = TagFactory(name="Events", slug="events")
    tagged = PostFactory(title="Tagged", tags=[tag])
    PostFactory(title="Untagged")
    PostFactory(title="Tagged draft", draft=True, tags=[tag])
    response = client.get(tag.get_absolute_url())
    assert response.status_code == 200
    assert list(response.context["posts"]) == [tagged]
    assert "Posts tagged “Events”" in response.content.decode()


def make_posts(count: int, *, author=None, tag=None):
    author = author or AuthorFactory(
        picture="blog/authors/a.png",
        picture_alt="A",
        picture_renditions=[{"name": "r.webp", "width": 96, "height": 96}],
    )
    tags = [tag or TagFactory(), TagFactory()]
    return [PostFactory(author=author, tags=tags) for _ in range(count)]


@pytest.mark.parametrize("page", ["list", "author", "tag"])
def test_list_pages_run_a_constant_number_of_queries(client, django_assert_num_queries, page):
    def url_for(posts):
        post = posts[0]
        return {
            "list": reverse("blog:post-list"),
            "author": post.author.get_absolute_url(),
            "tag": post.tags.order_by("pk").first().get_absolute_url(),
        }[page]

    baseline = queries_for(client, url_for(make_posts(1)))
    Post.objects.all().delete()
    many = make_posts(9)
    make_posts(3)
    url = url_for(many)
    with django_assert_num_queries(baseline):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["posts"]) >= 9


def test_detail_page_runs_a_constant_number_of_queries(client, django_assert_num_queries):
    baseline = queries_for(client, PostFactory(tags=[TagFactory()]).get_absolute_url())
    many = PostFactory(tags=[TagFactory() for _ in range(6)])
    with django_assert_num_queries(baseline):
        client.get(many.get_absolute_url())


def test_home_page_shows_the_latest_three_published_posts(client, hidden_posts):
    posts = [PostFactory(title=f"Home post {n}") for n in range(4)]
    response = client.get(reverse("portal:home"))
    html = response.content.decode()
    latest = sorted(posts, key=lambda p: p.published_at, reverse=True)[:3]
    # Rendered by the {% latest_posts 3 %} inclusion tag: the newest three, in order.
    for post in latest:
        assert post.title in html and post.get_absolute_url() in html
    assert [html.index(post.title) for post in latest] == sorted(
        html.index(post.title) for post in latest
    )
    oldest = min(posts, key=lambda p: p.published_at)
    assert oldest.get_absolute_url() not in html
    assert "Draft title" not in html and "Scheduled title" not in html
    assert reverse("blog:feed-atom") in html


def test_home_page_queries_do_not_grow_with_posts(client, django_assert_num_queries):
    PostFactory()
    client.get(reverse("portal:home"))  # warm the cached pledge totals
    baseline = queries_for(client, reverse("portal:home"))
    for _ in range(5):
        PostFactory()
    with django_assert_num_queries(baseline):
        client.get(reverse("portal:home"))
