"""Every crawled public page in a real browser: nothing scrolls sideways at 320 px (WCAG 2.1
1.4.10 Reflow), and axe finds no WCAG 2.1 A/AA violation at 1366 px.

Each test visits every page of the crawl (tests/crawl.py) in one browser session and reports
every failing page at once, with the elements that stick out.
"""

import pytest

from tests.conftest import AXE_OPTIONS
from tests.crawl import crawl_pages, demo  # noqa: F401 (demo is a fixture)

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 320, "height": 640}
DESKTOP = {"width": 1366, "height": 768}

# The page's width against the viewport's, and the elements that stick out on the right: the
# outermost ones only (their descendants stick out with them), not those inside a container
# that scrolls or clips them (a table in a scroll box does not widen the page).
MEASURE_OVERFLOW = """() => {
    const width = window.innerWidth;
    const clipped = (element) => {
        let node = element.parentElement;
        for (; node && node !== document.body; node = node.parentElement) {
            if (getComputedStyle(node).overflowX !== "visible") return true;
        }
        return false;
    };
    const sticksOut = (element) => element.getBoundingClientRect().right > width + 0.5;
    const describe = (element) => {
        let name = element.tagName.toLowerCase();
        if (element.id) name += "#" + element.id;
        for (const cls of element.classList) name += "." + cls;
        const text = (element.innerText || "").trim().replace(/\\s+/g, " ").slice(0, 60);
        const right = Math.round(element.getBoundingClientRect().right);
        return `${name} (right edge at ${right} px)` + (text ? ` “${text}”` : "");
    };
    const offenders = [...document.querySelectorAll("body, body *")]
        .filter((element) => sticksOut(element) && !clipped(element))
        .filter((element) => !sticksOut(element.parentElement))
        .sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right)
        .slice(0, 5)
        .map(describe);
    return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width, offenders};
}"""


def overflow_report(path: str, measure: dict) -> str:
    widest = "".join(f"\n    {offender}" for offender in measure["offenders"])
    return (
        f"{path}: {measure['scrollWidth']} px wide in a {measure['innerWidth']} px window;"
        f" widest elements:{widest or ' (none found outside scroll containers)'}"
    )


def visit(page, path: str, status: int) -> None:
    response = page.goto(f"/en{path}")
    assert response.status == status, path


@pytest.mark.usefixtures("demo")
def test_no_public_page_scrolls_sideways_at_320_px(page):
    page.set_viewport_size(PHONE)
    failures = []
    for crawl_page, path in crawl_pages():
        visit(page, path, crawl_page.status)
        measure = page.evaluate(MEASURE_OVERFLOW)
        if measure["scrollWidth"] > measure["innerWidth"]:
            failures.append(overflow_report(f"/en{path}", measure))
    assert not failures, f"{len(failures)} page(s) scroll sideways at 320 px:\n" + "\n".join(
        failures
    )


@pytest.mark.usefixtures("demo")
def test_no_public_page_has_axe_violations_at_1366_px(page, axe):
    page.set_viewport_size(DESKTOP)
    failures = []
    for crawl_page, path in crawl_pages():
        visit(page, path, crawl_page.status)
        results = axe.run(page, options=AXE_OPTIONS)
        if results.violations_count:
            failures.append(f"/en{path}:\n{results.generate_report()}")
    assert not failures, f"{len(failures)} page(s) with axe violations:\n" + "\n".join(failures)


def test_the_reflow_check_finds_what_sticks_out(page):
    """The harness can fail: a 600 px box widens the page and is named; a wide table inside a
    scroll container is not blamed."""
    page.set_viewport_size(PHONE)
    page.set_content(
        '<html lang="en"><head><title>t</title></head><body style="margin:0">'
        '<div style="overflow-x:auto"><table style="width:900px"><tr><td>x</td></tr></table>'
        '</div><main><p id="wide" style="width:600px">Too wide</p></main></body></html>'
    )
    measure = page.evaluate(MEASURE_OVERFLOW)
    assert measure["scrollWidth"] == 600
    assert measure["innerWidth"] == 320
    assert measure["offenders"] == ["p#wide (right edge at 600 px) “Too wide”"]
