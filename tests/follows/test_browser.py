"""In a real browser: follow a pledge after signing in, then choose the digest's frequency."""

import re

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from follows.models import Follow, NotificationSettings
from pledges.models import Pledge
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory
from tests.pledges.factories import PledgeFactory

pytestmark = pytest.mark.django_db(transaction=True)

NARROWEST = 320


def assert_no_sideways_scroll(page):
    page.set_viewport_size({"width": NARROWEST, "height": 800})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROWEST, f"{page.url} is {width}px wide at {NARROWEST}px"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_following_a_pledge_and_choosing_weekly_emails(page, assert_accessible):
    user = UserFactory(email="follower@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    pledge = PledgeFactory(status=Pledge.Status.PUBLISHED, title="Coding clubs in Ghent")

    page.goto(pledge.get_absolute_url())
    page.get_by_role("link", name="Sign in to follow this pledge").click()
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{pledge.get_absolute_url()}")

    page.get_by_role("button", name="Follow this pledge").click()
    expect(page.get_by_text("You now follow Coding clubs in Ghent.")).to_be_visible()
    expect(page.get_by_role("button", name="Stop following this pledge")).to_be_visible()
    assert Follow.objects.filter(user=user, pledge=pledge).exists()
    assert_accessible(page)
    assert_no_sideways_scroll(page)

    page.get_by_role("link", name="Notifications", exact=True).click()
    expect(page.get_by_role("heading", name="Notifications", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Coding clubs in Ghent")).to_be_visible()
    assert_accessible(page)
    assert_no_sideways_scroll(page)
    page.get_by_label("Once a week").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("E-mails about what you follow: Once a week.")).to_be_visible()
    assert NotificationSettings.objects.get(user=user).frequency == "weekly"
    assert_accessible(page)

    page.get_by_role("button", name=re.compile(r"^Stop following\W+Coding clubs in Ghent$")).click()
    expect(page.get_by_text("You do not follow anything yet.")).to_be_visible()
    assert_accessible(page)


def test_the_list_and_unsubscribe_pages_are_accessible(page, assert_accessible):
    from follows import services
    from tests.follows.factories import NotificationSettingsFactory

    PledgeFactory(status=Pledge.Status.PUBLISHED, countries=["BE"])
    page.goto("/en/pledges/?country=BE")
    expect(page.get_by_role("link", name="Sign in to follow this search")).to_be_visible()
    assert_accessible(page)

    row = NotificationSettingsFactory()
    page.goto(f"/en/notifications/unsubscribe/{services.make_unsubscribe_token(row)}/")
    assert_accessible(page)
    assert_no_sideways_scroll(page)
    page.get_by_role("button", name="Stop the e-mails").click()
    expect(page.get_by_role("heading", name="E-mails stopped")).to_be_visible()
    assert_accessible(page)
