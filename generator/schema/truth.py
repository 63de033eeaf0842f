"""JSON Schema truth for one value against the conjunction of schemas that apply to it:
whether it is surely accepted, and which schema surely rejects it.

The schemas are read through their :class:`~.constraints.Constraints` (and the view, for a
nullable union's branch): the test planner asks here rather than reading keywords itself.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from .constraints import Constraints, is_number, json_type, type_allows
from .samples import has_linear_engine, matches, python_re_is_bounded
from .view import Conjunct, SchemaNode, SchemaReader, all_understood, child, nullable_union

__all__ = [
    "INERT_FORMATS",
    "Context",
    "accepts",
    "decimal_of",
    "is_number",
    "json_equal",
    "json_type",
    "pattern_search",
    "rejecting_conjunct",
    "required_names",
    "type_allows",
]

#: Formats JSON Schema validators do not assert on: they never make a value doubtful (any
#: other format needs the format checker, so a value of it is not surely accepted).
INERT_FORMATS: Final[frozenset[str]] = frozenset({"int32", "int64", "float", "double", "password"})
_STRING_KEYWORDS = frozenset({"maxLength", "minLength", "pattern", "format"})
_NUMBER_KEYWORDS = frozenset(
    {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"}
)
_ARRAY_KEYWORDS = frozenset({"maxItems", "minItems"})


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


def decimal_of(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


class Context:
    """What judging a value needs: the schemas (one reading, see
    :class:`~.view.SchemaReader`) and the formats the models check."""

    def __init__(self, view: SchemaReader, formats: Collection[str]) -> None:
        self.view = view
        self.formats = frozenset(formats)


def required_names(conjunct: Conjunct, conjuncts: Sequence[Conjunct]) -> list[str]:
    """The names ``conjunct`` requires that the models check: those one of ``conjuncts`` (the
    schemas that apply at the same place) declares as a property. The models get a field only
    for a declared property, so a required name nothing declares (Figma's ``putWebhook``
    body requires an undeclared ``team_id``) is not checked, and no case may claim it is."""
    declared = {str(name) for other in conjuncts for name in other.constraints.properties}
    return [name for name in conjunct.constraints.required if name in declared]


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
    c = conjunct.constraints
    if c.declared is not None and not type_allows(c.declared, value):
        return False
    if "enum" in c.malformed or (c.enum is not None and not _in_enum(value, c.enum)):
        return False
    if c.const is not None and not json_equal(value, c.const[0]):
        return False
    union = nullable_union(conjunct.mapping)
    if union is not None and not nonnull:
        # the value is null: the null branch holds; for oneOf the other one must not
        if union.exclusive:
            where = child(conjunct.pointer, union.keyword, union.position)
            branch = ctx.view.expand(where, SchemaNode(union.branch), False)
            if rejecting_conjunct(ctx, None, branch) is None:
                return False
    if isinstance(value, str):
        return _accepts_string(value, c)
    if is_number(value):
        if c.malformed & _NUMBER_KEYWORDS:
            return False
        if not all(_within(value, key, limit) for key, limit in c.limits.items()):
            return False
        return c.multiple_of is None or _multiple_ok(value, c.multiple_of)
    if isinstance(value, list):
        if c.malformed & _ARRAY_KEYWORDS:
            return False
        return _fits(len(value), c.min_items, c.max_items)
    return True


def _accepts_string(value: str, c: Constraints) -> bool:
    if c.malformed & _STRING_KEYWORDS:
        return False
    if not _fits(len(value), c.min_length, c.max_length):
        return False
    if c.pattern is not None and pattern_search(c.pattern, value) is not True:
        return False
    # any other format cannot be told without the format checker: stay on the safe side
    return c.format is None or c.format in INERT_FORMATS


def _fits(size: int, least: int | None, most: int | None) -> bool:
    return (least is None or size >= least) and (most is None or size <= most)


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
        c = conjunct.constraints
        if value is None and nullable_union(conjunct.mapping) is not None:
            continue  # the null branch holds: this schema's own type/enum/const are unusual
        if c.declared is not None and not type_allows(c.declared, value):
            return conjunct
        if c.enum is not None and not _in_enum(value, c.enum):
            return conjunct
        if c.const is not None and not json_equal(value, c.const[0]):
            return conjunct
    return None
