"""What values a schema admits, reduced to what the generated Python type and validators see.

A :class:`Shape` is a typed record of one schema's reading: the IR hands shapes to the later
stages (``specgen diff`` compares them) so that none of them reads the schema itself. Only
the model document's own vocabulary is read (``$ref`` to another component is kept as a
reference: that component's own changes are reported on it).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .samples import TYPED_STRING_FORMATS
from .view import all_of, alternatives, target_name

__all__ = ["BOUNDS", "Shape", "shape_of"]


# Constraint keywords and the direction in which each one *tightens*: ``down`` means a smaller
# value admits fewer values (maxLength), ``up`` a larger one (minimum).
BOUNDS: dict[str, str] = {
    "maxLength": "down",
    "maxItems": "down",
    "maximum": "down",
    "exclusiveMaximum": "down",
    "maxProperties": "down",
    "minLength": "up",
    "minItems": "up",
    "minimum": "up",
    "exclusiveMinimum": "up",
    "minProperties": "up",
}


@dataclass(frozen=True, slots=True)
class Shape:
    """The values one schema admits.

    ``types`` holds JSON type tokens (``string``, ``string/date``, ``integer``, ``number``,
    ``number/decimal``, ``boolean``, ``array``, ``object``) and ``ref:<Class>`` for references;
    empty means "anything". ``enum`` is the sorted JSON text of each allowed value, or ``None``.
    ``bounds`` are the numeric constraints present (see :data:`BOUNDS`), sorted by keyword.
    """

    types: frozenset[str]
    nullable: bool
    items: Shape | None = None
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    bounds: tuple[tuple[str, float], ...] = ()


def _token(kind: str, fmt: Any) -> str:
    # A format the models give a Python type (date, UUID4, bytes ...: the one list, which the
    # example checker reads too); any other is a plain ``str`` in the models.
    if kind == "string" and fmt in TYPED_STRING_FORMATS:
        return f"string/{fmt}"
    if kind == "number" and fmt == "decimal":
        return "number/decimal"
    return kind


def shape_of(
    schema: Any, class_of_schema: Mapping[str, str], schemas: Mapping[str, Any], depth: int = 0
) -> Shape:
    """The :class:`Shape` of ``schema`` (a node of the model document)."""
    if not isinstance(schema, dict) or depth > 8:
        return Shape(frozenset(), True)
    name = target_name(schema)
    if name is not None:
        target = schemas.get(name)
        nullable = (
            isinstance(target, dict)
            and shape_of(target, class_of_schema, schemas, depth + 1).nullable
        )
        return Shape(frozenset({f"ref:{class_of_schema.get(name, name)}"}), nullable)
    types: set[str] = set()
    nullable = schema.get("nullable") is True
    kind = schema.get("type")
    for k in kind if isinstance(kind, list) else [kind] if isinstance(kind, str) else []:
        if k == "null":
            nullable = True
        else:
            types.add(_token(str(k), schema.get("format")))
    enum: tuple[str, ...] | None = None
    if isinstance(schema.get("enum"), list):
        values = schema["enum"]
        nullable = nullable or None in values
        enum = tuple(sorted(json.dumps(v, sort_keys=True) for v in values if v is not None))
    if "const" in schema:
        nullable = nullable or schema["const"] is None
        if schema["const"] is not None:
            enum = (json.dumps(schema["const"], sort_keys=True),)
    parts = alternatives(schema)
    branches = [shape_of(part, class_of_schema, schemas, depth + 1) for part in parts]
    conjoined = [shape_of(part, class_of_schema, schemas, depth + 1) for part in all_of(schema)]
    if branches:
        # A union: it admits what any branch admits; "anything" if one branch is untyped
        # (a ``{type: null}`` branch only adds None: nullable enums are written that way).
        if any(
            not b.types and not b.enum and not _null_only(part) for b, part in zip(branches, parts)
        ):
            types = set()
        else:
            types |= {t for b in branches for t in b.types}
        nullable = nullable or any(b.nullable for b in branches)
        enum_parts = [b.enum for b in branches if b.enum is not None]
        if enum_parts and len(enum_parts) == len([b for b in branches if b.types or b.enum]):
            enum = tuple(sorted({v for part in enum_parts for v in part}))
    if conjoined and not types:
        types = {t for b in conjoined for t in b.types}
    items = None
    if "array" in types and "items" in schema:
        items = shape_of(schema["items"], class_of_schema, schemas, depth + 1)
    if not types and not branches and enum is None and not conjoined:
        nullable = True  # an untyped schema admits null as any other value
    bounds = tuple(
        sorted(
            (key, float(schema[key]))
            for key in BOUNDS
            if isinstance(schema.get(key), (int, float)) and not isinstance(schema[key], bool)
        )
    )
    pattern = schema.get("pattern") if isinstance(schema.get("pattern"), str) else None
    return Shape(frozenset(types), nullable, items, enum, pattern, bounds)


def _null_only(schema: Any) -> bool:
    kind = schema.get("type") if isinstance(schema, dict) else None
    return kind == "null" or kind == ["null"]
