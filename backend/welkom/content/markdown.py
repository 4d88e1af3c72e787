"""Markdown to safe HTML: markdown-it-py renders, nh3 (Ammonia) keeps only harmless markup.

Scripts, event handlers, ``javascript:`` links and inline styles never survive. External links get
``rel="noopener noreferrer"`` and open in a new tab; images are allowed only from ``image_prefix``
(the content media URL, for a module its own folder), so content cannot make readers' browsers call
other servers, nor other addresses of this one: the path is resolved first the way a browser will
(``..`` and ``.`` segments, also percent-encoded), and what is kept is the resolved path.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import unquote

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


def confined_path(value: str, prefix: str) -> str | None:
    """The path a browser requests for ``value`` when that lies below ``prefix``, else None.

    Only plain absolute paths of this site are kept: no scheme or host, no query or fragment, no
    backslash, empty segment, control character or encoded separator (``%2f``, ``%5c``). Dot
    segments are resolved as browsers do (WHATWG URL): ``.`` / ``%2e`` is dropped, ``..`` /
    ``.%2e`` / ``%2e%2e`` removes the segment before it."""
    if not value.startswith("/") or any(char in value for char in "?#\\") or not value.isprintable():
        return None
    if any(char.isspace() for char in value):
        return None
    resolved: list[str] = []
    segments = value[1:].split("/")
    for index, segment in enumerate(segments):
        decoded = unquote(segment)
        if "/" in decoded or "\\" in decoded:
            return None
        if decoded == ".":
            continue
        if decoded == "..":
            if resolved:
                resolved.pop()
            continue
        if segment == "" and index != len(segments) - 1:
            return None
        resolved.append(segment)
    path = "/" + "/".join(resolved)
    return path if path.startswith(prefix) and len(path) > len(prefix) else None


@lru_cache(maxsize=4096)
def render_markdown(text: str, *, image_prefix: str = "/content-media/") -> str:
    """Safe HTML for ``text``. Remembered per process: it depends on its arguments only, and a
    content sync renders the same texts again (every test that loads the content, too)."""
    html = _md.render(text)

    def keep(element: str, attribute: str, value: str) -> str | None:
        if element == "img" and attribute == "src":
            return confined_path(value, image_prefix)
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
