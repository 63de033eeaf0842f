"""Spec tests for specs/shopctrl/openapi.yaml (POST v1/ServiceContract, GET v1/ServiceContract/{id}).

Only the YAML spec, tests/specs/helpers.py, jsonschema and openapi-spec-validator are used.
"""

from __future__ import annotations

import copy
from typing import Any, Iterator

import pytest
from openapi_spec_validator import validate
from tests.specs.helpers import errors, is_valid, load_spec, media_examples

API = "shopctrl"
REQUEST = "/components/schemas/ServiceContractChanges"
RESPONSE = "/components/schemas/ServiceContract"
CONTACT = "/components/schemas/ContactInfo"
ERROR = "/components/schemas/ErrorResponse"

# Every field name in seed 003 (request table and sample, response table and sample, the
# embedded ContactInfo and FileBase samples), spelled as in the seed.
SEED_FIELDS = [
    # ServiceContractChanges (request)
    "LocationContactInfoId",
    "DeliveryAddressContactInfoId",
    "OrderId",
    "WallCabinetPinCode",
    "StatusId",
    "CustomerReference",
    "ShopId",
    "ServiceComment",
    "EndOfWarrantyDate",
    "ActiveStatusId",
    "EndDate",
    "NewContractStartDate",
    "SerialNumber",
    "StockItemId",
    "AutoGenerateOrder",
    "NextOrderDate",
    "NextMaintenanceDate",
    "OrderDiscountPercentage",
    "InternalReference",
    "CurrentExpiryDateBattery",
    "CurrentExpiryDateElectrode",
    "CurrentExpiryDatePaediatricElectrode",
    "ProductionYear",
    "AutoGenerateServiceAppointment",
    "Rows",
    "Id",
    "Code",
    "TypeId",
    "CustomerId",
    "StartDate",
    "ServiceProductId",
    "Location",
    "DeliveryAddress",
    # ServiceContract (response-only)
    "OrderCode",
    "StatusName",
    "ShopName",
    "Comment",
    "ActiveStatusName",
    "DeletedTimestamp",
    "CreateTimestamp",
    "ChangeTimestamp",
    "Type",
    "Files",
    "Appointments",
    "TypeName",
    "CustomerCode",
    "CustomerEmail",
    "BrandName",
    "ServiceProductName",
    # ContactInfo
    "VatNumber",
    "FullName",
    "DateOfBirth",
    "Gender",
    "PersonTitle",
    "MiddleName",
    "FirstName",
    "LastName",
    "LastNamePrefix",
    "CompanyName",
    "Address",
    "Address2",
    "StreetAddress",
    "StreetAddressNumber",
    "StreetAddressExtension",
    "PostalCode",
    "City",
    "CountryId",
    "CountryCode",
    "CountryName",
    "EMail",
    "Phone",
    "Phone2",
    "StateProvince",
    "StateProvinceCode",
    # FileBase
    "Filename",
]

REQUEST_DATE_FIELDS = [
    "EndOfWarrantyDate",
    "EndDate",
    "NewContractStartDate",
    "NextOrderDate",
    "NextMaintenanceDate",
    "CurrentExpiryDateBattery",
    "CurrentExpiryDateElectrode",
    "CurrentExpiryDatePaediatricElectrode",
    "StartDate",
]
RESPONSE_DATE_FIELDS = REQUEST_DATE_FIELDS + [
    "DeletedTimestamp",
    "CreateTimestamp",
    "ChangeTimestamp",
]
REQUIRED_REQUEST = [
    "ShopId",
    "AutoGenerateOrder",
    "OrderDiscountPercentage",
    "AutoGenerateServiceAppointment",
    "CustomerId",
    "StartDate",
    "ServiceProductId",
]
RESPONSE_ONLY = [
    "OrderCode",
    "StatusName",
    "ShopName",
    "Comment",
    "ActiveStatusName",
    "DeletedTimestamp",
    "CreateTimestamp",
    "ChangeTimestamp",
    "Type",
    "Files",
    "Appointments",
    "TypeName",
    "CustomerCode",
    "CustomerEmail",
    "BrandName",
    "ServiceProductName",
]


