"""JSON pointers (RFC 6901) and local ``$ref`` fragments: the one place that spells them."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

__all__ = ["escape_pointer", "ref_pointer", "resolve_pointer", "unescape_pointer"]


def escape_pointer(token: str) -> str:
    """Escape one JSON pointer reference token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


def unescape_pointer(token: str) -> str:
    """Undo :func:`escape_pointer` for one reference token."""
    return token.replace("~1", "/").replace("~0", "~")


def ref_pointer(ref: str) -> str:
    """The JSON pointer of a local ``$ref``: the URI fragment, percent-decoded (RFC 3986)."""
    fragment = ref[1:] if ref.startswith("#") else ref
    return unquote(fragment) if "%" in fragment else fragment


def resolve_pointer(document: Any, pointer: str, *, follow_refs: bool = False) -> Any:
    """The value at JSON pointer ``pointer`` (``/components/schemas/X``); ``KeyError`` if absent.

    With ``follow_refs``, a ``$ref`` met on the way is followed when the next token is not
    beside it (``/paths/~1a/post/requestBody/content`` through ``requestBody: {$ref: ...}``).
    """
    return _walk(document, document, pointer, follow_refs, 0)


def _walk(document: Any, node: Any, pointer: str, follow_refs: bool, depth: int) -> Any:
    if not pointer:
        return node
    for raw in (pointer[1:] if pointer.startswith("/") else pointer).split("/"):
        token = unescape_pointer(raw)
        if (
            follow_refs
            and isinstance(node, dict)
            and token not in node
            and isinstance(node.get("$ref"), str)
            and depth < 32
        ):
            node = _walk(document, document, ref_pointer(node["$ref"]), True, depth + 1)
        if isinstance(node, list):
            node = node[int(token)]
        elif isinstance(node, dict):
            node = node[token]
        else:
            raise KeyError(pointer)
    return node
