"""Spec tests for specs/harmony/openapi.yaml (Harmony / Jubilee device insurance).

Only the YAML spec and tests/specs/helpers.py are used: no generator code.
"""

from __future__ import annotations

import copy
from typing import Any, Callable

import pytest
from openapi_spec_validator import validate
from tests.specs.helpers import errors, is_valid, load_spec, media_examples

API = "harmony"
CREATE_BODY = "/components/schemas/CreateContractRequest"
CUSTOMER = "/components/schemas/Customer"
DEVICE = "/components/schemas/Device"
SEARCH_BODY = "/components/schemas/SearchTemplatesRequest"
ERROR = "/components/schemas/ErrorResponse"

# Every field name in seed 000_4446702ef955e686.txt (request and response), spelled as there.
SEED_FIELDS = [
    # request root
    "customer",
    "insurance",
    "device",
    "employeeNo",
    "shopNo",
    "externalReference",
    # customer
    "companyName",
    "chambresOfCommerceNumber",
    "gender",
    "initials",
    "firstname",
    "middleName",
    "lastName",
    "dateOfBirth",
    "addressLine1",
    "addressLine2",
    "addressLine3",
    "zipCode",
    "city",
    "countryCode",
    "phoneNumber",
    "emailAddress",
    "ibanCode",
    # insurance
    "startDate",
    "templateCode",
    "discountCode",
    "acceptAutomaticPaymentCollection",
    "acceptPolicyTerms",
    "acceptPrivacyPolicy",
    # device
    "itemNo",
    "itemCategoryCode",
    "objectConditionCode",
    "manufacturer",
    "model",
    "serialNo",
    "imei",
    "ean",
    "productType",
    "retailPrice",
    "purchaseDate",
    "includeTermsOfConditions",
    # response
    "contractNo",
    "status",
]


def _property_names(node: Any, found: set[str]) -> set[str]:
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict):
            found.update(props)
        for value in node.values():
            _property_names(value, found)
    elif isinstance(node, list):
        for value in node:
            _property_names(value, found)
    return found


def _example(operation_id: str, where: str, name: str) -> tuple[str, Any]:
    wanted = f"{operation_id}:{where}:{name}"
    for example_id, pointer, _where, value in media_examples(API):
        if example_id == wanted:
            return pointer, value
    raise AssertionError(f"example {wanted} not found")


