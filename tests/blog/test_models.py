from datetime import UTC, datetime

import pytest
import time_machine
from django.db import IntegrityError

from blog.models import Author, Post, Tag

from .factories import AuthorFactory, PostFactory, SubscriberFactory, TagFactory

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def test_published_means_published_and_its_time_has_come():
    with time_machine.travel(NOON, tick=False):
        live = PostFactory(published_at=datetime(2026, 3, 10, 11, 59, tzinfo=UTC))
        PostFactory(draft=True, published_at=datetime(2026, 3, 1, tzinfo=UTC))
        scheduled = PostFactory(published_at=datetime(2026, 3, 10, 12, 1, tzinfo=UTC))
        assert list(Post.objects.published()) == [live]
        assert live.is_live and not scheduled.is_live

    # The scheduled post appears on its own once its time has come.
    with time_machine.travel(datetime(2026, 3, 10, 12, 1, tzinfo=UTC), tick=False):
        assert list(Post.objects.published()) == [scheduled, live]


def test_published_post_needs_a_publication_date():
    with pytest.raises(IntegrityError):
        PostFactory(published_at=None)


def test_images_need_alt_text_in_the_database():
    with pytest.raises(IntegrityError):
        AuthorFactory(picture="blog/authors/x.png", picture_alt="")


def test_post_hero_image_needs_alt_text_in_the_database():
    with pytest.raises(IntegrityError):
        PostFactory(hero_image="blog/posts/x.png", hero_image_alt="")


def test_subscriber_addresses_are_unique_whatever_the_case():
    SubscriberFactory(email="ana@example.org")
    with pytest.raises(IntegrityError):
        SubscriberFactory(email="ANA@example.org")


def test_authors_with_published_posts_excludes_draft_only_authors():
    visible = PostFactory().author
    PostFactory(draft=True)
    PostFactory(scheduled=True)
    AuthorFactory()
    assert list(Author.objects.with_published_posts()) == [visible]


def test_strings_and_urls():
    tag = TagFactory(name="ICT skills", slug="ict-skills")
    post = PostFactory(title="Hello", slug="hello", tags=[tag])
    assert str(post) == "Hello"
    assert post.get_absolute_url() == "/en/blog/hello/"
    assert post.author.get_absolute_url() == f"/en/blog/author/{post.author.slug}/"
    assert str(tag) == "ICT skills"
    assert tag.get_absolute_url() == "/en/blog/tag/ict-skills/"
    assert list(Tag.objects.get(slug="ict-skills").posts.all()) == [post]
    assert str(SubscriberFactory(email="x@example.org")) == "x@example.org"


def test_srcset_lists_renditions_by_width():
    author = AuthorFactory(
        picture="blog/authors/a.png",
        picture_alt="A portrait",
        picture_renditions=[
            {"name": "blog/authors/renditions/a-192sq.webp", "width": 192, "height": 192},
            {"name": "blog/authors/renditions/a-96sq.webp", "width": 96, "height": 96},
        ],
    )
    assert author.picture_srcset == (
        "/media/blog/authors/renditions/a-96sq.webp 96w, "
        "/media/blog/authors/renditions/a-192sq.webp 192w"
    )
    assert author.picture_thumbnail.width == 96
    assert AuthorFactory().picture_thumbnail is None
