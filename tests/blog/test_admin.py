import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from blog.models import Author, Post, Subscriber
from core.secretariat import SECRETARIAT_GROUP
from core.spreadsheets import safe_cell

from .factories import AuthorFactory, PostFactory, SubscriberFactory, TagFactory, image_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat(client):
    user = get_user_model().objects.create_user(
        email="staff@example.eu", password="x", is_staff=True
    )
    user.groups.add(Group.objects.get(name=SECRETARIAT_GROUP))
    client.force_login(user)
    return client


def post_data(author, **overrides):
    data = {
        "title_en": "New post",
        "slug": "new-post",
        "author": author.pk,
        "excerpt_en": "Summary",
        "body_en": "Hello **world** <script>x</script>",
        "hero_image_alt_en": "",
        "tags": [],
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
    }
    # Texts are kept per language: the form's fields are the English ones.
    translated = {"title", "excerpt", "body", "hero_image_alt"}
    return {**data, **{f"{k}_en" if k in translated else k: v for k, v in overrides.items()}}


@pytest.mark.parametrize("model", ["post", "author", "tag", "subscriber"])
def test_secretariat_can_use_the_blog_admin(secretariat, model):
    PostFactory(tags=[TagFactory()])
    SubscriberFactory(confirmed=True)
    assert secretariat.get(reverse(f"admin:blog_{model}_changelist")).status_code == 200


def test_post_changelist_filters_and_search(secretariat):
    tag = TagFactory(name="Events")
    wanted = PostFactory(title="Conference report", tags=[tag])
    PostFactory(title="Other", draft=True)
    url = reverse("admin:blog_post_changelist")
    for params in (
        {"status__exact": "published"},
        {"author__id__exact": wanted.author.pk},
        {"tags__id__exact": tag.pk},
        {"q": "conference"},
    ):
        response = secretariat.get(url, params)
        assert list(response.context["cl"].result_list) == [wanted], params


def test_adding_a_post_renders_the_body_and_makes_renditions(secretariat):
    author = AuthorFactory()
    data = post_data(
        author, hero_image=image_upload(1600, 800), hero_image_alt="A hall full of people"
    )
    response = secretariat.post(reverse("admin:blog_post_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    post = Post.objects.get()
    assert post.body_html == "<p>Hello <strong>world</strong> &lt;script&gt;x&lt;/script&gt;</p>"
    assert [r["width"] for r in post.hero_image_renditions] == [480, 960, 1440]


def test_admin_requires_alt_text_for_every_image(secretariat):
    author = AuthorFactory()
    response = secretariat.post(
        reverse("admin:blog_post_add"), post_data(author, hero_image=image_upload(800, 400))
    )
    assert response.status_code == 200
    assert "hero_image_alt_en" in response.context["adminform"].form.errors
    assert not Post.objects.exists()

    response = secretariat.post(
        reverse("admin:blog_author_add"),
        {"name": "Ana", "slug": "ana", "picture": image_upload(400, 400), "picture_alt_en": " "},
    )
    assert response.status_code == 200
    assert "picture_alt_en" in response.context["adminform"].form.errors
    assert not Author.objects.filter(slug="ana").exists()


def test_admin_refuses_files_that_are_not_images(secretariat):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("x.png", b"<script>alert(1)</script>", content_type="image/png")
    response = secretariat.post(
        reverse("admin:blog_author_add"),
        {"name": "Ana", "slug": "ana", "picture": fake, "picture_alt_en": "Ana"},
    )
    assert "picture" in response.context["adminform"].form.errors
    assert not Author.objects.exists()


def test_author_picture_upload_makes_square_thumbnails(secretariat):
    response = secretariat.post(
        reverse("admin:blog_author_add"),
        {"name": "Ana", "slug": "ana", "picture": image_upload(500, 400), "picture_alt_en": "Ana"},
    )
    assert response.status_code == 302
    author = Author.objects.get()
    assert [(r["width"], r["height"]) for r in author.picture_renditions] == [
        (96, 96),
        (192, 192),
        (384, 384),
    ]


def test_publish_and_unpublish_actions(secretariat):
    drafts = [PostFactory(draft=True, published_at=None) for _ in range(2)]
    url = reverse("admin:blog_post_changelist")
    pks = [post.pk for post in drafts]
    response = secretariat.post(url, {"action": "publish_selected", "_selected_action": pks})
    assert response.status_code == 302
    assert Post.objects.published().count() == 2

    secretariat.post(url, {"action": "unpublish_selected", "_selected_action": pks[:1]})
    assert list(Post.objects.published()) == [drafts[1]]
    assert Post.objects.get(pk=pks[0]).status == Post.Status.DRAFT


def test_preview_shows_a_draft_to_staff_only(secretariat, client):
    post = PostFactory(draft=True, title="Secret draft", body="Body with *emphasis*")
    url = reverse("admin:blog_post_preview", args=[post.pk])
    response = secretariat.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Secret draft" in html and "<em>emphasis</em>" in html
    assert "Readers cannot see this post yet" in html

    change = secretariat.get(reverse("admin:blog_post_change", args=[post.pk])).content.decode()
    assert url in change
    assert '<div class="blog-admin-preview"><p>Body with <em>emphasis</em></p></div>' in change

    secretariat.logout()
    assert secretariat.get(url).status_code == 302  # to the admin login


def test_subscribers_cannot_be_added_or_edited_in_the_admin(secretariat):
    subscriber = SubscriberFactory()
    assert secretariat.get(reverse("admin:blog_subscriber_add")).status_code == 403
    response = secretariat.post(
        reverse("admin:blog_subscriber_change", args=[subscriber.pk]),
        {"email": "changed@example.org"},
    )
    assert response.status_code == 403
    subscriber.refresh_from_db()
    assert subscriber.email != "changed@example.org"


def test_subscriber_filters(secretariat):
    confirmed = SubscriberFactory(confirmed=True)
    SubscriberFactory()
    response = secretariat.get(
        reverse("admin:blog_subscriber_changelist"), {"status__exact": "confirmed"}
    )
    assert list(response.context["cl"].result_list) == [confirmed]


def test_csv_export_contains_confirmed_subscribers_only_and_is_formula_safe(secretariat):
    first = SubscriberFactory(email="ana@example.org", confirmed=True)
    evil = SubscriberFactory(email="=cmd|'/C calc'!A0@example.org", confirmed=True)
    pending = SubscriberFactory(email="pending@example.org")
    response = secretariat.post(
        reverse("admin:blog_subscriber_changelist"),
        {
            "action": "export_confirmed_csv",
            "_selected_action": [first.pk, evil.pk, pending.pk],
        },
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="newsletter-subscribers-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    # Streamed by core.spreadsheets.csv_response, with a byte-order mark for spreadsheets.
    text = b"".join(response.streaming_content).decode()
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0] == ["E-mail address", "Confirmed at"]
    emails = [row[0] for row in rows[1:]]
    assert emails == ["'=cmd|'/C calc'!A0@example.org", "ana@example.org"]
    assert "pending@example.org" not in text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("ana@example.org", "ana@example.org"),
        (None, ""),
    ],
)
def test_spreadsheet_safe(value, expected):
    assert safe_cell(value) == expected


