from __future__ import annotations

from pathlib import Path

import pytest
from generator.errors import SpecLoadError
from generator.schema.pointer import escape_pointer, resolve_pointer
from generator.spec.loader import load_spec

from conftest import minimal_spec


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "openapi.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_line_numbers_and_pointers(tmp_path: Path) -> None:
    spec = load_spec(_write(tmp_path, minimal_spec()))
    assert spec.lines.get("/paths/~1things/post") == (7, 5)
    location = spec.location("/components/schemas/Thing/properties/a/type")
    assert (location.line, location.pointer) == (26, "/components/schemas/Thing/properties/a/type")
    thing = spec.lines.get("/components/schemas/Thing")
    assert thing is not None
    assert spec.location("/components/schemas/Thing/nothing/here").line == thing[0]


def test_json_is_read_with_a_json_parser_and_located_by_line_and_column(tmp_path: Path) -> None:
    # U+0080 is valid in JSON strings but not in YAML: real specs (DocuSign, SendGrid) carry it.
    text = '{"openapi": "3.0.3", "info": {"title": "t\u0080", "description": "x\u0080y", "version": "1"},\n "paths": {}}'
    path = tmp_path / "openapi.json"
    path.write_text(text.replace("\\u0080", "\u0080"), encoding="utf-8")
    spec = load_spec(path)
    assert spec.data["info"]["description"] == "x\u0080y"
    assert (spec.location("/paths").line, spec.location("/paths").column) == (2, 2)
    assert str(spec.location("/info/title")).endswith("openapi.json:1:31 (at /info/title)")


def test_invalid_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "openapi.json"
    path.write_text('{"openapi": "3.0.3",\n  "info": {"title": }}', encoding="utf-8")
    with pytest.raises(SpecLoadError) as caught:
        load_spec(path)
    assert caught.value.location is not None
    assert (caught.value.location.line, caught.value.location.column) == (2, 21)


def test_percent_encoded_refs_are_decoded(tmp_path: Path) -> None:
    spec = load_spec(_write(tmp_path, minimal_spec()))
    assert spec.resolve("#/paths/~1things/post") is spec.resolve("#/paths/%7E1things/post")


def test_validator_findings_are_kept_not_raised(tmp_path: Path) -> None:
    spec = load_spec(_write(tmp_path, minimal_spec().replace("type: object", "type: objekt", 1)))
    assert spec.problems
    location, message = spec.problems[0]
    assert location is not None and location.line > 0
    assert "objekt" in message


def test_yaml_12_booleans_and_dates_stay_strings(tmp_path: Path) -> None:
    spec = load_spec(
        _write(
            tmp_path, minimal_spec(example="{country: NO, on: yes, day: 2024-06-12, flag: true}")
        )
    )
    value = spec.data["paths"]["/things"]["post"]["requestBody"]["content"]["application/json"][
        "examples"
    ]["one"]["value"]
    assert value == {"country": "NO", "on": "yes", "day": "2024-06-12", "flag": True}


def test_duplicate_key_names_line_and_parent(tmp_path: Path) -> None:
    with pytest.raises(SpecLoadError) as caught:
        load_spec(_write(tmp_path, "openapi: 3.1.0\ninfo:\n  title: a\n  title: b\n"))
    assert caught.value.location is not None
    assert (caught.value.location.line, caught.value.location.pointer) == (4, "/info")


def test_pointer_helpers() -> None:
    assert escape_pointer("a/b~c") == "a~1b~0c"
    assert resolve_pointer({"a/b": [1, {"c": 2}]}, "/a~1b/1/c") == 2
