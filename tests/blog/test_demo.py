from io import StringIO

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from blog import demo
from blog.models import Author, Post
from core.demo import read_seed

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    demo.load(stdout=StringIO())


def test_demo_posts_come_from_the_seeds_and_are_marked_as_demo(loaded):
    posts = list(Post.objects.published())
    assert len(posts) == 5
    cards = read_seed("national_coalitions_page.txt")
    for post in posts:
        assert post.tags.filter(slug="demo-data").exists()
        assert "Demo data" in post.body_html
        if post.author.slug != "secretariat-demo":
            # The author cards' sentences, word for word.
            assert post.excerpt in cards
            assert post.author.name.split()[-1].upper() in cards.upper()
    conference = Post.objects.get(slug="digital-skills-and-jobs-coalition-conference-2017")
    assert conference.author.name == "The Secretariat (demo)"
    for paragraph in read_seed("conference_2017.txt").split("\n\n"):
        assert paragraph.strip() in conference.body


def test_demo_pictures_are_generated_with_renditions(loaded):
    for author in Author.objects.all():
        assert author.picture and author.picture_alt
        with default_storage.open(author.picture.name) as file, Image.open(file) as image:
            assert image.size == (512, 512)
        assert [r["width"] for r in author.picture_renditions] == [96, 192, 384]
    conference = Post.objects.get(slug="digital-skills-and-jobs-coalition-conference-2017")
    assert conference.hero_image_alt
    assert [r["width"] for r in conference.hero_image_renditions] == [480, 960, 1440]


def test_demo_loader_does_not_duplicate_or_regenerate(loaded):
    names = sorted(Author.objects.values_list("picture", flat=True))
    demo.load(stdout=StringIO())
    assert Post.objects.count() == 5 and Author.objects.count() == 4
    assert sorted(Author.objects.values_list("picture", flat=True)) == names


def test_demo_pages_render(loaded, client):
    for post in Post.objects.all():
        assert client.get(post.get_absolute_url()).status_code == 200
        assert client.get(post.author.get_absolute_url()).status_code == 200
