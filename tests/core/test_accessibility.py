"""Every public page of the foundation has zero axe-core violations in a real browser."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("path", ["/en/", "/en/accessibility/", "/en/privacy/"])
def test_public_pages_have_no_axe_violations(page, assert_accessible, path):
    response = page.goto(path)
    assert response.status == 200
    assert page.locator("main#main-content").count() == 1
    assert_accessible(page)


def test_404_page_has_no_axe_violations(page, assert_accessible):
    response = page.goto("/en/this-page-does-not-exist/")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    assert_accessible(page)


def test_skip_link_moves_focus_to_main_content(page):
    page.goto("/en/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_axe_harness_reports_violations(page, axe):
    """The harness can fail: an image without alt text and an unlabeled input are caught."""
    from tests.conftest import AXE_OPTIONS

    page.set_content(
        '<html lang="en"><head><title>t</title></head><body><main>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text">'
        "</main></body></html>"
    )
    results = axe.run(page, options=AXE_OPTIONS)
    ids = {violation["id"] for violation in results.response["violations"]}
    assert {"image-alt", "label"} <= ids


def test_400_page_has_no_axe_violations(page, assert_accessible):
    # A NUL in the query string is refused before any view (core.middleware.RequestGuard).
    response = page.goto("/en/search/?q=ab%00cd")
    assert response.status == 400
    assert page.get_by_role("heading", level=1).inner_text() == "Bad request"
    assert_accessible(page)


def test_413_page_has_no_axe_violations(page, assert_accessible):
    # A form whose fields exceed DATA_UPLOAD_MAX_MEMORY_SIZE gets the portal's 413 page.
    page.goto("/en/newsletter/")
    with page.expect_navigation() as navigation:
        page.evaluate(
            """() => {
                const form = document.querySelector("main form");
                form.noValidate = true;
                const big = document.createElement("input");
                big.type = "hidden";
                big.name = "padding";
                big.value = "x".repeat(3 * 1024 * 1024);
                form.append(big);
                form.requestSubmit();
            }"""
        )
    assert navigation.value.status == 413
    assert page.get_by_role("heading", level=1).inner_text() == "File too large"
    assert_accessible(page)
