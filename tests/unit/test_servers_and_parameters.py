"""Environment names and defaults (``servers.py``) and parameter checks (``parameters.py``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

import pydantic
import pytest
import yaml
from generator.config import one_off_config
from generator.errors import SpecValidationError
from generator.ir.build import parse
from generator.ir.parameters import invalid_value, validation_annotation
from generator.ir.servers import server_name, servers
from generator.spec.loader import load_spec
from pydantic import Field  # noqa: F401 - the annotations below are evaluated with it
from typing_extensions import TypedDict

ROOT = Path(__file__).resolve().parents[2]
REAL_APIS = ("harmony", "instellix", "odyssee", "salesforce_insurance", "shopctrl")


@pytest.mark.parametrize(
    ("server", "name"),
    [
        ({"url": "https://a", "description": "Test"}, "test"),
        ({"url": "https://a", "description": "Production"}, "production"),
        ({"url": "https://a", "description": "Sandbox (test)"}, "sandbox"),
        ({"url": "https://a", "description": "Main API host. Use it always."}, "main_api_host"),
        (
            {"url": "https://a", "description": "Stage / preview (selected customers)"},
            "stage_preview",
        ),
        ({"url": "https://api.eu.example.com/v2"}, "eu_example"),
        ({"url": "/v2"}, "v2"),
        (
            {
                "url": "https://a",
                "description": "The latest version",
                "x-specgen-environment": "Live",
            },
            "live",
        ),
        ({"url": "https://a", "description": "2024 edition"}, "env_2024_edition"),
    ],
)
def test_environment_names(server: dict[str, Any], name: str) -> None:
    assert server_name(server, 0, set()) == name


def test_equal_names_are_numbered_never_server_n() -> None:
    taken: set[str] = set()
    names = [server_name({"url": "https://a", "description": "Test"}, i, taken) for i in range(3)]
    assert names == ["test", "test_2", "test_3"]
    assert server_name({"url": ""}, 5, taken) == "default"


def _servers(tmp_path: Path, entries: list[dict[str, Any]]) -> Any:
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "servers": entries,
    }
    path = tmp_path / "openapi.yaml"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    return servers(load_spec(path, validate=False))


def test_the_marked_default_comes_first_and_keeps_its_pointer(tmp_path: Path) -> None:
    found = _servers(
        tmp_path,
        [
            {"url": "https://live.example", "description": "Production"},
            {
                "url": "https://test.example",
                "description": "Test",
                "x-specgen-default": True,
                "x-specgen-token-url": "https://auth.test.example/token",
            },
        ],
    )
    assert [(s.name, s.is_default, s.pointer) for s in found] == [
        ("test", True, "/servers/1"),
        ("production", False, "/servers/0"),
    ]
    assert found[0].token_url == "https://auth.test.example/token" and found[1].token_url == ""


def test_without_a_mark_the_first_server_is_the_default(tmp_path: Path) -> None:
    found = _servers(tmp_path, [{"url": "https://a.example"}, {"url": "https://b.example"}])
    assert [s.is_default for s in found] == [True, False]


def test_two_defaults_or_a_relative_token_url_are_refused(tmp_path: Path) -> None:
    with pytest.raises(SpecValidationError, match="x-specgen-default"):
        _servers(
            tmp_path,
            [
                {"url": "https://a.example", "x-specgen-default": True},
                {"url": "https://b.example", "x-specgen-default": True},
            ],
        )
    for bad in ("/token", "ftp://auth.example/token", "https://u:p@auth.example/token", 5):
        with pytest.raises(SpecValidationError, match="x-specgen-token-url"):
            _servers(tmp_path, [{"url": "https://a.example", "x-specgen-token-url": bad}])


@pytest.mark.parametrize("api", REAL_APIS)
def test_every_server_of_the_five_specs_is_named_deliberately(api: str) -> None:
    spec = load_spec(ROOT / "specs" / api / "openapi.yaml", validate=False)
    raw = spec.data["servers"]
    assert all(isinstance(s.get("x-specgen-environment"), str) for s in raw)
    found = servers(spec)
    assert sum(s.is_default for s in found) == 1 and found[0].is_default
    assert sum(s.get("x-specgen-default") is True for s in raw) == 1
    assert not any(s.name.startswith("server_") for s in found)
    default = next(s for s in raw if s.get("x-specgen-default") is True)
    assert "x-decision" in default, "a default environment is a decision: record it"


@pytest.mark.parametrize(
    ("api", "default"),
    [
        ("harmony", "test"),
        ("instellix", "sandbox"),
        ("odyssee", "production"),
        ("salesforce_insurance", "sandbox"),
        ("shopctrl", "demo"),
    ],
)
def test_default_environments(api: str, default: str) -> None:
    found = servers(load_spec(ROOT / "specs" / api / "openapi.yaml", validate=False))
    assert found[0].name == default


# --------------------------------------------------------------------------- parameters


def _annotation(schema: dict[str, Any], tmp_path: Path) -> str:
    spec = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}}
    path = tmp_path / "openapi.yaml"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    loaded = load_spec(path, validate=False)
    return validation_annotation(schema, loaded)


@pytest.mark.parametrize(
    ("schema", "annotation"),
    [
        ({"type": "integer", "minimum": 1, "maximum": 100}, "Annotated[int, Field(ge=1, le=100)]"),
        (
            {"type": "integer", "minimum": 1, "exclusiveMinimum": True},
            "Annotated[int, Field(gt=1)]",
        ),
        ({"type": "number", "exclusiveMaximum": 5}, "Annotated[decimal.Decimal, Field(lt=5)]"),
        ({"type": "string", "enum": ["dog", "cat"]}, 'Literal["dog", "cat"]'),
        (
            {"type": ["string", "null"], "maxLength": 3},
            "Annotated[str, Field(max_length=3)] | None",
        ),
        (
            {"type": "string", "pattern": "^[a-f0-9]{8}$"},
            'Annotated[str, Field(pattern="^[a-f0-9]{8}$")]',
        ),
        ({"type": "string", "format": "date"}, "datetime.date"),
        (
            {"type": "array", "maxItems": 3, "items": {"type": "string", "minLength": 1}},
            "Annotated[list[Annotated[str, Field(min_length=1)]], Field(max_length=3)]",
        ),
        ({"type": "boolean"}, "bool"),
        ({"type": "object"}, "dict[str, Any]"),
        ({}, "Any"),
        ({"anyOf": [{"type": "integer"}, {"type": "string"}]}, "int | str"),
        # A backreference needs a backtracking engine: not checked (linear time on any input).
        ({"type": "string", "pattern": "(a)\\1"}, "str"),
    ],
)
def test_parameter_annotations(schema: dict[str, Any], annotation: str, tmp_path: Path) -> None:
    assert _annotation(schema, tmp_path) == annotation


class Checked(TypedDict, total=False):
    limit: Annotated[int, Field(ge=1, le=100)]
    species: Literal["dog", "cat"]
    code: Annotated[str, Field(pattern="^[A-Z]{2}$")]
    tags: Annotated[list[Annotated[str, Field(max_length=3)]], Field(max_length=2)]


@pytest.mark.parametrize(
    ("name", "schema"),
    [
        ("limit", {"type": "integer", "minimum": 1, "maximum": 100}),
        ("species", {"type": "string", "enum": ["dog", "cat"]}),
        ("code", {"type": "string", "pattern": "^[A-Z]{2}$"}),
        ("tags", {"type": "array", "maxItems": 2, "items": {"type": "string", "maxLength": 3}}),
    ],
)
def test_invalid_values_are_rejected_by_the_annotation(
    name: str, schema: dict[str, Any], tmp_path: Path
) -> None:
    spec = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}}
    path = tmp_path / "openapi.yaml"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    value = invalid_value(schema, load_spec(path, validate=False))
    assert value is not None
    with pytest.raises(pydantic.ValidationError):
        pydantic.TypeAdapter(Checked).validate_python({name: value})


def test_a_parameter_is_described_by_its_schema_when_not_itself(tmp_path: Path) -> None:
    """Spotify describes its query parameters in their schemas: ``help()`` shows that text."""
    query = [
        {"name": "own", "in": "query", "description": "Its own.", "schema": {"description": "No."}},
        {"name": "kind", "in": "query", "schema": {"type": "string", "description": "The kind."}},
        {"name": "titled", "in": "query", "schema": {"type": "string", "title": "A title"}},
        {"name": "bare", "in": "query", "schema": {"type": "string"}},
    ]
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {"/x": {"get": {"operationId": "getX", "parameters": query, "responses": {}}}},
    }
    path = tmp_path / "described.yaml"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    api = parse(load_spec(path, validate=False), one_off_config(path, "described")).api
    described = {p.name: p.description for p in api.operations[0].parameters}
    assert described == {"own": "Its own.", "kind": "The kind.", "titled": "A title", "bare": ""}
