"""The newsletter in a real browser: the archive pages with axe, and the Secretariat's
composer (write, test, preview, send) in the admin."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from blog.models import Mailing
from tests.accounts.factories import SecretariatUserFactory
from tests.e2e.conftest import admin_sign_in

from .factories import MailingFactory, MailingLinkFactory, PostFactory, SubscriberFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_archive_pages_have_no_axe_violations(page, assert_accessible):
    mailing = MailingFactory(sent=True, subject="November news", body="## Highlights\n\nMore.")
    mailing.featured_posts.add(PostFactory(title="Coding clubs everywhere"))
    MailingLinkFactory(mailing=mailing, title="Award winners 2026")
    MailingFactory(subject="A draft nobody sees")
    page.goto("/en/newsletter/")
    page.get_by_role("link", name="Read the previous newsletters").click()
    page.wait_for_url("**/newsletter/archive/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Newsletter archive")
    expect(page.get_by_text("A draft nobody sees")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="November news").click()
    page.wait_for_url(f"**{mailing.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text("November news")
    expect(page.get_by_role("link", name="Coding clubs everywhere")).to_be_visible()
    assert_accessible(page)


def test_the_secretariat_composes_tests_previews_and_sends_a_mailing(page):
    user = SecretariatUserFactory(email="composer@example.eu")
    readers = [SubscriberFactory(confirmed=True, email=f"reader{n}@example.org") for n in range(3)]
    SubscriberFactory(email="pending@example.org")
    admin_sign_in(page, user.email)

    page.goto("/admin/blog/mailing/add/")
    page.locator("#id_subject_en").fill("The Coalition in December")
    page.locator("#id_body_en").fill("Hello **readers**, three new pledges this month.")
    page.locator("#id_links-0-title").fill("Award winners 2026")
    page.locator("#id_links-0-url").fill("https://portal.example.eu/en/awards/2026/")
    page.get_by_role("button", name="Save and send a test to me").click()
    expect(page.get_by_text("A test was sent to composer@example.eu.")).to_be_visible()
    mailing = Mailing.objects.get()
    assert mailing.slug == "the-coalition-in-december"
    assert [m.to for m in mail.outbox] == [["composer@example.eu"]]
    assert mail.outbox[0].subject == "[Test] The Coalition in December"

    page.locator(".object-tools").get_by_role("link", name="Preview").click()
    html = page.locator("#preview-html")
    expect(html.get_by_role("heading", level=1)).to_have_text("The Coalition in December")
    expect(html.locator("strong")).to_have_text("readers")
    expect(html.get_by_role("link", name="Award winners 2026")).to_be_visible()
    expect(page.locator("#preview-text")).to_contain_text("Hello **readers**")
    page.get_by_role("link", name="Back to the mailing").click()

    page.get_by_role("button", name="Save and send now…").click()
    expect(page.get_by_text("goes to 3 confirmed subscribers")).to_be_visible()
    page.get_by_role("button", name="Yes, send it now").click()
    expect(page.get_by_text("Sending has started")).to_be_visible()
    # The tests' immediate task backend sent every batch before the page came back.
    page.reload()
    expect(page.locator("#mailing-progress")).to_contain_text("3 sent, 0 failed, 0 remaining")
    sent_to = sorted(m.to[0] for m in mail.outbox[1:])
    assert sent_to == sorted(reader.email for reader in readers)
    assert all("List-Unsubscribe" in m.extra_headers for m in mail.outbox[1:])

    page.goto("/en/newsletter/archive/")
    expect(page.get_by_role("link", name="The Coalition in December")).to_be_visible()
