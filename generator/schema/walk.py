"""Walking a raw OpenAPI document: its operations and every schema in it, in a fixed order."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .keywords import SCHEMA_LIST_KEYWORDS, SCHEMA_MAP_KEYWORDS, SUBSCHEMA_KEYWORDS
from .pointer import escape_pointer, ref_pointer, resolve_pointer

__all__ = ["HTTP_METHODS", "all_schema_roots", "iter_operations", "iter_schemas"]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def iter_operations(data: dict[str, Any]) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """``(path, method, pointer, operation)`` for every operation, sorted by path then method."""
    paths = data.get("paths")
    if not isinstance(paths, dict):
        return
    for path in sorted(paths, key=str):
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
    for key in SCHEMA_MAP_KEYWORDS:
        children = node.get(key)
        if isinstance(children, dict):
            for name, child in children.items():
                yield from iter_schemas(child, f"{pointer}/{key}/{escape_pointer(str(name))}")
    for key in SUBSCHEMA_KEYWORDS:
        if isinstance(node.get(key), dict):
            yield from iter_schemas(node[key], f"{pointer}/{key}")
    for key in SCHEMA_LIST_KEYWORDS:
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
