"""Two readings of a model class's members that the models need beside
datamodel-code-generator's own: which optional members must still not be null, and which
property names Python would merge into one attribute.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

from ..naming import nfkc_field_name
from .pointer import unescape_pointer
from .view import admits_null, all_of, refers
from .walk import iter_schemas

__all__ = ["nfkc_aliases", "not_null_fields"]


def _as_list(value: Any) -> list[Any]:
    """``value`` if it is a list, else ``[]`` (a malformed keyword is treated as absent)."""
    return value if isinstance(value, list) else []


def not_null_fields(
    schema: dict[str, Any], components: Mapping[str, Any] | None = None
) -> tuple[str, ...]:
    """Optional properties of ``schema`` whose type does not admit ``null``: its own and those
    of its inline ``allOf`` members, which datamodel-code-generator puts on the same class
    (a ``$ref`` member becomes a base class, with its own check). A property that is a
    ``$ref`` to one of ``components`` admits null where that schema does (just eat's
    ``{$ref: Justification}``, whose schema is ``nullable``)."""
    parts = [schema] + [
        part for part in all_of(schema) if isinstance(part, dict) and not refers(part)
    ]
    required = {name for part in parts for name in _as_list(part.get("required"))}
    names: dict[str, None] = {}
    for part in parts:
        properties = part.get("properties")
        for name, prop in (properties if isinstance(properties, dict) else {}).items():
            if name not in required and not _admits_null(prop, components or {}):
                names.setdefault(name)
    return tuple(names)


def _admits_null(prop: Any, components: Mapping[str, Any], depth: int = 0) -> bool:
    if admits_null(prop):
        return True
    ref = prop.get("$ref") if isinstance(prop, dict) else None
    prefix = "#/components/schemas/"
    if not isinstance(ref, str) or not ref.startswith(prefix) or depth > 16:
        return False
    target = components.get(unescape_pointer(ref[len(prefix) :]))
    return isinstance(target, dict) and _admits_null(target, components, depth + 1)


def nfkc_aliases(schemas: Mapping[str, Any]) -> dict[str, str]:
    """Attribute names for properties Python would merge with another (see
    ``nfkc_field_name``): the model generator compares names as written, Python as NFKC. The
    wire name stays the field's alias. Keyed by property name (every class alike), so each
    name is kept clear of its siblings wherever it occurs."""
    siblings: dict[str, set[str]] = {}
    for name in sorted(schemas):
        for _pointer, node in iter_schemas(schemas[name], ""):
            properties = node.get("properties")
            keys = [str(key) for key in properties] if isinstance(properties, dict) else []
            for key in keys:
                if unicodedata.normalize("NFKC", key) != key:
                    siblings.setdefault(key, set()).update(keys)
    chosen = {key: nfkc_field_name(key, sorted(siblings[key])) for key in sorted(siblings)}
    return {key: value for key, value in chosen.items() if value is not None}
