"""specgen's project rules for specs, on top of OpenAPI validity.

Each rule protects something the generator or its tests rely on; ``lint`` returns every
problem found (never stops at the first), each with its file, line and JSON pointer.
"""

from __future__ import annotations

from typing import Any

from ..errors import Location
from ..schema.pointer import escape_pointer
from ..schema.walk import all_schema_roots, iter_operations, iter_schemas
from .loader import LoadedSpec

__all__ = ["lint"]

UNBOUNDED_LENGTH = 2147483647
_COMPOSITES = ("allOf", "anyOf", "oneOf")
_CONDITIONS = frozenset({"if", "then", "else", "not"})


def _is_typed(schema: dict[str, Any]) -> bool:
    if "type" in schema or "$ref" in schema or "const" in schema or "enum" in schema:
        return True
    return any(isinstance(schema.get(key), list) for key in _COMPOSITES)


def lint(spec: LoadedSpec) -> list[tuple[Location, str]]:
    """Every project-rule problem in ``spec``, sorted by line."""
    data = spec.data
    problems: list[tuple[Location, str]] = []

    def report(pointer: str, message: str) -> None:
        problems.append((spec.location(pointer), message))

    for path, method, pointer, operation in iter_operations(data):
        if not operation.get("operationId"):
            report(pointer, f"{method.upper()} {path} has no operationId")
        body = operation.get("requestBody")
        if isinstance(body, dict) and "$ref" not in body:
            for media_type, media in (body.get("content") or {}).items():
                if not (isinstance(media, dict) and (media.get("examples") or "example" in media)):
                    report(
                        f"{pointer}/requestBody/content/{escape_pointer(media_type)}",
                        "request body has no example",
                    )

    for root_pointer, root in all_schema_roots(data):
        for pointer, schema in iter_schemas(root, root_pointer):
            # Properties inside a condition (if/then/else/not) are tests, not declarations.
            in_condition = any(
                part in _CONDITIONS for part in pointer[len(root_pointer) :].split("/")
            )
            for name, prop in (schema.get("properties") or {}).items():
                if isinstance(prop, dict) and not in_condition and not _is_typed(prop):
                    report(
                        f"{pointer}/properties/{escape_pointer(str(name))}",
                        f"property {name!r} has no type",
                    )
            pattern = schema.get("pattern")
            if isinstance(pattern, str) and not (pattern.startswith("^") and pattern.endswith("$")):
                report(f"{pointer}/pattern", f"pattern {pattern!r} is not anchored (^...$)")
            if schema.get("maxLength") == UNBOUNDED_LENGTH:
                report(
                    f"{pointer}/maxLength",
                    "maxLength 2147483647 only means unbounded: leave maxLength out",
                )
    unique = {(loc.line, loc.pointer, text): (loc, text) for loc, text in problems}
    return [unique[key] for key in sorted(unique)]
