"""Reading operations: content types, examples, parameter types and values, webhooks."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..naming import class_name
from ..schema.pointer import escape_pointer
from ..schema.samples import NO_SAMPLE, ExampleChecker
from ..schema.view import class_members, declared_type
from ..schema.walk import HTTP_METHODS
from ..spec.loader import LoadedSpec, deref
from .parameters import enum_literal
from .records import (
    Example,
)

__all__ = [
    "annotation",
    "declared_properties",
    "derived_operation_id",
    "is_object",
    "media_choice",
    "media_examples",
    "parameter_example",
    "parameter_schema",
    "webhook_payloads",
]


_JSON_TYPES = ("application/json", "text/json")


_SCALARS = {
    "string": "str",
    "integer": "int",
    "number": "float",
    "boolean": "bool",
    # As the argument check reads it (``validation_annotation``).
    "object": "dict[str, Any]",
}
# Beyond this many values an argument stays its plain type: a Literal of hundreds helps no one.
_MOST_LITERAL_VALUES = 64


def media_examples(media: dict[str, Any]) -> tuple[Example, ...]:
    found: list[Example] = []
    named = media.get("examples")
    for name in sorted(named if isinstance(named, dict) else {}, key=str):
        example = media["examples"][name]
        if isinstance(example, dict) and "value" in example:
            found.append(
                Example(
                    name=name,
                    summary=str(example.get("summary") or ""),
                    value=example["value"],
                )
            )
    if "example" in media and not found:
        found.append(
            Example(
                name="example",
                summary="",
                value=media["example"],
            )
        )
    return tuple(found)


def annotation(schema: Any, spec: LoadedSpec, depth: int = 0) -> str:
    """A parameter's type as a client method declares it: its scalar or list type, and its
    allowed values as a ``Literal`` when the schema lists them (so mypy and an IDE know them).
    The checks themselves are ``validation_annotation``'s."""
    if not isinstance(schema, dict) or depth > 8:
        return "Any"
    if "$ref" in schema:
        try:
            return annotation(spec.resolve(schema["$ref"]), spec, depth + 1)
        except (KeyError, IndexError, ValueError, TypeError):
            return "Any"
    all_of = schema.get("allOf")
    if isinstance(all_of, list) and len(all_of) == 1 and "type" not in schema:
        # As the parameter check reads it (``validation_annotation``): peertube's
        # ``{allOf: [{$ref: id}]}`` is an int in both, not a str in one.
        return annotation(all_of[0], spec, depth + 1)
    kind = declared_type(schema)
    if kind is None and is_object(spec, schema):
        kind = "object"
    nullable = isinstance(kind, list) and "null" in kind
    values = schema.get("enum")
    if isinstance(values, list) and 0 < len(values) <= _MOST_LITERAL_VALUES:
        text = enum_literal(values)
        if text != "Any":
            return f"{text} | None" if nullable and not text.endswith("| None") else text
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "string")
    if kind == "array":
        text = f"list[{annotation(schema.get('items'), spec, depth + 1)}]"
    else:
        text = _SCALARS.get(str(kind), "str")
    return f"{text} | None" if nullable else text


def is_object(spec: LoadedSpec, schema: Any, depth: int = 0) -> bool:
    """Whether every value ``schema`` accepts is a JSON object (``type: object``, or
    properties without a type, or an ``allOf`` with such a part)."""
    schema = deref(spec, schema)
    if not isinstance(schema, dict) or depth > 20:
        return False
    kind = schema.get("type")
    if kind is not None:
        return bool(kind == "object" or kind == ["object"])
    if "properties" in schema or "additionalProperties" in schema:
        return True
    parts = schema.get("allOf")
    return isinstance(parts, list) and any(is_object(spec, part, depth + 1) for part in parts)


def declared_properties(spec: LoadedSpec, schema: Any) -> dict[str, Any]:
    """The properties ``schema`` declares, its ``allOf`` parts' included, as the model class
    inherits them (:func:`~generator.schema.view.class_members`)."""
    components = (spec.data.get("components") or {}).get("schemas")
    members, _required = class_members(
        deref(spec, schema), components if isinstance(components, dict) else {}
    )
    return members


