"""The OpenAPI validator's findings are cached by spec content, and may come from a forked
worker (``generator.spec.validation``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from generator.spec import loader, validation

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

    monkeypatch.setattr(validation, "_run_validator", no_validator)
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


@pytest.fixture
def uncached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> loader.LoadedSpec:
    """The invalid spec, loaded without its findings, with the cache turned off."""
    monkeypatch.setenv("SPECGEN_CACHE_DIR", "")
    return loader.load_spec(_spec(tmp_path), validate=False)


def test_a_background_worker_finds_what_the_caller_would(uncached: loader.LoadedSpec) -> None:
    spec = uncached
    inline = validation.start_validation(spec).result()
    pending = validation.start_validation(spec, background=True)
    assert pending._process is not None  # a worker really ran
    assert pending.result() == inline and inline.problems


def test_a_worker_that_dies_leaves_the_validation_to_the_caller(
    uncached: loader.LoadedSpec, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = uncached
    expected = validation.start_validation(spec).result()
    caller, real = os.getpid(), validation._run_validator

    def dies_in_the_worker(spec: loader.LoadedSpec) -> list[tuple[str | None, str]]:
        if os.getpid() != caller:
            os._exit(9)  # killed, out of memory: no findings sent
        return real(spec)

    monkeypatch.setattr(validation, "_run_validator", dies_in_the_worker)
    assert validation.start_validation(spec, background=True).result() == expected


def test_a_cancelled_worker_is_stopped(uncached: loader.LoadedSpec) -> None:
    pending = validation.start_validation(uncached, background=True)
    process = pending._process
    pending.cancel()
    assert process is not None and not process.is_alive()
