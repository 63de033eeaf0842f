"""Spec prose (descriptions, summaries) in a package's Markdown.

A description is Markdown (OpenAPI says CommonMark), which may hold HTML, and specs write a
good deal of it (Trello's links, ``<br>``, ``<b>``). Markdown shows inline HTML as HTML, so
the common tags stay and render as the spec's author meant; ammonia's sanitizer (``nh3``, as
PyPI's README renderer uses) cleans them of anything unsafe (event handlers, a
``javascript:`` link), and every other tag (``<script>``, ``<T>`` in ``List<T>``) is shown
as text.
"""

from __future__ import annotations

import re

import nh3

__all__ = ["markdown_prose"]

_TAGS = frozenset(
    {"a", "b", "strong", "i", "em", "code", "br", "p", "ul", "ol", "li", "pre", "sub", "sup"}
)
_ATTRIBUTES = {"a": {"href", "title"}}
_URL_SCHEMES = frozenset({"http", "https", "mailto"})
# A "<" that opens none of the kept tags is text (the sanitizer would drop such a tag whole).
_OTHER_TAG = re.compile(r"<(?!/?(?:%s)(?=[\s/>]))" % "|".join(sorted(_TAGS)), re.IGNORECASE)


def markdown_prose(text: str) -> str:
    """``text`` (spec prose) as Markdown: Unix line breaks, no code fence it could open, the
    kept HTML tags cleaned, any other ``<`` as ``&lt;``."""
    text = re.sub(r"\r\n?", "\n", str(text)).replace("```", "ʼʼʼ")
    return nh3.clean(
        _OTHER_TAG.sub("&lt;", text),
        tags=set(_TAGS),
        attributes={tag: set(names) for tag, names in _ATTRIBUTES.items()},
        url_schemes=set(_URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )
