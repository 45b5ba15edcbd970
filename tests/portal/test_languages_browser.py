"""The languages in a real browser: the switcher by mouse and keyboard, and axe in scripts and
languages that stress `lang` (Greek, Bulgarian, Irish, Maltese) beside English."""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from blog.models import Post
from national_coalitions.models import NationalCoalition
from pledges.models import Pledge

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo():
    call_command("load_demo", stdout=StringIO())


def sample_paths() -> list[str]:
    pledge = Pledge.objects.public().filter(language="en").order_by("pk").first()
    translated_pledge = Pledge.objects.public().exclude(language="en").order_by("pk").first()
    post = Post.objects.published().first()
    coalition = NationalCoalition.objects.order_by("pk").first()
    paths = [
        "/en/",
        "/en/pledges/",
        pledge.get_absolute_url(),
        translated_pledge.get_absolute_url(),
        coalition.get_absolute_url(),
        post.get_absolute_url(),
        "/en/awards/",
        "/en/no-such-page/",
    ]
    return [path.removeprefix("/en") for path in paths]


@pytest.mark.parametrize("code", ["en", "el", "bg", "ga", "mt"])
def test_pages_have_no_axe_violations_in_each_script_and_language(
    page, assert_accessible, demo, code
):
    for path in sample_paths():
        response = page.goto(f"/{code}{path}")
        assert response.status in (200, 404), path
        assert page.locator("html").get_attribute("lang") == code
        assert_accessible(page)
    # With the list of languages open, too.
    page.goto(f"/{code}/")
    page.locator(".language-switcher summary").click()
    assert_accessible(page)


def test_a_visitor_switches_to_polish_and_stays_on_the_same_pledge(page, demo):
    pledge = Pledge.objects.public().filter(language="en").order_by("pk").first()
    page.goto(pledge.get_absolute_url())
    switcher = page.locator(".language-switcher")
    polish = switcher.get_by_role("link", name="polski")
    expect(polish).to_be_hidden()
    switcher.locator("summary").click()
    polish.click()
    page.wait_for_url(f"**/pl/pledges/{pledge.pk}-{pledge.slug}/")
    assert page.locator("html").get_attribute("lang") == "pl"
    assert page.get_by_role("heading", level=1).inner_text() == pledge.title
    # The interface around it is Polish; the pledge, written in English, is marked as such.
    assert page.locator("h1").get_attribute("lang") == "en"
    expect(page.locator(".language-current")).to_have_text("polski")


def test_the_switcher_works_with_the_keyboard_alone(page):
    page.goto("/en/")
    summary = page.locator(".language-switcher summary")
    for _ in range(10):
        page.keyboard.press("Tab")
        if summary.evaluate("el => el === document.activeElement"):
            break
    assert summary.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('hreflang')")
    assert focused == "bg"  # the first language, in the EU's order
    # Down the list to Deutsch, then follow it.
    for _ in range(4):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Deutsch"
    page.keyboard.press("Enter")
    page.wait_for_url("**/de/")
    assert page.locator("html").get_attribute("lang") == "de"


@pytest.mark.parametrize("width", [320, 390])
def test_the_open_switcher_fits_a_phone(page, width):
    page.set_viewport_size({"width": width, "height": 740})
    # (The home page's own overflow on phones is issue #18's first defect.)
    page.goto("/en/accessibility/")
    page.locator(".language-switcher summary").click()
    links = page.locator(".language-list a")
    expect(links.first).to_be_visible()
    assert links.count() == 24
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    box = page.locator(".language-list").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
