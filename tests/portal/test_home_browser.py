"""The home page and the print styles in Chromium: no sideways scrolling (defect 1, the home
page's half), no axe violation, and pages that print without the site's chrome."""

from io import StringIO

import pytest
from django.core.management import call_command

from pledges.models import Pledge
from tests.national_coalitions.factories import NationalCoalitionFactory
from tests.pledges.factories import PledgeFactory

pytestmark = pytest.mark.django_db(transaction=True)

OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


def test_home_page_fits_narrow_phones_and_is_accessible(page, assert_accessible):
    """At 390 px the "Latest blog posts"/"Latest award winners" row made the page 402 px wide."""
    call_command("load_demo", stdout=StringIO())
    for width in (320, 390, 1366):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto("/en/")
        assert page.evaluate(OVERFLOW) <= 0, f"the home page scrolls sideways at {width} px"
        assert page.locator(".news-card").count() == 3
        assert page.locator(".card-grid--winners .entry-card").count() >= 1
        assert_accessible(page)
    page.get_by_role("link", name="Make a pledge").click()
    assert "/accounts/signup/" in page.url and "next=" in page.url


def _printed(page, path: str):
    page.goto(path)
    page.emulate_media(media="print")
    for selector in (".site-header", ".site-footer", ".language-bar"):
        assert page.locator(selector).evaluate("e => getComputedStyle(e).display") == "none"
    assert page.evaluate(OVERFLOW) <= 0


def test_pledge_and_coalition_pages_print_without_chrome_and_with_link_addresses(page):
    pledge = PledgeFactory(status=Pledge.Status.PUBLISHED)
    _printed(page, pledge.get_absolute_url())
    organisation_link = page.locator(f'main a[href="{pledge.organisation.get_absolute_url()}"]')
    after = organisation_link.first.evaluate("e => getComputedStyle(e, '::after').content")
    assert pledge.organisation.get_absolute_url() in after

    coalition = NationalCoalitionFactory(country="BE")
    _printed(page, coalition.get_absolute_url())
    website = page.locator(f'main a[href="{coalition.website}"]').first
    assert coalition.website in website.evaluate("e => getComputedStyle(e, '::after').content")
