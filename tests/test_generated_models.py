"""The five generated packages (real ``generated/<api>/src``): examples, rules, null handling."""

from __future__ import annotations

import copy
import importlib
import re
import subprocess
import sys
from datetime import datetime
from types import ModuleType
from typing import Any

import pytest
from generator.config import load_api_config, load_project_config
from generator.ir.build import parse
from generator.spec.loader import load_spec
from pydantic import BaseModel, ValidationError

from conftest import GENERATED_DIR, REAL_APIS, REPO_ROOT

RESPONSE = {"specgen_response": True}
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$")


def package(api: str) -> ModuleType:
    src = str(GENERATED_DIR / api / "src")
    if src not in sys.path:
        sys.path.insert(0, src)
    return importlib.import_module(f"{api}_client.models")


def _examples() -> list[Any]:
    project = load_project_config(REPO_ROOT)
    found = []
    for api in REAL_APIS:
        config = load_api_config(project, api)
        ir = parse(load_spec(config.spec_path), config).api
        for op in ir.operations:
            for example in op.body_examples:
                found.append(
                    pytest.param(
                        api,
                        op.body_model,
                        False,
                        example.value,
                        id=f"{api}-{op.operation_id}-request-{example.name}",
                    )
                )
            for response in op.responses:
                for example in response.examples:
                    if response.model:
                        found.append(
                            pytest.param(
                                api,
                                response.model,
                                True,
                                example.value,
                                id=f"{api}-{op.operation_id}-{response.status}-{example.name}",
                            )
                        )
    return found


def normalise(value: Any) -> Any:
    """Date-times as instants (7-digit fractions trimmed), numbers as numbers."""
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str) and _DATETIME.match(value):
        text = re.sub(r"(\.\d{6})\d+", r"\1", value).replace("Z", "+00:00")
        parsed = datetime.fromisoformat(text)
        return ("instant", parsed.timestamp() if parsed.tzinfo else parsed.isoformat())
    return value


def dump(model: BaseModel) -> Any:
    to_wire = getattr(model, "to_wire", None)
    if to_wire is not None:
        return to_wire()
    return model.model_dump(mode="json", by_alias=True, exclude_unset=True)


EXAMPLES = _examples()


def test_every_api_has_examples() -> None:
    assert {p.values[0] for p in EXAMPLES} == set(REAL_APIS)


@pytest.mark.parametrize(("api", "model_name", "is_response", "value"), EXAMPLES)
def test_example_round_trips(api: str, model_name: str, is_response: bool, value: Any) -> None:
    cls = getattr(package(api), model_name)
    model = cls.model_validate(copy.deepcopy(value), context=RESPONSE if is_response else None)
    assert normalise(dump(model)) == normalise(value)


# --- conditional rules ---------------------------------------------------------------------------


def attribute_names(cls: type[BaseModel], data: dict[str, Any]) -> dict[str, Any]:
    by_alias = {(info.alias or name): name for name, info in cls.model_fields.items()}
    return {by_alias.get(key, key): value for key, value in data.items()}


def check_rule(
    cls: type[BaseModel], valid: dict[str, Any], invalid: dict[str, Any], message: str
) -> None:
    for convert in (lambda d: d, lambda d: attribute_names(cls, d)):
        cls.model_validate(convert(copy.deepcopy(valid)))
        with pytest.raises(ValidationError) as caught:
            cls.model_validate(convert(copy.deepcopy(invalid)))
        assert message in str(caught.value)


def test_harmony_customer_country_rules() -> None:
    m = package("harmony")
    base = {"lastName": "Doe", "countryCode": "NL"}
    check_rule(
        m.Customer, {**base, "initials": "J."}, base, "initials is required when countryCode is NL"
    )
    be = {"lastName": "Doe", "countryCode": "BE"}
    check_rule(
        m.Customer,
        {**be, "firstname": "Jan"},
        {**be, "initials": "J."},
        "firstname is required when countryCode is BE",
    )


def test_harmony_device_item_or_triple() -> None:
    m = package("harmony")
    message = (
        "at least one of itemNo or all of (manufacturer, model and itemCategoryCode) is required"
    )
    check_rule(m.Device, {"itemNo": "X"}, {"manufacturer": "Apple", "model": "X"}, message)
    m.Device.model_validate({"manufacturer": "Apple", "model": "X", "itemCategoryCode": "PHONE"})


