from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.utils import translation
from PIL import Image

from blog import demo
from blog.markdown import render_markdown
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


def test_demo_posts_are_in_english_french_and_german_with_their_html(loaded, client):
    for post in Post.objects.all():
        for code in ("fr", "de"):
            assert getattr(post, f"title_{code}") and getattr(post, f"excerpt_{code}")
            # Each language's HTML is its own body, rendered.
            body_html = getattr(post, f"body_html_{code}")
            assert body_html == render_markdown(getattr(post, f"body_{code}"))
        assert post.body_it is None and post.body_html_it is None
    assert (
        "Données de démonstration"
        in Post.objects.get(slug="time-to-invest-in-ict-skills").body_html_fr
    )
    for author in Author.objects.all():
        assert author.bio_fr and author.bio_de and author.picture_alt_fr and not author.role
    conference = Post.objects.get(slug="digital-skills-and-jobs-coalition-conference-2017")
    assert conference.hero_image_alt_de
    with translation.override("fr"):
        page = client.get(conference.get_absolute_url()).content.decode()
    assert "La conférence 2017 de la Coalition en faveur des compétences" in page


def test_demo_gives_an_earlier_post_its_translations_and_their_html(loaded):
    post = Post.objects.get(slug="time-to-invest-in-ict-skills")
    english = (post.title_en, post.body_html_en)
    Post.objects.filter(pk=post.pk).update(
        title_fr=None, excerpt_fr=None, body_fr=None, body_html_fr=None
    )
    demo.load(stdout=StringIO())
    post.refresh_from_db()
    assert post.title_fr == "Il est temps d'investir dans les compétences en TIC"
    assert post.body_html_fr.startswith("<p>Nous vivons à l'ère numérique.")
    assert (post.title_en, post.body_html_en) == english
