"""The public archive of sent newsletters: list, detail, feeds and sitemap show sent
mailings only (`Mailing.objects.sent()`), in a constant number of queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from blog.models import Mailing

from .factories import MailingFactory, MailingLinkFactory, PostFactory

pytestmark = pytest.mark.django_db
ARCHIVE = "/en/newsletter/archive/"


@pytest.fixture
def unsent():
    return [
        MailingFactory(subject="Draft issue"),
        MailingFactory(
            subject="Scheduled issue",
            status=Mailing.Status.SCHEDULED,
            send_at=timezone.now() + datetime.timedelta(days=1),
        ),
        MailingFactory(
            subject="Issue being sent", status=Mailing.Status.SENDING, started_at=timezone.now()
        ),
    ]


def test_the_archive_lists_sent_newsletters_only(client, unsent):
    sent = MailingFactory(sent=True, subject="November news")
    html = client.get(ARCHIVE).content.decode()
    assert "<h1>Newsletter archive</h1>" in html
    assert "November news" in html and sent.get_absolute_url() in html
    for mailing in unsent:
        assert mailing.subject not in html
    assert reverse("newsletter:archive-feed-atom") in html
    assert ARCHIVE in client.get(reverse("newsletter:subscribe")).content.decode()


def test_a_sent_newsletter_has_its_page_and_the_others_are_404(client, unsent):
    post = PostFactory(title="Coding clubs everywhere")
    draft_post = PostFactory(title="Hidden draft", draft=True)
    sent = MailingFactory(sent=True, subject="November news", body="Hello **readers**.")
    sent.featured_posts.add(post, draft_post)
    MailingLinkFactory(mailing=sent, title="Award winners 2026")
    response = client.get(sent.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hello <strong>readers</strong>." in html
    assert f'href="{post.get_absolute_url()}"' in html
    assert "Award winners 2026" in html
    assert "Hidden draft" not in html
    assert "unsubscribe" not in html.lower()
    for mailing in unsent:
        assert client.get(mailing.get_absolute_url()).status_code == 404


def test_archive_pages_run_a_constant_number_of_queries(client, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    one = MailingFactory(sent=True)
    one.featured_posts.add(PostFactory())
    MailingLinkFactory(mailing=one)
    with CaptureQueriesContext(connection) as list_one:
        client.get(ARCHIVE)
    with CaptureQueriesContext(connection) as detail_one:
        client.get(one.get_absolute_url())

    many = MailingFactory(sent=True)
    many.featured_posts.add(*[PostFactory() for _ in range(6)])
    for _ in range(6):
        MailingLinkFactory(mailing=many)
    for _ in range(25):
        MailingFactory(sent=True)
    with django_assert_num_queries(len(list_one)):
        client.get(ARCHIVE)
    with django_assert_num_queries(len(detail_one)):
        client.get(many.get_absolute_url())


@pytest.mark.parametrize("name", ["archive-feed-atom", "archive-feed-rss"])
def test_the_feeds_carry_sent_newsletters_only(client, unsent, name):
    MailingFactory(sent=True, subject="November news", body="Hello <script>x</script>")
    response = client.get(reverse(f"newsletter:{name}"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "November news" in body
    # Typed HTML is text (escaped in the HTML, and again in the XML), never markup.
    assert "&amp;lt;script&amp;gt;" in body and "&lt;script&gt;" not in body
    for mailing in unsent:
        assert mailing.subject not in body


def test_the_sitemap_has_the_archive_and_sent_newsletters_only(client, unsent):
    sent = MailingFactory(sent=True)
    index = client.get("/sitemap.xml").content.decode()
    assert "/sitemap-newsletters.xml" in index
    body = client.get("/sitemap-newsletters.xml").content.decode()
    assert f"http://testserver{ARCHIVE}</loc>" in body
    assert sent.get_absolute_url() in body
    for mailing in unsent:
        assert mailing.get_absolute_url() not in body
