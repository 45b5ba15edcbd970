"""Helpers for the end-to-end journeys: a second person's browser, signing in through the
forms, links taken from the outbox, and keyboard focus checks."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.accounts.factories import DEFAULT_PASSWORD


@pytest.fixture
def other_page(browser, live_server):
    """A second person's browser (own cookies), failing the test on JS errors or CSP
    violations like the `page` fixture."""
    contexts, errors = [], []

    def open_page():
        context = browser.new_context(base_url=live_server.url, locale="en-GB")
        contexts.append(context)
        new = context.new_page()
        new.set_default_timeout(10_000)
        new.on("pageerror", lambda exc: errors.append(str(exc)))
        new.on(
            "console",
            lambda msg: (
                errors.append(msg.text)
                if msg.type == "error" and "Content Security Policy" in msg.text
                else None
            ),
        )
        return new

    yield open_page
    for context in contexts:
        context.close()
    assert not errors, f"JavaScript errors or CSP violations: {errors}"


# allauth's labels, with crispy's asterisk for required fields.
EMAIL = re.compile(r"^\s*Email\*?\s*$")
PASSWORD = re.compile(r"^\s*Password\*?\s*$")


def sign_in(page, email, password=DEFAULT_PASSWORD):
    """Through the pledgers' sign-in form, from the header link."""
    page.goto("/en/")
    page.get_by_role("link", name="Sign in", exact=True).click()
    page.get_by_label(EMAIL).fill(email)
    page.get_by_label(PASSWORD).fill(password)
    page.locator("main").get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/my/pledges/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My pledges")


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    # allauth asks for confirmation only on GET; the header's form posts straight away.
    expect(page.get_by_role("link", name="Sign in", exact=True)).to_be_visible()


def admin_sign_in(page, email, password=DEFAULT_PASSWORD):
    page.goto("/admin/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def link_from_outbox(pattern: str, *, to: str) -> str:
    """The first link matching `pattern` in the latest e-mail sent to `to`."""
    messages = [m for m in mail.outbox if to in m.to]
    assert messages, f"no e-mail to {to}; outbox: {[(m.to, m.subject) for m in mail.outbox]}"
    match = re.search(pattern, messages[-1].body)
    assert match, messages[-1].body
    return match.group(0)


# --- Keyboard ---------------------------------------------------------------------------

# What the focused element looks like once its focus transition (Bootstrap animates the
# shadow) has finished: its outline, its box shadow, and its size.
FOCUS_STYLE_JS = """async () => {
  const el = document.activeElement;
  await Promise.all(el.getAnimations().map(a => a.finished.catch(() => null)));
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    type: el.getAttribute('type') || '',
    id: el.id,
    // Focus inside the browser's own parts of a control (the date picker button of
    // <input type=date>): the element itself then does not match :focus.
    focusInside: el !== document.body && !el.matches(':focus'),
    text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 60),
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth),
    outlineColor: style.outlineColor,
    boxShadow: style.boxShadow,
    width: box.width,
    height: box.height,
    isBody: el === document.body,
  };
}"""

COLOR = r"rgba?\(([^)]*)\)"
SHADOW = re.compile(COLOR + r"\s+(-?[\d.]+)px\s+(-?[\d.]+)px\s+(-?[\d.]+)px\s+(-?[\d.]+)px")
MIN_WIDTH = 2  # px
BROWSER_PICKER_TYPES = {"date", "datetime-local", "month", "week", "time"}


def _alpha(channels: str) -> float:
    parts = [p.strip() for p in channels.replace("/", ",").split(",")]
    return float(parts[3]) if len(parts) == 4 else 1.0


def _opaque(color: str) -> bool:
    match = re.fullmatch(COLOR, color.strip())
    return bool(match) and _alpha(match.group(1)) == 1.0


def focus_style(page) -> dict:
    return page.evaluate(FOCUS_STYLE_JS)


def assert_focus_visible(page) -> dict:
    """The focused element shows a strong focus indicator: an opaque outline, or an opaque
    box-shadow ring, at least 2px wide. Bootstrap's default, a 25%-opaque light blue ring,
    does not count: it is barely visible on white and invisible on the blue header."""
    style = focus_style(page)
    assert not style["isBody"], "focus left the page (on <body>): the target was not reached"
    assert style["width"] > 0 and style["height"] > 0, f"focused element is not shown: {style}"
    if style["focusInside"] and style["type"] in BROWSER_PICKER_TYPES:
        # Chromium's "Show date picker" button, with the browser's own focus ring; page
        # scripts cannot read its style.
        return style
    has_outline = (
        style["outlineStyle"] != "none"
        and style["outlineWidth"] >= MIN_WIDTH
        and _opaque(style["outlineColor"])
    )
    has_ring = any(
        _alpha(color) == 1.0 and float(spread) >= MIN_WIDTH
        for color, _x, _y, _blur, spread in SHADOW.findall(style["boxShadow"])
    )
    assert has_outline or has_ring, f"no visible focus indicator on {style}"
    return style


def tab_to(page, locator, *, max_tabs=80):
    """Press Tab until `locator` has focus, checking that every stop on the way shows focus."""
    for _ in range(max_tabs):
        page.keyboard.press("Tab")
        assert_focus_visible(page)
        if locator.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"{locator} not reached in {max_tabs} presses of Tab")
