"""Spec tests for specs/odyssee/openapi.yaml (Odyssee Mobile, POST api/Contract)."""

from __future__ import annotations

import copy
from typing import Any, Iterator

import pytest
from openapi_spec_validator import validate
from tests.specs.helpers import errors, is_valid, load_spec, media_examples

API = "odyssee"
CONTRACT = "/components/schemas/Contract"
RESPONSE = "/components/schemas/CreateContractResponse"

# Every field name in seed 002 (help page table + request sample), nested ones included.
SEED_FIELDS = [
    # contract
    "id",
    "id2",
    "company_id",
    "company_code",
    "company",
    "reference",
    "reference_back_office",
    "reference_customer",
    "date_start",
    "date_end",
    "date_cancel",
    "date_last_invoiced",
    "name",
    "description",
    "feelist_id",
    "article_price_label_id",
    "account_manager_user_id",
    "account_manager_user",
    "account_manager_user_code",
    "modified_dateutc",
    "renewal_term_months",
    "feelist_warranty_discount",
    "price_label_warranty_discount",
    "driving_distance",
    "travel_fee_fix_discount",
    # account_manager_user (user)
    "db_language_id",
    "username",
    "firstname",
    "lastname",
    "code",
    "archived",
    "disabled",
    "emergency_contact",
    "bankaccount",
    "social_security",
    "place_of_birth",
    "nationality",
    "functions",
    "birthdate",
    "skype",
    "notes",
    "sales_organization_id",
    "sales_organization",
    "sales_organization_code",
    "is_team_leader",
    "team_leader_user_id",
    "email",
    "phone",
    "fax",
    "mobile",
    "private_email",
    "private_phone",
    "private_fax",
    "private_mobile",
    "private_street",
    "private_street_number",
    "private_city",
    "private_zip",
    "private_db_country_id",
    "private_db_country_code",
    "allow_hero_app",
    "allow_sales_app",
    "allow_service_app",
    "user_group_id",
    # sales_organization
    "db_country_id",
    "db_currency_id",
    "accountancy_code",
    "default_unit_of_measure_system_type",
    "street",
    "street2",
    "street_number",
    "zip",
    "city",
    "url",
    "vat_reg_code",
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


def _request_example(name: str) -> dict[str, Any]:
    for example_id, _pointer, _where, value in media_examples(API):
        if example_id == f"createContract:requestBody:{name}":
            return value
    raise KeyError(name)


def test_spec_is_valid_openapi_31() -> None:
    spec = load_spec(API)
    assert spec["openapi"] == "3.1.0"
    validate(spec)


@pytest.mark.parametrize("field", SEED_FIELDS)
def test_seed_field_is_in_spec(field: str) -> None:
    assert field in set(_property_names(load_spec(API)["components"]["schemas"]))


@pytest.mark.parametrize("example_id", [e[0] for e in media_examples(API)])
def test_examples_are_valid(example_id: str) -> None:
    ((_, pointer, _, value),) = [e for e in media_examples(API) if e[0] == example_id]
    assert errors(API, pointer, value) == []


def test_vendor_sample_kept_unchanged_fields() -> None:
    sample = _request_example("vendorSample")
    assert sample["date_start"] == "2026-04-18T09:09:29.5734437+00:00"
    assert (
        sample["account_manager_user"]["sales_organization"]["vat_reg_code"] == "sample string 20"
    )


# --- conditional rule: company_id, company_code or company must be provided -----------------

COMPANY_KEYS = ("company_id", "company_code", "company")
COMPANY_VALUES = {
    "company_id": "9182fe55-3aca-46b6-beb3-7e931d0a579f",
    "company_code": "CUST-10042",
    "company": {"id": "3a9e6f1d-8b2c-4c7e-9f01-6d5a4b3c2e11", "name": "Brasserie Dupont SA"},
}


@pytest.mark.parametrize(
    "present",
    [
        ("company_id",),
        ("company_code",),
        ("company",),
        ("company_id", "company_code"),
        ("company_code", "company"),
        ("company_id", "company_code", "company"),
    ],
)
def test_company_rule_satisfied(present: tuple[str, ...]) -> None:
    body = copy.deepcopy(_request_example("minimal"))
    for key in COMPANY_KEYS:
        body.pop(key, None)
    for key in present:
        body[key] = copy.deepcopy(COMPANY_VALUES[key])
    assert is_valid(API, CONTRACT, body) is True


@pytest.mark.parametrize(
    "example", ["vendorSample", "full", "minimal", "byCompanyCode", "byEmbeddedCompany"]
)
def test_company_rule_violated_when_all_three_missing(example: str) -> None:
    body = copy.deepcopy(_request_example(example))
    for key in COMPANY_KEYS:
        body.pop(key, None)
    assert is_valid(API, CONTRACT, body) is False


def test_company_rule_is_anyof_of_required_lists() -> None:
    assert _schema("Contract")["anyOf"] == [{"required": [key]} for key in COMPANY_KEYS]


@pytest.mark.parametrize("field", ["id", "id2"])
def test_required_fields(field: str) -> None:
    body = copy.deepcopy(_request_example("minimal"))
    del body[field]
    assert is_valid(API, CONTRACT, body) is False


@pytest.mark.parametrize(
    ("field", "value", "valid"),
    [
        ("renewal_term_months", 0, True),
        ("renewal_term_months", 1000000, True),
        ("renewal_term_months", -1, False),
        ("renewal_term_months", 1000001, False),
        ("feelist_warranty_discount", 0, True),
        ("feelist_warranty_discount", 100, True),
        ("feelist_warranty_discount", 100.01, False),
        ("feelist_warranty_discount", -0.5, False),
        ("price_label_warranty_discount", 99.99, True),
        ("price_label_warranty_discount", 100.5, False),
        ("date_start", "2026-04-18T09:09:29+00:00", True),
        ("date_start", "2026-04-18", False),
        ("id", "not-a-guid", False),
    ],
)
def test_ranges_and_formats(field: str, value: Any, valid: bool) -> None:
    body = copy.deepcopy(_request_example("full"))
    body[field] = value
    assert is_valid(API, CONTRACT, body) is valid


# --- pinned facts --------------------------------------------------------------------------


def test_operation() -> None:
    op = load_spec(API)["paths"]["/api/Contract"]["post"]
    assert op["operationId"] == "createContract"
    assert op["x-specgen-idempotency-key"] == "id"
    assert "x-decision" in op
    assert "201" in op["responses"]
    for status in ("400", "401", "403", "404", "409", "417", "422", "500"):
        assert op["responses"][status]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/ErrorResponse"
        }
    prefer = [p for p in op["parameters"] if p["name"] == "Prefer"]
    assert (
        prefer and prefer[0]["in"] == "header" and "return=minimal" in prefer[0]["schema"]["enum"]
    )


