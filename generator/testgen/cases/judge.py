"""JSON Schema truth for one value against the conjunction of schemas that apply to it:
whether it is accepted, which constraint rejects it, and values just outside a constraint.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from ...schema.samples import has_linear_engine, matches, python_re_is_bounded
from ...schema.view import (
    Conjunct,
    SchemaView,
    all_understood,
    child,
    declared_type,
    nullable_union,
)
from .vocabulary import FILL_CHARACTERS, INERT_FORMATS

__all__ = [
    "Conjunct",
    "Context",
    "WRONG_TYPE_CANDIDATES",
    "accepts",
    "all_understood",
    "as_json_number",
    "decimal_of",
    "is_number",
    "json_equal",
    "json_type",
    "label_of",
    "not_in_enum",
    "nullable_union",
    "other_than",
    "pattern_search",
    "rejecting_conjunct",
    "required_names",
    "stretched",
    "type_allows",
]


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, Mapping):
        return "object"
    return type(value).__name__


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def type_allows(declared: Any, value: Any) -> bool:
    names = [declared] if isinstance(declared, str) else list(declared)
    actual = json_type(value)
    for name in names:
        if name == actual:
            return True
        if name == "number" and actual in ("integer", "number"):
            return True
        if name == "integer" and isinstance(value, float) and value.is_integer():
            return True
    return False


def json_equal(left: Any, right: Any) -> bool:
    """JSON equality: ``1 == 1.0`` but ``True != 1``."""
    if is_number(left) and is_number(right):
        return bool(left == right)
    if type(left) is not type(right) and not (
        isinstance(left, Mapping) and isinstance(right, Mapping)
    ):
        return False
    if isinstance(left, list):
        return len(left) == len(right) and all(map(json_equal, left, right))
    if isinstance(left, Mapping):
        return set(left) == set(right) and all(json_equal(left[k], right[k]) for k in left)
    return bool(left == right)


def _in_enum(value: Any, members: Iterable[Any]) -> bool:
    return any(json_equal(value, member) for member in members)


def label_of(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def decimal_of(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def as_json_number(value: Decimal, integer: bool) -> int | float:
    if integer or (value == value.to_integral_value() and "." not in str(value)):
        return int(value)
    return float(value)


class Context:
    """What judging a value needs: the schemas (one reading, see :class:`SchemaView`) and the
    formats the models check."""

    def __init__(self, view: SchemaView, formats: Collection[str]) -> None:
        self.view = view
        self.formats = frozenset(formats)


def required_names(conjunct: Conjunct, conjuncts: Sequence[Conjunct]) -> list[str]:
    """The names ``conjunct`` requires that the models check: those one of ``conjuncts`` (the
    schemas that apply at the same place) declares as a property. The models get a field only
    for a declared property, so a required name nothing declares (Figma's ``putWebhook``
    body requires an undeclared ``team_id``) is not checked, and no case may claim it is."""
    names = conjunct.schema.get("required")
    if not isinstance(names, list):
        return []
    declared: set[str] = set()
    for other in conjuncts:
        properties = other.schema.get("properties")
        if isinstance(properties, Mapping):
            declared.update(str(name) for name in properties)
    return [name for name in names if isinstance(name, str) and name in declared]


def pattern_search(pattern: str, value: str) -> bool | None:
    """JSON Schema ``pattern`` truth in linear time (see ``samples.matches``); ``None`` when
    it cannot be told: the pattern does not compile, or Python's ``re`` disagrees with the
    models' engine (``$`` before a final newline), so a case would pass or fail depending on
    who checks it. Python's ``re`` is asked only about short values and patterns whose shape
    bounds its backtracking (``python_re_is_bounded``); otherwise a newline in the value, the
    known disagreement, or a pattern only Python compiles leaves the truth untold."""
    try:
        compiled = re.compile(pattern)
    except (re.error, TypeError, RecursionError, OverflowError):
        return None
    linear = matches(pattern, value)
    if len(value) <= 16 and python_re_is_bounded(pattern):
        return None if (compiled.search(value) is not None) != linear else linear
    if "\n" in value or not has_linear_engine(pattern):
        return None
    return linear


def _multiple_ok(value: int | float, divisor: Any) -> bool:
    if not is_number(divisor) or divisor <= 0:
        return False
    exact_value, exact_divisor = decimal_of(value), decimal_of(divisor)
    if exact_value is None or exact_divisor is None or exact_value % exact_divisor != 0:
        return False
    # jsonschema's own (floating point) test must agree
    if isinstance(divisor, float):
        quotient = value / divisor
        try:
            return int(quotient) == quotient
        except OverflowError:
            return False
    return not (value % divisor)


def _within(value: int | float, keyword: str, limit: int | float) -> bool:
    if keyword == "minimum":
        return value >= limit
    if keyword == "maximum":
        return value <= limit
    if keyword == "exclusiveMinimum":
        return value > limit
    return value < limit


def _accepts_one(ctx: Context, value: Any, conjunct: Conjunct, nonnull: bool) -> bool:
    schema = conjunct.schema
    declared = declared_type(schema)
    if declared is not None and not type_allows(declared, value):
        return False
    if "enum" in schema and not (
        isinstance(schema["enum"], list) and _in_enum(value, schema["enum"])
    ):
        return False
    if "const" in schema and not json_equal(value, schema["const"]):
        return False
    union = nullable_union(schema)
    if union is not None and not nonnull:
        # the value is null: the null branch holds; for oneOf the other one must not
        if union.exclusive:
            where = child(conjunct.pointer, union.keyword, union.position)
            branch = ctx.view.expand(where, union.branch, False)
            if rejecting_conjunct(ctx, None, branch) is None:
                return False
    if isinstance(value, str):
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            return False
        if "minLength" in schema and len(value) < schema["minLength"]:
            return False
        if "pattern" in schema and pattern_search(schema["pattern"], value) is not True:
            return False
        if "format" in schema and schema["format"] not in INERT_FORMATS:
            return False  # cannot tell without the format checker: stay on the safe side
    if is_number(value):
        for keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            if keyword in schema:
                limit = schema[keyword]
                if not is_number(limit) or not _within(value, keyword, limit):
                    return False
        if "multipleOf" in schema and not _multiple_ok(value, schema["multipleOf"]):
            return False
    if isinstance(value, list):
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            return False
        if "minItems" in schema and len(value) < schema["minItems"]:
            return False
    return True


def accepts(ctx: Context, value: Any, conjuncts: Sequence[Conjunct]) -> bool:
    """True only when ``value`` surely satisfies every one of ``conjuncts``.

    For a non-null value the conjuncts must have been expanded into nullable unions' non-null
    branches (``nonnull=True``); for null, not.
    """
    if not all_understood(conjuncts):
        return False
    nonnull = value is not None
    return all(_accepts_one(ctx, value, conjunct, nonnull) for conjunct in conjuncts)


def rejecting_conjunct(ctx: Context, value: Any, conjuncts: Sequence[Conjunct]) -> Conjunct | None:
    """The first of ``conjuncts`` that surely rejects ``value`` by its type, enum or const.

    For a non-null value the conjuncts must include nullable unions' non-null branches.
    """
    for conjunct in conjuncts:
        schema = conjunct.schema
        if value is None and nullable_union(schema) is not None:
            continue  # the null branch holds: this schema's own type/enum/const are unusual
        declared = declared_type(schema)
        if declared is not None and not type_allows(declared, value):
            return conjunct
        if "enum" in schema and isinstance(schema["enum"], list):
            if not _in_enum(value, schema["enum"]):
                return conjunct
        if "const" in schema and not json_equal(value, schema["const"]):
            return conjunct
    return None


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


def not_in_enum(value: Any, members: list[Any]) -> Any:
    candidates: list[Any] = []
    if isinstance(value, str):
        candidates += [value + "_X", "__invalid__"]
    elif is_number(value):
        numbers = [member for member in members if is_number(member)]
        candidates.append((max(numbers) if numbers else value) + 1)
    candidates += ["__invalid__", "__invalid___X", -987654321]
    for candidate in candidates:
        if not _in_enum(candidate, members):
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
