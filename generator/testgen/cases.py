"""Derive boundary and negative test cases from a schema and a valid example.

``derive_cases`` walks a (valid) example together with the JSON Schema 2020-12 schema it belongs
to and, for every value present in the example, makes single, targeted mutations of the whole
example: remove a required property, stretch a string to ``maxLength`` and one past it, step a
number to its ``minimum`` and just below it, swap in a value outside an ``enum`` ... Each mutation
is a :class:`Case` that states whether the mutated instance is expected to be valid.

``constraint_sites`` lists every constraint reachable from a schema along the same paths, so a
caller can check that the examples exercise all of them (see :func:`uncovered_sites`).

Design rules:

* pure and deterministic: stdlib only, no randomness, output sorted by case id;
* only conjunctive paths are followed (``$ref``, ``allOf``, ``properties``, ``items`` and the
  non-null branch of a nullable union), so a mutation that breaks a constraint found on such a
  path always makes the whole instance invalid;
* conditional rules (``if``/``then``/``else``, ``anyOf``/``oneOf`` of alternatives, ``not``,
  ``dependentSchemas`` ...) are never descended into; a mutation that is expected to be *valid*
  is only emitted when no such rule on the way to the mutated value can look at it, and when
  every schema that applies to the new value is fully understood. When in doubt, no case.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Final
from urllib.parse import unquote

from ..schema.pointer import resolve_pointer
from ..schema.samples import matches

__all__ = [
    "COVERAGE_KINDS",
    "DEFAULT_FORMATS",
    "KINDS",
    "MALFORMED_FORMAT_VALUES",
    "Case",
    "Site",
    "constraint_sites",
    "covers",
    "derive_cases",
    "format_path",
    "uncovered_sites",
]

KINDS: Final[tuple[str, ...]] = (
    "required",
    "maxLength",
    "minLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "pattern",
    "enum",
    "const",
    "null",
    "type",
    "minItems",
    "maxItems",
    "format",
)

#: The constraint kinds whose sites examples are expected to exercise.
COVERAGE_KINDS: Final[frozenset[str]] = frozenset(
    {
        "required",
        "maxLength",
        "minLength",
        "pattern",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "enum",
        "const",
    }
)

#: A malformed value per format; a case is only made for formats the caller says are checked.
MALFORMED_FORMAT_VALUES: Final[Mapping[str, str]] = {
    "date": "not-a-date",
    "date-time": "not-a-date-time",
    "time": "not-a-time",
    "uuid": "not-a-uuid",
    "email": "not-an-email",
    "idn-email": "not-an-email",
    "ipv4": "not-an-ipv4",
    "ipv6": "not-an-ipv6",
}

#: Formats ``derive_cases`` makes ``format`` cases for unless told otherwise.
DEFAULT_FORMATS: Final[frozenset[str]] = frozenset({"date", "date-time", "uuid"})

# Formats that JSON Schema validators do not assert on; they never make a value doubtful.
_INERT_FORMATS: Final[frozenset[str]] = frozenset({"int32", "int64", "float", "double", "password"})

_PATTERN_MISMATCH_CANDIDATES: Final[tuple[str, ...]] = ("!", " ", "\n", "#$%", "")
_FILL_CHARACTERS: Final[tuple[str, ...]] = ("a", "A", "0", "x", " ")
_MAX_GENERATED_LENGTH: Final[int] = 100_000
_MAX_GENERATED_ITEMS: Final[int] = 1_000

# Keywords that never affect validity.
_ANNOTATIONS: Final[frozenset[str]] = frozenset(
    {
        "title",
        "description",
        "default",
        "examples",
        "example",
        "deprecated",
        "readOnly",
        "writeOnly",
        "$comment",
        "$id",
        "$schema",
        "$anchor",
        "$defs",
        "definitions",
        "discriminator",
        "xml",
        "externalDocs",
        "contentEncoding",
        "contentMediaType",
        "contentSchema",
        "nullable",
    }
)
# Keywords whose effect on a new value of a leaf is modelled by ``_accepts``.
_LEAF_KEYWORDS: Final[frozenset[str]] = frozenset(
    {
        "$ref",
        "allOf",
        "type",
        "enum",
        "const",
        "maxLength",
        "minLength",
        "pattern",
        "format",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "minItems",
        "maxItems",
        "items",
        # object keywords: only ever met with non-object new values, where they do not apply
        "properties",
        "required",
        "additionalProperties",
        "patternProperties",
        "propertyNames",
        "minProperties",
        "maxProperties",
        "dependentRequired",
        "unevaluatedProperties",
    }
)
# Keywords of an object schema that make a rule on some of its properties' values.
_CONDITIONAL_KEYWORDS: Final[tuple[str, ...]] = (
    "if",
    "then",
    "else",
    "not",
    "anyOf",
    "oneOf",
    "dependentSchemas",
)
# Keywords of an array schema under which changing one item may change the array's validity.
_RISKY_ARRAY_KEYWORDS: Final[frozenset[str]] = frozenset(
    {"contains", "uniqueItems", "prefixItems", "unevaluatedItems", "if", "then", "else", "not"}
)
# Inside a conditional rule: keywords that only look at which properties are present.
_PRESENCE_KEYWORDS: Final[frozenset[str]] = frozenset(
    {
        "required",
        "dependentRequired",
        "minProperties",
        "maxProperties",
        "propertyNames",
        "type",
        "minItems",
        "maxItems",
        "maxLength",
        "minLength",
        "pattern",
        "format",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
    }
)

PathItem = str | int
Path = tuple[PathItem, ...]
Schema = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Case:
    """One mutation of an example.

    ``id`` reads ``<instance path>:<kind>:<variant>``, e.g. ``customer.initials:maxLength:over``,
    ``lines[0].qty:minimum:under`` or ``device:required:itemNo``; ``$`` is the document root.
    When two schemas that apply to the same value carry the same keyword, the second one's cases
    read ``<path>:<kind>[2]:<variant>``.
    """

    id: str
    kind: str
    pointer: str
    path: tuple[str | int, ...]
    valid: bool
    instance: Any


@dataclass(frozen=True, slots=True)
class Site:
    """A constraint reachable from a schema.

    ``path`` is the instance path pattern at which it is first reached (``"*"`` stands for any
    array item); for ``required`` it ends with the required property's name.
    """

    pointer: str
    kind: str
    path: tuple[str, ...]

    @property
    def key(self) -> tuple[str, str, str]:
        """What identifies the site: the schema, the keyword and (for required) the property."""
        name = self.path[-1] if self.kind == "required" and self.path else ""
        return (self.pointer, self.kind, name)


# --------------------------------------------------------------------------------------------
# JSON pointers and paths


def _escape(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def _child(pointer: str, *tokens: str | int) -> str:
    return pointer + "".join("/" + _escape(token) for token in tokens)


def _resolve_pointer(document: Any, pointer: str) -> Any:
    node = document
    if pointer in ("", "/"):
        return node if pointer == "" else node[""]
    if not pointer.startswith("/"):
        raise KeyError(pointer)
    return resolve_pointer(document, pointer, follow_refs=True)


_SIMPLE_KEY = re.compile(r"^[A-Za-z_$@\-][A-Za-z0-9_$@\-]*$")


def format_path(path: Sequence[PathItem]) -> str:
    """Readable instance path: ``customer.lines[0].qty``; ``$`` for the root."""
    parts: list[str] = []
    for item in path:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif item == "*":
            parts.append("[*]")
        elif _SIMPLE_KEY.match(item):
            parts.append(("." if parts else "") + item)
        else:
            parts.append(f"[{json.dumps(item, ensure_ascii=False)}]")
    return "".join(parts) or "$"


# --------------------------------------------------------------------------------------------
# JSON values


def _json_type(value: Any) -> str:
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


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _type_allows(declared: Any, value: Any) -> bool:
    names = [declared] if isinstance(declared, str) else list(declared)
    actual = _json_type(value)
    for name in names:
        if name == actual:
            return True
        if name == "number" and actual in ("integer", "number"):
            return True
        if name == "integer" and isinstance(value, float) and value.is_integer():
            return True
    return False


def _json_equal(left: Any, right: Any) -> bool:
    """JSON equality: ``1 == 1.0`` but ``True != 1``."""
    if _is_number(left) and _is_number(right):
        return bool(left == right)
    if type(left) is not type(right) and not (
        isinstance(left, Mapping) and isinstance(right, Mapping)
    ):
        return False
    if isinstance(left, list):
        return len(left) == len(right) and all(map(_json_equal, left, right))
    if isinstance(left, Mapping):
        return set(left) == set(right) and all(_json_equal(left[k], right[k]) for k in left)
    return bool(left == right)


def _in_enum(value: Any, members: Iterable[Any]) -> bool:
    return any(_json_equal(value, member) for member in members)


def _label(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _as_json_number(value: Decimal, integer: bool) -> int | float:
    if integer or (value == value.to_integral_value() and "." not in str(value)):
        return int(value)
    return float(value)


# --------------------------------------------------------------------------------------------
# Schema expansion


def _is_null_schema(schema: Any) -> bool:
    if not isinstance(schema, Mapping):
        return False
    if schema.get("type") not in ("null", ["null"]):
        return False
    return all(key == "type" or _is_annotation(key) for key in schema)


def _is_annotation(key: str) -> bool:
    return key in _ANNOTATIONS or key.startswith("x-")


def _nullable_union(schema: Schema) -> tuple[str, str, Any] | None:
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
class _Conjunct:
    pointer: str
    schema: Schema
    resolved: bool = True  # False: holds a $ref we could not follow


class _Context:
    def __init__(self, document: Mapping[str, Any], formats: Collection[str]) -> None:
        self.document = document
        self.formats = frozenset(formats)

    def resolve_ref(self, ref: Any) -> tuple[str, Any] | None:
        if not isinstance(ref, str) or not ref.startswith("#"):
            return None
        pointer = unquote(ref[1:])
        try:
            return pointer, _resolve_pointer(self.document, pointer)
        except (KeyError, IndexError, ValueError, TypeError):
            return None

    def expand(self, pointer: str, schema: Any, nonnull: bool) -> list[_Conjunct]:
        """Every schema that applies to a value at ``schema``.

        Follows ``$ref`` and ``allOf``; with ``nonnull`` also the non-null branch of a nullable
        union (for a value that is not null, only that branch can hold).
        """
        found: list[_Conjunct] = []
        self._expand(pointer, schema, nonnull, found, set())
        return found

    def expand_all(self, roots: Sequence[tuple[str, Any]], nonnull: bool) -> list[_Conjunct]:
        """``expand`` of every root, each schema once."""
        found: list[_Conjunct] = []
        seen: set[str] = set()
        for pointer, schema in roots:
            self._expand(pointer, schema, nonnull, found, seen)
        return found

    def _expand(
        self, pointer: str, schema: Any, nonnull: bool, found: list[_Conjunct], seen: set[str]
    ) -> None:
        if not isinstance(schema, Mapping) or pointer in seen:
            return
        seen.add(pointer)
        conjunct = _Conjunct(pointer, schema)
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
                self._expand(_child(pointer, "allOf", index), part, nonnull, found, seen)
        if nonnull:
            union = _nullable_union(schema)
            if union is not None:
                keyword, branch_index, branch = union
                self._expand(_child(pointer, keyword, branch_index), branch, nonnull, found, seen)

    # ---- what conditional rules can see

    def mentioned(self, conjuncts: Sequence[_Conjunct]) -> set[str] | None:
        """Property names that a conditional rule of these object schemas looks at the value of.

        ``None`` means "any property".
        """
        names: set[str] = set()
        for conjunct in conjuncts:
            for keyword in _CONDITIONAL_KEYWORDS:
                if keyword not in conjunct.schema:
                    continue
                if keyword in ("anyOf", "oneOf") and _nullable_union(conjunct.schema) is not None:
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
            if _is_annotation(key) or key in _PRESENCE_KEYWORDS:
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


# --------------------------------------------------------------------------------------------
# Is a new value surely valid / surely invalid?


def _understood(conjuncts: Sequence[_Conjunct]) -> bool:
    """Every keyword of every schema that applies to the value is one ``_accepts`` models."""
    for conjunct in conjuncts:
        if not conjunct.resolved:
            return False
        for key in conjunct.schema:
            if _is_annotation(key) or key in _LEAF_KEYWORDS:
                continue
            if key in ("anyOf", "oneOf") and _nullable_union(conjunct.schema) is not None:
                continue
            return False
    return True


def _search(pattern: str, value: str) -> bool | None:
    """JSON Schema ``pattern`` truth in linear time (see ``samples.matches``); ``None`` when
    it cannot be told: the pattern does not compile, or Python's ``re`` (bounded here by the
    short values it is asked about) disagrees with the models' engine (``$`` before a final
    newline), so a case would pass or fail depending on who checks it."""
    try:
        compiled = re.compile(pattern)
    except (re.error, TypeError, RecursionError, OverflowError):
        return None
    linear = matches(pattern, value)
    if len(value) <= 16 and (compiled.search(value) is not None) != linear:
        return None
    return linear


def _multiple_ok(value: int | float, divisor: Any) -> bool:
    if not _is_number(divisor) or divisor <= 0:
        return False
    exact_value, exact_divisor = _decimal(value), _decimal(divisor)
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


def _accepts_one(ctx: _Context, value: Any, conjunct: _Conjunct, nonnull: bool) -> bool:
    schema = conjunct.schema
    if "type" in schema and not _type_allows(schema["type"], value):
        return False
    if "enum" in schema and not (
        isinstance(schema["enum"], list) and _in_enum(value, schema["enum"])
    ):
        return False
    if "const" in schema and not _json_equal(value, schema["const"]):
        return False
    union = _nullable_union(schema)
    if union is not None and not nonnull:
        # the value is null: the null branch holds; for oneOf the other one must not
        if union[0] == "oneOf":
            branch = ctx.expand(_child(conjunct.pointer, union[0], union[1]), union[2], False)
            if _rejects(ctx, None, branch) is None:
                return False
    if isinstance(value, str):
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            return False
        if "minLength" in schema and len(value) < schema["minLength"]:
            return False
        if "pattern" in schema and _search(schema["pattern"], value) is not True:
            return False
        if "format" in schema and schema["format"] not in _INERT_FORMATS:
            return False  # cannot tell without the format checker: stay on the safe side
    if _is_number(value):
        for keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            if keyword in schema:
                limit = schema[keyword]
                if not _is_number(limit) or not _within(value, keyword, limit):
                    return False
        if "multipleOf" in schema and not _multiple_ok(value, schema["multipleOf"]):
            return False
    if isinstance(value, list):
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            return False
        if "minItems" in schema and len(value) < schema["minItems"]:
            return False
    return True


def _accepts(ctx: _Context, value: Any, conjuncts: Sequence[_Conjunct]) -> bool:
    """True only when ``value`` surely satisfies every one of ``conjuncts``.

    For a non-null value the conjuncts must have been expanded into nullable unions' non-null
    branches (``nonnull=True``); for null, not.
    """
    if not _understood(conjuncts):
        return False
    nonnull = value is not None
    return all(_accepts_one(ctx, value, conjunct, nonnull) for conjunct in conjuncts)


def _rejects(ctx: _Context, value: Any, conjuncts: Sequence[_Conjunct]) -> _Conjunct | None:
    """The first of ``conjuncts`` that surely rejects ``value`` by its type, enum or const.

    For a non-null value the conjuncts must include nullable unions' non-null branches.
    """
    for conjunct in conjuncts:
        schema = conjunct.schema
        if value is None and _nullable_union(schema) is not None:
            continue  # the null branch holds: this schema's own type/enum/const are unusual
        if "type" in schema and not _type_allows(schema["type"], value):
            return conjunct
        if "enum" in schema and isinstance(schema["enum"], list):
            if not _in_enum(value, schema["enum"]):
                return conjunct
        if "const" in schema and not _json_equal(value, schema["const"]):
            return conjunct
    return None


# --------------------------------------------------------------------------------------------
# Building values


def _stretch(value: str, length: int) -> list[str]:
    """Strings of ``length`` made from ``value``'s own characters, most natural first."""
    if length < 0:
        return []
    if length == 0:
        return [""]
    if not value:
        return [char * length for char in _FILL_CHARACTERS]
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


