"""``specgen diff`` on small inline specs: each kind of change, its level, location and name.

Every case mutates a copy of ``BASE`` and asserts one change: its kind, its classification,
the JSON pointer and line it points at (the current spec's, or the base spec's for something
removed) and the Python name a user's code mentions.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from generator.config import one_off_config
from generator.diff import Change, compare
from generator.surfaces import surfaces_of_files

_CONTRACT_REF = {"$ref": "#/components/schemas/Contract"}

BASE: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Demo", "version": "1.2.0"},
    "servers": [
        {"url": "https://api.example.com", "description": "production"},
        {"url": "https://test.example.com", "description": "test"},
    ],
    "security": [{"Bearer": []}],
    "paths": {
        "/contracts": {
            "post": {
                "operationId": "createContract",
                "summary": "Create a contract",
                "parameters": [{"name": "dryRun", "in": "query", "schema": {"type": "boolean"}}],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/CreateContractRequest"}
                        }
                    },
                },
                "responses": {
                    "200": {
                        "description": "created",
                        "content": {"application/json": {"schema": _CONTRACT_REF}},
                    }
                },
            }
        },
        "/contracts/{contractNo}": {
            "get": {
                "operationId": "getContract",
                "parameters": [
                    {
                        "name": "contractNo",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    }
                ],
                "responses": {
                    "200": {
                        "description": "the contract",
                        "content": {"application/json": {"schema": _CONTRACT_REF}},
                    }
                },
            }
        },
    },
    "components": {
        "securitySchemes": {"Bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Customer": {
                "type": "object",
                "required": ["lastName"],
                "properties": {
                    "lastName": {"type": "string", "maxLength": 50, "description": "Family name"},
                    "initials": {"type": "string", "maxLength": 10, "example": "J.D."},
                    "age": {"type": "integer", "minimum": 0},
                    "height": {"type": "number"},
                    "countryCode": {"type": "string", "enum": ["NL", "BE"]},
                    "note": {"type": ["string", "null"]},
                },
            },
            "CreateContractRequest": {
                "type": "object",
                "required": ["customer"],
                "properties": {
                    "customer": {"$ref": "#/components/schemas/Customer"},
                    "shopNo": {"type": "string"},
                },
            },
            "Contract": {
                "type": "object",
                "required": ["contractNo", "status"],
                "properties": {
                    "contractNo": {"type": "string"},
                    "status": {"type": "string", "enum": ["active", "cancelled"]},
                    "amount": {"type": "number"},
                    "reference": {"type": "string"},
                },
            },
            "Legacy": {"type": "object", "properties": {"code": {"type": "string"}}},
        },
    },
    "webhooks": {
        "contractCancelled": {
            "post": {
                "requestBody": {"content": {"application/json": {"schema": _CONTRACT_REF}}},
                "responses": {"200": {"description": "received"}},
            }
        }
    },
}

Spec = dict[str, Any]


def write(path: Path, spec: Spec) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return path


def line_of(path: Path, *needles: str) -> int:
    """The 1-based line of the last needle, each searched after the line of the one before."""
    lines = path.read_text(encoding="utf-8").splitlines()
    index = 0
    for needle in needles:
        index = next(i for i in range(index, len(lines)) if needle in lines[i])
    return index + 1


def diff(
    tmp_path: Path,
    mutate: Callable[[Spec], None],
    *,
    undo: bool = False,
    prepare: Callable[[Spec], None] = lambda spec: None,
) -> tuple[list[Change], Path, Path]:
    """Changes from BASE (``prepare``d) to it mutated (with ``undo``: from the mutated spec
    back)."""
    base = copy.deepcopy(BASE)
    prepare(base)
    current = copy.deepcopy(base)
    mutate(current)
    old, new = (current, base) if undo else (base, current)
    base_path = write(tmp_path / "base" / "openapi.yaml", old)
    current_path = write(tmp_path / "current" / "openapi.yaml", new)
    config = one_off_config(current_path, "demo")
    changes = compare(
        *surfaces_of_files(config, (base_path, str(base_path)), (current_path, str(current_path)))
    )
    return changes, base_path, current_path


def schema(spec: Spec, name: str) -> Spec:
    result: Spec = spec["components"]["schemas"][name]
    return result


def prop(spec: Spec, model: str, name: str) -> Spec:
    result: Spec = schema(spec, model)["properties"][name]
    return result


def create_op(spec: Spec) -> Spec:
    result: Spec = spec["paths"]["/contracts"]["post"]
    return result


CUSTOMER = "/components/schemas/Customer/properties"
CONTRACT = "/components/schemas/Contract/properties"
CREATE = "/paths/~1contracts/post"
GET = "/paths/~1contracts~1{contractNo}/get"
M = "demo_client.models"
CLIENT = "demo_client.Client"


def _add_required_email(s: Spec) -> None:
    prop_add(s, "Customer", "email", {"type": "string"})
    schema(s, "Customer")["required"].append("email")


def prop_add(s: Spec, model: str, name: str, value: Spec) -> None:
    schema(s, model)["properties"][name] = value


def _rule(s: Spec) -> None:
    schema(s, "Customer")["if"] = {
        "properties": {"countryCode": {"const": "NL"}},
        "required": ["countryCode"],
    }
    schema(s, "Customer")["then"] = {"required": ["initials"]}


def _add_scheme(s: Spec) -> None:
    s["components"]["securitySchemes"]["ApiKey"] = {
        "type": "apiKey",
        "in": "header",
        "name": "X-Key",
    }
    s["security"] = [{"ApiKey": []}]


def _operation_needs_api_key(s: Spec) -> None:
    s["components"]["securitySchemes"]["ApiKey"] = {"type": "apiKey", "in": "header", "name": "K"}
    s["paths"]["/contracts/{contractNo}"]["get"]["security"] = [{"ApiKey": []}]


# (id, mutation, kind, level, Python name, pointer, which file the line is in, line needles)
CASES: list[tuple[str, Callable[[Spec], None], str, str, str, str, str, tuple[str, ...]]] = [
    (
        "operation removed",
        lambda s: s["paths"].pop("/contracts/{contractNo}"),
        "operation_removed",
        "breaking",
        f"{CLIENT}.get_contract",
        GET,
        "base",
        ("/contracts/{contractNo}:", "get:"),
    ),
    (
        "operation renamed (same method and path)",
        lambda s: create_op(s).update(operationId="makeContract"),
        "operation_renamed",
        "breaking",
        f"{CLIENT}.create_contract",
        CREATE,
        "current",
        ("/contracts:", "post:"),
    ),
    (
        "operation added",
        lambda s: s["paths"]["/contracts/{contractNo}"].update(
            delete={"operationId": "cancelContract", "responses": {"204": {"description": "ok"}}}
        ),
        "operation_added",
        "minor",
        f"{CLIENT}.cancel_contract",
        "/paths/~1contracts~1{contractNo}/delete",
        "current",
        ("delete:",),
    ),
    (
        "model removed",
        lambda s: s["components"]["schemas"].pop("Legacy"),
        "model_removed",
        "breaking",
        f"{M}.Legacy",
        "/components/schemas/Legacy",
        "base",
        ("  Legacy:",),
    ),
    (
        "model added",
        lambda s: s["components"]["schemas"].update(Extra={"type": "object"}),
        "model_added",
        "minor",
        f"{M}.Extra",
        "/components/schemas/Extra",
        "current",
        ("  Extra:",),
    ),
    (
        "input field removed",
        lambda s: schema(s, "Customer")["properties"].pop("initials"),
        "field_removed",
        "breaking",
        f"{M}.Customer.initials",
        f"{CUSTOMER}/initials",
        "base",
        ("Customer:", "initials:"),
    ),
    (
        "required input field added",
        _add_required_email,
        "required_field_added",
        "breaking",
        f"{M}.Customer.email",
        f"{CUSTOMER}/email",
        "current",
        ("Customer:", "email:"),
    ),
    (
        "optional input field added",
        lambda s: prop_add(s, "Customer", "phoneNumber", {"type": "string"}),
        "field_added",
        "minor",
        f"{M}.Customer.phone_number",
        f"{CUSTOMER}/phoneNumber",
        "current",
        ("Customer:", "phoneNumber:"),
    ),
    (
        "input field becomes required",
        lambda s: schema(s, "Customer")["required"].append("initials"),
        "field_became_required",
        "breaking",
        f"{M}.Customer.initials",
        f"{CUSTOMER}/initials",
        "current",
        ("Customer:", "initials:"),
    ),
    (
        "type changed str -> int",
        lambda s: prop(s, "Customer", "initials").update(type="integer"),
        "type_changed",
        "breaking",
        f"{M}.Customer.initials",
        f"{CUSTOMER}/initials",
        "current",
        ("Customer:", "initials:"),
    ),
    (
        "input type narrowed number -> integer",
        lambda s: prop(s, "Customer", "height").update(type="integer"),
        "type_narrowed",
        "breaking",
        f"{M}.Customer.height",
        f"{CUSTOMER}/height",
        "current",
        ("Customer:", "height:"),
    ),
    (
        "input type widened integer -> number",
        lambda s: prop(s, "Customer", "age").update(type="number"),
        "type_widened",
        "minor",
        f"{M}.Customer.age",
        f"{CUSTOMER}/age",
        "current",
        ("Customer:", "age:"),
    ),
    (
        "input nullable -> non-nullable",
        lambda s: prop(s, "Customer", "note").update(type="string"),
        "became_non_nullable",
        "breaking",
        f"{M}.Customer.note",
        f"{CUSTOMER}/note",
        "current",
        ("Customer:", "note:"),
    ),
    (
        "maxLength down on input",
        lambda s: prop(s, "Customer", "lastName").update(maxLength=40),
        "constraint_tightened",
        "breaking",
        f"{M}.Customer.last_name",
        f"{CUSTOMER}/lastName",
        "current",
        ("Customer:", "lastName:"),
    ),
    (
        "minimum up on input",
        lambda s: prop(s, "Customer", "age").update(minimum=18),
        "constraint_tightened",
        "breaking",
        f"{M}.Customer.age",
        f"{CUSTOMER}/age",
        "current",
        ("Customer:", "age:"),
    ),
    (
        "new pattern on input",
        lambda s: prop(s, "Customer", "initials").update(pattern="^[A-Z.]+$"),
        "constraint_tightened",
        "breaking",
        f"{M}.Customer.initials",
        f"{CUSTOMER}/initials",
        "current",
        ("Customer:", "initials:"),
    ),
    (
        "maxLength up on input",
        lambda s: prop(s, "Customer", "lastName").update(maxLength=100),
        "constraint_loosened",
        "minor",
        f"{M}.Customer.last_name",
        f"{CUSTOMER}/lastName",
        "current",
        ("Customer:", "lastName:"),
    ),
    (
        "enum value removed",
        lambda s: prop(s, "Customer", "countryCode").update(enum=["NL"]),
        "enum_value_removed",
        "breaking",
        f"{M}.CountryCode.BE",
        f"{CUSTOMER}/countryCode",
        "current",
        ("Customer:", "countryCode:"),
    ),
    (
        "enum value added on output",
        lambda s: prop(s, "Contract", "status").update(enum=["active", "cancelled", "pending"]),
        "enum_value_added",
        "minor",
        f"{M}.Status.PENDING",
        f"{CONTRACT}/status",
        "current",
        ("Contract:", "status:"),
    ),
    (
        "new conditional rule on input",
        _rule,
        "rule_added",
        "breaking",
        f"{M}.Customer",
        "/components/schemas/Customer/then",
        "current",
        ("  Customer:", "then:"),
    ),
    (
        "required parameter added",
        lambda s: create_op(s)["parameters"].append(
            {"name": "shopNo", "in": "header", "required": True, "schema": {"type": "string"}}
        ),
        "required_parameter_added",
        "breaking",
        f"{CLIENT}.create_contract(…, shop_no=…)",
        f"{CREATE}/parameters/1",
        "current",
        ("/contracts:", "name: shopNo"),
    ),
    (
        "optional parameter added",
        lambda s: create_op(s)["parameters"].append(
            {"name": "locale", "in": "query", "schema": {"type": "string"}}
        ),
        "parameter_added",
        "minor",
        f"{CLIENT}.create_contract(…, locale=…)",
        f"{CREATE}/parameters/1",
        "current",
        ("/contracts:", "name: locale"),
    ),
    (
        "parameter becomes required",
        lambda s: create_op(s)["parameters"][0].update(required=True),
        "parameter_became_required",
        "breaking",
        f"{CLIENT}.create_contract(…, dry_run=…)",
        f"{CREATE}/parameters/0",
        "current",
        ("/contracts:", "name: dryRun"),
    ),
    (
        "parameter removed",
        lambda s: create_op(s).update(parameters=[]),
        "parameter_removed",
        "breaking",
        f"{CLIENT}.create_contract(…, dry_run=…)",
        f"{CREATE}/parameters/0",
        "base",
        ("/contracts:", "name: dryRun"),
    ),
    (
        "auth scheme changed",
        lambda s: s["components"]["securitySchemes"].update(
            Bearer={"type": "apiKey", "in": "header", "name": "X-Key"}
        ),
        "auth_scheme_changed",
        "breaking",
        f"{CLIENT}(…) [Bearer]",
        "/components/securitySchemes/Bearer",
        "current",
        ("securitySchemes:", "Bearer:"),
    ),
    (
        "auth scheme added and required",
        _add_scheme,
        "auth_scheme_added",
        "minor",  # new optional credentials; the operations that now need them break
        f"{CLIENT}(…) [ApiKey]",
        "/components/securitySchemes/ApiKey",
        "current",
        ("securitySchemes:", "ApiKey:"),
    ),
    (
        "auth scheme removed",
        lambda s: (s.pop("security"), s["components"].pop("securitySchemes")),
        "auth_scheme_removed",
        "breaking",
        f"{CLIENT}(…) [Bearer]",
        "/components/securitySchemes/Bearer",
        "base",
        ("securitySchemes:", "Bearer:"),
    ),
    (
        "response field removed",
        lambda s: schema(s, "Contract")["properties"].pop("reference"),
        "field_removed",
        "breaking",
        f"{M}.Contract.reference",
        f"{CONTRACT}/reference",
        "base",
        ("Contract:", "reference:"),
    ),
    (
        "required response field made optional",
        lambda s: schema(s, "Contract").update(required=["contractNo"]),
        "field_became_optional",
        "breaking",
        f"{M}.Contract.status",
        f"{CONTRACT}/status",
        "current",
        ("Contract:", "status:"),
    ),
    (
        "response field becomes nullable",
        lambda s: prop(s, "Contract", "contractNo").update(type=["string", "null"]),
        "became_nullable",
        "breaking",
        f"{M}.Contract.contract_no",
        f"{CONTRACT}/contractNo",
        "current",
        ("Contract:", "contractNo:"),
    ),
    (
        "response type widened",
        lambda s: prop(s, "Contract", "reference").update(type=["string", "integer"]),
        "type_widened",
        "breaking",
        f"{M}.Contract.reference",
        f"{CONTRACT}/reference",
        "current",
        ("Contract:", "reference:"),
    ),
    (
        "optional response field added",
        lambda s: prop_add(s, "Contract", "createdAt", {"type": "string", "format": "date-time"}),
        "field_added",
        "minor",
        f"{M}.Contract.created_at",
        f"{CONTRACT}/createdAt",
        "current",
        ("Contract:", "createdAt:"),
    ),
    (
        "server removed",
        lambda s: s.update(servers=s["servers"][:1]),
        "server_removed",
        "breaking",
        f"{CLIENT}(environment='test')",
        "/servers/1",
        "base",
        ("test.example.com",),
    ),
    (
        "server added",
        lambda s: s["servers"].append(
            {"url": "https://sandbox.example.com", "description": "sandbox"}
        ),
        "server_added",
        "minor",
        f"{CLIENT}(environment='sandbox')",
        "/servers/2",
        "current",
        ("sandbox.example.com",),
    ),
    (
        "description changed",
        lambda s: prop(s, "Customer", "lastName").update(description="Surname"),
        "description_changed",
        "patch",
        f"{M}.Customer.last_name",
        f"{CUSTOMER}/lastName",
        "current",
        ("Customer:", "lastName:"),
    ),
    (
        "example changed",
        lambda s: prop(s, "Customer", "initials").update(example="A.B."),
        "example_changed",
        "patch",
        f"{M}.Customer.initials",
        f"{CUSTOMER}/initials",
        "current",
        ("Customer:", "initials:"),
    ),
    (
        "operation moved to another path (same method name)",
        lambda s: s["paths"].update(
            {"/v2/contracts/{contractNo}": s["paths"].pop("/contracts/{contractNo}")}
        ),
        "operation_moved",
        "minor",
        f"{CLIENT}.get_contract",
        "/paths/~1v2~1contracts~1{contractNo}/get",
        "current",
        ("/v2/contracts/{contractNo}:", "get:"),
    ),
    (
        "operationId changed, same method name",
        lambda s: create_op(s).update(operationId="create_contract"),
        "operation_id_changed",
        "patch",
        f"{CLIENT}.create_contract",
        CREATE,
        "current",
        ("/contracts:", "post:"),
    ),
    (
        "return type changed",
        lambda s: s["paths"]["/contracts/{contractNo}"]["get"]["responses"]["200"]["content"][
            "application/json"
        ].update(schema={"$ref": "#/components/schemas/Customer"}),
        "return_type_changed",
        "breaking",
        f"{CLIENT}.get_contract",
        GET,
        "current",
        ("/contracts/{contractNo}:", "get:"),
    ),
    (
        "request body model changed",
        lambda s: create_op(s)["requestBody"]["content"]["application/json"].update(
            schema={"$ref": "#/components/schemas/Customer"}
        ),
        "body_type_changed",
        "breaking",
        f"{CLIENT}.create_contract(body=…)",
        CREATE,
        "current",
        ("/contracts:", "post:"),
    ),
    (
        "parameter type changed",
        lambda s: create_op(s)["parameters"][0].update(schema={"type": "integer"}),
        "parameter_type_changed",
        "breaking",
        f"{CLIENT}.create_contract(…, dry_run=…)",
        f"{CREATE}/parameters/0",
        "current",
        ("/contracts:", "name: dryRun"),
    ),
    (
        "operation needs another auth scheme",
        _operation_needs_api_key,
        "operation_auth_changed",
        "breaking",
        f"{CLIENT}.get_contract",
        GET,
        "current",
        ("/contracts/{contractNo}:", "get:"),
    ),
    (
        "default environment changed",
        lambda s: s.update(servers=list(reversed(s["servers"]))),
        "default_environment_changed",
        "breaking",
        f"{CLIENT}()",
        "/servers/0",
        "current",
        ("test.example.com",),
    ),
    (
        "enum value added on input",
        lambda s: prop(s, "Customer", "countryCode").update(enum=["NL", "BE", "DE"]),
        "enum_value_added",
        "minor",
        f"{M}.CountryCode.DE",
        f"{CUSTOMER}/countryCode",
        "current",
        ("Customer:", "countryCode:"),
    ),
    (
        "field deprecated",
        lambda s: prop(s, "Customer", "initials").update(deprecated=True),
        "field_deprecated",
        "minor",
        f"{M}.Customer.initials",
        f"{CUSTOMER}/initials",
        "current",
        ("Customer:", "initials:"),
    ),
    (
        "model renamed (same fields)",
        lambda s: s["components"]["schemas"].update(
            LegacyCode=s["components"]["schemas"].pop("Legacy")
        ),
        "model_renamed",
        "breaking",
        f"{M}.Legacy",
        "/components/schemas/LegacyCode",
        "current",
        ("  LegacyCode:",),
    ),
    (
        "path parameter gets a maxLength",
        lambda s: s["paths"]["/contracts/{contractNo}"]["get"]["parameters"][0]["schema"].update(
            maxLength=12
        ),
        "parameter_constraint_tightened",
        "breaking",
        f"{CLIENT}.get_contract(contract_no, …)",
        f"{GET}/parameters/0",
        "current",
        ("/contracts/{contractNo}:", "name: contractNo"),
    ),
    (
        "model closed to additional properties",
        lambda s: schema(s, "Customer").update(additionalProperties=False),
        "model_closed",
        "breaking",
        f"{M}.Customer",
        "/components/schemas/Customer",
        "current",
        ("  Customer:",),
    ),
    (
        "webhook removed",
        lambda s: s.pop("webhooks"),
        "webhook_removed",
        "breaking",
        "demo_client.parse_webhook('contractCancelled', …)",
        "/webhooks/contractCancelled",
        "base",
        ("webhooks:", "contractCancelled:"),
    ),
    (
        "server variable added",
        lambda s: s["servers"].append(
            {
                "url": "https://{tenant}.example.com",
                "description": "sandbox",
                "variables": {"tenant": {"default": "demo"}},
            }
        ),
        "server_variable_added",
        "minor",
        f"{CLIENT}(tenant=…)",
        "/servers/2/variables/tenant",
        "current",
        ("variables:", "tenant:"),
    ),
    (
        "operation summary changed",
        lambda s: create_op(s).update(summary="Create one contract"),
        "operation_doc_changed",
        "patch",
        f"{CLIENT}.create_contract",
        CREATE,
        "current",
        ("/contracts:", "post:"),
    ),
]


@pytest.mark.parametrize(
    "mutate, kind, level, python, pointer, side, needles",
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_change_kind(
    tmp_path: Path,
    mutate: Callable[[Spec], None],
    kind: str,
    level: str,
    python: str,
    pointer: str,
    side: str,
    needles: tuple[str, ...],
) -> None:
    changes, base_path, current_path = diff(tmp_path, mutate)
    found = [c for c in changes if c.kind == kind and c.python == python]
    assert len(found) == 1, [(c.kind, c.python, c.level) for c in changes]
    change = found[0]
    assert change.level == level
    assert change.where.pointer == pointer
    path = base_path if side == "base" else current_path
    assert change.where.file == str(path)
    assert change.where.line == line_of(path, *needles)


def test_the_kinds_are_many_and_distinct() -> None:
    assert len({case[2] for case in CASES}) >= 20


def test_enum_on_input_has_no_parsing_note(tmp_path: Path) -> None:
    changes, _, _ = diff(
        tmp_path, lambda s: prop(s, "Customer", "countryCode").update(enum=["NL", "BE", "DE"])
    )
    (change,) = changes
    assert change.note == ""


def test_rule_removed_is_minor(tmp_path: Path) -> None:
    changes, base_path, _ = diff(tmp_path, _rule, undo=True)
    (change,) = changes
    assert (change.kind, change.level, change.python) == ("rule_removed", "minor", f"{M}.Customer")
    assert change.where.pointer == "/components/schemas/Customer/then"
    assert change.where.line == line_of(base_path, "  Customer:", "then:")


def test_nullable_enum_made_non_nullable_is_not_a_type_change(tmp_path: Path) -> None:
    """Nullable enums reach the models as ``anyOf: [{enum}, {type: null}]``: the null branch
    adds None, it does not make the field untyped."""

    def nullable(s: Spec) -> None:
        prop(s, "Customer", "countryCode").update(type=["string", "null"], enum=["NL", "BE", None])

    changes, _, _ = diff(tmp_path, nullable, undo=True)
    assert [(c.kind, c.level) for c in changes] == [("became_non_nullable", "breaking")]


def test_a_moved_operation_is_still_compared(tmp_path: Path) -> None:
    def mutate(s: Spec) -> None:
        item = s["paths"].pop("/contracts/{contractNo}")
        item["get"]["deprecated"] = True
        s["paths"]["/v2/contracts/{contractNo}"] = item

    changes, _, _ = diff(tmp_path, mutate)
    assert sorted(c.kind for c in changes) == ["operation_deprecated", "operation_moved"]


def test_opening_a_closed_model_is_minor(tmp_path: Path) -> None:
    changes, _, _ = diff(
        tmp_path, lambda s: schema(s, "Customer").update(additionalProperties=False), undo=True
    )
    (change,) = changes
    assert (change.kind, change.level, change.python) == ("model_opened", "minor", f"{M}.Customer")


def test_saying_what_the_models_already_do_is_no_change(tmp_path: Path) -> None:
    """A published spec's object without ``additionalProperties`` keeps unknown members (the
    models' reading, ``Api.model_bases``): saying ``true`` changes nothing a caller sees."""
    changes, _, _ = diff(
        tmp_path, lambda s: schema(s, "Customer").update(additionalProperties=True)
    )
    assert changes == []


