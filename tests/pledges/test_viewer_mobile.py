"""The public pledge pages on a phone, in a real browser: nothing scrolls sideways at 320 and
390 px (WCAG 1.4.10 Reflow), the list shows its results before its filters, a target exceeded
reads right, and the pledge form's country error stays out of the grid of countries."""

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from pledges.models import Pledge, Target
from tests.accounts.factories import DEFAULT_PASSWORD
from tests.organisations.factories import MembershipFactory

from .factories import PledgeFactory

pytestmark = pytest.mark.django_db(transaction=True)
S = Pledge.Status

# What sticks out, to say why a page is too wide.
OVERFLOWING = """() => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5)
  .filter(el => !el.closest('.visually-hidden, thead'))
  .map(el => el.tagName + '.' + el.className)
  .slice(0, 10)"""


@pytest.fixture
def realistic():
    """Long names, long words, big numbers, a target exceeded and an "Other" target."""
    pledge = PledgeFactory(
        status=S.PUBLISHED,
        title="Internationalisation of vocational digital-competence certification programmes",
        target_groups=["women-and-girls", "education", "labour-force", "ict-professionals"],
        action_types=["training", "awareness", "certification"],
        countries=["BE", "FR", "DE", "NL", "LU", "AT"],
        targets=[("people-trained", 123_456_789), ("certifications", 150)],
    )
    Target.objects.filter(pledge=pledge, indicator="people-trained").update(achieved=98_765_432)
    Target.objects.filter(pledge=pledge, indicator="certifications").update(achieved=164)
    Target.objects.create(
        pledge=pledge,
        indicator="other",
        description="Small and medium-sized enterprises advised on cybersecurity hygiene",
        target_number=2_000_000_000,
        achieved=1_999_999_999,
    )
    PledgeFactory(
        status=S.COMPLETED,
        title="Cloud vouchers",
        is_eu_wide=True,
        countries=[],
        targets=[("people-reached", 7_500_000)],
    )
    return pledge


def public_pages(pledge):
    return [
        "/en/pledges/impact/",
        "/en/pledges/impact/?indicator=certifications",
        "/en/pledges/",
        "/en/pledges/?country=FR&target_group=education&sort=title",
        pledge.get_absolute_url(),
        pledge.organisation.get_absolute_url(),
    ]


@pytest.mark.parametrize("width", [320, 390])
def test_no_pledge_page_scrolls_sideways(page, realistic, width):
    page.set_viewport_size({"width": width, "height": 800})
    for url in public_pages(realistic):
        page.goto(url)
        fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert fits, f"{url} is wider than {width} px: {page.evaluate(OVERFLOWING)}"


def test_pledge_pages_have_no_axe_violations_on_a_phone(page, assert_accessible, realistic):
    page.set_viewport_size({"width": 390, "height": 844})
    for url in public_pages(realistic):
        page.goto(url)
        assert_accessible(page)


def test_impact_tables_reflow_into_readable_rows_on_a_phone(page, realistic):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/en/pledges/impact/")
    row = page.locator("#indicator-certifications")
    # Each figure sits under its column's name, inside the screen.
    expect(row.get_by_text("Delivered (%)")).to_be_visible()
    expect(row.get_by_text("109%")).to_be_visible()
    for cell in row.locator("td").all():
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320
    # The table keeps its semantics for screen readers: column headers, row headers.
    assert page.get_by_role("columnheader", name="Pledged").count() == 3
    assert page.get_by_role("rowheader", name="Certifications or assessments offered").count()


def test_list_shows_results_first_and_folds_the_filters_on_a_phone(page, realistic):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/en/pledges/?country=FR&target_group=education")
    assert page.locator(".pledge-card").first.bounding_box()["y"] < 700
    summary = page.get_by_text("Filter (2 active)")
    expect(summary).to_be_visible()
    expect(page.get_by_label("Country")).to_be_hidden()
    # The search stays at hand, above the results.
    expect(page.get_by_role("searchbox", name="Search")).to_be_visible()

    # The disclosure opens by keyboard (a <summary>: no JavaScript needed).
    page.get_by_role("button", name="Search").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('filter-summary')")
    page.keyboard.press("Enter")
    expect(page.get_by_label("Country")).to_be_visible()

    page.get_by_label("Country").select_option("DE")
    page.get_by_label("Completed").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", name="1 pledge found")).to_be_visible()
    assert "country=DE" in page.url and "state=completed" in page.url
    expect(page.get_by_text("Filter (3 active)")).to_be_visible()
    expect(page.get_by_role("link", name="Cloud vouchers")).to_be_visible()


def test_filters_stay_open_beside_the_results_on_a_large_screen(page, realistic):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/en/pledges/?country=FR")
    expect(page.locator(".filter-summary")).to_be_hidden()
    expect(page.get_by_label("Country")).to_be_visible()
    page.get_by_label("Completed").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", name="1 pledge found")).to_be_visible()
    # Sidebar and results side by side.
    filters = page.locator(".pledge-filters").bounding_box()
    results = page.locator("#results-title").bounding_box()
    assert results["x"] > filters["x"] + filters["width"]


def test_a_target_exceeded_says_its_real_percentage_and_its_bar_stops_at_full(page, realistic):
    page.goto(realistic.get_absolute_url())
    expect(page.get_by_text("164 of 150 (109%)")).to_be_visible()
    bar = page.get_by_role("progressbar", name="Certifications or assessments offered")
    assert bar.evaluate("el => [el.value, el.max, el.position]") == [150, 150, 1]
    # Almost there is not there yet.
    expect(page.get_by_text("1,999,999,999 of 2,000,000,000 (99%)")).to_be_visible()


def test_pledge_form_shows_the_country_error_once_above_an_intact_grid(page):
    membership = MembershipFactory()
    user = membership.user
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    draft = PledgeFactory(organisation=membership.organisation, countries=[])
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/en/accounts/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/my/pledges/")
    page.goto(f"/en/my/pledges/{draft.pk}/edit/")
    page.get_by_role("button", name="Submit for review").click()

    error = page.locator("#id_countries_error")
    expect(error).to_have_text("Choose the countries covered, or mark the pledge as EU-wide.")
    fieldset = page.locator("fieldset#id_countries")
    assert "id_countries_error" in fieldset.get_attribute("aria-describedby")
    boxes = [page.get_by_label(name, exact=True).bounding_box() for name in ("Austria", "Sweden")]
    assert error.bounding_box()["y"] + error.bounding_box()["height"] <= boxes[0]["y"]
    # A grid of full rows and columns: 27 checkboxes on a few columns, none displaced.
    positions = page.locator(".checkbox-grid .form-check-input").evaluate_all(
        "els => els.map(el => [Math.round(el.getBoundingClientRect().x),"
        " Math.round(el.getBoundingClientRect().y)])"
    )
    columns, rows = {x for x, _y in positions}, {y for _x, y in positions}
    assert len(positions) == 27
    assert 3 <= len(columns) <= 6
    assert len(rows) == -(-27 // len(columns))
    # The error summary's link leads to the group.
    page.get_by_role("link", name="Countries covered: Choose the countries covered").click()
    assert page.evaluate("document.activeElement.id") == "id_countries"
