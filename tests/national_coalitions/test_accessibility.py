"""Every public page of the area, in a real browser: zero axe violations, and the map works."""

from io import StringIO

import pytest
from playwright.sync_api import expect

from national_coalitions import demo

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_content():
    demo.load(stdout=StringIO())


@pytest.mark.parametrize(
    "path",
    [
        "/en/national-coalitions/",
        "/en/national-coalitions/?stakeholder_type=ngo&area=certifying-skills",
        "/en/national-coalitions/be/",
        "/en/national-coalitions/de/",
        "/en/national-coalitions/initiatives/",
        "/en/national-coalitions/initiatives/?country=PT",
        "/en/national-coalitions/toolkit/",
        "/en/national-coalitions/contact/",
        "/en/national-coalitions/contact/?coalition=be",
        "/en/national-coalitions/contact/sent/",
    ],
)
def test_pages_have_no_axe_violations(page, assert_accessible, demo_content, path):
    response = page.goto(path)
    assert response.status == 200
    assert page.get_by_role("heading", level=1).count() == 1
    assert_accessible(page)


def test_contact_form_error_state_has_no_axe_violations(page, assert_accessible, demo_content):
    page.goto("/en/national-coalitions/contact/?coalition=be")
    page.get_by_label("Your name").fill("Ana Example")
    page.get_by_label("Your e-mail address").fill("not-an-email")
    page.get_by_role("button", name="Send your message").click()
    page.wait_for_load_state()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    # portal.js moves focus to the summary so that screen readers announce it.
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert page.get_by_label("Your name").input_value() == "Ana Example"
    assert_accessible(page)


def test_contact_form_sends_and_confirms(page, demo_content):
    from django.core import mail

    page.goto("/en/national-coalitions/be/")
    page.get_by_role("link", name="Cooperate with this coalition").click()
    assert page.get_by_label("Your message is about").input_value() == "coalition:be"
    page.get_by_label("Your name").fill("Ana Example")
    page.get_by_label("Your e-mail address").fill("ana@example.org")
    page.get_by_role("textbox", name="Message").fill("We would like to help.")
    page.locator("main").get_by_label("I agree").check()
    page.get_by_role("button", name="Send your message").click()
    page.wait_for_url("**/national-coalitions/contact/sent/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Thank you")
    assert mail.outbox[-1].cc == ["coalition-be@example.org"]


@pytest.mark.parametrize(
    ("code", "name"),
    [("ES", "Spain"), ("BE", "Belgium"), ("MT", "Malta"), ("DE", "Germany")],
)
def test_clicking_a_member_state_on_the_map_opens_its_coalition(page, demo_content, code, name):
    page.goto("/en/national-coalitions/")
    link = page.get_by_role("link", name=f"{name}: National Coalition", exact=False)
    assert link.count() == 1
    # Click the drawn shape (the circle for Malta), as a mouse user would.
    shape = page.locator(f'a[data-country="{code}"] {"circle" if code == "MT" else "path"}')
    shape.click()
    page.wait_for_url(f"**/national-coalitions/{code.lower()}/")
    assert name in page.locator(".breadcrumb").inner_text()


def test_map_links_are_reachable_with_the_keyboard(page, demo_content):
    page.goto("/en/national-coalitions/")
    link = page.locator('a[data-country="PT"]')
    link.focus()
    assert link.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    page.wait_for_url("**/national-coalitions/pt/")


def test_filters_work_without_javascript(browser, live_server, demo_content):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/en/national-coalitions/")
    page.get_by_label("Members include").select_option("ngo")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**stakeholder_type=ngo**")
    assert "match the filters" in page.locator("[role=status]").inner_text()
    context.close()
