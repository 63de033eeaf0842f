from __future__ import annotations

from pathlib import Path

import pytest
from generator.errors import Location, UnsupportedError
from generator.ir.rules import extract_rules


def _rules(schema: dict) -> tuple:
    document = {"components": {"schemas": {"M": schema}}}
    return extract_rules(document, lambda p: Location(Path("s.yaml"), 1, p), {"M": "M"})


def test_if_then_else_messages() -> None:
    stripped, rules = _rules(
        {
            "type": "object",
            "if": {"properties": {"c": {"const": "NL"}}, "required": ["c"]},
            "then": {"required": ["i"]},
            "else": {"not": {"required": ["i"]}},
        }
    )
    assert [r.message for r in rules] == [
        "i is required when c is NL",
        "i must not be given when c is not NL",
    ]
    assert "if" not in stripped["components"]["schemas"]["M"]


def test_group_dependent_and_forbid_messages() -> None:
    _, rules = _rules(
        {
            "type": "object",
            "anyOf": [{"required": ["a"]}, {"required": ["b", "c"]}],
            "dependentRequired": {"v": ["w"]},
            "not": {"required": ["x"]},
        }
    )
    assert [r.message for r in rules] == [
        "at least one of a or all of (b and c) is required",
        "w is required when v is given",
        "x must not be given",
    ]


def test_one_of_with_non_null() -> None:
    _, rules = _rules(
        {
            "type": "object",
            "oneOf": [
                {"required": ["a"], "properties": {"a": {"type": "integer"}}},
                {"required": ["b"]},
            ],
        }
    )
    assert rules[0].message == "exactly one of a or b must be given (a must not be null to count)"


def test_unsupported_condition_names_its_place() -> None:
    with pytest.raises(UnsupportedError) as caught:
        _rules(
            {
                "type": "object",
                "if": {"properties": {"a": {"minimum": 3}}},
                "then": {"required": ["a"]},
            }
        )
    assert caught.value.location is not None
    assert caught.value.location.pointer == "/components/schemas/M/if/properties/a"