def test_no_change_no_report(tmp_path: Path) -> None:
    changes, _, _ = diff(tmp_path, lambda s: None)
    assert changes == []


def test_enum_on_output_says_how_parsing_handles_it(tmp_path: Path) -> None:
    changes, _, _ = diff(
        tmp_path,
        lambda s: prop(s, "Contract", "status").update(enum=["active", "cancelled", "pending"]),
    )
    (change,) = [c for c in changes if c.kind == "enum_value_added"]
    assert "raises ValidationError" in change.note


def test_output_only_tightening_is_not_breaking(tmp_path: Path) -> None:
    """Contract is only read: a new pattern on it cannot break a caller's code."""
    changes, _, _ = diff(tmp_path, lambda s: prop(s, "Contract", "reference").update(maxLength=5))
    (change,) = changes
    assert (change.kind, change.level) == ("constraint_tightened", "minor")


def test_model_on_both_sides_gets_the_stricter_judgement(tmp_path: Path) -> None:
    """Customer becomes part of the response too: a required field made optional breaks readers."""

    def mutate(s: Spec) -> None:
        prop_add(s, "Contract", "customer", {"$ref": "#/components/schemas/Customer"})
        schema(s, "Customer")["required"] = []

    changes, _, _ = diff(tmp_path, mutate)
    (change,) = [c for c in changes if c.kind == "field_became_optional"]
    assert (change.python, change.level) == (f"{M}.Customer.last_name", "breaking")


