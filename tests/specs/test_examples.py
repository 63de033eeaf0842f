"""Generic tests of every ``specs/<api>/openapi.yaml``, driven by the specs' own examples.

1. every named example of every request and response body is valid against its media schema;
2. every case ``generator.testgen.cases`` derives from a request-body example (a required property
   removed, a string one past ``maxLength``, a value outside an ``enum`` ...) is accepted or
   rejected by a real JSON Schema 2020-12 validator exactly as the case says;
3. together, a request body's examples exercise every constraint reachable from its schema.

The spec folders are discovered at collection time; with none, the tests are skipped.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from .helpers import SPECS_DIR, load_spec, media_examples, validator_for

try:
    from generator.testgen.cases import (
        Case,
        Site,
        constraint_sites,
        derive_cases,
        format_path,
        uncovered_sites,
    )
except ModuleNotFoundError:  # plain ``pytest`` without the project root on sys.path
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from generator.testgen.cases import (
        Case,
        Site,
        constraint_sites,
        derive_cases,
        format_path,
        uncovered_sites,
    )

# Formats the validator asserts on: only those get "format" cases.
CHECKED_FORMATS = frozenset(Draft202012Validator.FORMAT_CHECKER.checkers)


@dataclass(frozen=True, eq=False)  # hashed by identity: the value is a dict
class Example:
    api: str
    id: str
    pointer: str  # of the media type's schema
    where: str  # the request body or response
    value: Any

    @property
    def is_request(self) -> bool:
        return self.where.endswith("/requestBody")

    @property
    def label(self) -> str:
        return f"{self.api}:{self.id}"


def _apis() -> list[str]:
    return sorted(path.parent.name for path in SPECS_DIR.glob("*/openapi.yaml"))


def _collect() -> tuple[list[Example], dict[str, str]]:
    examples: list[Example] = []
    broken: dict[str, str] = {}
    for api in _apis():
        try:
            found = media_examples(api)
        except Exception as error:  # a spec being written may not parse yet: one failing test
            broken[api] = f"{type(error).__name__}: {error}"
            continue
        examples.extend(Example(api, *item) for item in found)
    return examples, broken


EXAMPLES, BROKEN = _collect()


@lru_cache(maxsize=None)
def _validator(api: str, pointer: str) -> Draft202012Validator:
    return validator_for(api, pointer)


def _errors(example_api: str, pointer: str, instance: Any) -> list[str]:
    validator = _validator(example_api, pointer)
    return [
        f"{format_path(list(error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(instance)
    ]


@lru_cache(maxsize=None)
def _example_valid(example: Example) -> bool:
    return bool(_validator(example.api, example.pointer).is_valid(example.value))


def _derive(example: Example) -> list[Case]:
    return derive_cases(
        load_spec(example.api), example.pointer, example.value, formats=CHECKED_FORMATS
    )


def _case_params() -> list[Any]:
    params: list[Any] = []
    for example in EXAMPLES:
        if not example.is_request:
            continue
        try:
            cases = _derive(example)
        except Exception as error:  # report, do not break collection
            params.append(
                pytest.param(
                    example, None, f"{type(error).__name__}: {error}", id=f"{example.label}:derive"
                )
            )
            continue
        params.extend(
            pytest.param(example, case, None, id=f"{example.label}:{case.id}") for case in cases
        )
    return params


def _body_params() -> list[Any]:
    bodies: dict[tuple[str, str], list[Example]] = {}
    for example in EXAMPLES:
        if example.is_request:
            bodies.setdefault((example.api, example.pointer), []).append(example)
    return [
        pytest.param(
            api,
            pointer,
            group,
            id=f"{api}:{group[0].id.rsplit(':', 1)[0]}:{pointer.rsplit('/', 2)[-2]}",
        )
        for (api, pointer), group in sorted(bodies.items())
    ]


def test_specs_load() -> None:
    if not _apis():
        pytest.skip("no specs/*/openapi.yaml yet")
    assert not BROKEN, "unreadable specs:\n  " + "\n  ".join(
        f"specs/{api}/openapi.yaml: {error}" for api, error in sorted(BROKEN.items())
    )


@pytest.mark.parametrize("example", EXAMPLES, ids=[example.label for example in EXAMPLES])
def test_example_is_valid(example: Example) -> None:
    problems = _errors(example.api, example.pointer, example.value)
    assert not problems, (
        f"example {example.id} of {example.where} is invalid against {example.pointer}:\n  "
        + "\n  ".join(problems)
    )


@pytest.mark.parametrize(("example", "case", "failure"), _case_params())
def test_derived_case(example: Example, case: Case | None, failure: str | None) -> None:
    if failure is not None or case is None:
        pytest.fail(f"cannot derive cases from {example.label}: {failure}")
    if not _example_valid(example):
        pytest.skip(f"example {example.label} is itself invalid (see test_example_is_valid)")
    validator = _validator(example.api, example.pointer)
    if validator.is_valid(case.instance) == case.valid:
        return
    detail = "\n  ".join(_errors(example.api, example.pointer, case.instance)) or "(no errors)"
    pytest.fail(
        f"case {case.id} (kind {case.kind}, schema {case.pointer}, at {format_path(case.path)}) "
        f"expected {'valid' if case.valid else 'invalid'}, validator says "
        f"{'invalid' if case.valid else 'valid'}:\n  {detail}"
    )


def _describe(site: Site) -> str:
    return f"{site.pointer}  {site.kind}  (at {format_path(site.path)})"


@pytest.mark.parametrize(("api", "pointer", "examples"), _body_params())
def test_request_examples_cover_constraints(
    api: str, pointer: str, examples: list[Example]
) -> None:
    document = load_spec(api)
    cases: list[Case] = []
    for example in examples:
        cases.extend(_derive(example))
    missing = uncovered_sites(constraint_sites(document, pointer), cases)
    assert not missing, (
        f"{len(missing)} constraint(s) of {pointer} not exercised by the examples "
        f"{', '.join(example.id.rsplit(':', 1)[-1] for example in examples)} "
        "(set the field in the `full` example):\n  " + "\n  ".join(map(_describe, missing))
    )
