"""The demo's pictures: generated illustrations and monogram logos, with renditions, made
once (a second `load_demo` changes nothing)."""

from io import BytesIO, StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import Image

from awards.models import Entry
from blog.models import Post
from core.demo import illustration, monogram
from organisations.models import Organisation

pytestmark = pytest.mark.django_db


def pictures() -> dict:
    return {
        "logos": sorted(Organisation.objects.values_list("slug", "logo", "logo_alt", "updated_at")),
        "posts": sorted(Post.objects.values_list("slug", "hero_image", "updated_at")),
        "entries": sorted(Entry.objects.values_list("slug", "image", "image_alt", "updated_at")),
    }


@pytest.fixture
def loaded():
    call_command("load_demo", stdout=StringIO())


def test_every_demo_organisation_has_a_monogram_logo(loaded):
    for organisation in Organisation.objects.all():
        assert organisation.logo_alt == f"Logo of {organisation.name}"
        assert [r["width"] for r in organisation.logo_renditions] == [160, 320, 512]


def test_every_demo_post_and_public_entry_has_an_illustration(loaded):
    for post in Post.objects.all():
        assert post.hero_image and post.hero_image_alt
        assert [r["width"] for r in post.hero_image_renditions] == [480, 960, 1440]
    for entry in Entry.objects.public():
        assert entry.image_alt.startswith("Abstract illustration for ")
        with default_storage.open(entry.image.name) as file, Image.open(file) as image:
            assert image.size == (960, 600)
        assert [r["width"] for r in entry.image_renditions] == [480, 960]


def test_a_second_load_changes_no_picture(loaded):
    first = pictures()
    call_command("load_demo", stdout=StringIO())
    assert pictures() == first


def test_an_earlier_flat_placeholder_is_replaced_once(loaded):
    entry = Entry.objects.public().first()
    Entry.objects.filter(pk=entry.pk).update(image_alt="Placeholder illustration for X")
    call_command("load_demo", stdout=StringIO())
    entry.refresh_from_db()
    assert entry.image_alt.startswith("Abstract illustration for ")
    replaced = pictures()
    call_command("load_demo", stdout=StringIO())
    assert pictures() == replaced


def test_pictures_are_deterministic_and_abstract():
    assert illustration("a", width=96, height=48) == illustration("a", width=96, height=48)
    assert illustration("a", width=96, height=48) != illustration("b", width=96, height=48)
    with Image.open(BytesIO(monogram("Code Bridges (demo)", size=64))) as logo:
        assert logo.size == (64, 64)
        assert logo.getpixel((0, 0)) == (255, 255, 255)  # a badge on white
