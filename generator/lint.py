"""specgen's project rules for specs, on top of OpenAPI validity.

Each rule protects something the generator or its tests rely on; ``lint`` returns every
problem found (never stops at the first), each with its file, line and JSON pointer.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .errors import Location
from .loader import LoadedSpec
from .pointer import escape_pointer, ref_pointer, resolve_pointer

__all__ = ["HTTP_METHODS", "all_schema_roots", "iter_operations", "iter_schemas", "lint"]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
UNBOUNDED_LENGTH = 2147483647
_COMPOSITES = ("allOf", "anyOf", "oneOf")
_CONDITIONS = frozenset({"if", "then", "else", "not"})


def iter_operations(data: dict[str, Any]) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """``(path, method, pointer, operation)`` for every operation, sorted by path then method."""
    paths = data.get("paths")
    for path in sorted(paths if isinstance(paths, dict) else {}, key=str):
        item = paths[path]
        if isinstance(item, dict) and isinstance(item.get("$ref"), str):
            # A path item may be a reference (to another path item, or a component in 3.1).
            try:
                item = resolve_pointer(data, ref_pointer(item["$ref"]))
            except (KeyError, IndexError, ValueError, TypeError):
                continue
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                yield path, method, f"/paths/{escape_pointer(path)}/{method}", operation


def iter_schemas(node: Any, pointer: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema object nested in ``node`` (itself included), depth first, with its pointer."""
    if not isinstance(node, dict):
        return
    yield pointer, node
    for key in ("properties", "patternProperties", "$defs", "dependentSchemas"):
        children = node.get(key)
        if isinstance(children, dict):
            for name, child in children.items():
                yield from iter_schemas(child, f"{pointer}/{key}/{escape_pointer(str(name))}")
    for key in ("items", "additionalProperties", "not", "if", "then", "else", "contains"):
        if isinstance(node.get(key), dict):
            yield from iter_schemas(node[key], f"{pointer}/{key}")
    for key in (*_COMPOSITES, "prefixItems"):
        parts = node.get(key)
        if isinstance(parts, list):
            for index, part in enumerate(parts):
                yield from iter_schemas(part, f"{pointer}/{key}/{index}")


def all_schema_roots(data: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """Every top-level schema: components, parameters, request and response bodies."""
    for name, schema in sorted(((data.get("components") or {}).get("schemas") or {}).items()):
        yield f"/components/schemas/{escape_pointer(name)}", schema
    for _path, _method, pointer, operation in iter_operations(data):
        for index, parameter in enumerate(operation.get("parameters") or []):
            if isinstance(parameter, dict) and "schema" in parameter:
                yield f"{pointer}/parameters/{index}/schema", parameter["schema"]
        bodies = [("requestBody", operation.get("requestBody"))]
        bodies += [
            (f"responses/{escape_pointer(str(code))}", response)
            for code, response in sorted((operation.get("responses") or {}).items(), key=str)
        ]
        for where, body in bodies:
            if not isinstance(body, dict):
                continue
            for media_type, media in sorted((body.get("content") or {}).items()):
                if isinstance(media, dict) and "schema" in media:
                    yield (
                        f"{pointer}/{where}/content/{escape_pointer(media_type)}/schema",
                        media["schema"],
                    )


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
