"""Spec tests for specs/instellix/openapi.yaml (instellix, formerly Nitrobox: POST /v2/contracts)."""

from __future__ import annotations

import copy
from typing import Any, Iterator

import pytest
from openapi_spec_validator import validate
from tests.specs.helpers import errors, is_valid, load_spec, media_examples

API = "instellix"
REQUEST = "/components/schemas/CreateContractRequest"
ERROR = "/components/schemas/ErrorResponse"

# Field names that appear literally in seed 004 (the page lost most names: these are the
# surviving headings plus the names spelled out in description texts).
SEED_FIELDS = [
    "contractPriceAdaptation",
    "lineItems",
    "optionQuantities",
    "paymentInformation",
    "paymentTerm",
    "performanceLocation",
    "planModifiers",
    "properties",
    "relatedContracts",
    "serviceLocation",
    "taxLocation",
    "startDate",
    "debtorId",
    "debtorIdent",
    "invoiceAddressIdent",
    "shippingAddressIdent",
]

# All request fields in vendor order (vendors.md §5), which restores the names the seed lost.
VENDOR_FIELDS = [
    "billingStartDate",
    "businessSegmentId",
    "businessSegmentIdent",
    "contractIdent",
    "contractPriceAdaptation",
    "country",
    "couponCode",
    "date",
    "debtorId",
    "debtorIdent",
    "durationType",
    "duration",
    "endDate",
    "invoiceAddressId",
    "invoiceAddressIdent",
    "language",
    "lineItems",
    "optionQuantities",
    "paymentInformation",
    "paymentReference",
    "paymentTerm",
    "paymentType",
    "performanceLocation",
    "planId",
    "planIdent",
    "planModifiers",
    "properties",
    "relatedContracts",
    "serviceLocation",
    "shippingAddressId",
    "shippingAddressIdent",
    "startDate",
    "taxLocation",
]

ERROR_FIELDS = [
    "status",
    "timestamp",
    "message",
    "path",
    "uuid",
    "errors",
    "fieldName",
    "error",
    "rejectedValue",
]

DEPRECATED = [
    "businessSegmentId",
    "country",
    "debtorId",
    "durationType",
    "duration",
    "endDate",
    "invoiceAddressId",
    "paymentReference",
    "paymentType",
    "planId",
    "serviceLocation",
    "shippingAddressId",
]


def _property_names(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict):
            yield from props.keys()
        for value in node.values():
            yield from _property_names(value)
    elif isinstance(node, list):
        for value in node:
            yield from _property_names(value)


def _schema(name: str) -> dict[str, Any]:
    return load_spec(API)["components"]["schemas"][name]


def _props() -> dict[str, Any]:
    return _schema("CreateContractRequest")["properties"]


def _request_example(name: str) -> dict[str, Any]:
    for example_id, _pointer, _where, value in media_examples(API):
        if example_id == f"createContract:requestBody:{name}":
            return value
    raise KeyError(name)


def test_spec_is_valid_openapi_31() -> None:
    spec = load_spec(API)
    assert spec["openapi"] == "3.1.0"
    validate(spec)


@pytest.mark.parametrize("field", SEED_FIELDS + ERROR_FIELDS)
def test_seed_field_is_in_spec(field: str) -> None:
    assert field in set(_property_names(load_spec(API)["components"]["schemas"]))


def test_request_fields_in_vendor_order() -> None:
    assert list(_props()) == VENDOR_FIELDS


def test_full_example_sets_every_field() -> None:
    assert set(_request_example("full")) == set(VENDOR_FIELDS)


@pytest.mark.parametrize("example_id", [e[0] for e in media_examples(API)])
def test_examples_are_valid(example_id: str) -> None:
    ((_, pointer, _, value),) = [e for e in media_examples(API) if e[0] == example_id]
    assert errors(API, pointer, value) == []


# --- conditional rule: debtorId or debtorIdent must be present (null does not count) -------

DEBTOR_CASES = [
    ({"debtorIdent": "customer-4711"}, True),
    ({"debtorId": 4711}, True),
    ({"debtorId": 4711, "debtorIdent": "customer-4711"}, True),
    ({"debtorId": None, "debtorIdent": "customer-4711"}, True),
    ({"debtorId": 4711, "debtorIdent": None}, True),
    ({"debtorIdent": ""}, True),
    ({}, False),
    ({"debtorId": None}, False),
    ({"debtorIdent": None}, False),
    ({"debtorId": None, "debtorIdent": None}, False),
]


@pytest.mark.parametrize("base", ["typical", "full", "minimal", "byDeprecatedDebtorId"])
@pytest.mark.parametrize(("debtor", "valid"), DEBTOR_CASES)
def test_debtor_rule(base: str, debtor: dict[str, Any], valid: bool) -> None:
    body = copy.deepcopy(_request_example(base))
    body.pop("debtorId", None)
    body.pop("debtorIdent", None)
    body.update(debtor)
    assert is_valid(API, REQUEST, body) is valid


