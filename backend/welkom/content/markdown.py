"""Markdown to safe HTML: markdown-it-py renders, nh3 (Ammonia) keeps only harmless markup.

Scripts, event handlers, ``javascript:`` links and inline styles never survive. External links get
``rel="noopener noreferrer"`` and open in a new tab; images are allowed only from ``image_prefix``
(the content media URL), so content cannot make readers' browsers call other servers.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": True}).enable("table")

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a", "img",
    "h1", "h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "target"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
}


def render_markdown(text: str, *, image_prefix: str = "/content-media/") -> str:
    html = _md.render(text)

    def keep(element: str, attribute: str, value: str) -> str | None:
        if element == "img" and attribute == "src" and not value.startswith(image_prefix):
            return None
        if element == "a" and attribute == "target":
            return "_blank"
        return value

    cleaned: str = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=keep,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
        set_tag_attribute_values={"a": {"target": "_blank"}},
    )
    return cleaned
