"""Unit tests of ``generator.testgen.cases`` on small inline schemas.

Every derived case is also checked against a real JSON Schema 2020-12 validator (``_check``), so
these tests prove both the shape of the output and that its ``valid`` flags are right.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

try:
    from generator.testgen import cases as cases_module
except ModuleNotFoundError:  # plain ``pytest`` without the project root on sys.path
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from generator.testgen import cases as cases_module

from generator.testgen.cases import (
    Case,
    Site,
    constraint_sites,
    derive_cases,
    format_path,
    uncovered_sites,
)

CHECKED_FORMATS = frozenset(Draft202012Validator.FORMAT_CHECKER.checkers)


def _doc(schemas: dict[str, Any]) -> dict[str, Any]:
    return {"openapi": "3.1.0", "components": {"schemas": schemas}}


def _validator(document: dict[str, Any], pointer: str) -> Draft202012Validator:
    registry = Registry().with_resource("urn:t", DRAFT202012.create_resource(document))
    return Draft202012Validator(
        {"$ref": f"urn:t#{pointer}"},
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def _derive(
    schemas: dict[str, Any], example: Any, name: str = "Root", **options: Any
) -> dict[str, Case]:
    """Derive cases for ``#/components/schemas/<name>`` and check each against jsonschema."""
    document = _doc(schemas)
    pointer = f"/components/schemas/{name}"
    validator = _validator(document, pointer)
    assert validator.is_valid(example), list(validator.iter_errors(example))
    options.setdefault("formats", CHECKED_FORMATS)
    derived = derive_cases(document, pointer, example, **options)
    wrong = [case.id for case in derived if validator.is_valid(case.instance) != case.valid]
    assert not wrong, f"valid flag wrong for {wrong}"
    ids = [case.id for case in derived]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    return {case.id: case for case in derived}


def _value_at(instance: Any, path: tuple[str | int, ...]) -> Any:
    for item in path:
        instance = instance[item]
    return instance


# --------------------------------------------------------------------------------------------
# required


def test_required_present_property_is_removed() -> None:
    schemas = {
        "Root": {
            "type": "object",
            "required": ["device"],
            "properties": {
                "device": {
                    "type": "object",
                    "required": ["itemNo"],
                    "properties": {"itemNo": {"type": "string"}, "other": {"type": "string"}},
                }
            },
        }
    }
    found = _derive(schemas, {"device": {"itemNo": "A1"}})
    case = found["device:required:itemNo"]
    assert case.kind == "required"
    assert case.valid is False
    assert case.pointer == "/components/schemas/Root/properties/device"
    assert case.path == ("device", "itemNo")
    assert case.instance == {"device": {}}
    assert found["$:required:device"].instance == {}


def test_conditionally_required_properties_get_no_required_case() -> None:
    schemas = {
        "Root": {
            "type": "object",
            "required": ["kind"],
            "properties": {
                "kind": {"type": "string", "enum": ["person", "company"]},
                "companyName": {"type": "string"},
                "email": {"type": "string"},
                "phone": {"type": "string"},
                "street": {"type": "string"},
                "city": {"type": "string"},
            },
            "if": {"properties": {"kind": {"const": "company"}}},
            "then": {"required": ["companyName"]},
            "anyOf": [{"required": ["email"]}, {"required": ["phone"]}],
            "dependentRequired": {"street": ["city"]},
        }
    }
    example = {
        "kind": "company",
        "companyName": "ACME",
        "email": "a@b.c",
        "phone": "123",
        "street": "Main",
        "city": "X",
    }
    found = _derive(schemas, example)
    required = sorted(case.id for case in found.values() if case.kind == "required")
    assert required == ["$:required:kind"]


def test_required_in_allof_parts_and_refs() -> None:
    schemas = {
        "Named": {
            "type": "object",
            "required": ["name"],
            "properties": {"name": {"type": "string"}},
        },
        "Root": {
            "allOf": [
                {"$ref": "#/components/schemas/Named"},
                {"type": "object", "required": ["age"], "properties": {"age": {"type": "integer"}}},
            ]
        },
    }
    found = _derive(schemas, {"name": "Jo", "age": 3})
    assert found["$:required:name"].pointer == "/components/schemas/Named"
    assert found["$:required:age"].pointer == "/components/schemas/Root/allOf/1"


