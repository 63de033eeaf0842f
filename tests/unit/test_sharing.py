"""Identical inline schemas share one component (``generator.ir.sharing``)."""

from __future__ import annotations

import copy
from typing import Any

from generator.ir.sharing import share_identical

ADDRESS = {"type": "object", "properties": {"city": {"type": "string"}}}
KIND = {"type": "string", "enum": ["a", "b"]}


def _share(schemas: dict[str, Any], side: Any = lambda holder: 0) -> list[tuple[str, str, str]]:
    claims: list[tuple[str, str, str]] = []

    def claim(base: str, holder: str, pointer: str) -> str:
        claims.append((base, holder, pointer))
        name = f"Shared{len(claims)}"
        schemas[name] = {}
        return name

    share_identical(schemas, side=side, claim=claim)
    return claims


def test_copies_become_references_to_one_component_named_where_the_first_is() -> None:
    schemas: dict[str, Any] = {
        "B": {"type": "object", "properties": {"home": copy.deepcopy(ADDRESS), "kind": KIND}},
        "A": {
            "type": "object",
            "properties": {
                "billing": {"description": "Where bills go.", **copy.deepcopy(ADDRESS)},
                "items": {"type": "array", "items": copy.deepcopy(ADDRESS)},
                "kind": dict(KIND),
                "other": {"anyOf": [copy.deepcopy(ADDRESS), {"type": "string", "enum": [""]}]},
            },
        },
    }
    claims = _share(schemas)
    # Holders in sorted order, each in document order: A's items come first.
    assert claims == [
        ("items_item", "A", "/properties/items/items"),
        ("kind", "A", "/properties/kind"),
    ]
    assert schemas["Shared1"] == ADDRESS and schemas["Shared2"] == KIND
    ref = {"$ref": "#/components/schemas/Shared1"}
    assert schemas["A"]["properties"]["items"]["items"] == ref
    assert schemas["A"]["properties"]["other"]["anyOf"][0] == ref
    assert schemas["B"]["properties"]["home"] == ref
    assert schemas["B"]["properties"]["kind"] == {"$ref": "#/components/schemas/Shared2"}
    # A copy with a description of its own is another schema (its docstring differs).
    assert "$ref" not in schemas["A"]["properties"]["billing"]


def test_nested_copies_are_counted_once_and_nothing_is_changed_in_place() -> None:
    outer = {"type": "object", "properties": {"address": ADDRESS, "n": {"type": "integer"}}}
    # One object at two places, as a YAML alias gives: it must not be rewritten in place.
    schemas: dict[str, Any] = {
        "A": {"type": "object", "properties": {"x": outer}},
        "B": {"type": "object", "properties": {"y": outer}},
    }
    before = copy.deepcopy(outer)
    claims = _share(schemas)
    # The address is inside the shared outer object only: it stays inline there.
    assert [base for base, _holder, _pointer in claims] == ["x"]
    assert schemas["Shared1"]["properties"]["address"] == ADDRESS
    assert outer == before


def test_place_bound_schemas_and_other_sides_are_not_shared() -> None:
    def holder(other: str, **more: Any) -> dict[str, Any]:
        properties = {
            "d": {**ADDRESS, "default": {}},
            "n": {**ADDRESS, "nullable": True},
            "m": {"allOf": [{"$ref": f"#/components/schemas/{other}"}, ADDRESS]},
            **more,
            "one": {"type": "string", "enum": ["only"]},
        }
        return {"type": "object", "properties": properties}

    schemas: dict[str, Any] = {
        "A": holder("B", c={"if": ADDRESS, "then": ADDRESS}),
        "B": holder("A"),
        "Answer": {"type": "object", "properties": {"a": ADDRESS}},
        "Request": {"type": "object", "properties": {"a": ADDRESS}},
    }
    assert _share(schemas, side=lambda name: name == "Answer") == []
