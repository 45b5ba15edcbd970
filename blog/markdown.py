"""Markdown to safe HTML for blog posts.

Posts are written in Markdown only: raw HTML typed in the body is escaped, not interpreted.
The HTML Markdown produces is then sanitised by nh3 against an allowlist (defence in depth:
`[x](javascript:...)` links, for example, lose their `href`). External links get
`rel="noopener nofollow"`.
"""

from urllib.parse import urlsplit

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "dl",
    "dt",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "rel"},
    "abbr": {"title"},
    "img": {"src", "alt", "title"},
    "th": {"scope"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
EXTERNAL_LINK_REL = "noopener nofollow"


class _ExternalLinks(Treeprocessor):
    def run(self, root):
        for link in root.iter("a"):
            if urlsplit(link.get("href", "")).netloc:
                link.set("rel", EXTERNAL_LINK_REL)


class _MarkdownOnly(Extension):
    def extendMarkdown(self, md):
        # Raw HTML blocks and inline tags become escaped text.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_ExternalLinks(md), "external_links", 0)


def render_markdown(text: str) -> str:
    html = markdown.markdown(
        text,
        extensions=[
            _MarkdownOnly(),
            "tables",
            "fenced_code",
            "sane_lists",
            # The page title is the only <h1>: "# Heading" in a body becomes <h2>.
            "toc",
        ],
        extension_configs={"toc": {"baselevel": 2}},
        output_format="html",
    )
    return sanitise_html(html)


def sanitise_html(html: str) -> str:
    """Keep only the allowlisted tags, attributes and URL schemes."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