def test_a_required_name_no_schema_declares_gets_no_case_nor_site() -> None:
    """Figma's putWebhook body requires ``team_id`` without declaring it: the model has no
    field to check it by, so no case may say leaving it out is refused (it would fail)."""
    schemas = {
        "Root": {
            "type": "object",
            "required": ["name", "team_id"],
            "properties": {"name": {"type": "string"}},
        }
    }
    found = _derive(schemas, {"name": "Jo", "team_id": "t"})
    assert "$:required:name" in found and "$:required:team_id" not in found
    sites = constraint_sites(_doc(schemas), "/components/schemas/Root")
    assert [site.path for site in sites if site.kind == "required"] == [("name",)]


def test_same_property_required_twice_gets_numbered_ids() -> None:
    schemas = {
        "Root": {
            "type": "object",
            "required": ["a"],
            "properties": {"a": {"type": "string"}},
            "allOf": [{"required": ["a"]}],
        }
    }
    found = _derive(schemas, {"a": "x"})
    assert found["$:required:a"].pointer == "/components/schemas/Root"
    assert found["$:required[2]:a"].pointer == "/components/schemas/Root/allOf/0"


# --------------------------------------------------------------------------------------------
# strings


def test_max_length_cases_reuse_the_examples_characters() -> None:
    schemas = {
        "Root": {
            "type": "object",
            "properties": {
                "customer": {
                    "type": "object",
                    "properties": {"initials": {"type": "string", "maxLength": 5}},
                }
            },
        }
    }
    found = _derive(schemas, {"customer": {"initials": "JK"}})
    at = found["customer.initials:maxLength:at"]
    over = found["customer.initials:maxLength:over"]
    assert (at.valid, over.valid) == (True, False)
    assert at.instance == {"customer": {"initials": "JKJKJ"}}
    assert over.instance == {"customer": {"initials": "JKJKJK"}}
    assert at.path == ("customer", "initials")
    assert at.pointer == "/components/schemas/Root/properties/customer/properties/initials"


def test_length_cases_keep_matching_the_pattern() -> None:
    schemas = {
        "Root": {
            "type": "object",
            "properties": {
                "code": {
                    "type": "string",
                    "pattern": "^[A-Z]{2}[0-9]+$",
                    "minLength": 3,
                    "maxLength": 8,
                }
            },
        }
    }
    found = _derive(schemas, {"code": "AB12"})
    assert found["code:maxLength:at"].instance == {"code": "AB122222"}
    assert found["code:minLength:at"].instance == {"code": "AB1"}
    # one past the limit still matches the pattern: the case fails on the length alone
    assert found["code:maxLength:over"].instance == {"code": "AB1222222"}
    assert found["code:minLength:under"].valid is False


def test_at_limit_case_is_skipped_when_the_pattern_forbids_it() -> None:
    schemas = {
        "Root": {
            "type": "object",
            "properties": {"code": {"type": "string", "pattern": "^[A-Z]{3}$", "maxLength": 10}},
        }
    }
    found = _derive(schemas, {"code": "ABC"})
    assert "code:maxLength:at" not in found
    assert found["code:maxLength:over"].valid is False


def test_min_length_zero_has_no_under_case() -> None:
    schemas = {"Root": {"type": "object", "properties": {"s": {"type": "string", "minLength": 0}}}}
    found = _derive(schemas, {"s": "abc"})
    assert "s:minLength:under" not in found
    assert found["s:minLength:at"].instance == {"s": ""}


def test_empty_example_string_is_filled() -> None:
    schemas = {"Root": {"type": "object", "properties": {"s": {"type": "string", "maxLength": 3}}}}
    found = _derive(schemas, {"s": ""})
    assert found["s:maxLength:at"].instance == {"s": "aaa"}
    assert found["s:maxLength:over"].instance == {"s": "aaaa"}


def test_pattern_mismatch_picks_first_candidate_within_max_length() -> None:
    schemas = {
        "Root": {
            "type": "object",
            "properties": {
                "a": {"type": "string", "pattern": "^[a-z]+$"},
                "b": {"type": "string", "pattern": "^[!a-z]+$"},
                "c": {"type": "string", "pattern": "^.{0,5}$", "maxLength": 5},
            },
        }
    }
    found = _derive(schemas, {"a": "abc", "b": "abc", "c": "abc"})
    assert found["a:pattern:mismatch"].instance["a"] == "!"
    assert found["b:pattern:mismatch"].instance["b"] == " "
    # "!", " ", "#$%" and "" match ^.{0,5}$; "\n" matches for Python's re ($ before a final
    # newline) but not for the models' engine: no candidate both agree on, so no case
    assert "c:pattern:mismatch" not in found


