"""JSON Schema truth for one value against the conjunction of schemas that apply to it:
whether it is accepted, which constraint rejects it, and values just outside a constraint.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Final
from urllib.parse import unquote

from ...schema.samples import has_linear_engine, matches, python_re_is_bounded
from .vocabulary import (
    ANNOTATIONS,
    CONDITIONAL_KEYWORDS,
    FILL_CHARACTERS,
    INERT_FORMATS,
    LEAF_KEYWORDS,
    PRESENCE_KEYWORDS,
    Schema,
    child,
    schema_at,
)

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


def _is_null_schema(schema: Any) -> bool:
    if not isinstance(schema, Mapping):
        return False
    if schema.get("type") not in ("null", ["null"]):
        return False
    return all(key == "type" or _is_annotation(key) for key in schema)


def _is_annotation(key: str) -> bool:
    return key in ANNOTATIONS or key.startswith("x-")


def nullable_union(schema: Schema) -> tuple[str, str, Any] | None:
    """``(keyword, index, branch)`` of the non-null branch of ``anyOf``/``oneOf: [X, null]``."""
    for keyword in ("anyOf", "oneOf"):
        branches = schema.get(keyword)
        if not isinstance(branches, list) or len(branches) != 2:
            continue
        nulls = [i for i, branch in enumerate(branches) if _is_null_schema(branch)]
        if len(nulls) == 1:
            other = 1 - nulls[0]
            return keyword, str(other), branches[other]
    return None


@dataclass(slots=True)
class Conjunct:
    pointer: str
    schema: Schema
    resolved: bool = True  # False: holds a $ref we could not follow


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


class Context:
    def __init__(self, document: Mapping[str, Any], formats: Collection[str]) -> None:
        self.document = document
        self.formats = frozenset(formats)

    def resolve_ref(self, ref: Any) -> tuple[str, Any] | None:
        if not isinstance(ref, str) or not ref.startswith("#"):
            return None
        pointer = unquote(ref[1:])
        try:
            return pointer, schema_at(self.document, pointer)
        except (KeyError, IndexError, ValueError, TypeError):
            return None

    def expand(self, pointer: str, schema: Any, nonnull: bool) -> list[Conjunct]:
        """Every schema that applies to a value at ``schema``.

        Follows ``$ref`` and ``allOf``; with ``nonnull`` also the non-null branch of a nullable
        union (for a value that is not null, only that branch can hold).
        """
        found: list[Conjunct] = []
        self._expand(pointer, schema, nonnull, found, set())
        return found

    def expand_all(self, roots: Sequence[tuple[str, Any]], nonnull: bool) -> list[Conjunct]:
        """``expand`` of every root, each schema once."""
        found: list[Conjunct] = []
        seen: set[str] = set()
        for pointer, schema in roots:
            self._expand(pointer, schema, nonnull, found, seen)
        return found

    def _expand(
        self, pointer: str, schema: Any, nonnull: bool, found: list[Conjunct], seen: set[str]
    ) -> None:
        if not isinstance(schema, Mapping) or pointer in seen:
            return
        seen.add(pointer)
        conjunct = Conjunct(pointer, schema)
        found.append(conjunct)
        if "$ref" in schema:
            target = self.resolve_ref(schema["$ref"])
            if target is None:
                conjunct.resolved = False
            else:
                self._expand(target[0], target[1], nonnull, found, seen)
        parts = schema.get("allOf")
        if isinstance(parts, list):
            for index, part in enumerate(parts):
                self._expand(child(pointer, "allOf", index), part, nonnull, found, seen)
        if nonnull:
            union = nullable_union(schema)
            if union is not None:
                keyword, branch_index, branch = union
                self._expand(child(pointer, keyword, branch_index), branch, nonnull, found, seen)

    # ---- what conditional rules can see

    def mentioned(self, conjuncts: Sequence[Conjunct]) -> set[str] | None:
        """Property names that a conditional rule of these object schemas looks at the value of.

        ``None`` means "any property".
        """
        names: set[str] = set()
        for conjunct in conjuncts:
            for keyword in CONDITIONAL_KEYWORDS:
                if keyword not in conjunct.schema:
                    continue
                if keyword in ("anyOf", "oneOf") and nullable_union(conjunct.schema) is not None:
                    continue
                value = conjunct.schema[keyword]
                subschemas: Iterable[Any]
                if keyword in ("anyOf", "oneOf"):
                    subschemas = value if isinstance(value, list) else [value]
                elif keyword == "dependentSchemas":
                    subschemas = value.values() if isinstance(value, Mapping) else [value]
                else:
                    subschemas = [value]
                for sub in subschemas:
                    if not self._mentions(sub, names, set()):
                        return None
        return names

    def _mentions(self, schema: Any, names: set[str], seen: set[str]) -> bool:
        """Add the names ``schema`` looks at; False when it may look at any property."""
        if isinstance(schema, bool):
            return True
        if not isinstance(schema, Mapping):
            return False
        for key, value in schema.items():
            if _is_annotation(key) or key in PRESENCE_KEYWORDS:
                continue
            if key == "properties" and isinstance(value, Mapping):
                names.update(str(name) for name in value)
            elif key == "$ref":
                target = self.resolve_ref(value)
                if target is None:
                    return False
                if target[0] in seen:
                    continue
                seen.add(target[0])
                if not self._mentions(target[1], names, seen):
                    return False
            elif key in ("allOf", "anyOf", "oneOf") and isinstance(value, list):
                if not all(self._mentions(part, names, seen) for part in value):
                    return False
            elif key in ("not", "if", "then", "else"):
                if not self._mentions(value, names, seen):
                    return False
            elif key == "dependentSchemas" and isinstance(value, Mapping):
                if not all(self._mentions(part, names, seen) for part in value.values()):
                    return False
            else:
                # enum/const on the whole object, additionalProperties, unevaluatedProperties,
                # patternProperties, items, contains, an unknown keyword ...
                return False
        return True


def all_understood(conjuncts: Sequence[Conjunct]) -> bool:
    """Every keyword of every schema that applies to the value is one ``accepts`` models."""
    for conjunct in conjuncts:
        if not conjunct.resolved:
            return False
        for key in conjunct.schema:
            if _is_annotation(key) or key in LEAF_KEYWORDS:
                continue
            if key in ("anyOf", "oneOf") and nullable_union(conjunct.schema) is not None:
                continue
            return False
    return True


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
    if "type" in schema and not type_allows(schema["type"], value):
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
        if union[0] == "oneOf":
            branch = ctx.expand(child(conjunct.pointer, union[0], union[1]), union[2], False)
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
        if "type" in schema and not type_allows(schema["type"], value):
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