def test_an_empty_answer_under_another_status_is_not_a_return_type_change(
    tmp_path: Path,
) -> None:
    """``empty (200) → empty (204)``: the method returns ``None`` either way; only the statuses
    are reported, as minor."""

    def answers(status: str) -> Callable[[Spec], None]:
        def mutate(spec: Spec) -> None:
            responses = spec["paths"]["/contracts"]["post"]["responses"]
            responses.clear()
            responses[status] = {"description": "done"}

        return mutate

    changes, _, _ = diff(tmp_path, answers("204"), prepare=answers("200"))
    assert sorted((c.kind, c.level) for c in changes) == [
        ("response_added", "minor"),
        ("response_removed", "minor"),
    ]


def test_an_alternative_security_scheme_keeps_the_clients_credentials(tmp_path: Path) -> None:
    """``security: [{Bearer: []}]`` → ``[{Bearer: []}, {ApiKey: []}]``: either authenticates,
    so the client still takes the bearer token, and the API key too (``generate``), and
    nothing breaks (``diff``)."""
    from generator.pipeline import build_api

    from conftest import TEMPLATES_DIR

    def alternative(spec: Spec) -> None:
        spec["components"]["securitySchemes"]["ApiKey"] = {
            "type": "apiKey",
            "in": "header",
            "name": "X-Api-Key",
        }
        spec["security"] = [{"Bearer": []}, {"ApiKey": []}]

    changes, _base_path, current_path = diff(tmp_path, alternative)
    assert changes and all(c.level == "minor" for c in changes), [
        (c.kind, c.level) for c in changes
    ]
    built = build_api(one_off_config(current_path, "demo"), templates_dir=TEMPLATES_DIR)
    assert built.api.client_scheme is not None and built.api.client_scheme.key == "Bearer"
    client = built.files["src/demo_client/client.py"]
    assert "        token: str | Callable[[], str] | None = None," in client
    assert "        api_key: str | None = None," in client  # the alternative's, optional