def test_format_cases_only_for_checked_formats() -> None:
    schemas = {
        "Root": {
            "type": "object",
            "properties": {
                "day": {"type": "string", "format": "date"},
                "at": {"type": "string", "format": "date-time"},
                "id": {"type": "string", "format": "uuid"},
                "site": {"type": "string", "format": "uri"},
            },
        }
    }
    example = {
        "day": "2024-02-29",
        "at": "2024-02-29T10:00:00Z",
        "id": "123e4567-e89b-12d3-a456-426614174000",
        "site": "https://example.com",
    }
    found = _derive(schemas, example)
    formats = sorted(case.id for case in found.values() if case.kind == "format")
    assert formats == ["at:format:malformed", "day:format:malformed", "id:format:malformed"]
    only_dates = _derive(schemas, example, formats={"date"})
    assert [c.id for c in only_dates.values() if c.kind == "format"] == ["day:format:malformed"]


def test_formatted_strings_get_no_accepting_length_case() -> None:
    schemas = {
        "Root": {
            "type": "object",
            "properties": {"day": {"type": "string", "format": "date", "maxLength": 10}},
        }
    }
    found = _derive(schemas, {"day": "2024-02-29"})
    assert "day:maxLength:at" not in found
    assert found["day:maxLength:over"].valid is False


# --------------------------------------------------------------------------------------------
# numbers


def test_integer_bounds_stay_integers() -> None:
    schemas = {
        "Root": {
            "type": "object",
            "properties": {"qty": {"type": "integer", "minimum": 1, "maximum": 99}},
        }
    }
    found = _derive(schemas, {"qty": 5})
    expected = {
        "qty:minimum:at": (1, True),
        "qty:minimum:under": (0, False),
        "qty:maximum:at": (99, True),
        "qty:maximum:over": (100, False),
    }
    for case_id, (value, valid) in expected.items():
        case = found[case_id]
        assert case.instance["qty"] == value and type(case.instance["qty"]) is int
        assert case.valid is valid


def test_number_bounds_step_by_a_hundredth_or_the_limits_precision() -> None:
    schemas = {
        "Root": {
            "type": "object",
            "properties": {
                "price": {"type": "number", "minimum": 0, "maximum": 1.5},
                "rate": {"type": "number", "maximum": 0.125},
            },
        }
    }
    found = _derive(schemas, {"price": 1.0, "rate": 0.1})
    assert found["price:minimum:under"].instance["price"] == -0.01
    assert found["price:minimum:at"].instance["price"] == 0
    assert found["price:maximum:over"].instance["price"] == 1.51
    assert found["rate:maximum:over"].instance["rate"] == 0.126


def test_exclusive_bounds() -> None:
    schemas = {
        "Root": {
            "type": "object",
            "properties": {
                "n": {"type": "integer", "exclusiveMinimum": 0, "exclusiveMaximum": 10},
                "x": {"type": "number", "exclusiveMinimum": 0},
            },
        }
    }
    found = _derive(schemas, {"n": 5, "x": 2.5})
    assert (found["n:exclusiveMinimum:at"].instance["n"], found["n:exclusiveMinimum:at"].valid) == (
        0,
        False,
    )
    assert found["n:exclusiveMinimum:above"].instance["n"] == 1
    assert found["n:exclusiveMaximum:at"].instance["n"] == 10
    assert found["n:exclusiveMaximum:below"].instance["n"] == 9
    assert found["x:exclusiveMinimum:above"].instance["x"] == 0.01


def test_multiple_of_sets_the_step() -> None:
    schemas = {
        "Root": {
            "type": "object",
            "properties": {
                "amount": {"type": "number", "minimum": 0, "maximum": 100, "multipleOf": 0.5}
            },
        }
    }
    found = _derive(schemas, {"amount": 2.5})
    assert found["amount:maximum:at"].instance["amount"] == 100
    assert found["amount:maximum:over"].instance["amount"] == 100.5
    assert found["amount:minimum:under"].instance["amount"] == -0.5


