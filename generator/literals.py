"""Python literals written the way black writes them, so generated code needs no reformatting
where it holds spec values (names, enums, patterns, examples)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

__all__ = [
    "LINE_LENGTH",
    "Code",
    "Deferred",
    "fits",
    "python_call",
    "python_lines",
    "python_literal",
]

# black's line length for generated code (``generator.output.formatting`` formats with it).
LINE_LENGTH = 100


class Code(str):
    """Python source that :func:`python_literal` writes as it is (``self``, a name)."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Deferred:
    """A value written as ``lambda: <value>``: computed when called, not when the module runs
    (a table of model classes that would otherwise load every class at import)."""

    value: Any


def _requote(literal: str) -> str:
    """A ``repr`` string or bytes literal quoted the way black writes it: double quotes, unless
    they need more backslashes than single quotes do (black's ``normalize_string_quotes``)."""
    prefix = "b" if literal.startswith("b") else ""
    quote, body = literal[len(prefix)], literal[len(prefix) + 1 : -1]
    if quote == '"':  # repr picked double quotes: the text has ' and no "
        return literal
    swapped = body.replace("\\'", "'").replace('"', '\\"')
    if swapped.count("\\") > body.count("\\"):
        return literal
    return f'{prefix}"{swapped}"'


def python_literal(value: Any) -> str:
    """A Python literal for ``value`` as black writes it: strings and bytes in double quotes
    unless that costs escapes, floats as ``1e100``; IR enum members as their plain values.
    Handles ``None``, bools, numbers, strings, bytes, lists, tuples and dicts."""
    if isinstance(value, Code):
        return str(value)
    if isinstance(value, Deferred):
        return "lambda: " + python_literal(value.value)
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, str | bytes):
        return _requote(repr(value))
    if isinstance(value, list):
        return "[" + ", ".join(map(python_literal, value)) + "]"
    if isinstance(value, tuple):
        items = ", ".join(map(python_literal, value))
        return f"({items},)" if len(value) == 1 else f"({items})"
    if isinstance(value, dict):
        return (
            "{"
            + ", ".join(f"{python_literal(k)}: {python_literal(v)}" for k, v in value.items())
            + "}"
        )
    if isinstance(value, float):
        return repr(value).replace("e+", "e")  # black writes 1e100, not 1e+100
    return repr(value)


def fits(line: str) -> bool:
    """Whether black counts ``line`` within the line length."""
    # A wide character counts twice for black; UTF-8 length bounds the width from above.
    return len(line) <= LINE_LENGTH and (line.isascii() or len(line.encode()) <= LINE_LENGTH)


def _laid_out(prefix: str, value: Any, suffix: str, indent: int) -> list[str]:
    """Lines of ``prefix + literal + suffix`` at ``indent``: one line when it fits, else the
    container exploded one item per line with a magic trailing comma (which black keeps)."""
    if isinstance(value, Deferred):
        return _laid_out(prefix + "lambda: ", value.value, suffix, indent)
    pad = " " * indent
    line = f"{pad}{prefix}{python_literal(value)}{suffix}"
    # A one-tuple's comma is not magic for black: it would join the lines back, so it stays
    # whole (too long, it is left for black, which formats any over-long line).
    if fits(line) or not isinstance(value, list | tuple | dict) or len(value) < 2:
        return [line]
    brackets = {list: "[]", tuple: "()", dict: "{}"}[type(value)]
    opening, closing = brackets[0], brackets[1]
    lines = [f"{pad}{prefix}{opening}"]
    if isinstance(value, dict):
        for key, item in value.items():
            lines += _laid_out(f"{python_literal(key)}: ", item, ",", indent + 4)
    else:
        for item in value:
            lines += _laid_out("", item, ",", indent + 4)
    return [*lines, f"{pad}{closing}{suffix}"]


def python_call(function: str, arguments: Sequence[tuple[str | None, Any]], *, indent: int) -> str:
    """The statement ``function(arguments)`` at ``indent`` columns, laid out so black leaves it
    as it is: on one line when it fits, otherwise one argument per line with a magic trailing
    comma, each argument's value exploded the same way when it does not fit either.

    ``arguments`` are ``(keyword or None, value)``; values go through :func:`python_literal`
    (wrap source text in :class:`Code`). No trailing newline.
    """
    pad = " " * indent
    parts = [(f"{key}=" if key else "", value) for key, value in arguments]
    line = f"{pad}{function}(" + ", ".join(k + python_literal(v) for k, v in parts) + ")"
    if fits(line) or not parts:
        return line
    lines = [f"{pad}{function}("]
    for prefix, value in parts:
        lines += _laid_out(prefix, value, ",", indent + 4)
    return "\n".join([*lines, f"{pad})"])


def python_lines(source: str) -> list[str]:
    """``source`` split into lines (ends kept) the way Python, ``ast`` line numbers and black
    count them.

    ``str.splitlines`` also breaks at form feeds, ``\\x1c``-``\\x1e``, ``\\x85`` and U+2028/2029,
    which a spec description can carry into a docstring or a string.
    """
    return re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z", source)
