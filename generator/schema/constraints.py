"""What one schema node says about a value at its place, read once into a typed record.

The test planner derives its cases from these records and :mod:`.truth` judges values
against them, so no stage after the IR looks a schema keyword up itself. A keyword whose value
does not have the type JSON Schema gives it (``maxLength: "10"``, ``enum: {}``) is listed in
:attr:`Constraints.malformed`: a value cannot be judged against it, and nothing is derived from
it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .keywords import RISKY_ARRAY_KEYWORDS
from .node import SchemaNode

__all__ = ["LIMITS", "Constraints", "constraints_of", "is_number", "json_type", "type_allows"]

#: The numeric limits of a number, in the order cases are derived from them.
LIMITS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")


def is_number(value: Any) -> bool:
    """Whether ``value`` is a JSON number (a boolean is not one)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def json_type(value: Any) -> str:
    """The JSON type of a decoded ``value`` (``integer`` for a whole ``int``, never ``bool``)."""
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


def type_allows(declared: Any, value: Any) -> bool:
    """Whether ``type: declared`` (a name or a list of names) allows ``value``."""
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


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True, slots=True)
class Constraints:
    """The keywords of one schema node that constrain a value, typed.

    ``present``: every keyword the node spells (a case's ordinal counts them, malformed or
    not); ``declared``: the ``type`` a value must have as the models read it (a name or a list
    of names; ``None``: any); ``enum``/``const``: ``None`` when absent (``const`` is a 1-tuple,
    as its value may be null); counts and limits ``None`` when absent or malformed.
    """

    present: frozenset[str]
    declared: Any = None
    integer_only: bool = False
    """``type`` is ``integer``, or a list naming ``integer`` and not ``number``."""
    enum: tuple[Any, ...] | None = None
    const: tuple[Any] | None = None
    format: str | None = None
    pattern: str | None = None
    max_length: int | None = None
    min_length: int | None = None
    max_items: int | None = None
    min_items: int | None = None
    limits: dict[str, int | float] = field(default_factory=dict)
    """``minimum``, ``maximum``, ``exclusiveMinimum``, ``exclusiveMaximum`` → its value."""
    multiple_of: int | float | None = None
    items: SchemaNode | None = None
    """The schema every item must match (``items`` as one schema)."""
    additional: bool | SchemaNode | None = None
    """``additionalProperties``: ``None`` when absent (or malformed), a flag (``{}``, which
    admits any member, reads as ``True``), or the schema of every other member."""
    prefix_items: bool = False
    properties: Mapping[str, SchemaNode] = field(default_factory=dict)
    pattern_properties: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    risky_array: bool = False
    """An array keyword (or alternatives) under which changing one item may change the
    array's validity."""
    malformed: frozenset[str] = frozenset()

    def count(self, keyword: str) -> int | None:
        """The value of ``maxLength``, ``minLength``, ``maxItems`` or ``minItems``."""
        return {
            "maxLength": self.max_length,
            "minLength": self.min_length,
            "maxItems": self.max_items,
            "minItems": self.min_items,
        }.get(keyword)


def constraints_of(schema: Mapping[str, Any], *, declared: Any, alternatives: bool) -> Constraints:
    """The :class:`Constraints` of ``schema``; ``declared``: its type as the models read it
    (``view.declared_type``), ``alternatives``: whether it has ``anyOf``/``oneOf`` branches
    other than a nullable union's."""
    malformed: set[str] = set()

    def typed(keyword: str, check: Any) -> Any:
        if keyword not in schema:
            return None
        value = schema[keyword]
        if check(value):
            return value
        malformed.add(keyword)
        return None

    kind = schema.get("type")
    enum = typed("enum", lambda v: isinstance(v, list))
    multiple_of = typed("multipleOf", lambda v: is_number(v) and v > 0)
    limits = {key: typed(key, is_number) for key in LIMITS}
    properties = schema.get("properties")
    pattern_properties = schema.get("patternProperties")
    required = schema.get("required")
    items = schema.get("items")
    additional = typed("additionalProperties", lambda v: isinstance(v, (bool, Mapping)))
    return Constraints(
        present=frozenset(schema),
        declared=declared,
        integer_only=kind == "integer"
        or (isinstance(kind, list) and "integer" in kind and "number" not in kind),
        enum=tuple(enum) if enum is not None else None,
        const=(schema["const"],) if "const" in schema else None,
        format=typed("format", lambda v: isinstance(v, str)),
        pattern=typed("pattern", lambda v: isinstance(v, str)),
        max_length=typed("maxLength", _is_count),
        min_length=typed("minLength", _is_count),
        max_items=typed("maxItems", _is_count),
        min_items=typed("minItems", _is_count),
        limits={key: value for key, value in limits.items() if value is not None},
        multiple_of=multiple_of,
        items=SchemaNode(items) if isinstance(items, Mapping) else None,
        additional=(
            additional
            if isinstance(additional, (bool, type(None)))
            else SchemaNode(additional) if additional else True
        ),
        prefix_items="prefixItems" in schema,
        properties=(
            {str(name): SchemaNode(member) for name, member in properties.items()}
            if isinstance(properties, Mapping)
            else {}
        ),
        pattern_properties=(
            tuple(str(p) for p in pattern_properties)
            if isinstance(pattern_properties, Mapping)
            else ()
        ),
        required=(
            tuple(name for name in required if isinstance(name, str))
            if isinstance(required, list)
            else ()
        ),
        risky_array=alternatives or any(key in schema for key in RISKY_ARRAY_KEYWORDS),
        malformed=frozenset(malformed),
    )
