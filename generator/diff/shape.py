"""How two :class:`~generator.schema.shape.Shape` records of one field or parameter relate:
whether the Python type was widened, narrowed or changed, and how a shape reads in a message.
"""

from __future__ import annotations

from ..schema.shape import BOUNDS, Shape

__all__ = [
    "BOUNDS",
    "Shape",
    "display",
    "relation",
]


def _within(token: str, others: frozenset[str]) -> bool:
    if not others:
        return True  # "anything" admits every type
    if token in others:
        return True
    if token == "integer" and ("number" in others or "number/decimal" in others):
        return True
    return False


def _types_within(inner: Shape, outer: Shape) -> bool:
    if not outer.types:
        return True
    if not inner.types:
        return False
    if not all(_within(t, outer.types) for t in inner.types):
        return False
    if inner.items is not None and outer.items is not None and "array" in inner.types:
        return _types_within(inner.items, outer.items)
    return True


def relation(old: Shape, new: Shape) -> str:
    """How the Python type moved from ``old`` to ``new``: ``same``, ``widened`` (admits every
    old value and more), ``narrowed`` (admits a subset) or ``changed`` (neither). Nullability
    and constraints are judged separately."""
    down = _types_within(new, old)
    up = _types_within(old, new)
    if down and up:
        return "same"
    if up:
        return "widened"
    if down:
        return "narrowed"
    return "changed"


_PYTHON = {
    "string": "str",
    "integer": "int",
    "number": "float",
    "number/decimal": "Decimal",
    "boolean": "bool",
    "object": "dict",
    "string/date": "date",
    "string/date-time": "datetime",
    "string/time": "time",
    "string/uuid": "UUID",
    "string/binary": "bytes",
    "string/duration": "timedelta",
    "string/uri": "AnyUrl",
    "string/ipv4": "IPv4Address",
    "string/ipv6": "IPv6Address",
}


def display(shape: Shape) -> str:
    """A readable Python-like type for messages (``str | None``, ``list[Customer]``)."""
    parts: list[str] = []
    for token in sorted(shape.types):
        if token.startswith("ref:"):
            parts.append(token[4:])
        elif token == "array":
            parts.append(f"list[{display(shape.items) if shape.items else 'Any'}]")
        else:
            parts.append(_PYTHON.get(token, token))
    text = " | ".join(parts) or "Any"
    if shape.nullable and parts:
        text += " | None"
    return text