def test_at_limit_number_not_a_multiple_is_skipped() -> None:
    schemas = {
        "Root": {
            "type": "object",
            "properties": {"n": {"type": "integer", "maximum": 10, "multipleOf": 3}},
        }
    }
    found = _derive(schemas, {"n": 6})
    assert "n:maximum:at" not in found
    assert found["n:maximum:over"].valid is False


def test_tightest_of_two_limits_is_the_accepting_one() -> None:
    schemas = {
        "Short": {"type": "string", "maxLength": 20},
        "Root": {
            "type": "object",
            "properties": {"s": {"$ref": "#/components/schemas/Short", "maxLength": 4}},
        },
    }
    found = _derive(schemas, {"s": "ab"})
    assert found["s:maxLength:at"].instance == {"s": "abab"}
    assert found["s:maxLength:at"].pointer == "/components/schemas/Root/properties/s"
    # the looser limit of the referenced schema: over it is invalid, at it is not valid
    assert found["s:maxLength[2]:over"].pointer == "/components/schemas/Short"
    assert "s:maxLength[2]:at" not in found


# --------------------------------------------------------------------------------------------
# enum, const, null, type


def test_enum_outsider_and_members() -> None:
    schemas = {
        "Root": {
            "type": "object",
            "properties": {"status": {"type": "string", "enum": ["open", "closed", "void"]}},
        }
    }
    found = _derive(schemas, {"status": "open"})
    assert found["status:enum:not_member"].instance == {"status": "open_X"}
    assert found["status:enum:not_member"].valid is False
    assert found["status:enum:member=closed"].instance == {"status": "closed"}
    assert found["status:enum:member=void"].valid is True
    assert "status:enum:member=open" not in found  # the example itself


def test_integer_enum_outsider_is_an_integer() -> None:
    schemas = {
        "Root": {"type": "object", "properties": {"n": {"type": "integer", "enum": [1, 2, 5]}}}
    }
    found = _derive(schemas, {"n": 2})
    assert found["n:enum:not_member"].instance == {"n": 6}
    assert found["n:enum:member=5"].valid is True


def test_enum_members_looked_at_by_a_condition_get_no_accepting_case() -> None:
    schemas = {
        "Root": {
            "type": "object",
            "properties": {
                "kind": {"type": "string", "enum": ["person", "company"]},
                "companyName": {"type": "string", "maxLength": 5},
            },
            "if": {"properties": {"kind": {"const": "company"}}, "required": ["kind"]},
            "then": {"required": ["companyName"]},
        }
    }
    found = _derive(schemas, {"kind": "person", "companyName": "AC"})
    assert "kind:enum:member=company" not in found
    assert found["kind:enum:not_member"].valid is False
    # companyName is only looked at for presence: its value cases stay
    assert found["companyName:maxLength:at"].valid is True


def test_value_rules_in_conditions_suppress_accepting_cases_only() -> None:
    schemas = {
        "Root": {
            "type": "object",
            "properties": {
                "country": {"type": "string", "maxLength": 2},
                "zip": {"type": ["string", "null"], "maxLength": 10},
            },
            "if": {"properties": {"country": {"const": "NL"}}},
            "then": {"properties": {"zip": {"type": "string", "pattern": "^[0-9]{4}[A-Z]{2}$"}}},
        }
    }
    found = _derive(schemas, {"country": "NL", "zip": "1234AB"})
    assert "zip:maxLength:at" not in found
    assert "zip:null:accepted" not in found
    assert found["zip:maxLength:over"].valid is False
    assert "country:maxLength:at" not in found
    assert found["country:maxLength:over"].valid is False


def test_const_gets_a_different_value_of_the_same_type() -> None:
    schemas = {
        "Root": {
            "type": "object",
            "properties": {
                "version": {"const": 2},
                "kind": {"type": "string", "const": "order"},
                "flag": {"const": True},
            },
        }
    }
    found = _derive(schemas, {"version": 2, "kind": "order", "flag": True})
    assert found["version:const:other"].instance["version"] == 3
    assert found["kind:const:other"].instance["kind"] == "order_X"
    assert found["flag:const:other"].instance["flag"] is False


