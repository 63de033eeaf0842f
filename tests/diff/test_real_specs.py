"""``specgen diff`` on mutated copies of the five real specs.

The base is the real ``specs/<api>/openapi.yaml``; the current side is a copy with one change.
Each case asserts the change's kind, level, location (pointer and line) and Python name under
the API's real import package, and that nothing else is reported as breaking.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from generator.config import load_api_config, load_project_config
from generator.diff import compare
from generator.surfaces import surface_of_file, surfaces_of_files

from conftest import REAL_APIS, REPO_ROOT

Spec = dict[str, Any]
PROJECT = load_project_config(REPO_ROOT)


def schemas(spec: Spec) -> Spec:
    result: Spec = spec["components"]["schemas"]
    return result


def _harmony_initials_removed(spec: Spec) -> None:
    schemas(spec)["Customer"]["properties"].pop("initials")


def _harmony_required_shop_parameter(spec: Spec) -> None:
    op = spec["paths"]["/api/insurance/CreateContract"]["post"]
    op.setdefault("parameters", []).append(
        {"name": "shopNo", "in": "query", "required": True, "schema": {"type": "string"}}
    )


def _instellix_stage_removed(spec: Spec) -> None:
    spec["servers"] = spec["servers"][:2]


def _odyssee_auth_changed(spec: Spec) -> None:
    scheme = spec["components"]["securitySchemes"]["basicAuth"]
    scheme["scheme"] = "bearer"
    for key in ("x-specgen-username-format", "x-specgen-password-format"):
        scheme.pop(key, None)


def _salesforce_renamed(spec: Spec) -> None:
    spec["paths"]["/v1/integrationprocedure/{procedureName}/"]["post"]["operationId"] = "upsert"


def _shopctrl_response_field_added(spec: Spec) -> None:
    schemas(spec)["ServiceContract"]["properties"]["TrackingCode"] = {"type": "string"}


# (api, mutation, kind, level, Python name, pointer, base or current, line needles)
CASES: list[tuple[str, Callable[[Spec], None], str, str, str, str, str, tuple[str, ...]]] = [
    (
        "harmony",
        _harmony_initials_removed,
        "field_removed",
        "breaking",
        "harmony_client.models.Customer.initials",
        "/components/schemas/Customer/properties/initials",
        "base",
        ("\n    Customer:", "        initials:"),
    ),
    (
        "harmony",
        _harmony_required_shop_parameter,
        "required_parameter_added",
        "breaking",
        "harmony_client.Client.create_contract(…, shop_no=…)",
        "/paths/~1api~1insurance~1CreateContract/post/parameters/0",
        "current",
        ("/api/insurance/CreateContract:", "name: shopNo"),
    ),
    (
        "instellix",
        _instellix_stage_removed,
        "server_removed",
        "breaking",
        "instellix_client.Client(environment='stage')",
        "/servers/2",
        "base",
        ("isx-stage-westeurope",),
    ),
    (
        "odyssee",
        _odyssee_auth_changed,
        "auth_scheme_changed",
        "breaking",
        "odyssee_client.Client(…) [basicAuth]",
        "/components/securitySchemes/basicAuth",
        "current",
        ("securitySchemes:", "basicAuth:"),
    ),
    (
        "salesforce_insurance",
        _salesforce_renamed,
        "operation_renamed",
        "breaking",
        "salesforce_insurance_client.Client.create_update_contract",
        "/paths/~1v1~1integrationprocedure~1{procedureName}~1/post",
        "current",
        ("/v1/integrationprocedure/{procedureName}/:", "post:"),
    ),
    (
        "shopctrl",
        _shopctrl_response_field_added,
        "field_added",
        "minor",
        "shopctrl_client.models.ServiceContract.tracking_code",
        "/components/schemas/ServiceContract/properties/TrackingCode",
        "current",
        ("  ServiceContract:", "TrackingCode:"),
    ),
]


def _line_in_base(path: Path, needles: tuple[str, ...]) -> int:
    """The line of the last needle, each searched after the one before; a needle starting
    with a newline matches at the start of a line."""
    text = path.read_text(encoding="utf-8")
    offset = 0
    for needle in needles:
        offset = text.index(needle, offset) + (1 if needle.startswith("\n") else 0)
    return text.count("\n", 0, offset) + 1


@pytest.mark.parametrize(
    "api, mutate, kind, level, python, pointer, side, needles",
    CASES,
    ids=[f"{case[0]}-{case[2]}" for case in CASES],
)
def test_mutated_real_spec(
    tmp_path: Path,
    api: str,
    mutate: Callable[[Spec], None],
    kind: str,
    level: str,
    python: str,
    pointer: str,
    side: str,
    needles: tuple[str, ...],
) -> None:
    config = load_api_config(PROJECT, api)
    base_path = config.spec_path
    spec = yaml.safe_load(base_path.read_text(encoding="utf-8"))
    mutate(spec)
    current_path = tmp_path / "openapi.yaml"
    current_path.write_text(
        yaml.safe_dump(spec, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8"
    )
    changes = compare(
        *surfaces_of_files(config, (base_path, "base.yaml"), (current_path, "current.yaml"))
    )
    found = [c for c in changes if c.kind == kind and c.python == python]
    assert len(found) == 1, [(c.kind, c.python) for c in changes]
    change = found[0]
    assert change.level == level
    assert change.where.pointer == pointer
    if side == "base":
        assert change.where.file == "base.yaml"
        assert change.where.line == _line_in_base(base_path, needles)
    else:
        assert change.where.file == "current.yaml"
        assert change.where.line == _line_in_base(current_path, needles)
    others = [c for c in changes if c.level == "breaking" and c is not change]
    assert others == []


@pytest.mark.parametrize("api", REAL_APIS)
def test_a_real_spec_against_itself_has_no_change(api: str) -> None:
    config = load_api_config(PROJECT, api)
    surface = surface_of_file(config, config.spec_path, "spec")
    assert surface.operations and surface.models
    assert compare(surface, surface_of_file(config, config.spec_path, "spec")) == []
