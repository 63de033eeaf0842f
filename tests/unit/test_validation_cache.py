"""The OpenAPI validator's findings are cached by spec content (``generator.spec.loader``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from generator.spec import loader

# Valid YAML, invalid OpenAPI: the operation has no ``responses``.
SPEC = """openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /a:
    get:
      operationId: getA
"""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SPECGEN_CACHE_DIR", str(folder))
    return folder / "validation"


def _spec(tmp_path: Path, text: str = SPEC) -> Path:
    path = tmp_path / "openapi.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_second_load_reuses_the_findings(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = loader.load_spec(_spec(tmp_path)).problems
    assert first and len(list(cache.glob("*.json"))) == 1

    def no_validator(spec: loader.LoadedSpec) -> list[tuple[str | None, str]]:
        raise AssertionError("the validator ran again")

    monkeypatch.setattr(loader, "_run_validator", no_validator)
    assert loader.load_spec(_spec(tmp_path)).problems == first


def test_other_bytes_are_validated_again(tmp_path: Path, cache: Path) -> None:
    loader.load_spec(_spec(tmp_path))
    fixed = SPEC + "      responses:\n        '200': {description: ok}\n"
    assert loader.load_spec(_spec(tmp_path, fixed)).problems == ()
    assert len(list(cache.glob("*.json"))) == 2


def test_an_unreadable_entry_is_ignored(tmp_path: Path, cache: Path) -> None:
    first = loader.load_spec(_spec(tmp_path)).problems
    (entry,) = cache.glob("*.json")
    for junk in ("{not json", '[["/paths", 3]]', '"text"'):
        entry.write_text(junk, encoding="utf-8")
        assert loader.load_spec(_spec(tmp_path)).problems == first


def test_an_empty_cache_setting_turns_the_cache_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPECGEN_CACHE_DIR", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert loader.load_spec(_spec(tmp_path)).problems
    assert not (tmp_path / "xdg").exists()
