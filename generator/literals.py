"""Python literals written the way black writes them, so generated code needs no reformatting
where it holds spec values (names, enums, patterns, examples)."""

from __future__ import annotations

from enum import Enum
from typing import Any

__all__ = ["python_literal"]


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
