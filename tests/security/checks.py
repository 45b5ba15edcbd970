"""Assertions shared by the injection tests: HTML, XML feeds, CSV and e-mails.

"Safe" means two things on every page:
- nothing on it can run script: no inline <script> (the CSP forbids them anyway), no `on*`
  event attribute, no `javascript:`/`data:` URL, no <iframe>/<object>/<embed>/<base>;
- the payload typed by the attacker is there, as text (or as an attribute's value): it was
  escaped, neither dropped nor interpreted.
"""

import csv
import io
import re
from html.parser import HTMLParser
from xml.etree import ElementTree

from .payloads import FORMULA_STARTS

URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "poster",
    "data",
    "background",
    "xlink:href",
    "ping",
    "cite",
}
FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base"}
# Inline <script> elements that only carry data (json_script) are allowed: they cannot run.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:text/html", "data:image/svg")
_C0_OR_SPACE = "".join(chr(code) for code in range(0x21))
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")


def browser_url(value: str) -> str:
    """The URL as a browser reads it (WHATWG URL parsing): C0 controls and spaces around it
    are dropped, tabs and newlines anywhere are removed; the scheme is case-insensitive."""
    return _TAB_OR_NEWLINE.sub("", value.strip(_C0_OR_SPACE)).lower()


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.texts: list[str] = []
        self.attribute_values: list[str] = []
        self.problems: list[str] = []
        self._script: dict | None = None

    def handle_starttag(self, tag, attrs):
        self._check_tag(tag, attrs)
        if tag == "script":
            self._script = {"attrs": dict(attrs), "content": ""}

    def handle_startendtag(self, tag, attrs):
        self._check_tag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self._check_script(**self._script)
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script["content"] += data
        else:
            self.texts.append(data)

    def _check_tag(self, tag, attrs):
        self.tags.add(tag)
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            value = value or ""
            self.attribute_values.append(value)
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>: event handler attribute")
            if name == "srcdoc":
                self.problems.append(f"<{tag} srcdoc>")
            if name in URL_ATTRIBUTES and browser_url(value).startswith(DANGEROUS_SCHEMES):
                self.problems.append(f"<{tag} {name}={value!r}>: script URL")
            if name == "style" and re.search(r"javascript:|expression\(", value, re.I):
                self.problems.append(f"<{tag} style={value!r}>")
            if (
                tag == "meta"
                and name == "http-equiv"
                and value.lower() == "refresh"
                and "url" in str(dict(attrs).get("content", "")).lower()
            ):
                self.problems.append("<meta http-equiv=refresh> redirect")

    def _check_script(self, attrs, content):
        script_type = (attrs.get("type") or "").lower()
        if script_type in DATA_SCRIPT_TYPES:
            if "<" in content:
                self.problems.append(f"data <script> with raw markup: {content[:120]!r}")
            return
        if content.strip():
            self.problems.append(f"inline <script>: {content[:120]!r}")
        src = attrs.get("src") or ""
        if not src.startswith("/") or src.startswith("//"):
            self.problems.append(f"<script src={src!r}> from another site")


def parse_html(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def _shown(page: _Page, payload: str) -> bool:
    return any(payload in text for text in page.texts) or any(
        payload in value for value in page.attribute_values
    )


def assert_html_safe(html: str | bytes, *, shows=(), where: str = "") -> None:
    """No markup on the page can run script; each of `shows` appears as text or value."""
    if isinstance(html, bytes):
        html = html.decode()
    page = parse_html(html)
    assert not page.problems, f"{where}: script could run: {page.problems}"
    for payload in shows:
        assert _shown(page, payload), f"{where}: {payload!r} is not shown as text"


def assert_page_safe(client, url: str, *, shows=(), status: int = 200) -> str:
    """GET `url`, expect `status`, and check the HTML as in `assert_html_safe`."""
    response = client.get(url)
    assert response.status_code == status, f"{url}: HTTP {response.status_code}"
    content = response.content.decode()
    assert_html_safe(content, shows=shows, where=url)
    return content


def assert_feed_safe(xml: str | bytes, *, shows=(), where: str = "") -> ElementTree.Element:
    """The feed (or sitemap, or SVG) is well-formed XML. Its HTML-typed parts (Atom
    `type="html"`, RSS <description>) are HTML to feed readers: they must be safe HTML in
    which a payload is escaped text. Each of `shows` appears, as text either way."""
    root = ElementTree.fromstring(xml)  # noqa: S314 (our own output, in a test)
    texts, html_pages = [], []
    for element in root.iter():
        texts.extend(element.attrib.values())
        tag = element.tag.rsplit("}", 1)[-1]
        if element.get("type") == "html" or tag == "description":
            part = element.text or ""
            assert_html_safe(part, where=f"{where} (HTML content of <{tag}>)")
            for payload in shows:
                if "<" in payload:
                    assert payload not in part, f"{where}: {payload!r} is raw HTML in <{tag}>"
            html_pages.append(parse_html(part))
        else:
            texts.append(element.text or "")
    for payload in shows:
        assert any(payload in text for text in texts) or any(
            _shown(page, payload) for page in html_pages
        ), f"{where}: {payload!r} missing"
    return root


def csv_cells(content: str | bytes) -> list[list[str]]:
    if isinstance(content, bytes):
        content = content.decode()
    return list(csv.reader(io.StringIO(content.removeprefix("\ufeff"))))


def assert_csv_safe(content: str | bytes, *, shows=(), where: str = "") -> list[list[str]]:
    """No cell starts like a formula; each of `shows` is in some cell, defused if need be."""
    rows = csv_cells(content)
    formulas = [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS)]
    assert not formulas, f"{where}: cells a spreadsheet would run: {formulas}"
    cells = [cell for row in rows for cell in row]
    for payload in shows:
        expected = f"'{payload}" if payload.startswith(FORMULA_STARTS) else payload
        assert any(expected in cell for cell in cells), f"{where}: {expected!r} not in a cell"
    return rows


def html_alternative(message) -> str | None:
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html":
            return content
    return None


def assert_email_safe(message, *, shows=(), where: str = "") -> None:
    """Plain text shows the payload as typed (not HTML-escaped); the HTML part escapes it;
    no header carries a line break."""
    where = f"{where} e-mail {message.subject!r}"
    assert "\n" not in message.subject and "\r" not in message.subject, where
    for payload in shows:
        assert payload in message.body, f"{where}: {payload!r} not in the plain text"
    html = html_alternative(message)
    if html is not None:
        assert_html_safe(html, shows=shows, where=f"{where} (HTML part)")
