"""Where the diff's symbols sit in the spec: each model-document schema's origin and each
operation's parameters, with what their schemas admit, so that ``specgen diff`` names a spec
line for a change and compares parameters without reading the loaded spec itself."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..schema.pointer import resolve_pointer
from ..schema.shape import Shape
from ..schema.view import component_pointer
from ..spec.loader import LoadedSpec
from .model_facts import parameter_shape
from .records import Api

__all__ = ["Places", "places"]


@dataclass(frozen=True, slots=True)
class Places:
    """``schema_pointers``: model-document schema name → where it sits in the spec;
    ``parameter_pointers`` and ``parameter_shapes``: keyed ``"<operation pointer> <in>:<name>"``,
    the parameter's pointer and what its schema admits."""

    schema_pointers: dict[str, str] = field(default_factory=dict)
    parameter_pointers: dict[str, str] = field(default_factory=dict)
    parameter_shapes: dict[str, Shape] = field(default_factory=dict)


def places(
    spec: LoadedSpec, api: Api, class_of_schema: dict[str, str], document: Mapping[str, Any]
) -> Places:
    """The :class:`Places` of ``api``'s models and parameters in ``spec``; ``document``: the
    model document, whose component schemas a parameter's ``$ref`` names."""
    pointers, schemas = _parameters(spec, api)
    shapes = {
        key: parameter_shape(schema, class_of_schema, document) for key, schema in schemas.items()
    }
    return Places(_schema_pointers(spec, api, class_of_schema), pointers, shapes)


def _schema_pointers(
    spec: LoadedSpec, parsed_api: Api, class_of_schema: dict[str, str]
) -> dict[str, str]:
    """Where each model-document schema sits in the spec: its component, or the body or
    response it was hoisted from (an inline schema has no component of its own)."""
    components = (spec.data.get("components") or {}).get("schemas") or {}
    origin_of_class: dict[str, str] = {}
    for op in parsed_api.operations:
        if op.body_model and op.body_schema_pointer:
            origin_of_class.setdefault(op.body_model, op.body_schema_pointer)
        for response in op.responses:
            if response.model:
                origin_of_class.setdefault(response.model, response.schema_pointer)
    pointers: dict[str, str] = {}
    for name, cls in class_of_schema.items():
        if isinstance(components, dict) and name in components:
            pointers[name] = component_pointer(name)
        else:
            pointers[name] = origin_of_class.get(cls, component_pointer(name))
    return pointers


def _parameters(spec: LoadedSpec, api: Api) -> tuple[dict[str, str], dict[str, Any]]:
    """Pointers and schemas of every operation's parameters, keyed
    ``"<operation pointer> <in>:<name>"`` (the operation's own entry wins over the path
    item's, as it does in OpenAPI)."""
    pointers: dict[str, str] = {}
    schemas: dict[str, Any] = {}
    for op in api.operations:
        path_item = op.pointer.rsplit("/", 1)[0]
        for holder in (path_item, op.pointer):
            try:
                entries = resolve_pointer(spec.data, f"{holder}/parameters")
            except (KeyError, IndexError, ValueError, TypeError):
                continue
            for index, entry in enumerate(entries if isinstance(entries, list) else []):
                if isinstance(entry, dict) and isinstance(entry.get("$ref"), str):
                    try:
                        entry = spec.resolve(entry["$ref"])
                    except (KeyError, IndexError, ValueError, TypeError):
                        continue
                if isinstance(entry, dict):
                    key = f"{op.pointer} {entry.get('in')}:{entry.get('name')}"
                    pointers[key] = f"{holder}/parameters/{index}"
                    if isinstance(entry.get("schema"), dict):
                        schemas[key] = entry["schema"]
    return pointers, schemas