def test_servers() -> None:
    urls = [s["url"] for s in load_spec(API)["servers"]]
    assert urls[0] == "https://developers.odysseemobile.com"
    assert "https://v4developers.odysseemobile.com" in urls


def test_basic_auth_with_domain_in_password() -> None:
    spec = load_spec(API)
    scheme = spec["components"]["securitySchemes"]["basicAuth"]
    assert scheme["type"] == "http" and scheme["scheme"] == "basic"
    assert scheme["x-specgen-username-format"] == "{username}"
    assert scheme["x-specgen-password-format"] == "{password}@{domain}"
    assert "description" in scheme
    assert spec["security"] == [{"basicAuth": []}]


@pytest.mark.parametrize(
    ("schema", "field"),
    [
        ("Contract", "date_cancel"),
        ("Contract", "date_last_invoiced"),
        ("Contract", "modified_dateutc"),
        ("User", "modified_dateutc"),
        ("SalesOrganization", "modified_dateutc"),
    ],
)
def test_read_only_dates(schema: str, field: str) -> None:
    prop = _schema(schema)["properties"][field]
    assert prop["readOnly"] is True
    assert prop["format"] == "date-time"


@pytest.mark.parametrize(
    "field", ["date_start", "date_end", "date_cancel", "date_last_invoiced", "modified_dateutc"]
)
def test_contract_dates_are_date_time(field: str) -> None:
    assert _schema("Contract")["properties"][field] == _schema("Contract")["properties"][field] | {
        "type": "string",
        "format": "date-time",
    }


@pytest.mark.parametrize(
    "field",
    [
        "feelist_warranty_discount",
        "price_label_warranty_discount",
        "driving_distance",
        "travel_fee_fix_discount",
    ],
)
def test_decimals(field: str) -> None:
    prop = _schema("Contract")["properties"][field]
    assert prop["type"] == "number" and prop["format"] == "decimal"


def test_embedded_entities_are_refs() -> None:
    props = _schema("Contract")["properties"]
    assert props["company"] == {"$ref": "#/components/schemas/Company"}
    assert props["account_manager_user"] == {"$ref": "#/components/schemas/User"}
    assert _schema("User")["properties"]["sales_organization"] == {
        "$ref": "#/components/schemas/SalesOrganization"
    }
    assert _schema("SalesOrganization")["required"] == ["id", "name"]
    assert _schema("Company")["properties"]["name"]["maxLength"] == 64


def test_minimal_created_body_is_valid_response() -> None:
    assert is_valid(API, RESPONSE, {"id": "0d7c5b1e-6f4a-4e38-8c2d-1b9a0f3e4d52"}) is True
    assert is_valid(API, RESPONSE, {}) is False