def _not_in_enum(value: Any, members: list[Any]) -> Any:
    candidates: list[Any] = []
    if isinstance(value, str):
        candidates += [value + "_X", "__invalid__"]
    elif _is_number(value):
        numbers = [member for member in members if _is_number(member)]
        candidates.append((max(numbers) if numbers else value) + 1)
    candidates += ["__invalid__", "__invalid___X", -987654321]
    for candidate in candidates:
        if not _in_enum(candidate, members):
            return candidate
    return None


def _other_than(const: Any) -> Any:
    if isinstance(const, bool):
        return not const
    if isinstance(const, str):
        return const + "_X" if const else "X"
    if _is_number(const):
        return const + 1
    if const is None:
        return "__invalid__"
    if isinstance(const, list):
        return [*const, None]
    if isinstance(const, Mapping):
        return {**const, "__invalid__": True}
    return "__invalid__"


_WRONG_TYPE_CANDIDATES: Final[tuple[Any, ...]] = ("x", 1, True, 1.5, [], {})


# --------------------------------------------------------------------------------------------
# Deriving cases


class _Emitter:
    def __init__(self, example: Any) -> None:
        self.example = example
        self.cases: dict[str, Case] = {}

    def emit(
        self,
        path: Path,
        kind: str,
        variant: str,
        pointer: str,
        valid: bool,
        instance: Any,
        ordinal: int = 1,
        id_path: Path | None = None,
    ) -> None:
        label = kind if ordinal == 1 else f"{kind}[{ordinal}]"
        case_id = f"{format_path(path if id_path is None else id_path)}:{label}:{variant}"
        if case_id in self.cases:
            return
        self.cases[case_id] = Case(case_id, kind, pointer, tuple(path), valid, instance)

    def replaced(self, path: Path, value: Any) -> Any:
        if not path:
            return copy.deepcopy(value)
        document = copy.deepcopy(self.example)
        node = document
        for item in path[:-1]:
            node = node[item]
        node[path[-1]] = copy.deepcopy(value)
        return document

    def removed(self, path: Path) -> Any:
        document = copy.deepcopy(self.example)
        node = document
        for item in path[:-1]:
            node = node[item]
        del node[path[-1]]
        return document