def _first_request_example(api: str, model_name: str) -> dict[str, Any]:
    for param in EXAMPLES:
        if param.values[0] == api and param.values[1] == model_name and not param.values[2]:
            return copy.deepcopy(param.values[3])
    raise AssertionError(f"no example for {api} {model_name}")


def test_odyssee_company_reference() -> None:
    m = package("odyssee")
    valid = _first_request_example("odyssee", "Contract")
    invalid = {k: v for k, v in valid.items() if k not in ("company_id", "company_code", "company")}
    assert any(k in valid for k in ("company_id", "company_code", "company"))
    check_rule(
        m.Contract,
        valid,
        invalid,
        "at least one of company_id, company_code or company is required",
    )


def test_instellix_debtor_null_does_not_count() -> None:
    m = package("instellix")
    valid = _first_request_example("instellix", "CreateContractRequest")
    message = "at least one of debtorId or debtorIdent is required"
    none = {k: v for k, v in valid.items() if k not in ("debtorId", "debtorIdent")}
    check_rule(m.CreateContractRequest, {**none, "debtorIdent": "d-1"}, none, message)
    check_rule(
        m.CreateContractRequest,
        {**none, "debtorId": 7},
        {**none, "debtorId": None, "debtorIdent": None},
        message,
    )


# --- unknown fields, absent / null / value --------------------------------------------------------


def test_unknown_fields_rejected_in_requests_kept_in_responses() -> None:
    m = package("harmony")
    with pytest.raises(ValidationError) as caught:
        m.LoginRequest.model_validate({"username": "u", "password": "p", "pasword": "typo"})
    assert caught.value.errors()[0]["type"] == "extra_forbidden"
    assert "pasword" in str(caught.value)
    kept = m.CreateContractResponse.model_validate(
        {"contractNo": "C1", "extra": 1}, context=RESPONSE
    )
    assert kept.to_wire() == {"contractNo": "C1", "extra": 1}


def test_absent_null_and_value_stay_distinct() -> None:
    m = package("instellix")
    base = _first_request_example("instellix", "CreateContractRequest")
    base.pop("debtorId", None)
    base["debtorIdent"] = "d-1"
    base.pop("planIdent", None)
    assert "planIdent" not in m.CreateContractRequest.model_validate(base).to_wire()
    assert (
        m.CreateContractRequest.model_validate({**base, "planIdent": None}).to_wire()["planIdent"]
        is None
    )
    assert (
        m.CreateContractRequest.model_validate({**base, "planIdent": "p"}).to_wire()["planIdent"]
        == "p"
    )
    by_attribute = m.CreateContractRequest.model_validate(
        attribute_names(m.CreateContractRequest, {**base, "planIdent": None})
    )
    assert by_attribute.to_wire()["planIdent"] is None


def test_optional_non_nullable_rejects_null() -> None:
    m = package("harmony")
    with pytest.raises(ValidationError) as caught:
        m.Customer.model_validate({"countryCode": "NL", "initials": "J.", "lastName": None})
    assert "lastName must not be null" in str(caught.value)
    assert (
        "lastName"
        not in m.Customer.model_validate({"countryCode": "NL", "initials": "J."}).to_wire()
    )


_LOADED_MODELS = """
import sys
import {package}, {package}.client
before = sorted(n for n in sys.modules if n.startswith("{package}.models."))
{package}.models.{model}
after = sorted(n.rsplit(".", 1)[1] for n in sys.modules if n.startswith("{package}.models."))
print(before, after)
"""


@pytest.mark.parametrize(
    ("api", "model", "closure"),
    [
        ("harmony", "LoginRequest", ["_login_request"]),
        (
            "harmony",
            "CreateContractRequest",
            [
                "_create_contract_request",
                "_customer",
                "_device",
                "_insurance",
                "_retail_price",
                "_retail_price1",
            ],
        ),
    ],
)
def test_models_load_on_first_use(api: str, model: str, closure: list[str]) -> None:
    """What the README promises: importing the package and its client creates no model class;
    asking for one imports its module and those of the classes it refers to, no others."""
    code = _LOADED_MODELS.format(package=f"{api}_client", model=model)
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={"PYTHONPATH": str(GENERATED_DIR / api / "src"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"[] {closure}"