def _schema(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = load_spec(API)["components"]["schemas"][name]
    return schema


def _operation(path: str) -> dict[str, Any]:
    op: dict[str, Any] = load_spec(API)["paths"][path]["post"]
    return op


# --------------------------------------------------------------------------- seed fields


def test_seed_field_list_has_no_duplicates() -> None:
    assert len(SEED_FIELDS) == len(set(SEED_FIELDS))


@pytest.mark.parametrize("field", SEED_FIELDS)
def test_seed_field_is_a_property_in_the_spec(field: str) -> None:
    names = _property_names(load_spec(API)["components"]["schemas"], set())
    assert field in names


# --------------------------------------------------------------------------- validity


def test_openapi_spec_validator_accepts_the_spec() -> None:
    validate(copy.deepcopy(load_spec(API)))


@pytest.mark.parametrize(
    "example_id,pointer,value",
    [(i, p, v) for i, p, _w, v in media_examples(API)],
    ids=[i for i, _p, _w, _v in media_examples(API)],
)
def test_every_example_is_valid(example_id: str, pointer: str, value: Any) -> None:
    assert errors(API, pointer, value) == []


# --------------------------------------------------------------------------- NL / BE rule


def _customer(name: str = "vendorSample") -> dict[str, Any]:
    _pointer, body = _example("createContract", "requestBody", name)
    customer: dict[str, Any] = body["customer"]
    return customer


def _set(**fields: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(obj: dict[str, Any]) -> None:
        obj.update(fields)

    return mutate


def _drop(*names: str) -> Callable[[dict[str, Any]], None]:
    def mutate(obj: dict[str, Any]) -> None:
        for name in names:
            obj.pop(name, None)

    return mutate


def _chain(*steps: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
    def mutate(obj: dict[str, Any]) -> None:
        for step in steps:
            step(obj)

    return mutate


CUSTOMER_CASES = [
    # (id, mutation of the vendor sample customer (NL, initials + firstname), expected validity)
    ("nl-initials-and-firstname", _set(), True),
    ("nl-initials-only", _drop("firstname"), True),
    ("nl-without-initials", _drop("initials"), False),
    ("nl-without-initials-and-firstname", _drop("initials", "firstname"), False),
    ("be-firstname-and-initials", _set(countryCode="BE"), True),
    ("be-firstname-only", _chain(_set(countryCode="BE"), _drop("initials")), True),
    ("be-without-firstname", _chain(_set(countryCode="BE"), _drop("firstname")), False),
    (
        "be-without-firstname-and-initials",
        _chain(_set(countryCode="BE"), _drop("firstname", "initials")),
        False,
    ),
    (
        "other-country-needs-neither",
        _chain(_set(countryCode="DE"), _drop("firstname", "initials")),
        True,
    ),
    ("lower-case-nl-is-refused", _chain(_set(countryCode="nl"), _drop("initials")), False),
    ("country-code-missing", _drop("countryCode"), False),
]


@pytest.mark.parametrize(
    "mutate,expected",
    [(m, e) for _i, m, e in CUSTOMER_CASES],
    ids=[i for i, _m, _e in CUSTOMER_CASES],
)
def test_customer_country_rule(mutate: Callable[[dict[str, Any]], None], expected: bool) -> None:
    customer = copy.deepcopy(_customer())
    mutate(customer)
    assert is_valid(API, CUSTOMER, customer) is expected


@pytest.mark.parametrize("expected", [True, False], ids=["initials-present", "initials-missing"])
def test_nl_rule_holds_inside_the_whole_request(expected: bool) -> None:
    pointer, body = _example("createContract", "requestBody", "minimal")
    body = copy.deepcopy(body)
    assert body["customer"]["countryCode"] == "NL"
    if not expected:
        del body["customer"]["initials"]
    assert is_valid(API, pointer, body) is expected


@pytest.mark.parametrize("expected", [True, False], ids=["firstname-present", "firstname-missing"])
def test_be_rule_holds_inside_the_whole_request(expected: bool) -> None:
    pointer, body = _example("createContract", "requestBody", "minimalBelgium")
    body = copy.deepcopy(body)
    assert body["customer"]["countryCode"] == "BE"
    if not expected:
        del body["customer"]["firstname"]
    assert is_valid(API, pointer, body) is expected


def test_country_rules_are_if_then_blocks_in_all_of() -> None:
    blocks = _schema("Customer")["allOf"]
    rules = {b["if"]["properties"]["countryCode"]["const"]: b["then"]["required"] for b in blocks}
    assert rules == {"NL": ["initials"], "BE": ["firstname"]}
    for block in blocks:
        assert block["if"]["required"] == ["countryCode"]


# --------------------------------------------------------------------------- device rule


def _device() -> dict[str, Any]:
    _pointer, body = _example("createContract", "requestBody", "vendorSample")
    device: dict[str, Any] = body["device"]
    return device


DEVICE_CASES = [
    ("itemNo-and-triple", _drop(), True),
    ("itemNo-only", _drop("manufacturer", "model", "itemCategoryCode"), True),
    ("triple-only", _drop("itemNo"), True),
    ("nothing", _drop("itemNo", "manufacturer", "model", "itemCategoryCode"), False),
    ("no-itemNo-no-manufacturer", _drop("itemNo", "manufacturer"), False),
    ("no-itemNo-no-model", _drop("itemNo", "model"), False),
    ("no-itemNo-no-itemCategoryCode", _drop("itemNo", "itemCategoryCode"), False),
    ("itemNo-with-partial-triple", _drop("model", "itemCategoryCode"), True),
]


@pytest.mark.parametrize(
    "mutate,expected", [(m, e) for _i, m, e in DEVICE_CASES], ids=[i for i, _m, _e in DEVICE_CASES]
)
def test_device_identification_rule(
    mutate: Callable[[dict[str, Any]], None], expected: bool
) -> None:
    device = copy.deepcopy(_device())
    mutate(device)
    assert is_valid(API, DEVICE, device) is expected


def test_device_rule_is_any_of_required_lists() -> None:
    assert _schema("Device")["anyOf"] == [
        {"required": ["itemNo"]},
        {"required": ["manufacturer", "model", "itemCategoryCode"]},
    ]


# --------------------------------------------------------------------------- SearchTemplates rule


def _search_body() -> dict[str, Any]:
    _pointer, body = _example("searchTemplates", "requestBody", "full")
    return body


SEARCH_CASES = [
    ("itemNo-and-pair", _drop(), True),
    ("itemNo-only", _drop("manufacturerCode", "itemCategoryCode", "model"), True),
    ("pair-only", _drop("itemNo"), True),
    ("nothing", _drop("itemNo", "manufacturerCode", "itemCategoryCode"), False),
    ("no-itemNo-no-manufacturerCode", _drop("itemNo", "manufacturerCode"), False),
    ("no-itemNo-no-itemCategoryCode", _drop("itemNo", "itemCategoryCode"), False),
    ("no-retailPrice", _drop("retailPrice"), False),
    ("retailPrice-below-1", _set(retailPrice=0.99), False),
    ("retailPrice-exactly-1", _set(retailPrice=1), True),
]


@pytest.mark.parametrize(
    "mutate,expected", [(m, e) for _i, m, e in SEARCH_CASES], ids=[i for i, _m, _e in SEARCH_CASES]
)
def test_search_templates_rule(mutate: Callable[[dict[str, Any]], None], expected: bool) -> None:
    body = copy.deepcopy(_search_body())
    mutate(body)
    assert is_valid(API, SEARCH_BODY, body) is expected


# --------------------------------------------------------------------------- key facts


def test_servers_test_and_production() -> None:
    urls = [s["url"] for s in load_spec(API)["servers"]]
    assert urls == ["https://jubilee-ws.test.harmony.nl", "https://jubilee-ws.harmony.nl"]


def test_bearer_scheme_with_login() -> None:
    spec = load_spec(API)
    scheme = spec["components"]["securitySchemes"]["BearerAuth"]
    assert scheme["type"] == "http"
    assert scheme["scheme"] == "bearer"
    assert scheme["bearerFormat"] == "JWT"
    assert scheme["x-specgen-login"] == {
        "operationId": "login",
        "username": "username",
        "password": "password",
        "token": "token",
    }
    assert spec["security"] == [{"BearerAuth": []}]


def test_login_operation_is_unauthenticated_and_fields_match_login_extension() -> None:
    op = _operation("/api/token/login/")
    assert op["operationId"] == "login"
    assert op["security"] == []
    assert _schema("LoginRequest")["required"] == ["username", "password"]
    assert _schema("LoginResponse")["required"] == ["token"]
    assert _schema("LoginResponse")["additionalProperties"] is True


@pytest.mark.parametrize(
    "path,operation_id",
    [
        ("/api/token/login/", "login"),
        ("/api/insurance/CreateContract", "createContract"),
        ("/api/insurance/CancelContract", "cancelContract"),
        ("/api/insurance/SearchTemplates", "searchTemplates"),
    ],
)
def test_operation_ids(path: str, operation_id: str) -> None:
    op = _operation(path)
    assert op["operationId"] == operation_id
    assert op["summary"] and op["description"]


def test_create_contract_has_outcome_unknown_and_no_idempotency_key() -> None:
    op = _operation("/api/insurance/CreateContract")
    text = op["x-specgen-outcome-unknown"]
    assert "externalReference" in text and "CancelContract" in text
    assert "x-specgen-idempotency-key" not in op


@pytest.mark.parametrize(
    "schema,field",
    [
        ("Customer", "dateOfBirth"),
        ("Insurance", "startDate"),
        ("Device", "purchaseDate"),
    ],
)
def test_date_fields_are_dates(schema: str, field: str) -> None:
    prop = _schema(schema)["properties"][field]
    assert prop["type"] == "string"
    assert prop["format"] == "date"


@pytest.mark.parametrize("value", ["1980-13-01", "13-08-1980", "1980-08-13T00:00:00Z"])
def test_invalid_dates_are_refused(value: str) -> None:
    customer = copy.deepcopy(_customer())
    customer["dateOfBirth"] = value
    assert is_valid(API, CUSTOMER, customer) is False


@pytest.mark.parametrize(
    "schema,field",
    [
        ("Insurance", "discountCode"),
        ("Device", "itemNo"),
        ("Device", "itemCategoryCode"),
        ("Device", "objectConditionCode"),
        ("Device", "imei"),
    ],
)
def test_nullable_fields(schema: str, field: str) -> None:
    assert _schema(schema)["properties"][field]["type"] == ["string", "null"]


def test_item_category_code_is_examples_not_enum() -> None:
    for schema in ("Device", "SearchTemplatesRequest"):
        prop = _schema(schema)["properties"]["itemCategoryCode"]
        assert "enum" not in prop
        assert prop["examples"] == [
            "PHONE",
            "TABLET",
            "NOTEBOOK",
            "VISUAL",
            "WEARABLES",
            "OTHER",
            "DESKTOP",
        ]
    device = copy.deepcopy(_device())
    device["itemCategoryCode"] = "ACCOUNT-SPECIFIC"
    assert is_valid(API, DEVICE, device) is True


def test_retail_price_is_a_number_or_a_decimal_string_with_a_decision() -> None:
    prop = _schema("Device")["properties"]["retailPrice"]
    number, string = prop["anyOf"]
    assert number == {"type": "number", "format": "decimal", "minimum": 1}
    assert string["type"] == "string"
    assert "x-decision" in prop and "sent unchanged" in prop["x-decision"]["decision"]
    for value, valid in [
        ("123.45", True),  # the vendor's current example
        (123.45, True),  # the older example
        ("1", True),
        ("1.00", True),
        (1, True),
        ("0.99", False),
        (0.99, False),
        ("12,50", False),
        ("-5", False),
        ("1e3", False),
        ("", False),
    ]:
        device = copy.deepcopy(_device())
        device["retailPrice"] = value
        assert is_valid(API, DEVICE, device) is valid, value


def test_vendor_sample_is_unchanged() -> None:
    op = _operation("/api/insurance/CreateContract")
    sample = op["requestBody"]["content"]["application/json"]["examples"]["vendorSample"]
    assert sample["value"]["device"]["retailPrice"] == "123.45"
    assert "unchanged" in sample["summary"]


def test_chambres_misspelling_and_firstname_casing_kept() -> None:
    props = _schema("Customer")["properties"]
    assert "chambresOfCommerceNumber" in props
    assert "chamberOfCommerceNumber" not in props
    assert "firstname" in props and "firstName" not in props


def test_deprecated_and_defaults() -> None:
    assert _schema("Customer")["properties"]["mobilePhoneNumber"]["deprecated"] is True
    assert _schema("Device")["properties"]["includeTermsOfConditions"]["default"] is False
    assert (
        _schema("SearchTemplatesRequest")["properties"]["includeTermsOfConditions"]["default"]
        is False
    )


def test_root_objects_required() -> None:
    assert _schema("CreateContractRequest")["required"] == ["customer", "insurance", "device"]
    assert _schema("CancelContractRequest")["required"] == ["contractNo"]


def test_contract_number_is_server_set() -> None:
    props = _schema("CreateContractResponse")["properties"]
    assert props["contractNo"]["readOnly"] is True
    assert props["status"]["readOnly"] is True


@pytest.mark.parametrize(
    "body,expected",
    [
        ({}, True),
        ({"success": False, "errors": ["x"]}, True),
        ({"success": False, "errors": None}, True),
        ([{"field": "initials"}, "message"], True),
        ("Unauthorized", True),
        (42, False),
        ({"success": "no"}, False),
    ],
    ids=["empty-object", "wrapped", "wrapped-null", "array", "string", "number", "bad-success"],
)
def test_error_response_shapes(body: Any, expected: bool) -> None:
    assert is_valid(API, ERROR, body) is expected


@pytest.mark.parametrize(
    "path",
    [
        "/api/insurance/CreateContract",
        "/api/insurance/CancelContract",
        "/api/insurance/SearchTemplates",
    ],
)
def test_bearer_operations_document_errors_with_examples(path: str) -> None:
    responses = _operation(path)["responses"]
    for status in ("400", "401", "default"):
        media = responses[status]["content"]["application/json"]
        assert media["schema"] == {"$ref": "#/components/schemas/ErrorResponse"}
        assert media["examples"]
        assert "x-decision" in responses[status]


def test_no_unbounded_max_length_and_anchored_patterns() -> None:
    def walk(node: Any) -> None:
        if isinstance(node, dict):
            assert node.get("maxLength") != 2147483647
            if "pattern" in node:
                assert node["pattern"].startswith("^") and node["pattern"].endswith("$")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(load_spec(API))


def _missing_fields(schema_name: str, value: dict[str, Any], prefix: str = "") -> list[str]:
    """Properties of ``schema_name`` (following $refs to object schemas) absent from ``value``."""
    missing: list[str] = []
    for name, prop in _schema(schema_name).get("properties", {}).items():
        if name not in value:
            missing.append(prefix + name)
        elif "$ref" in prop and isinstance(value[name], dict):
            child = prop["$ref"].rsplit("/", 1)[-1]
            missing.extend(_missing_fields(child, value[name], f"{prefix}{name}."))
    return missing


@pytest.mark.parametrize(
    "operation_id,schema_name",
    [
        ("login", "LoginRequest"),
        ("createContract", "CreateContractRequest"),
        ("cancelContract", "CancelContractRequest"),
        ("searchTemplates", "SearchTemplatesRequest"),
    ],
)
def test_full_example_sets_every_field(operation_id: str, schema_name: str) -> None:
    _pointer, body = _example(operation_id, "requestBody", "full")
    assert _missing_fields(schema_name, body) == []