def _ordinals(conjuncts: Sequence[_Conjunct], keyword: str) -> Iterator[tuple[int, _Conjunct]]:
    ordinal = 0
    for conjunct in conjuncts:
        if keyword in conjunct.schema:
            ordinal += 1
            yield ordinal, conjunct


class _Deriver:
    def __init__(self, ctx: _Context, example: Any) -> None:
        self.ctx = ctx
        self.out = _Emitter(example)

    def walk(
        self,
        value: Any,
        path: Path,
        roots: Sequence[tuple[str, Any]],
        valid_ok: bool,
    ) -> None:
        """Derive the cases of ``value`` (at ``path``), to which every schema of ``roots`` applies."""
        conjuncts = self.ctx.expand_all(roots, nonnull=True)
        if not conjuncts:
            return
        if path:
            self._null_case(value, path, roots, valid_ok)
        if value is None:
            return
        leaf_ok = valid_ok and _understood(conjuncts)
        if path:
            self._type_case(value, path, conjuncts)
        self._enum_const_cases(value, path, conjuncts, leaf_ok)
        if isinstance(value, str):
            self._string_cases(value, path, conjuncts, leaf_ok)
        elif _is_number(value):
            self._number_cases(value, path, conjuncts, leaf_ok)
        elif isinstance(value, list):
            self._array_cases(value, path, conjuncts, valid_ok)
        elif isinstance(value, Mapping):
            self._object_cases(value, path, conjuncts, valid_ok)

    # ---- null and type

    def _null_case(
        self, value: Any, path: Path, roots: Sequence[tuple[str, Any]], valid_ok: bool
    ) -> None:
        if value is None:
            return
        conjuncts = self.ctx.expand_all(roots, nonnull=False)
        nulled = self.out.replaced(path, None)
        if valid_ok and _accepts(self.ctx, None, conjuncts):
            self.out.emit(path, "null", "accepted", conjuncts[0].pointer, True, nulled)
            return
        rejecting = _rejects(self.ctx, None, conjuncts)
        if rejecting is not None:
            self.out.emit(path, "null", "rejected", rejecting.pointer, False, nulled)

    def _type_case(self, value: Any, path: Path, conjuncts: Sequence[_Conjunct]) -> None:
        typed = [conjunct for conjunct in conjuncts if "type" in conjunct.schema]
        if not typed:
            return
        for candidate in _WRONG_TYPE_CANDIDATES:
            if _json_type(candidate) == _json_type(value):
                continue
            for conjunct in typed:
                if not _type_allows(conjunct.schema["type"], candidate):
                    self.out.emit(
                        path,
                        "type",
                        _json_type(candidate),
                        conjunct.pointer,
                        False,
                        self.out.replaced(path, candidate),
                    )
                    return

    # ---- enum and const

    def _enum_const_cases(
        self, value: Any, path: Path, conjuncts: Sequence[_Conjunct], leaf_ok: bool
    ) -> None:
        for ordinal, conjunct in _ordinals(conjuncts, "enum"):
            members = conjunct.schema["enum"]
            if not isinstance(members, list):
                continue
            outsider = _not_in_enum(value, members)
            if outsider is not None:
                self.out.emit(
                    path,
                    "enum",
                    "not_member",
                    conjunct.pointer,
                    False,
                    self.out.replaced(path, outsider),
                    ordinal,
                )
            if not leaf_ok:
                continue
            for member in members:
                # null is the "null" case's business
                if member is None or _json_equal(member, value):
                    continue
                if _accepts(self.ctx, member, conjuncts):
                    self.out.emit(
                        path,
                        "enum",
                        f"member={_label(member)}",
                        conjunct.pointer,
                        True,
                        self.out.replaced(path, member),
                        ordinal,
                    )
        for ordinal, conjunct in _ordinals(conjuncts, "const"):
            self.out.emit(
                path,
                "const",
                "other",
                conjunct.pointer,
                False,
                self.out.replaced(path, _other_than(conjunct.schema["const"])),
                ordinal,
            )

    # ---- strings

    def _string_cases(
        self, value: str, path: Path, conjuncts: Sequence[_Conjunct], leaf_ok: bool
    ) -> None:
        ctx, out = self.ctx, self.out
        patterns = [
            c.schema["pattern"] for c in conjuncts if isinstance(c.schema.get("pattern"), str)
        ]

        def matches_patterns(text: str) -> bool:
            return all(_search(pattern, text) is True for pattern in patterns)

        for ordinal, conjunct in _ordinals(conjuncts, "maxLength"):
            limit = conjunct.schema["maxLength"]
            if (
                not isinstance(limit, int)
                or isinstance(limit, bool)
                or limit > _MAX_GENERATED_LENGTH
            ):
                continue
            if leaf_ok:
                for text in _stretch(value, limit):
                    if _accepts(ctx, text, conjuncts):
                        out.emit(
                            path,
                            "maxLength",
                            "at",
                            conjunct.pointer,
                            True,
                            out.replaced(path, text),
                            ordinal,
                        )
                        break
            over = _stretch(value, limit + 1)
            if over:
                chosen = next((text for text in over if matches_patterns(text)), over[0])
                out.emit(
                    path,
                    "maxLength",
                    "over",
                    conjunct.pointer,
                    False,
                    out.replaced(path, chosen),
                    ordinal,
                )

        for ordinal, conjunct in _ordinals(conjuncts, "minLength"):
            limit = conjunct.schema["minLength"]
            if (
                not isinstance(limit, int)
                or isinstance(limit, bool)
                or limit > _MAX_GENERATED_LENGTH
            ):
                continue
            if leaf_ok:
                for text in _stretch(value, limit):
                    if _accepts(ctx, text, conjuncts):
                        out.emit(
                            path,
                            "minLength",
                            "at",
                            conjunct.pointer,
                            True,
                            out.replaced(path, text),
                            ordinal,
                        )
                        break
            if limit > 0:
                under = _stretch(value, limit - 1)
                chosen = next((text for text in under if matches_patterns(text)), under[0])
                out.emit(
                    path,
                    "minLength",
                    "under",
                    conjunct.pointer,
                    False,
                    out.replaced(path, chosen),
                    ordinal,
                )

        max_lengths = [
            c.schema["maxLength"] for c in conjuncts if isinstance(c.schema.get("maxLength"), int)
        ]
        for ordinal, conjunct in _ordinals(conjuncts, "pattern"):
            pattern = conjunct.schema["pattern"]
            if not isinstance(pattern, str):
                continue
            for candidate in _PATTERN_MISMATCH_CANDIDATES:
                if any(len(candidate) > limit for limit in max_lengths):
                    continue
                if _search(pattern, candidate) is False:
                    out.emit(
                        path,
                        "pattern",
                        "mismatch",
                        conjunct.pointer,
                        False,
                        out.replaced(path, candidate),
                        ordinal,
                    )
                    break

        for ordinal, conjunct in _ordinals(conjuncts, "format"):
            name = conjunct.schema["format"]
            if name in ctx.formats and name in MALFORMED_FORMAT_VALUES:
                out.emit(
                    path,
                    "format",
                    "malformed",
                    conjunct.pointer,
                    False,
                    out.replaced(path, MALFORMED_FORMAT_VALUES[name]),
                    ordinal,
                )

    # ---- numbers

    def _number_cases(
        self, value: int | float, path: Path, conjuncts: Sequence[_Conjunct], leaf_ok: bool
    ) -> None:
        integer = any(
            conjunct.schema.get("type") == "integer"
            or (
                isinstance(conjunct.schema.get("type"), list)
                and "integer" in conjunct.schema["type"]
                and "number" not in conjunct.schema["type"]
            )
            for conjunct in conjuncts
        )
        steps = [
            _decimal(conjunct.schema["multipleOf"])
            for conjunct in conjuncts
            if _is_number(conjunct.schema.get("multipleOf"))
        ]
        # (keyword, valid variant, offset of the valid value, invalid variant, offset of it)
        plans = (
            ("minimum", "at", 0, "under", -1),
            ("maximum", "at", 0, "over", 1),
            ("exclusiveMinimum", "above", 1, "at", 0),
            ("exclusiveMaximum", "below", -1, "at", 0),
        )
        for keyword, good_variant, good_offset, bad_variant, bad_offset in plans:
            for ordinal, conjunct in _ordinals(conjuncts, keyword):
                limit = conjunct.schema[keyword]
                exact = _decimal(limit) if _is_number(limit) else None
                if exact is None or not exact.is_finite():
                    continue
                if integer and exact != exact.to_integral_value():
                    continue
                step = self._step(exact, integer, steps)
                if leaf_ok:
                    good = _as_json_number(exact + good_offset * step, integer)
                    if _accepts(self.ctx, good, conjuncts):
                        self.out.emit(
                            path,
                            keyword,
                            good_variant,
                            conjunct.pointer,
                            True,
                            self.out.replaced(path, good),
                            ordinal,
                        )
                bad = _as_json_number(exact + bad_offset * step, integer)
                self.out.emit(
                    path,
                    keyword,
                    bad_variant,
                    conjunct.pointer,
                    False,
                    self.out.replaced(path, bad),
                    ordinal,
                )

    @staticmethod
    def _step(limit: Decimal, integer: bool, multiples: list[Decimal | None]) -> Decimal:
        if integer:
            return Decimal(1)
        known = [m for m in multiples if m is not None and m > 0]
        if known:
            return known[0]
        exponent = limit.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        return Decimal(1).scaleb(-max(2, places))

    # ---- arrays

    def _array_cases(
        self, value: list[Any], path: Path, conjuncts: Sequence[_Conjunct], valid_ok: bool
    ) -> None:
        out = self.out
        risky = any(
            key in _RISKY_ARRAY_KEYWORDS
            or (key in ("anyOf", "oneOf") and _nullable_union(c.schema) is None)
            for c in conjuncts
            for key in c.schema
        )
        leaf_ok = valid_ok and _understood(conjuncts) and not risky
        for ordinal, conjunct in _ordinals(conjuncts, "maxItems"):
            limit = conjunct.schema["maxItems"]
            if not isinstance(limit, int) or isinstance(limit, bool) or not value:
                continue
            if limit > _MAX_GENERATED_ITEMS:
                continue
            if leaf_ok and limit >= len(value):
                grown = value + [value[-1]] * (limit - len(value))
                if _accepts(self.ctx, grown, conjuncts):
                    out.emit(
                        path,
                        "maxItems",
                        "at",
                        conjunct.pointer,
                        True,
                        out.replaced(path, grown),
                        ordinal,
                    )
            over = (value + [value[-1]] * (limit + 1))[: limit + 1]
            out.emit(
                path, "maxItems", "over", conjunct.pointer, False, out.replaced(path, over), ordinal
            )
        for ordinal, conjunct in _ordinals(conjuncts, "minItems"):
            limit = conjunct.schema["minItems"]
            if not isinstance(limit, int) or isinstance(limit, bool) or limit > len(value):
                continue
            if leaf_ok and _accepts(self.ctx, value[:limit], conjuncts):
                out.emit(
                    path,
                    "minItems",
                    "at",
                    conjunct.pointer,
                    True,
                    out.replaced(path, value[:limit]),
                    ordinal,
                )
            if limit > 0:
                out.emit(
                    path,
                    "minItems",
                    "under",
                    conjunct.pointer,
                    False,
                    out.replaced(path, value[: limit - 1]),
                    ordinal,
                )

        if any("prefixItems" in c.schema for c in conjuncts):
            return
        item_schemas = [
            (_child(c.pointer, "items"), c.schema["items"])
            for c in conjuncts
            if isinstance(c.schema.get("items"), Mapping)
        ]
        if not item_schemas:
            return
        child_ok = valid_ok and not risky
        for index, item in enumerate(value):
            self.walk(item, (*path, index), item_schemas, child_ok)

    # ---- objects

    def _object_cases(
        self, value: Mapping[str, Any], path: Path, conjuncts: Sequence[_Conjunct], valid_ok: bool
    ) -> None:
        out = self.out
        required_seen: dict[str, int] = {}
        for conjunct in conjuncts:
            names = conjunct.schema.get("required")
            if not isinstance(names, list):
                continue
            for name in names:
                if not isinstance(name, str) or name not in value:
                    continue
                required_seen[name] = required_seen.get(name, 0) + 1
                out.emit(
                    (*path, name),
                    "required",
                    name,
                    conjunct.pointer,
                    False,
                    out.removed((*path, name)),
                    required_seen[name],
                    id_path=path,
                )

        mentioned = self.ctx.mentioned(conjuncts)
        patterns = [
            pattern
            for c in conjuncts
            if isinstance(c.schema.get("patternProperties"), Mapping)
            for pattern in c.schema["patternProperties"]
        ]
        for name in sorted(value):
            child_ok = (
                valid_ok
                and mentioned is not None
                and name not in mentioned
                and not any(_search(pattern, name) is not False for pattern in patterns)
            )
            roots = [
                (_child(c.pointer, "properties", name), c.schema["properties"][name])
                for c in conjuncts
                if isinstance(c.schema.get("properties"), Mapping)
                and name in c.schema["properties"]
            ]
            if roots:
                self.walk(value[name], (*path, name), roots, child_ok)