@pytest.mark.parametrize(
    ("schema", "accepted"),
    [
        ({"type": "string"}, False),
        ({"type": ["string", "null"]}, True),
        ({"anyOf": [{"type": "string"}, {"type": "null"}]}, True),
        ({"oneOf": [{"type": "null"}, {"type": "string", "maxLength": 3}]}, True),
        ({"type": ["string", "null"], "enum": ["a", "b"]}, False),
        ({"type": ["string", "null"], "enum": ["a", "b", None]}, True),
        ({"anyOf": [{"$ref": "#/components/schemas/Str"}, {"type": "null"}]}, True),
        ({"$ref": "#/components/schemas/Str"}, False),
    ],
    ids=[
        "plain",
        "type-list",
        "anyOf",
        "oneOf",
        "enum-without-null",
        "enum-with-null",
        "ref",
        "ref-plain",
    ],
)
def test_null_case(schema: dict[str, Any], accepted: bool) -> None:
    schemas = {"Str": {"type": "string"}, "Root": {"type": "object", "properties": {"v": schema}}}
    found = _derive(schemas, {"v": "a"})
    expected = "v:null:accepted" if accepted else "v:null:rejected"
    other = "v:null:rejected" if accepted else "v:null:accepted"
    assert found[expected].valid is accepted
    assert found[expected].instance == {"v": None}
    assert other not in found


def test_nullable_union_is_descended_for_a_present_value() -> None:
    schemas = {
        "Customer": {
            "type": "object",
            "required": ["name"],
            "properties": {"name": {"type": "string", "maxLength": 3}},
        },
        "Root": {
            "type": "object",
            "properties": {
                "customer": {"anyOf": [{"$ref": "#/components/schemas/Customer"}, {"type": "null"}]}
            },
        },
    }
    found = _derive(schemas, {"customer": {"name": "Jo"}})
    assert found["customer:required:name"].pointer == "/components/schemas/Customer"
    assert found["customer.name:maxLength:over"].valid is False
    assert found["customer:null:accepted"].valid is True
    assert found["customer:type:string"].instance == {"customer": "x"}
    # a null value offers nothing to descend into
    nothing_below = _derive(schemas, {"customer": None})
    assert list(nothing_below) == []


def test_wrong_type_cases() -> None:
    schemas = {
        "Root": {
            "type": "object",
            "properties": {
                "n": {"type": "integer"},
                "s": {"type": "string"},
                "ns": {"type": ["number", "string"]},
                "o": {"type": "object"},
                "anything": {"description": "no type"},
            },
        }
    }
    found = _derive(schemas, {"n": 1, "s": "a", "ns": 1, "o": {}, "anything": 1})
    assert found["n:type:string"].instance["n"] == "x"
    assert found["s:type:integer"].instance["s"] == 1
    assert found["ns:type:boolean"].instance["ns"] is True
    assert found["o:type:string"].valid is False
    # no type declared: no type case; null is simply accepted
    assert sorted(c.id for c in found.values() if c.path == ("anything",)) == [
        "anything:null:accepted"
    ]


# --------------------------------------------------------------------------------------------
# arrays and objects


def test_array_items_and_length() -> None:
    schemas = {
        "Line": {
            "type": "object",
            "required": ["qty"],
            "properties": {"qty": {"type": "integer", "minimum": 1}},
        },
        "Root": {
            "type": "object",
            "properties": {
                "lines": {
                    "type": "array",
                    "minItems": 1,
                    "maxItems": 3,
                    "items": {"$ref": "#/components/schemas/Line"},
                }
            },
        },
    }
    found = _derive(schemas, {"lines": [{"qty": 2}, {"qty": 3}]})
    assert found["lines[1].qty:minimum:under"].instance == {"lines": [{"qty": 2}, {"qty": 0}]}
    assert found["lines[1].qty:minimum:under"].path == ("lines", 1, "qty")
    assert found["lines[0]:required:qty"].instance == {"lines": [{}, {"qty": 3}]}
    assert found["lines:maxItems:at"].instance == {"lines": [{"qty": 2}, {"qty": 3}, {"qty": 3}]}
    assert len(found["lines:maxItems:over"].instance["lines"]) == 4
    assert found["lines:minItems:at"].instance == {"lines": [{"qty": 2}]}
    assert found["lines:minItems:under"].instance == {"lines": []}


