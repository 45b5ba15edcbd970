"""Every public page of the blog, the newsletter and the search, in a real browser, with axe."""

import re
from io import StringIO

import pytest
from django.core import mail
from playwright.sync_api import expect

from blog import demo, services
from blog.models import Subscriber

pytestmark = pytest.mark.django_db(transaction=True)

CONFERENCE = "/en/blog/digital-skills-and-jobs-coalition-conference-2017/"


@pytest.fixture
def demo_content():
    demo.load(stdout=StringIO())


@pytest.mark.parametrize(
    "path",
    [
        "/en/",
        "/en/blog/",
        CONFERENCE,
        "/en/blog/author/claire-bury/",
        "/en/blog/tag/events/",
        "/en/search/",
        "/en/search/?q=digital+skills",
        "/en/search/?q=zzzz",
        "/en/search/?q=a",
        "/en/newsletter/",
        "/en/newsletter/check-your-inbox/",
        "/en/newsletter/confirmed/",
        "/en/newsletter/unsubscribed/",
        "/en/newsletter/confirm/not-a-valid-token/",
    ],
)
def test_pages_have_no_axe_violations(page, assert_accessible, demo_content, path):
    response = page.goto(path)
    assert response.status in (200, 400)
    assert page.locator("h1").count() == 1
    assert_accessible(page)


def test_responsive_images_and_round_thumbnails_under_the_csp(page, demo_content):
    # The test server does not serve media files; the markup and the styles are checked.
    page.goto(CONFERENCE)
    hero = page.locator(".post-hero img")
    assert "1440w" in hero.get_attribute("srcset")
    assert hero.get_attribute("alt")
    thumbnail = page.locator(".author-thumbnail").first
    assert thumbnail.evaluate("img => getComputedStyle(img).borderRadius") == "50%"
    assert thumbnail.evaluate("img => getComputedStyle(img).width") == "48px"


def test_subscribe_form_errors_are_accessible(page, assert_accessible):
    page.goto("/en/newsletter/")
    page.locator("main #id_email").fill("ana@example.org")
    # Skip the browser's own validation to get the server's error summary.
    page.locator("main form").evaluate("form => form.noValidate = true")
    page.locator("main form [type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("#error-summary")).to_be_visible()
    assert page.locator("main #id_email").input_value() == "ana@example.org"
    assert_accessible(page)


def test_subscribe_from_the_footer_then_confirm_and_unsubscribe(page, assert_accessible):
    page.goto("/en/privacy/")
    page.locator("footer").get_by_role("link", name="Subscribe to the newsletter").click()
    page.wait_for_url("**/newsletter/")
    form = page.locator("main form")
    form.get_by_role("textbox", name=re.compile("^E-mail address")).fill("reader@example.org")
    form.get_by_role("checkbox").check()
    form.get_by_role("button", name="Subscribe").click()
    page.wait_for_url("**/newsletter/check-your-inbox/")
    subscriber = Subscriber.objects.get(email="reader@example.org")
    assert len(mail.outbox) == 1

    page.goto(f"/en/newsletter/confirm/{services.make_confirm_token(subscriber)}/")
    assert_accessible(page)
    page.get_by_role("button", name="Confirm my subscription").click()
    page.wait_for_url("**/newsletter/confirmed/")
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED

    page.goto(f"/en/newsletter/unsubscribe/{services.make_unsubscribe_token(subscriber)}/")
    assert_accessible(page)
    page.get_by_role("button", name="Unsubscribe").click()
    page.wait_for_url("**/newsletter/unsubscribed/")
    assert not Subscriber.objects.exists()


def test_search_from_the_page(page, assert_accessible, demo_content):
    page.goto("/en/search/")
    page.get_by_label("Search pledges, National Coalitions, awards and blog posts").fill(
        "conference"
    )
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url("**/search/?q=conference")
    assert page.get_by_role("heading", level=2, name="Blog posts").count() == 1
    assert page.get_by_role("link", name="The Digital Skills and Jobs Coalition Conference 2017")
    assert_accessible(page)