def derive_cases(
    document: Mapping[str, Any],
    schema_pointer: str,
    example: Any,
    *,
    formats: Collection[str] = DEFAULT_FORMATS,
) -> list[Case]:
    """Every case derivable from ``example`` against the schema at ``schema_pointer``.

    ``example`` must be valid; cases are computed from the values it holds, so a property it
    leaves out gets no case. ``formats`` names the formats the validator asserts on: only those
    get a ``format`` case. The result is sorted by id; ids are unique.
    """
    ctx = _Context(document, formats)
    schema = _resolve_pointer(document, schema_pointer)
    deriver = _Deriver(ctx, example)
    deriver.walk(example, (), [(schema_pointer, schema)], True)
    cases = list(deriver.out.cases.values())
    return sorted(cases, key=lambda case: case.id)


# --------------------------------------------------------------------------------------------
# Constraint sites and coverage

_SITE_KEYWORDS: Final[tuple[str, ...]] = (
    "maxLength",
    "minLength",
    "pattern",
    "format",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "enum",
    "const",
    "minItems",
    "maxItems",
)


def constraint_sites(document: Mapping[str, Any], schema_pointer: str) -> list[Site]:
    """Every constraint reachable from the schema along the paths ``derive_cases`` follows.

    One site per (schema, keyword) and per required property; ``minLength: 0`` and
    ``minItems: 0`` are no constraint and are left out. Sorted by pointer, kind, path.
    """
    ctx = _Context(document, DEFAULT_FORMATS)
    sites: dict[tuple[str, str, str], Site] = {}
    schema = _resolve_pointer(document, schema_pointer)
    # breadth first, so each site keeps the shortest path that reaches it
    queue: list[tuple[tuple[str, ...], list[tuple[str, Any]], frozenset[str]]] = [
        ((), [(schema_pointer, schema)], frozenset())
    ]
    while queue:
        next_queue: list[tuple[tuple[str, ...], list[tuple[str, Any]], frozenset[str]]] = []
        for path, roots, ancestors in queue:
            conjuncts: list[_Conjunct] = []
            for pointer, root in roots:
                for conjunct in ctx.expand(pointer, root, nonnull=True):
                    if all(c.pointer != conjunct.pointer for c in conjuncts):
                        conjuncts.append(conjunct)
            fresh = [c for c in conjuncts if c.pointer not in ancestors]
            if not fresh:
                continue
            below = ancestors | {c.pointer for c in conjuncts}
            for conjunct in fresh:
                for keyword in _SITE_KEYWORDS:
                    if keyword not in conjunct.schema:
                        continue
                    if keyword in ("minLength", "minItems") and conjunct.schema[keyword] == 0:
                        continue
                    site = Site(conjunct.pointer, keyword, path)
                    sites.setdefault(site.key, site)
                names = conjunct.schema.get("required")
                if isinstance(names, list):
                    for name in names:
                        if isinstance(name, str):
                            site = Site(conjunct.pointer, "required", (*path, name))
                            sites.setdefault(site.key, site)
            children: dict[str, list[tuple[str, Any]]] = {}
            for conjunct in fresh:
                properties = conjunct.schema.get("properties")
                if isinstance(properties, Mapping):
                    for name, sub in properties.items():
                        children.setdefault(str(name), []).append(
                            (_child(conjunct.pointer, "properties", name), sub)
                        )
            if not any("prefixItems" in c.schema for c in conjuncts):
                for conjunct in fresh:
                    items = conjunct.schema.get("items")
                    if isinstance(items, Mapping):
                        children.setdefault("*", []).append(
                            (_child(conjunct.pointer, "items"), items)
                        )
            for name in sorted(children):
                next_queue.append(((*path, name), children[name], frozenset(below)))
        queue = next_queue
    return sorted(sites.values(), key=lambda site: (site.pointer, site.kind, site.path))


def covers(case: Case, site: Site) -> bool:
    """Whether ``case`` exercises ``site``."""
    if case.kind != site.kind or case.pointer != site.pointer:
        return False
    if site.kind == "required":
        return bool(case.path) and bool(site.path) and case.path[-1] == site.path[-1]
    return True


def uncovered_sites(
    sites: Iterable[Site], cases: Iterable[Case], kinds: Collection[str] = COVERAGE_KINDS
) -> list[Site]:
    """The sites of ``kinds`` that no case exercises."""
    done = {
        (case.pointer, case.kind, str(case.path[-1]) if case.kind == "required" else "")
        for case in cases
        if case.path or case.kind != "required"
    }
    return [site for site in sites if site.kind in kinds and site.key not in done]
