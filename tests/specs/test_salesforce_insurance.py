"""Spec tests for specs/salesforce_insurance/openapi.yaml (InsContractService:createUpdateContract).

Only the YAML spec, tests/specs/helpers.py, jsonschema and openapi-spec-validator are used.
"""

from __future__ import annotations

import copy
from typing import Any, Iterator

import pytest
from openapi_spec_validator import validate
from tests.specs.helpers import errors, is_valid, load_spec, media_examples

API = "salesforce_insurance"
PATH = "/v1/integrationprocedure/{procedureName}/"
REQUEST = "/components/schemas/CreateUpdateContractRequest"
RESPONSE = "/components/schemas/CreateUpdateContractResponse"
ERROR = "/components/schemas/ErrorResponse"

# Every field name in seed 001 (input JSON, How It Works, output samples), spelled as in the seed.
# "inputKey" is left out on purpose: the seed uses it for the key that holds the input JSON
# (contractJson), not as a field of its own.
SEED_FIELDS = [
    # How It Works / Remote Options / Output JSON
    "contractId",
    "contractJson",
    # input JSON, top level
    "productConfigurationDetail",
    "insuredItems",
    "quoteDetail",
    "error",
    # productConfigurationDetail
    "records",
    "totalSize",
    # insuredItems
    "Driver",
    "Auto",
    # Driver items
    "instanceKey",
    "isPrimary",
    "isParent",
    "LN",
    "AGE",
    "FN",
    "GENDER",
    "FirstName",
    "LastName",
    # Auto items
    "autoAntiTheft",
    "est_annual_mileage",
    "autoLicNum",
    "autoModel",
    "autoYear",
    "BodyClass",
    "VehicleType",
    # quoteDetail
    "attributes",
    "type",
    "url",
    "ins_daily4__EffectiveDate__c",
    "ins_daily4__TotalSumInsured__c",
    "AccountId",
    "ins_daily4__RootItemTotal__c",
    "Id",
    # the seed's trailing array sample (product records)
    "Name",
    "isReplacementProduct",
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


def _spec_property_names() -> set[str]:
    return set(_walk_properties(load_spec(API)["components"]["schemas"]))


def _operation() -> dict[str, Any]:
    return load_spec(API)["paths"][PATH]["post"]


def _request_example(name: str) -> Any:
    return copy.deepcopy(
        _operation()["requestBody"]["content"]["application/json"]["examples"][name]["value"]
    )


def _response_example(status: str, name: str) -> Any:
    media = _operation()["responses"][status]["content"]["application/json"]
    return copy.deepcopy(media["examples"][name]["value"])


# --- 1. seed fields -----------------------------------------------------------------------


@pytest.mark.parametrize("field", SEED_FIELDS)
def test_seed_field_is_a_property_in_the_spec(field: str) -> None:
    assert field in _spec_property_names()


# --- 2. conditional rules -----------------------------------------------------------------
# create: no contractId in the request -> the response carries the new contractId;
# update: contractId in the request -> the response is empty (no output JSON).


@pytest.mark.parametrize(
    ("request_example", "response_example", "sends_contract_id", "returns_contract_id"),
    [
        ("vendorSample", "create", False, True),
        ("minimal", "create", False, True),
        ("update", "update", True, False),
        ("full", "update", True, False),
    ],
)
def test_create_and_update_branches_are_valid(
    request_example: str, response_example: str, sends_contract_id: bool, returns_contract_id: bool
) -> None:
    body = _request_example(request_example)
    answer = _response_example("200", response_example)
    assert ("contractId" in body) is sends_contract_id
    assert ("contractId" in answer) is returns_contract_id
    assert errors(API, REQUEST, body) == []
    assert errors(API, RESPONSE, answer) == []


def test_create_branch_without_contract_id_is_valid() -> None:
    body = _request_example("update")
    del body["contractId"]
    assert is_valid(API, REQUEST, body) is True


@pytest.mark.parametrize(
    "bad_id",
    [None, "", "8001I000000bQx", "8001I000000bQxaQ", "8001I000000bQxaQAEX", "8001I-00000bQxa", 800],
    ids=["null", "empty", "14-chars", "16-chars", "19-chars", "hyphen", "number"],
)
def test_update_branch_needs_a_real_contract_id(bad_id: Any) -> None:
    body = _request_example("update")
    body["contractId"] = bad_id
    assert is_valid(API, REQUEST, body) is False


@pytest.mark.parametrize("bad_id", [None, "", "not-an-id"])
def test_create_response_contract_id_must_be_a_salesforce_id(bad_id: Any) -> None:
    answer = _response_example("200", "create")
    answer["contractId"] = bad_id
    assert is_valid(API, RESPONSE, answer) is False


@pytest.mark.parametrize("example", ["vendorSample", "minimal", "update", "full"])
def test_both_modes_require_the_input_json(example: str) -> None:
    body = _request_example(example)
    del body["contractJson"]
    assert is_valid(API, REQUEST, body) is False


@pytest.mark.parametrize("example", ["vendorSample", "update"])
@pytest.mark.parametrize("key", ["productConfigurationDetail", "quoteDetail"])
def test_input_json_requires_quote_and_products(example: str, key: str) -> None:
    body = _request_example(example)
    del body["contractJson"][key]
    assert is_valid(API, REQUEST, body) is False


def test_quote_detail_requires_id() -> None:
    body = _request_example("vendorSample")
    del body["contractJson"]["quoteDetail"]["Id"]
    assert is_valid(API, REQUEST, body) is False


def test_quote_attributes_type_is_fixed_to_quote() -> None:
    body = _request_example("vendorSample")
    body["contractJson"]["quoteDetail"]["attributes"]["type"] = "Contract"
    assert is_valid(API, REQUEST, body) is False


def test_insured_items_is_an_open_map_of_arrays() -> None:
    body = _request_example("vendorSample")
    body["contractJson"]["insuredItems"]["Property"] = [
        {"instanceKey": "Main Street 1", "isPrimary": True, "isParent": False, "YEAR_BUILT": 1990}
    ]
    assert is_valid(API, REQUEST, body) is True
    body["contractJson"]["insuredItems"]["Property"] = {"instanceKey": "not an array"}
    assert is_valid(API, REQUEST, body) is False


def test_open_objects_keep_org_specific_fields() -> None:
    body = _request_example("vendorSample")
    body["contractJson"]["quoteDetail"]["acme__Channel__c"] = "Web"
    body["contractJson"]["productConfigurationDetail"]["records"][0]["ProductCode"] = "AUTO"
    assert is_valid(API, REQUEST, body) is True


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


def test_operation_identity() -> None:
    op = _operation()
    assert op["operationId"] == "createUpdateContract"
    assert op["summary"] and op["description"]
    assert list(load_spec(API)["paths"]) == [PATH]
    param = op["parameters"][0]
    assert param["name"] == "procedureName" and param["in"] == "path" and param["required"] is True
    assert param["schema"]["pattern"].startswith("^") and param["schema"]["pattern"].endswith("$")


def test_servers_have_instance_and_namespace_variables() -> None:
    servers = load_spec(API)["servers"]
    assert servers[0]["url"] == "https://{instance}.my.salesforce.com/services/apexrest/{namespace}"
    for server in servers:
        variables = server["variables"]
        assert set(variables) == {"instance", "namespace"}
        for variable in variables.values():
            assert variable["default"] and variable["description"]
        assert variables["namespace"]["default"] == "vlocity_ins"


def test_security_is_http_bearer() -> None:
    spec = load_spec(API)
    scheme = spec["components"]["securitySchemes"]["SalesforceOAuth"]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"
    assert "oauth2/token" in scheme["description"]
    assert spec["security"] == [{"SalesforceOAuth": []}]


def test_no_idempotency_key_but_outcome_unknown_is_explained() -> None:
    op = _operation()
    assert "x-specgen-idempotency-key" not in op
    assert "SourceQuote" in op["x-specgen-outcome-unknown"]


@pytest.mark.parametrize("status", ["400", "401", "403", "404", "500", "default"])
def test_error_statuses_use_the_salesforce_error_array(status: str) -> None:
    media = _operation()["responses"][status]["content"]["application/json"]
    assert media["schema"] == {"$ref": "#/components/schemas/ErrorResponse"}
    assert media["examples"]


def test_error_array_shape() -> None:
    assert is_valid(API, ERROR, [{"message": "m", "errorCode": "E", "fields": ["Name"]}]) is True
    assert is_valid(API, ERROR, [{"message": "m"}]) is False
    assert is_valid(API, ERROR, [{"errorCode": "E"}]) is False
    assert is_valid(API, ERROR, {"message": "m", "errorCode": "E"}) is False


def test_formats_of_quote_fields() -> None:
    quote = load_spec(API)["components"]["schemas"]["QuoteDetail"]["properties"]
    assert quote["ins_daily4__EffectiveDate__c"]["format"] == "date"
    for name in ("ins_daily4__TotalSumInsured__c", "ins_daily4__RootItemTotal__c"):
        assert quote[name]["type"] == ["number", "null"]
        assert quote[name]["format"] == "decimal"
    body = _request_example("vendorSample")
    body["contractJson"]["quoteDetail"]["ins_daily4__EffectiveDate__c"] = "2018-07-27T00:00:00Z"
    assert is_valid(API, REQUEST, body) is False


def test_pricebook_has_no_invented_default() -> None:
    pricebook = load_spec(API)["components"]["schemas"]["CreateUpdateContractRequest"][
        "properties"
    ]["pricebook"]
    assert "default" not in pricebook
    assert "x-decision" in pricebook


def test_seed_output_array_is_kept_as_records_example() -> None:
    records = load_spec(API)["components"]["schemas"]["ProductConfigurationDetail"]["properties"][
        "records"
    ]
    assert records["examples"] == [
        [{"Name": "Current Product"}, {"Name": "Replacement Product", "isReplacementProduct": True}]
    ]


def test_vendor_sample_fixes_are_described() -> None:
    example = _operation()["requestBody"]["content"]["application/json"]["examples"]["vendorSample"]
    for words in ("records", "missing comma", "trailing comma", "{...}"):
        assert words in example["description"]
    value = example["value"]["contractJson"]
    assert value["productConfigurationDetail"]["totalSize"] == len(
        value["productConfigurationDetail"]["records"]
    )
    assert len(value["insuredItems"]["Driver"]) == 1 and len(value["insuredItems"]["Auto"]) == 1


def test_response_contract_id_is_read_only() -> None:
    prop = load_spec(API)["components"]["schemas"]["CreateUpdateContractResponse"]["properties"][
        "contractId"
    ]
    assert prop["readOnly"] is True
