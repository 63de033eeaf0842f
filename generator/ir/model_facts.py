"""What each model of the model document admits and documents, as typed records.

``specgen diff`` compares models field by field; it reads these records, not the schemas
(the model document's reading happens here, once): each class's members as its generated
class holds them (``allOf`` parts inherited), with the :class:`~generator.schema.shape.Shape`
of each, inline nested objects as dotted fields, and the components each schema references.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..schema.pointer import escape_pointer
from ..schema.shape import Shape, shape_of
from ..schema.view import class_members, references, refers

__all__ = ["FieldFacts", "ModelFacts", "model_facts", "parameter_shape"]

_NESTING = 4
"""How deep inline nested objects are followed as dotted fields."""


@dataclass(frozen=True, slots=True)
class FieldFacts:
    """One member of a model class. ``path``: the wire names from the class's own member down
    an inline nested object (``("address", "city")``); ``pointer``: where it sits below the
    class's schema (``/properties/address/properties/city``)."""

    path: tuple[str, ...]
    pointer: str
    required: bool
    shape: Shape
    description: str
    examples: str
    """Its ``example``/``examples`` as comparable JSON text (``""``: none)."""
    deprecated: bool
    default: str
    """Its ``default`` as JSON (``""``: none): what an omitted field reads as."""

    @property
    def wire(self) -> str:
        """The JSON name, dotted for a member of an inline nested object."""
        return ".".join(self.path)


@dataclass(frozen=True, slots=True)
class ModelFacts:
    """One schema of the model document (``schema``: its name there) and its class."""

    schema: str
    cls: str
    shape: Shape
    description: str
    examples: str
    """Its ``example``/``examples``/``default`` as comparable JSON text (``""``: none)."""
    references: tuple[str, ...]
    """The model-document schemas it names in a ``$ref`` anywhere, sorted."""
    fields: tuple[FieldFacts, ...]
    """Sorted by path."""


def _json_of(schema: Mapping[str, Any], keys: tuple[str, ...]) -> str:
    kept = {key: schema[key] for key in keys if key in schema}
    return json.dumps(kept, sort_keys=True, default=str) if kept else ""


def model_facts(
    document: Mapping[str, Any], class_of_schema: Mapping[str, str]
) -> tuple[ModelFacts, ...]:
    """The :class:`ModelFacts` of every component schema of the model ``document``, sorted by
    schema name; ``class_of_schema``: each schema's class (a missing one keeps its name)."""
    components = document.get("components") if isinstance(document, Mapping) else None
    schemas = components.get("schemas") if isinstance(components, Mapping) else None
    if not isinstance(schemas, Mapping):
        return ()
    facts = []
    for name in sorted(schemas):
        schema = schemas[name] if isinstance(schemas[name], dict) else {}
        fields: list[FieldFacts] = []
        _collect(schema, "", (), schemas, class_of_schema, fields, 0)
        facts.append(
            ModelFacts(
                schema=name,
                cls=class_of_schema.get(name, name),
                shape=shape_of(schema, class_of_schema, schemas),
                description=str(schema.get("description") or ""),
                examples=_json_of(schema, ("example", "examples", "default")),
                references=tuple(sorted(set(references(schema)))),
                fields=tuple(sorted(fields, key=lambda f: f.path)),
            )
        )
    return tuple(facts)


def _collect(
    schema: Mapping[str, Any],
    pointer: str,
    path: tuple[str, ...],
    schemas: Mapping[str, Any],
    class_of_schema: Mapping[str, str],
    out: list[FieldFacts],
    depth: int,
) -> None:
    """The members of ``schema`` into ``out``; an inline nested object's members follow it."""
    props, required = class_members(schema, schemas)
    for wire in sorted(props):
        prop = props[wire] if isinstance(props[wire], dict) else {}
        prop_pointer = f"{pointer}/properties/{escape_pointer(wire)}"
        out.append(
            FieldFacts(
                path=(*path, wire),
                pointer=prop_pointer,
                required=wire in required,
                shape=shape_of(prop, class_of_schema, schemas),
                description=str(prop.get("description") or ""),
                examples=_json_of(prop, ("example", "examples")),
                deprecated=bool(prop.get("deprecated", False)),
                default=(
                    json.dumps(prop["default"], sort_keys=True, default=str)
                    if "default" in prop
                    else ""
                ),
            )
        )
        if depth < _NESTING and isinstance(prop.get("properties"), dict) and not refers(prop):
            _collect(prop, prop_pointer, (*path, wire), schemas, class_of_schema, out, depth + 1)


def parameter_shape(
    schema: Any, class_of_schema: Mapping[str, str], document: Mapping[str, Any]
) -> Shape:
    """The :class:`Shape` of a parameter's ``schema``, whose ``$ref``s name the model
    ``document``'s component schemas."""
    components = document.get("components") if isinstance(document, Mapping) else None
    schemas = components.get("schemas") if isinstance(components, Mapping) else None
    return shape_of(schema, class_of_schema, schemas if isinstance(schemas, Mapping) else {})