def test_secretariat_may_delete_subscribers_on_request(secretariat):
    subscriber = SubscriberFactory()
    response = secretariat.post(
        reverse("admin:blog_subscriber_delete", args=[subscriber.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Subscriber.objects.exists()


def test_secretariat_can_open_the_add_and_change_forms(secretariat):
    post = PostFactory(tags=[TagFactory()])
    for url in (
        reverse("admin:blog_post_add"),
        reverse("admin:blog_author_add"),
        reverse("admin:blog_tag_add"),
        reverse("admin:blog_post_change", args=[post.pk]),
        reverse("admin:blog_author_change", args=[post.author.pk]),
    ):
        assert secretariat.get(url).status_code == 200, url


def test_saving_a_post_untouched_changes_nothing(secretariat):
    """Browsers send a text area's line breaks as "\\r\\n"; the stored body has "\\n"."""
    from django.contrib.admin.models import LogEntry

    post = PostFactory(draft=True, published_at=None, body="First line.\n\nSecond *line*.")
    rendered = post.body_html
    data = post_data(
        post.author,
        title=post.title,
        slug=post.slug,
        excerpt=post.excerpt,
        body="First line.\r\n\r\nSecond *line*.",
    )
    response = secretariat.post(reverse("admin:blog_post_change", args=[post.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    post.refresh_from_db()
    assert post.body == "First line.\n\nSecond *line*."
    assert post.body_html == rendered
    assert LogEntry.objects.get().get_change_message() == "No fields changed."


def test_the_author_and_tag_filters_list_only_those_in_use(secretariat):
    tags = [TagFactory(name="In use"), TagFactory(name="Also in use")]
    TagFactory(name="Unused tag")
    AuthorFactory(name="Never wrote")
    PostFactory(author=AuthorFactory(name="Anna Writer"), tags=tags)
    PostFactory(author=AuthorFactory(name="Bruno Writer"), tags=tags[:1])
    response = secretariat.get(reverse("admin:blog_post_changelist"))
    cl = response.context["cl"]
    shown = {
        str(spec.title): [str(choice["display"]) for choice in spec.choices(cl)]
        for spec in cl.filter_specs
    }
    assert shown["author"] == ["All", "Anna Writer", "Bruno Writer"]
    assert shown["tags"] == ["All", "Also in use", "In use", "-"]
