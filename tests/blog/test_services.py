from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from PIL import Image

from blog import services
from blog.models import Author, Post

from .factories import AuthorFactory, PostFactory, image_upload

pytestmark = pytest.mark.django_db


def new_post(**kwargs) -> Post:
    author = kwargs.pop("author", None) or AuthorFactory()
    defaults = {
        "title": "A post",
        "slug": "a-post",
        "author": author,
        "excerpt": "Summary",
        "body": "Hello [EU](https://europa.eu) <script>alert(1)</script>",
    }
    return Post(**{**defaults, **kwargs})


def stored_sizes(renditions):
    sizes = []
    for item in renditions:
        with default_storage.open(item["name"]) as file, Image.open(file) as image:
            assert image.format == "WEBP"
            sizes.append(image.size)
    return sizes


def test_save_post_renders_sanitised_html_once():
    post = services.save_post(post=new_post(), hero_image_changed=False)
    post.refresh_from_db()
    assert post.body_html == (
        '<p>Hello <a href="https://europa.eu" rel="noopener nofollow">EU</a> '
        "&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    )
    assert post.status == Post.Status.DRAFT and post.published_at is None


def test_save_post_gives_a_published_post_without_date_the_current_time():
    moment = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
    with time_machine.travel(moment, tick=False):
        post = services.save_post(
            post=new_post(status=Post.Status.PUBLISHED), hero_image_changed=False
        )
    assert post.published_at == moment


def test_hero_image_renditions_have_the_responsive_widths():
    post = new_post(hero_image=image_upload(2000, 1000), hero_image_alt="Blue")
    services.save_post(post=post, hero_image_changed=True)
    post.refresh_from_db()
    assert [(r["width"], r["height"]) for r in post.hero_image_renditions] == [
        (480, 240),
        (960, 480),
        (1440, 720),
    ]
    assert stored_sizes(post.hero_image_renditions) == [(480, 240), (960, 480), (1440, 720)]
    assert post.hero_image_fallback.width == 960
    assert "480w" in post.hero_image_srcset and "1440w" in post.hero_image_srcset


def test_small_images_are_never_upscaled():
    post = new_post(hero_image=image_upload(1000, 500), hero_image_alt="Blue")
    services.save_post(post=post, hero_image_changed=True)
    assert [r["width"] for r in post.hero_image_renditions] == [480, 960]

    tiny = new_post(slug="tiny", hero_image=image_upload(300, 100), hero_image_alt="Blue")
    services.save_post(post=tiny, hero_image_changed=True)
    assert [(r["width"], r["height"]) for r in tiny.hero_image_renditions] == [(300, 100)]


def test_author_pictures_become_square_thumbnails():
    author = Author(name="Ana", slug="ana", picture=image_upload(800, 600), picture_alt="Ana")
    services.save_author(author=author, picture_changed=True)
    author.refresh_from_db()
    assert stored_sizes(author.picture_renditions) == [(96, 96), (192, 192), (384, 384)]


def test_replacing_an_image_replaces_its_renditions(django_capture_on_commit_callbacks):
    post = new_post(hero_image=image_upload(1000, 500), hero_image_alt="Blue")
    services.save_post(post=post, hero_image_changed=True)
    old = [r["name"] for r in post.hero_image_renditions]

    post.hero_image = image_upload(600, 300, name="other.png")
    with django_capture_on_commit_callbacks(execute=True):
        services.save_post(post=post, hero_image_changed=True)
    assert [r["width"] for r in post.hero_image_renditions] == [480]
    assert not any(default_storage.exists(name) for name in old)

    post.hero_image = ""
    post.hero_image_alt = ""
    services.save_post(post=post, hero_image_changed=True)
    post.refresh_from_db()
    assert post.hero_image_renditions == []


def test_save_post_validates_and_saves_nothing_when_invalid():
    with pytest.raises(ValidationError):
        services.save_post(post=new_post(title=""), hero_image_changed=False)
    assert not Post.objects.exists()


def test_publish_and_unpublish():
    post = PostFactory(draft=True, published_at=None)
    moment = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
    with time_machine.travel(moment, tick=False):
        services.publish_post(post=post)
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED and post.published_at == moment

    services.unpublish_post(post=post)
    post.refresh_from_db()
    assert post.status == Post.Status.DRAFT
    assert not Post.objects.published().exists()


def test_publishing_keeps_a_planned_time():
    planned = datetime.now(UTC) + timedelta(days=3)
    post = PostFactory(draft=True, published_at=planned)
    services.publish_post(post=post)
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED and post.published_at == planned
    assert not Post.objects.published().exists()