def test_an_enum_left_with_one_value_loses_its_class(tmp_path: Path) -> None:
    """The models type a single allowed value as ``Literal[...]``: the class and its members
    are gone, and the report says so by name."""
    changes, _, _ = diff(tmp_path, lambda s: prop(s, "Customer", "countryCode").update(enum=["NL"]))
    found = {(c.kind, c.level, c.python) for c in changes}
    assert found == {
        ("enum_class_removed", "breaking", f"{M}.CountryCode"),
        ("enum_value_removed", "breaking", f"{M}.CountryCode.BE"),
    }


def test_a_default_is_its_own_change_not_an_example(tmp_path: Path) -> None:
    changes, _, _ = diff(tmp_path, lambda s: prop(s, "Customer", "height").update(default=1.5))
    (change,) = changes
    assert (change.kind, change.level, change.python) == (
        "default_changed",
        "minor",
        f"{M}.Customer.height",
    )
    assert change.message == "default 1.5 added"


def test_a_response_field_losing_its_default_is_breaking(tmp_path: Path) -> None:
    changes, _, _ = diff(
        tmp_path, lambda s: prop(s, "Contract", "amount").update(default=0), undo=True
    )
    (change,) = changes
    assert (change.kind, change.level) == ("default_changed", "breaking")
    assert "readers must handle None" in change.note


