"""The part of a model document that decides the Python names of the models made from it.

A model generator names classes, attributes and enum members from a document's structure:
the component names, each object's property names, what makes a class (objects, enums,
compositions, references), enum values, discriminators. Prose and constraints on a value
(:data:`~.keywords.NAMELESS_KEYWORDS`) name nothing. So two documents with equal skeletons
give their models equal names, and a document whose skeleton differs from another's only by
plain properties added to or removed from components (:func:`property_delta`) gives the
other's names with those attributes added or taken away. ``specgen diff`` reuses the names it
already knows that way instead of generating the models again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .keywords import (
    NAMELESS_KEYWORDS,
    SCHEMA_LIST_KEYWORDS,
    SCHEMA_MAP_KEYWORDS,
    SUBSCHEMA_KEYWORDS,
)
from .view import component_name

__all__ = [
    "GENERATOR_EXTENSIONS",
    "PlainProperty",
    "PropertyDelta",
    "document_skeleton",
    "property_delta",
    "skeleton",
]

# The extensions the model generator (datamodel-code-generator, pinned) reads, by prefix: any
# other ``x-`` keyword names nothing and is left out of a skeleton like a description. A test
# checks the list against the pinned version's source.
GENERATOR_EXTENSIONS = (
    "x-avro",
    "x-datamodel-code-generator",
    "x-enum",
    "x-is-",
    "x-propertyNames",
    "x-python",
    "x-www-form-urlencoded",
    "x-xsd",
)
_SCALARS = frozenset({"string", "integer", "number", "boolean", "null"})
# What a plain property's skeleton may hold: nothing that makes a class, an enum or a
# ``Literal`` of its own.
_PLAIN_KEYS = frozenset({"type", "format", "nullable"})
_SIMPLE_OBJECT_KEYS = frozenset({"type", "properties", "title", "nullable", "additionalProperties"})


def _nameless(key: str) -> bool:
    """Whether keyword ``key`` of a schema names nothing: a :data:`~.keywords.NAMELESS_KEYWORDS`
    one, or an extension the model generator does not read."""
    if key.startswith("x-"):
        return not key.startswith(GENERATOR_EXTENSIONS)
    return key in NAMELESS_KEYWORDS


def skeleton(schema: Any) -> Any:
    """``schema`` without its nameless keywords (:func:`_nameless`), at every depth a document
    walk follows (a property *named* like one of them stays)."""
    if isinstance(schema, list):
        return [skeleton(item) for item in schema]
    if not isinstance(schema, Mapping):
        return schema
    kept: dict[str, Any] = {}
    for key, value in schema.items():
        if _nameless(key):
            continue
        if key in SCHEMA_MAP_KEYWORDS and isinstance(value, Mapping):
            kept[key] = {name: skeleton(member) for name, member in value.items()}
        elif key in SUBSCHEMA_KEYWORDS or key in SCHEMA_LIST_KEYWORDS:
            kept[key] = skeleton(value)
        else:  # kept as written: a difference there only makes the names be generated
            kept[key] = value
    return kept


def document_skeleton(document: Mapping[str, Any]) -> dict[str, Any]:
    """A model document with each component schema replaced by its :func:`skeleton`; the rest
    of the document is kept as it is."""
    components = document.get("components")
    if not isinstance(components, Mapping) or not isinstance(components.get("schemas"), Mapping):
        return dict(document)
    schemas = {name: skeleton(schema) for name, schema in components["schemas"].items()}
    return {**document, "components": {**components, "schemas": schemas}}


@dataclass(frozen=True, slots=True)
class PlainProperty:
    """A property whose models hold one attribute and no class, enum or ``Literal`` of its
    own: a scalar, a reference, or an array of either. ``refers_to``: the component it (or its
    items) references, else ``""``."""

    name: str
    refers_to: str = ""


@dataclass(frozen=True, slots=True)
class PropertyDelta:
    """Per component schema name: the plain properties added to its own ``properties`` and
    the names of those removed, in the document's order; ``reordered``: the components whose
    plain properties that both documents hold come in another order. (An order decides
    nothing but which of two colliding attributes of a class gets a number, and which of two
    inline classes of one name does: :func:`property_delta` refuses a new order of what makes
    inline classes.)"""

    added: dict[str, tuple[PlainProperty, ...]]
    removed: dict[str, tuple[str, ...]]
    reordered: frozenset[str] = frozenset()
    enums: dict[tuple[str, str], tuple[tuple[str, ...], tuple[str, ...]]] = field(
        default_factory=dict
    )
    """``(component, property)`` (``""``: the component itself) → the string values added to
    its enum and those removed, where the enum has two values or more on both sides (a class
    of members, not a ``Literal``) and the values both hold keep their order."""


def _plain(name: str, schema: Any, *, item: bool = False) -> PlainProperty | None:
    """``schema`` as a :class:`PlainProperty` named ``name``, or ``None`` if it is not one
    (``item``: an array's items, which may not be an array again)."""
    if not isinstance(schema, Mapping):
        return None
    if set(schema) == {"$ref"}:
        target = component_name(schema["$ref"])
        return PlainProperty(name, target) if target is not None else None
    if not set(schema) <= _PLAIN_KEYS | {"items"}:
        return None
    kind = schema.get("type")
    kinds = set(kind) if isinstance(kind, list) else {kind}
    if not all(isinstance(k, str) for k in kinds):
        return None
    if kinds <= _SCALARS and "items" not in schema:
        return PlainProperty(name)
    if not item and "array" in kinds and kinds <= {"array", "null"}:
        return _plain(name, schema.get("items"), item=True)
    return None


def _inline_makers(props: Mapping[str, Any], among: list[str]) -> list[str]:
    """The properties of ``among`` that are not plain, in ``props``' order."""
    return [prop for prop in props if prop in among and _plain(prop, props[prop]) is None]


def _makes_classes(schema: Any) -> bool:
    """Whether a component's models may hold an inline class: anything but an object of
    plain properties."""
    if not isinstance(schema, Mapping) or not set(schema) <= _SIMPLE_OBJECT_KEYS:
        return True
    if schema.get("type", "object") != "object" or not isinstance(
        schema.get("additionalProperties", False), bool
    ):
        return True
    props = _own_properties(schema)
    return any(_plain(prop, props[prop]) is None for prop in props)


def _own_properties(schema: Mapping[str, Any]) -> dict[str, Any]:
    return dict(schema["properties"]) if isinstance(schema.get("properties"), Mapping) else {}


def property_delta(old: Mapping[str, Any], new: Mapping[str, Any]) -> PropertyDelta | None:
    """How the model document ``new`` differs from ``old`` when every difference that could
    name something is a plain property (:class:`PlainProperty`) added to or removed from a
    component's own ``properties``; ``None`` for any other difference. Equal skeletons give
    an empty delta."""
    old_skeleton, new_skeleton = document_skeleton(old), document_skeleton(new)
    old_schemas = (old_skeleton.get("components") or {}).get("schemas")
    new_schemas = (new_skeleton.get("components") or {}).get("schemas")
    if not isinstance(old_schemas, dict) or not isinstance(new_schemas, dict):
        return PropertyDelta({}, {}) if old_skeleton == new_skeleton else None
    without = {**new_skeleton, "components": {**new_skeleton["components"], "schemas": {}}}
    if without != {**old_skeleton, "components": {**old_skeleton["components"], "schemas": {}}}:
        return None
    if set(old_schemas) != set(new_schemas):
        return None
    if [n for n in old_schemas if _makes_classes(old_schemas[n])] != [
        n for n in new_schemas if _makes_classes(new_schemas[n])
    ]:
        return None
    added: dict[str, tuple[PlainProperty, ...]] = {}
    removed: dict[str, tuple[str, ...]] = {}
    reordered: set[str] = set()
    enums: dict[tuple[str, str], tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for name, old_schema in old_schemas.items():
        new_schema = new_schemas[name]
        if old_schema == new_schema:
            continue
        if not isinstance(old_schema, dict) or not isinstance(new_schema, dict):
            return None
        old_props, new_props = _own_properties(old_schema), _own_properties(new_schema)
        if {**old_schema, "properties": {}} != {**new_schema, "properties": {}}:
            change = _enum_change(old_schema, new_schema)
            if change is None or old_props != new_props:
                return None
            enums[(name, "")] = change
            continue
        if not old_props or not new_props:
            return None  # an object without properties may be a dict, not a class
        kept = [prop for prop in old_props if prop in new_props]
        if kept != [prop for prop in new_props if prop in old_props]:
            if _inline_makers(old_props, kept) != _inline_makers(new_props, kept):
                return None
            reordered.add(name)
        for prop in kept:
            if old_props[prop] != new_props[prop]:
                change = _enum_change(old_props[prop], new_props[prop])
                if change is None:
                    return None
                enums[(name, prop)] = change
        gone = [prop for prop in old_props if prop not in new_props]
        more = [_plain(prop, new_props[prop]) for prop in new_props if prop not in old_props]
        if any(_plain(prop, old_props[prop]) is None for prop in gone) or None in more:
            return None
        if gone:
            removed[name] = tuple(gone)
        if more:
            added[name] = tuple(plain for plain in more if plain is not None)
    return PropertyDelta(added, removed, frozenset(reordered), enums)


def _changed_branch(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[Any, Any] | None:
    """The one ``anyOf``/``oneOf`` branch that differs between ``old`` and ``new`` when nothing
    else does, beside a ``null`` branch (a nullable union); else ``None``."""
    for key in ("anyOf", "oneOf"):
        before, after = old.get(key), new.get(key)
        if not isinstance(before, list) or not isinstance(after, list):
            continue
        if len(before) != len(after) or {**old, key: None} != {**new, key: None}:
            return None
        changed = [(a, b) for a, b in zip(before, after) if a != b]
        nulls = [b for b in before if isinstance(b, Mapping) and b.get("type") == "null"]
        if len(changed) == 1 and len(before) == 2 and nulls:
            return changed[0]
        return None
    return None


def _enum_change(old: Any, new: Any) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The string values added to and removed from ``old``'s enum in ``new``, when nothing
    else differs, both enums have two values or more besides null (whose presence does not
    change), and the values both hold keep their order; else ``None``."""
    if not isinstance(old, Mapping) or not isinstance(new, Mapping):
        return None
    branch = _changed_branch(old, new)
    if branch is not None:  # a nullable enum: ``anyOf: [{enum: ...}, {type: "null"}]``
        return _enum_change(*branch)
    if {**old, "enum": None} != {**new, "enum": None}:
        return None
    before, after = old.get("enum"), new.get("enum")
    if not isinstance(before, list) or not isinstance(after, list):
        return None
    if (None in before) != (None in after):
        return None
    before = [value for value in before if value is not None]
    after = [value for value in after if value is not None]
    if not all(isinstance(value, str) for value in (*before, *after)):
        return None
    if len(before) < 2 or len(after) < 2 or len(set(before)) != len(before):
        return None
    if len(set(after)) != len(after):
        return None
    kept = [value for value in before if value in after]
    if kept != [value for value in after if value in before]:
        return None
    added = tuple(value for value in after if value not in before)
    removed = tuple(value for value in before if value not in after)
    return added, removed
