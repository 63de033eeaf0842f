"""Values just outside (or at) a constraint, and how a value is named in a case id. Whether
a value satisfies the schemas is :mod:`generator.schema.truth`'s to say.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

from ...schema.truth import is_number, json_equal
from .vocabulary import FILL_CHARACTERS

__all__ = [
    "WRONG_TYPE_CANDIDATES",
    "as_json_number",
    "label_of",
    "not_in_enum",
    "other_than",
    "stretched",
]


def label_of(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def as_json_number(value: Decimal, integer: bool) -> int | float:
    if integer or (value == value.to_integral_value() and "." not in str(value)):
        return int(value)
    return float(value)


def stretched(value: str, length: int) -> list[str]:
    """Strings of ``length`` made from ``value``'s own characters, most natural first."""
    if length < 0:
        return []
    if length == 0:
        return [""]
    if not value:
        return [char * length for char in FILL_CHARACTERS]
    if length <= len(value):
        ordered = [value[:length], value[len(value) - length :]]
        if length >= 2:
            ordered.append(value[: length - 1] + value[-1])
        return list(dict.fromkeys(ordered))
    extra = length - len(value)
    ordered = [(value * (length // len(value) + 1))[:length], value + value[-1] * extra]
    ordered.append(value[0] * extra + value)
    for index in range(1, min(len(value) - 1, 64)):
        ordered.append(value[:index] + value[index] * extra + value[index:])
    return list(dict.fromkeys(ordered))


def not_in_enum(value: Any, members: Sequence[Any]) -> Any:
    candidates: list[Any] = []
    if isinstance(value, str):
        candidates += [value + "_X", "__invalid__"]
    elif is_number(value):
        numbers = [member for member in members if is_number(member)]
        candidates.append((max(numbers) if numbers else value) + 1)
    candidates += ["__invalid__", "__invalid___X", -987654321]
    for candidate in candidates:
        if not any(json_equal(candidate, member) for member in members):
            return candidate
    return None


def other_than(const: Any) -> Any:
    if isinstance(const, bool):
        return not const
    if isinstance(const, str):
        return const + "_X" if const else "X"
    if is_number(const):
        return const + 1
    if const is None:
        return "__invalid__"
    if isinstance(const, list):
        return [*const, None]
    if isinstance(const, Mapping):
        return {**const, "__invalid__": True}
    return "__invalid__"


WRONG_TYPE_CANDIDATES: Final[tuple[Any, ...]] = ("x", 1, True, 1.5, [], {})