def _walk_properties(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict):
            yield from props
        for value in node.values():
            yield from _walk_properties(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk_properties(value)


def _schemas() -> dict[str, Any]:
    schemas: dict[str, Any] = load_spec(API)["components"]["schemas"]
    return schemas


def _post() -> dict[str, Any]:
    op: dict[str, Any] = load_spec(API)["paths"]["/v1/ServiceContract"]["post"]
    return op


def _get() -> dict[str, Any]:
    op: dict[str, Any] = load_spec(API)["paths"]["/v1/ServiceContract/{id}"]["get"]
    return op


def _request_example(name: str) -> Any:
    return copy.deepcopy(
        _post()["requestBody"]["content"]["application/json"]["examples"][name]["value"]
    )


def _response_example(name: str) -> Any:
    return copy.deepcopy(
        _post()["responses"]["200"]["content"]["application/json"]["examples"][name]["value"]
    )


# --- 1. seed fields -----------------------------------------------------------------------


@pytest.mark.parametrize("field", SEED_FIELDS)
def test_seed_field_is_a_property_in_the_spec(field: str) -> None:
    assert field in set(_walk_properties(_schemas()))


def test_request_and_response_list_the_seed_fields_in_vendor_order() -> None:
    assert list(_schemas()["ServiceContractChanges"]["properties"]) == list(
        _request_example("vendorSample")
    )
    assert list(_schemas()["ServiceContract"]["properties"]) == list(
        _response_example("vendorSample")
    )


# --- 2. rules (Id must be 0 on insert; required vs nullable; no exclusivity) ---------------


@pytest.mark.parametrize("example", ["vendorSample", "full", "minimal"])
def test_insert_id_zero_or_absent_is_valid(example: str) -> None:
    body = _request_example(example)
    body["Id"] = 0
    assert is_valid(API, REQUEST, body) is True
    del body["Id"]
    assert is_valid(API, REQUEST, body) is True


@pytest.mark.parametrize("bad_id", [9, 1, -1, None, "0", 0.5])
def test_insert_id_other_than_zero_is_invalid(bad_id: Any) -> None:
    body = _request_example("vendorSample")
    body["Id"] = bad_id
    assert is_valid(API, REQUEST, body) is False


def test_request_id_schema_is_const_zero() -> None:
    prop = _schemas()["ServiceContractChanges"]["properties"]["Id"]
    assert prop["const"] == 0 and prop["default"] == 0


def test_response_id_is_required_and_not_fixed() -> None:
    schema = _schemas()["ServiceContract"]
    assert "Id" in schema["required"]
    assert "const" not in schema["properties"]["Id"]
    answer = _response_example("vendorSample")
    assert answer["Id"] == 15 and is_valid(API, RESPONSE, answer) is True
    del answer["Id"]
    assert is_valid(API, RESPONSE, answer) is False


@pytest.mark.parametrize("field", REQUIRED_REQUEST)
def test_required_request_fields_reject_null(field: str) -> None:
    body = _request_example("minimal")
    body[field] = None
    assert is_valid(API, REQUEST, body) is False


@pytest.mark.parametrize(
    "field",
    [
        name
        for name in _request_example("full")
        if name not in REQUIRED_REQUEST + ["Id", "ActiveStatusId"]
    ],
)
def test_optional_request_fields_accept_null(field: str) -> None:
    body = _request_example("full")
    body[field] = None
    assert is_valid(API, REQUEST, body) is True


def test_contact_by_id_and_embedded_contact_may_be_combined() -> None:
    body = _request_example("full")
    assert "LocationContactInfoId" in body and "Location" in body
    assert is_valid(API, REQUEST, body) is True


@pytest.mark.parametrize("field", ["WallCabinetPinCode", "CustomerReference", "SerialNumber"])
def test_max_length_50(field: str) -> None:
    body = _request_example("full")
    body[field] = "x" * 50
    assert is_valid(API, REQUEST, body) is True
    body[field] = "x" * 51
    assert is_valid(API, REQUEST, body) is False


# --- 3. the document is valid OpenAPI 3.1 -------------------------------------------------


def test_spec_is_valid_openapi_31() -> None:
    spec = load_spec(API)
    assert spec["openapi"] == "3.1.0"
    validate(spec)


# --- 4. key facts -------------------------------------------------------------------------


def test_every_media_example_is_valid() -> None:
    found = media_examples(API)
    assert found
    for example_id, pointer, _where, value in found:
        assert errors(API, pointer, value) == [], example_id


def test_operations() -> None:
    post, get = _post(), _get()
    assert post["operationId"] == "createServiceContract"
    assert get["operationId"] == "getServiceContract"
    assert post["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ServiceContractChanges"
    }
    for op in (post, get):
        assert op["summary"] and op["description"]
        assert op["responses"]["200"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/ServiceContract"
        }
    param = get["parameters"][0]
    assert param["name"] == "id" and param["in"] == "path" and param["required"] is True
    assert param["schema"]["type"] == "integer"


def test_servers() -> None:
    servers = load_spec(API)["servers"]
    assert servers[0]["url"] == "https://api.demo.shopctrl.com"
    host = servers[1]["variables"]["host"]
    assert host["default"] and host["description"]
    assert "x-decision" in servers[1]


def test_security_scheme_is_a_declared_decision() -> None:
    spec = load_spec(API)
    scheme = spec["components"]["securitySchemes"]["ShopCtrlAuthorization"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "Authorization")
    assert "x-decision" in scheme
    assert spec["security"] == [{"ShopCtrlAuthorization": []}]


def test_no_idempotency_key_but_outcome_unknown_is_explained() -> None:
    post = _post()
    assert "x-specgen-idempotency-key" not in post
    text = post["x-specgen-outcome-unknown"]
    assert "GetByCustomerId" in text and "CustomerReference" in text


@pytest.mark.parametrize(
    ("schema", "field"),
    [("ServiceContractChanges", f) for f in REQUEST_DATE_FIELDS]
    + [("ServiceContract", f) for f in RESPONSE_DATE_FIELDS]
    + [("ContactInfo", "DateOfBirth")],
)
def test_documented_dates_are_date_time(schema: str, field: str) -> None:
    assert _schemas()[schema]["properties"][field]["format"] == "date-time"


def test_seven_fraction_digit_offsets_validate_and_plain_dates_do_not() -> None:
    body = _request_example("minimal")
    body["StartDate"] = "2026-01-11T16:13:18.5425838+01:00"
    assert is_valid(API, REQUEST, body) is True
    body["StartDate"] = "2026-01-11"
    assert is_valid(API, REQUEST, body) is False


@pytest.mark.parametrize(
    ("schema", "field"),
    [
        ("ServiceContractChanges", "ServiceComment"),
        ("ServiceContractChanges", "InternalReference"),
        ("ServiceContract", "ServiceComment"),
        ("ServiceContract", "InternalReference"),
        ("ServiceContract", "Comment"),
    ],
)
def test_int_max_value_lengths_are_left_unbounded(schema: str, field: str) -> None:
    prop = _schemas()[schema]["properties"][field]
    assert "maxLength" not in prop
    assert "2147483647" in prop["description"]


@pytest.mark.parametrize("field", RESPONSE_ONLY + ["Id"])
def test_server_set_response_fields_are_read_only(field: str) -> None:
    assert _schemas()["ServiceContract"]["properties"][field]["readOnly"] is True


def test_country_name_is_read_only() -> None:
    assert _schemas()["ContactInfo"]["properties"]["CountryName"]["readOnly"] is True


def test_vendor_request_sample_had_its_id_fixed() -> None:
    example = _post()["requestBody"]["content"]["application/json"]["examples"]["vendorSample"]
    assert example["value"]["Id"] == 0
    assert '"Id": 9' in example["description"]


def test_full_example_sets_every_request_and_contact_field() -> None:
    body = _request_example("full")
    assert set(body) == set(_schemas()["ServiceContractChanges"]["properties"])
    for key in ("Location", "DeliveryAddress"):
        assert set(body[key]) == set(_schemas()["ContactInfo"]["properties"])


def test_minimal_example_has_only_required_fields() -> None:
    assert set(_request_example("minimal")) == set(REQUIRED_REQUEST)
    assert set(_schemas()["ServiceContractChanges"]["required"]) == set(REQUIRED_REQUEST)


@pytest.mark.parametrize(
    ("op", "status"),
    [
        ("post", "400"),
        ("post", "401"),
        ("post", "default"),
        ("get", "401"),
        ("get", "404"),
        ("get", "default"),
    ],
)
def test_error_responses_use_the_aspnet_error_body(op: str, status: str) -> None:
    operation = _post() if op == "post" else _get()
    response = operation["responses"][status]
    assert "x-decision" in response
    media = response["content"]["application/json"]
    assert media["schema"] == {"$ref": "#/components/schemas/ErrorResponse"}
    assert media["examples"]


def test_error_body_shape() -> None:
    assert is_valid(
        API, ERROR, {"Message": "The request is invalid.", "ModelState": {"x.ShopId": ["required"]}}
    )
    assert is_valid(API, ERROR, {"ModelState": {}}) is False
    assert is_valid(API, ERROR, {"Message": "m", "ModelState": {"x": "not a list"}}) is False


def test_unknown_nested_models_are_open_objects_with_a_decision() -> None:
    for name in ("ServiceContractRow", "ServiceContractType", "ServiceAppointmentBase"):
        schema = _schemas()[name]
        assert schema["type"] == "object" and schema["additionalProperties"] is True
        assert "x-decision" in schema
    assert is_valid(API, RESPONSE, {**_response_example("vendorSample"), "Rows": [{"Anything": 1}]})


def test_file_base() -> None:
    files = _schemas()["FileBase"]["properties"]
    assert files["Id"]["type"] == "integer" and files["Filename"]["type"] == ["string", "null"]