@pytest.mark.parametrize("field", ["contractIdent", "date", "optionQuantities"])
def test_required_non_null_fields(field: str) -> None:
    body = copy.deepcopy(_request_example("minimal"))
    body[field] = None
    assert is_valid(API, REQUEST, body) is False
    del body[field]
    assert is_valid(API, REQUEST, body) is False


@pytest.mark.parametrize(
    ("field", "value", "valid"),
    [
        ("contractIdent", "a", True),
        ("contractIdent", "A" * 100, True),
        ("contractIdent", "ok_.~-9", True),
        ("contractIdent", "", False),
        ("contractIdent", "A" * 101, False),
        ("contractIdent", "has space", False),
        ("contractIdent", "mail@example", False),
        ("debtorIdent", "mail@example.com", True),
        ("debtorIdent", "x" * 101, False),
        ("debtorIdent", "bad/char", False),
        ("billingStartDate", "2026-05-01", True),
        ("billingStartDate", "2026-05-01T00:00:00Z", False),
        ("date", "2026-05-01", False),
        ("startDate", None, True),
        ("language", "fr", True),
        ("language", None, True),
        ("language", "xx", False),
        ("country", "CH", True),
        ("country", "NO", True),
        ("country", "DEU", False),
        ("optionQuantities", [], True),
    ],
)
def test_constraints(field: str, value: Any, valid: bool) -> None:
    body = copy.deepcopy(_request_example("full"))
    body[field] = value
    assert is_valid(API, REQUEST, body) is valid


# --- pinned facts --------------------------------------------------------------------------


def test_operation() -> None:
    op = load_spec(API)["paths"]["/v2/contracts"]["post"]
    assert op["operationId"] == "createContract"
    assert op["x-specgen-idempotency-key"] == "contractIdent"
    assert "x-decision" in op
    assert set(op["responses"]) == {"201", "4XX", "5XX"}
    for status in ("4XX", "5XX"):
        assert op["responses"][status]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/ErrorResponse"
        }


def test_servers() -> None:
    urls = [s["url"] for s in load_spec(API)["servers"]]
    assert urls[:2] == ["https://api.instellix.io", "https://api.sandbox.instellix.io"]


def test_oauth2_client_credentials() -> None:
    spec = load_spec(API)
    scheme = spec["components"]["securitySchemes"]["oauth2"]
    assert scheme["type"] == "oauth2"
    assert (
        scheme["flows"]["clientCredentials"]["tokenUrl"]
        == "https://api.instellix.io/{realm}/oauth2/token"
    )
    assert "x-decision" in scheme
    assert spec["security"] == [{"oauth2": []}]


@pytest.mark.parametrize("field", DEPRECATED)
def test_deprecated(field: str) -> None:
    assert _props()[field]["deprecated"] is True


@pytest.mark.parametrize("field", sorted(set(VENDOR_FIELDS) - set(DEPRECATED)))
def test_not_deprecated(field: str) -> None:
    assert "deprecated" not in _props()[field]


@pytest.mark.parametrize(
    ("field", "fmt"),
    [
        ("billingStartDate", "date"),
        ("date", "date-time"),
        ("endDate", "date-time"),
        ("startDate", "date-time"),
        ("businessSegmentId", "int64"),
        ("debtorId", "int64"),
        ("invoiceAddressId", "int64"),
        ("planId", "int64"),
        ("shippingAddressId", "int64"),
        ("duration", "int32"),
    ],
)
def test_formats(field: str, fmt: str) -> None:
    assert _props()[field]["format"] == fmt


@pytest.mark.parametrize(
    "field", sorted(set(VENDOR_FIELDS) - {"contractIdent", "date", "optionQuantities"})
)
def test_optional_fields_are_nullable(field: str) -> None:
    body = copy.deepcopy(_request_example("full"))
    body[field] = None  # for debtorId/debtorIdent the other one still satisfies the rule
    assert is_valid(API, REQUEST, body) is True


def test_language_default_and_enums() -> None:
    language = _props()["language"]
    assert language["default"] == "de"
    assert len(language["enum"]) == 186 and None in language["enum"]
    country = _props()["country"]
    assert len(country["enum"]) == 273 and "UNDEFINED" in country["enum"]


def test_patterns_are_anchored() -> None:
    assert _props()["contractIdent"]["pattern"] == "^[a-zA-Z0-9_.~-]{1,100}$"
    assert _props()["debtorIdent"]["pattern"] == "^[a-zA-Z0-9_.~@-]*$"
    assert _props()["debtorIdent"]["maxLength"] == 100


def test_error_timestamp_without_zone_is_valid() -> None:
    body = {
        "status": "BAD_REQUEST",
        "timestamp": "2021-01-01T08:00:00.000000",
        "message": "Validation failed",
        "path": "/v2/contracts",
        "uuid": "abc",
        "errors": [
            {
                "fieldName": "addresses[0].addressType",
                "error": "must not be null",
                "rejectedValue": None,
            }
        ],
    }
    assert is_valid(API, ERROR, body) is True
    assert "format" not in _schema("ErrorResponse")["properties"]["timestamp"]