def test_unique_items_suppresses_accepting_item_cases() -> None:
    schemas = {
        "Root": {
            "type": "object",
            "properties": {
                "tags": {
                    "type": "array",
                    "uniqueItems": True,
                    "maxItems": 3,
                    "items": {"type": "string", "enum": ["a", "b", "c"]},
                }
            },
        }
    }
    found = _derive(schemas, {"tags": ["a", "b"]})
    assert "tags:maxItems:at" not in found
    assert "tags[0]:enum:member=b" not in found
    assert found["tags[0]:enum:not_member"].valid is False


def test_prefix_items_are_not_descended() -> None:
    schemas = {
        "Root": {
            "type": "array",
            "prefixItems": [{"type": "string", "maxLength": 1}],
            "items": {"type": "integer", "maximum": 5},
        }
    }
    found = _derive(schemas, ["a", 1])
    assert not [case for case in found.values() if len(case.path) > 0]


def test_pattern_properties_matching_a_name_suppress_accepting_cases() -> None:
    schemas = {
        "Root": {
            "type": "object",
            "properties": {
                "x-a": {"type": "string", "maxLength": 5},
                "b": {"type": "string", "maxLength": 5},
            },
            "patternProperties": {"^x-": {"maxLength": 3}},
        }
    }
    found = _derive(schemas, {"x-a": "ab", "b": "ab"})
    assert "x-a:maxLength:at" not in found  # would break the pattern property's limit
    assert found["x-a:maxLength:over"].valid is False
    assert found["b:maxLength:at"].valid is True


def test_unresolvable_ref_gives_no_accepting_cases() -> None:
    document = _doc(
        {
            "Root": {
                "type": "object",
                "properties": {"s": {"$ref": "other.yaml#/S", "maxLength": 3}},
            }
        }
    )
    derived = derive_cases(document, "/components/schemas/Root", {"s": "ab"})
    by_id = {case.id: case for case in derived}
    assert by_id["s:maxLength:over"].valid is False
    assert not [case for case in derived if case.valid]


def test_not_and_one_of_alternatives_are_not_descended() -> None:
    schemas = {
        "Root": {
            "type": "object",
            "properties": {
                "pay": {
                    "oneOf": [
                        {
                            "type": "object",
                            "required": ["iban"],
                            "properties": {"iban": {"type": "string", "maxLength": 34}},
                        },
                        {
                            "type": "object",
                            "required": ["card"],
                            "properties": {"card": {"type": "string"}},
                        },
                    ]
                },
                "s": {"type": "string", "maxLength": 5, "not": {"const": "abcde"}},
            },
        }
    }
    found = _derive(schemas, {"pay": {"iban": "NL00"}, "s": "ab"})
    assert not [case for case in found.values() if case.path[:1] == ("pay",) and len(case.path) > 1]
    assert "s:maxLength:at" not in found  # "not" is not understood: no accepting case
    assert found["s:maxLength:over"].valid is False


# --------------------------------------------------------------------------------------------
# output properties


def _rich() -> tuple[dict[str, Any], dict[str, Any]]:
    schemas = {
        "Money": {"type": "number", "minimum": 0, "maximum": 1000, "multipleOf": 0.01},
        "Code": {
            "type": "string",
            "pattern": "^[A-Z]{2}[0-9]{2,6}$",
            "maxLength": 8,
            "minLength": 4,
        },
        "Line": {
            "type": "object",
            "required": ["sku", "qty"],
            "properties": {
                "sku": {"$ref": "#/components/schemas/Code"},
                "qty": {"type": "integer", "minimum": 1, "exclusiveMaximum": 100},
                "price": {"$ref": "#/components/schemas/Money"},
                "note": {"type": ["string", "null"], "maxLength": 5},
            },
        },
        "Root": {
            "type": "object",
            "additionalProperties": False,
            "required": ["kind", "lines"],
            "properties": {
                "kind": {"type": "string", "enum": ["person", "company"]},
                "companyName": {"type": "string", "maxLength": 10},
                "email": {"type": "string", "format": "email", "maxLength": 30},
                "created": {"type": "string", "format": "date"},
                "version": {"const": 2},
                "lines": {
                    "type": "array",
                    "minItems": 1,
                    "maxItems": 3,
                    "items": {"$ref": "#/components/schemas/Line"},
                },
                "status": {"type": ["string", "null"], "enum": ["open", "closed"]},
            },
            "if": {"properties": {"kind": {"const": "company"}}},
            "then": {"required": ["companyName"]},
        },
    }
    example = {
        "kind": "person",
        "companyName": "ACME",
        "email": "a@b.c",
        "created": "2024-01-02",
        "version": 2,
        "lines": [{"sku": "AB12", "qty": 2, "price": 9.99, "note": "hi"}],
        "status": "open",
    }
    return schemas, example