def media_choice(content: Any) -> tuple[str, str, dict[str, Any] | None]:
    """``(media type, body kind, media object)`` of the content a client should use.

    JSON first (``application/json``, ``*/*+json``), then form, multipart, text, and anything
    else as raw bytes. ``("", "", None)`` for no content.
    """
    if not isinstance(content, dict) or not content:
        return "", "", None
    types = sorted(str(t) for t in content)

    def media(media_type: str) -> dict[str, Any]:
        value = content[media_type]
        return value if isinstance(value, dict) else {}

    for media_type in types:
        base = media_type.split(";")[0].strip().lower()
        if base in _JSON_TYPES or base.endswith("+json") or base == "application/*":
            return media_type, "json", media(media_type)
    ranked: tuple[tuple[str, Callable[[str], bool]], ...] = (
        ("form", lambda b: b == "application/x-www-form-urlencoded"),
        ("multipart", lambda b: b.startswith("multipart/")),
        ("text", lambda b: b.startswith("text/")),
    )
    for kind, matches in ranked:
        for media_type in types:
            if matches(media_type.split(";")[0].strip().lower()):
                return media_type, kind, media(media_type)
    return types[0], "binary", media(types[0])


def derived_operation_id(method: str, path: str) -> str:
    """A method name for an operation without ``operationId``: ``GET /pets/{id}`` → ``get_pets_id``."""
    words = re.findall(r"[A-Za-z0-9]+", path)
    return "_".join([method.lower(), *words]) if words else f"{method.lower()}_root"


def parameter_example(param: dict[str, Any], spec: LoadedSpec, checker: ExampleChecker) -> Any:
    """A value of ``param`` that matches its schema (see ``Parameter.example``)."""
    schema = parameter_schema(param)
    candidates: list[Any] = []
    if "example" in param:
        candidates.append(param["example"])
    given = param.get("examples")
    examples: dict[Any, Any] = given if isinstance(given, dict) else {}
    for key in sorted(examples, key=str):
        example = deref(spec, examples[key])
        if "value" in example:
            candidates.append(example["value"])
    for value in candidates:
        if value is not None and not checker.errors(schema, value):
            return value
    derived = checker.sample(schema if schema is not None else {})
    if derived == [] and param.get("required"):
        # An empty list of a required parameter is no value on the wire (``ids=``, or
        # nothing): one item, when the schema allows it.
        node = deref(spec, schema)
        item = checker.sample(node.get("items", {})) if isinstance(node, dict) else NO_SAMPLE
        if item is not NO_SAMPLE and item is not None and not checker.errors(schema, [item]):
            return [item]
    if derived is not NO_SAMPLE and derived is not None:
        return derived
    kind = deref(spec, schema).get("type") if isinstance(schema, dict) else None
    return 1 if kind in ("integer", "number") else "example"


def parameter_schema(param: dict[str, Any]) -> Any:
    if "schema" in param:
        return param["schema"]
    content = param.get("content")
    if isinstance(content, dict) and content:
        media = content[sorted(content)[0]]
        return media.get("schema") if isinstance(media, dict) else None
    return None


def webhook_payloads(
    spec: LoadedSpec, body_model: Callable[[Any, str, str], str]
) -> tuple[tuple[str, str], ...]:
    """``(webhook name, payload class)`` for every 3.1 webhook with a JSON payload, sorted."""
    found: list[tuple[str, str]] = []
    hooks = spec.data.get("webhooks")
    if not isinstance(hooks, dict):
        return ()
    for name in sorted(hooks, key=str):
        item = deref(spec, hooks[name])
        for method in sorted(m for m in item if m in HTTP_METHODS):
            body = deref(
                spec,
                (
                    (item.get(method) or {}).get("requestBody")
                    if isinstance(item.get(method), dict)
                    else None
                ),
            )
            media_type, kind, media = media_choice(body.get("content"))
            if kind == "json" and media is not None and "schema" in media:
                pointer = f"/webhooks/{escape_pointer(str(name))}/{method}/requestBody/content/{escape_pointer(media_type)}/schema"
                found.append(
                    (
                        str(name),
                        body_model(media["schema"], pointer, f"{class_name(str(name))}Webhook"),
                    )
                )
    return tuple(found)
