from html.parser import HTMLParser

import pytest

from blog.markdown import ALLOWED_TAGS, render_markdown, sanitise_html


def parse(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """Every element of the output with its attributes, as a browser would see them."""
    elements = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            elements.append((tag, attrs))

    Collector().feed(html)
    return elements


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert('x')</script>",
        '<img src="x" onerror="alert(1)">',
        '<iframe src="https://evil.example"></iframe>',
        '<a href="javascript:alert(1)">click</a>',
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "![pic](javascript:alert(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        '<div style="background:url(javascript:alert(1))" onclick="x()">hi</div>',
        "<svg onload=alert(1)>",
        "<object data='x'></object><embed src='x'>",
        "<form action='https://evil.example'><input></form>",
    ],
)
def test_script_injection_never_survives(payload):
    html = render_markdown(f"Before\n\n{payload}\n\nAfter")
    elements = parse(html)
    assert {tag for tag, _attrs in elements} <= ALLOWED_TAGS
    for _tag, attrs in elements:
        for name, value in attrs:
            assert not name.startswith("on") and name != "style"
            assert not (value or "").strip().lower().startswith(("javascript:", "data:"))
    assert "<p>Before</p>" in html and "<p>After</p>" in html


def test_the_sanitiser_also_strips_what_markdown_could_let_through():
    # Defence in depth: even raw HTML reaching the sanitiser loses scripts and handlers.
    dirty = (
        '<p onclick="x()">a<script>b</script><img src=x onerror=y>'
        '<a href="javascript:z">c</a><iframe src="/"></iframe></p>'
    )
    assert parse(sanitise_html(dirty)) == [("p", []), ("img", [("src", "x")]), ("a", [])]


def test_html_is_shown_as_typed_text():
    assert render_markdown("a <b>bold</b> move") == "<p>a &lt;b&gt;bold&lt;/b&gt; move</p>"


def test_markdown_formatting_is_kept():
    html = render_markdown(
        "# Title\n\nSome **bold** and *italic*.\n\n- one\n- two\n\n> quote\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    # The page title is the only h1: headings in the body start at h2, without ids.
    assert "<h2>Title</h2>" in html
    assert "<strong>bold</strong>" in html and "<em>italic</em>" in html
    assert "<li>one</li>" in html
    assert "<blockquote>" in html
    assert "<th>a</th>" in html and "<td>2</td>" in html


def test_external_links_get_noopener_nofollow_internal_links_do_not():
    html = render_markdown(
        "[out](https://example.com/page) [in](/blog/) [mail](mailto:a@example.eu) <https://x.eu>"
    )
    assert '<a href="https://example.com/page" rel="noopener nofollow">out</a>' in html
    assert '<a href="/blog/">in</a>' in html
    assert '<a href="mailto:a@example.eu">mail</a>' in html
    assert '<a href="https://x.eu" rel="noopener nofollow">https://x.eu</a>' in html