def test_rich_schema_cases_are_all_right_and_deterministic() -> None:
    schemas, example = _rich()
    pristine = copy.deepcopy(example)
    first = _derive(schemas, example)
    second = _derive(schemas, example)
    assert example == pristine  # the example is never mutated
    assert list(first) == list(second)
    assert [c.instance for c in first.values()] == [c.instance for c in second.values()]
    assert len(first) > 40
    for case in first.values():
        assert case.kind in cases_module.KINDS
        assert case.id.split(":")[1].split("[")[0] == case.kind
        assert case.instance is not example
        if isinstance(case.instance.get("lines"), list):
            assert case.instance["lines"] is not example["lines"]
    # instances are independent copies
    instances = [case.instance for case in first.values()]
    assert all(a is not b for a, b in zip(instances, instances[1:]))


def test_format_path() -> None:
    assert format_path(()) == "$"
    assert format_path(("a", 0, "b")) == "a[0].b"
    assert format_path(("a", "*", "b")) == "a[*].b"
    assert format_path(("a.b", "c d", "")) == '["a.b"]["c d"][""]'


# --------------------------------------------------------------------------------------------
# constraint sites and coverage


def test_constraint_sites_lists_every_reachable_constraint() -> None:
    schemas, _ = _rich()
    sites = constraint_sites(_doc(schemas), "/components/schemas/Root")
    keys = {(site.pointer.rsplit("/schemas/", 1)[-1], site.kind, site.path) for site in sites}
    assert ("Code", "pattern", ("lines", "*", "sku")) in keys
    assert ("Line", "required", ("lines", "*", "qty")) in keys
    assert ("Root", "required", ("kind",)) in keys
    assert ("Root/properties/status", "enum", ("status",)) in keys
    assert ("Money", "minimum", ("lines", "*", "price")) in keys
    # conditional requirements are no site
    assert not [site for site in sites if site.path == ("companyName",) and site.kind == "required"]
    assert sites == sorted(sites, key=lambda site: (site.pointer, site.kind, site.path))


def test_full_example_covers_every_site_and_a_partial_one_does_not() -> None:
    schemas, example = _rich()
    document = _doc(schemas)
    pointer = "/components/schemas/Root"
    sites = constraint_sites(document, pointer)
    assert uncovered_sites(sites, derive_cases(document, pointer, example)) == []
    partial = {"kind": "person", "lines": [{"sku": "AB12", "qty": 2}]}
    missing = uncovered_sites(sites, derive_cases(document, pointer, partial))
    described = {(site.pointer.rsplit("/schemas/", 1)[-1], site.kind) for site in missing}
    assert ("Money", "maximum") in described
    assert ("Root/properties/version", "const") in described
    assert ("Root/properties/companyName", "maxLength") in described
    assert all(site.kind in cases_module.COVERAGE_KINDS for site in missing)


def test_sites_of_recursive_schemas_terminate() -> None:
    schemas = {
        "Node": {
            "type": "object",
            "required": ["name"],
            "properties": {
                "name": {"type": "string", "maxLength": 5},
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
            },
        }
    }
    sites = constraint_sites(_doc(schemas), "/components/schemas/Node")
    assert sites == [
        Site("/components/schemas/Node", "required", ("name",)),
        Site("/components/schemas/Node/properties/name", "maxLength", ("name",)),
    ]
    example = {"name": "a", "children": [{"name": "b", "children": []}]}
    found = _derive(schemas, example, name="Node")
    assert found["children[0].name:maxLength:over"].valid is False


def test_trivial_minimums_are_no_sites() -> None:
    schemas = {
        "Root": {
            "type": "object",
            "properties": {
                "s": {"type": "string", "minLength": 0},
                "a": {"type": "array", "minItems": 0, "items": {"type": "string"}},
            },
        }
    }
    assert constraint_sites(_doc(schemas), "/components/schemas/Root") == []