def test_a_type_change_says_nothing_of_the_example_dropped_with_it(tmp_path: Path) -> None:
    def retype(s: Spec) -> None:
        prop(s, "Customer", "initials").update(type="integer")
        del prop(s, "Customer", "initials")["maxLength"]

    changes, _, _ = diff(tmp_path, retype)
    assert "example_changed" not in {c.kind for c in changes}
    assert ("type_changed", "breaking") in {(c.kind, c.level) for c in changes}


def counting_model_runs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The spec files the diff generates models of from now on (each run's location)."""
    import generator.surfaces as surfaces

    runs: list[str] = []
    real = surfaces.generate_models

    def counted(*args: Any, **kwargs: Any) -> Any:
        runs.append(str(kwargs["location"].file))
        return real(*args, **kwargs)

    monkeypatch.setattr(surfaces, "generate_models", counted)
    return runs


def test_models_are_named_only_when_they_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """datamodel-code-generator runs for the model names only when the two sides' models
    differ (identical inputs give identical names, and no model change to name): a change to
    an operation alone is found without it; a model change that cannot rename anything (a
    constraint) with one run, whose names carry over to the other side; one that may (an
    inline enum, named by the generator) with a run on each side."""
    runs = counting_model_runs(monkeypatch)

    def parameter_required(spec: Spec) -> None:
        spec["paths"]["/contracts"]["post"]["parameters"][0]["required"] = True

    changes, _, _ = diff(tmp_path / "operation", parameter_required)
    assert [(c.kind, c.level) for c in changes] == [("parameter_became_required", "breaking")]
    assert runs == []
    changes, _, _ = diff(tmp_path / "model", lambda s: prop(s, "Customer", "age").update(minimum=1))
    assert [(c.kind, c.python) for c in changes] == [("constraint_tightened", f"{M}.Customer.age")]
    assert len(runs) == 1
    runs.clear()
    changes, _, _ = diff(
        tmp_path / "enum", lambda s: prop(s, "Customer", "age").update(enum=[18, 21])
    )
    assert len(runs) == 2


def test_a_method_regrouped_by_the_name_limit_is_named_so(tmp_path: Path) -> None:
    """One tag more puts the client over 40 names: ``payment_intents`` becomes
    ``payment.intents``, the operation itself unchanged."""
    words = [a + b for a in "bcdfghjk" for b in "aeiou"]

    def spec(count: int) -> Spec:
        paths: Spec = {}
        for tag in [*words[:count], "payment_intents", "payment_links"]:
            paths[f"/{tag}"] = {"get": {"operationId": f"list_{tag}", "tags": [tag]}}
            paths[f"/{tag}/{{id}}"] = {"get": {"operationId": f"get_{tag}", "tags": [tag]}}
        for item in paths.values():
            item["get"]["responses"] = {"204": {"description": "done"}}
        return {"openapi": "3.1.0", "info": {"title": "Many", "version": "1"}, "paths": paths}

    base_path = write(tmp_path / "base" / "openapi.yaml", spec(36))
    current_path = write(tmp_path / "current" / "openapi.yaml", spec(37))
    config = one_off_config(current_path, "many")
    changes = compare(
        *surfaces_of_files(config, (base_path, str(base_path)), (current_path, str(current_path)))
    )
    regrouped = sorted(c.python for c in changes if c.kind == "method_regrouped")
    assert regrouped == [
        f"many_client.Client.payment_{kind}.{verb}_payment_{kind}"
        for kind in ("intents", "links")
        for verb in ("get", "list")
    ]
    assert all(c.level == "breaking" for c in changes if c.kind == "method_regrouped")
    assert "call Client.payment.intents.list_payment_intents instead" in [c.note for c in changes]
