from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import SpecLoadError
from generator.loader import escape_pointer, load_spec, resolve_pointer

from conftest import minimal_spec


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "openapi.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_line_numbers_and_pointers(tmp_path: Path) -> None:
    spec = load_spec(_write(tmp_path, minimal_spec()))
    assert spec.lines["/paths/~1things/post"] == 7
    location = spec.location("/components/schemas/Thing/properties/a/type")
    assert (location.line, location.pointer) == (26, "/components/schemas/Thing/properties/a/type")
    assert spec.location("/components/schemas/Thing/nothing/here").line == spec.lines["/components/schemas/Thing"]


def test_yaml_12_booleans_and_dates_stay_strings(tmp_path: Path) -> None:
    spec = load_spec(_write(tmp_path, minimal_spec(example="{country: NO, on: yes, day: 2024-06-12, flag: true}")))
    value = spec.data["paths"]["/things"]["post"]["requestBody"]["content"]["application/json"]["examples"]["one"]["value"]
    assert value == {"country": "NO", "on": "yes", "day": "2024-06-12", "flag": True}


def test_duplicate_key_names_line_and_parent(tmp_path: Path) -> None:
    with pytest.raises(SpecLoadError) as caught:
        load_spec(_write(tmp_path, "openapi: 3.1.0\ninfo:\n  title: a\n  title: b\n"))
    assert caught.value.location is not None
    assert (caught.value.location.line, caught.value.location.pointer) == (4, "/info")


def test_pointer_helpers() -> None:
    assert escape_pointer("a/b~c") == "a~1b~0c"
    assert resolve_pointer({"a/b": [1, {"c": 2}]}, "/a~1b/1/c") == 2
