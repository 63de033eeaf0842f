"""The generated validation tests (generator/testplan.py + templates/package/tests/).

- coverage: every documented field constraint of every request body, and every conditional
  rule, gets at least one accepting and one rejecting generated case;
- count: ``count_tests`` equals what pytest really collects from the planned test files;
- mutation: the generated suite passes on the generated models and fails when a validator is
  deleted or a constraint loosened in them.
"""

from __future__ import annotations

import os
import re
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from generator.config import load_api_config, load_project_config
from generator.pipeline import Built, build_api
from generator.testgen.cases import COVERAGE_KINDS, constraint_sites
from generator.testgen.plan import TEST_FILES, count_tests, test_context

from conftest import package_suite_forks
from forkserver import Finished

# Slow (generated suites run, Prism included):
# not in `make test-fast`; `make test` starts it first.
pytestmark = pytest.mark.slow(weight=3)

REPO_ROOT = Path(__file__).resolve().parents[1]
REAL_APIS = ("harmony", "instellix", "odyssee", "salesforce_insurance", "shopctrl")
PYTHON = sys.executable
# Sites where derive_cases (generator/cases.py) makes the rejecting case but, conservatively, no
# accepting "at the limit" case: the property is named by a conditional rule (instellix's
# anyOf debtorId/debtorIdent), so cases.py does not vouch for a changed value being valid.
KNOWN_GAPS = {
    ("instellix", "/components/schemas/CreateContractRequest/properties/debtorIdent", "maxLength"),
}
_LIMIT_KINDS = frozenset(
    {"maxLength", "minLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}
)


@cache
def _built(name: str) -> Built:
    project = load_project_config(REPO_ROOT)
    return build_api(load_api_config(project, name), templates_dir=project.templates_dir)


@cache
def _plan(name: str) -> dict[str, Any]:
    built = _built(name)
    return test_context(built.api)["testplan"]


def _write(built: Built, target: Path) -> Path:
    for relative, text in built.files.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return target


def _pytest(package: Path, *args: str, env: dict[str, str] | None = None) -> Finished:
    """The package's pytest with ``args``, in a fork of a process that imported pytest, httpx
    and pydantic."""
    environment = dict(os.environ, PYTHONPATH="src", **(env or {}))
    return package_suite_forks().run(
        ["-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=package,
        env=environment,
        timeout=900,
    )


# --------------------------------------------------------------------------------------------
# Coverage


@pytest.mark.parametrize("name", REAL_APIS)
def test_every_constraint_has_accepting_and_rejecting_cases(name: str) -> None:
    built = _built(name)
    plan = _plan(name)
    cases = plan["cases"]
    examples = [e for e in plan["examples"] if not e["response"]]
    problems: list[str] = []
    for op in built.api.operations:
        if not op.body_schema_pointer:
            continue
        for site in constraint_sites(built.spec.data, op.body_schema_pointer):
            if site.kind not in COVERAGE_KINDS:
                continue
            hits = [
                c for c in cases if c["model"] == op.body_model and tuple(c["site"]) == site.key
            ]
            rejecting = any(not c["valid"] for c in hits)
            # Limits need an explicit "at the limit" case. For the other kinds the example the
            # rejecting case was derived from holds a valid value there, and every example is
            # itself a generated accepting test (it round-trips through its model).
            if site.kind in _LIMIT_KINDS:
                accepting = any(c["valid"] for c in hits)
            else:
                accepting = rejecting and bool(examples)
            if (name, site.pointer, site.kind) in KNOWN_GAPS and rejecting:
                continue
            if not rejecting or not accepting:
                problems.append(
                    f"{op.operation_id}: {site.kind} at {'.'.join(site.path) or '$'} ({site.pointer})"
                )
    assert not problems, "constraints without generated cases:\n" + "\n".join(problems)


@pytest.mark.parametrize("name", REAL_APIS)
def test_every_rule_has_accepting_and_rejecting_cases(name: str) -> None:
    built = _built(name)
    plan = _plan(name)
    for rule in built.api.rules:
        prefix = f"{rule.model}.{rule.method_name.removeprefix('_rule_')}:"
        mine = [c for c in plan["rule_cases"] if c["id"].startswith(prefix)]
        assert any(c["valid"] for c in mine), f"{rule.method_name}: no accepting case"
        assert any(not c["valid"] for c in mine), f"{rule.method_name}: no rejecting case"
        assert all(c["message"] == rule.message for c in mine)
    assert plan["rules_skipped"] == []


@pytest.mark.parametrize("name", REAL_APIS)
def test_plan_is_deterministic_with_unique_readable_ids(name: str) -> None:
    built = _built(name)
    again = test_context(built.api)["testplan"]
    assert again == _plan(name)
    for table in ("examples", "cases", "unknown", "rule_cases", "contract"):
        ids = [entry["id"] for entry in again[table]]
        assert len(ids) == len(set(ids)), table
    assert any(":required:" in entry["id"] for entry in again["cases"])


def test_count_tests_sums_the_planned_files() -> None:
    plan = _plan("harmony")
    assert set(plan["counts"]) == set(TEST_FILES)
    assert count_tests({"testplan": plan}) == sum(plan["counts"].values())
    assert count_tests({}) == 0


# --------------------------------------------------------------------------------------------
# The rendered suites, run for real


@pytest.fixture(scope="module")
def harmony_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write(_built("harmony"), tmp_path_factory.mktemp("harmony"))


def test_count_matches_what_pytest_collects(harmony_package: Path) -> None:
    plan = _plan("harmony")
    for relative in TEST_FILES:
        result = _pytest(harmony_package, "--collect-only", relative)
        match = re.search(r"(\d+) tests? collected", result.stdout)
        assert match, result.stdout + result.stderr
        assert int(match.group(1)) == plan["counts"][relative], relative


def test_generated_suite_passes_unmodified(harmony_package: Path) -> None:
    result = _pytest(harmony_package, "-x", "tests/test_models.py", "tests/test_rules.py")
    assert result.exit_code == 0, result.stdout[-4000:] + result.stderr[-2000:]


def _delete_method(source: str, name: str) -> str:
    pattern = re.compile(
        rf"\n    @model_validator\(mode=\"after\"\)\n    def {name}\(.*?(?=\n    @|\n\n\nclass |\Z)",
        re.S,
    )
    changed, count = pattern.subn("\n", source)
    assert count == 1, f"{name} not found"
    return changed


def _replace_once(source: str, old: str, new: str) -> str:
    assert source.count(old) >= 1, f"{old!r} not found"
    return source.replace(old, new, 1)


MUTATIONS = {
    "delete-rule-validator": ("harmony", lambda s: _delete_method(s, "_rule_customer_if_then_1")),
    "delete-any-of-validator": ("harmony", lambda s: _delete_method(s, "_rule_device_any_of_1")),
    # SearchTemplates' retailPrice (CreateContract's is an anyOf of number and string, whose
    # branch constraints the derived cases do not reach).
    "loosen-minimum": (
        "harmony",
        lambda s: _replace_once(s, "examples=[2000], ge=1)", "examples=[2000])"),
    ),
    "loosen-pattern": ("harmony", lambda s: _replace_once(s, ', pattern="^[A-Z]{2}$"', "")),
    "loosen-max-length": ("odyssee", lambda s: re.sub(r",\s*max_length=\d+", "", s, count=1)),
    "delete-not-null-check": (
        "harmony",
        lambda s: re.sub(r"check_not_null\(", "(lambda *a, **k: None)(", s, count=1),
    ),
}


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_generated_suite_catches_a_broken_model(mutation: str, tmp_path: Path) -> None:
    name, mutate = MUTATIONS[mutation]
    built = _built(name)
    package = _write(built, tmp_path / name)
    # The mutation applies to the first model module it changes (one class per module).
    for models in sorted((package / "src" / built.api.package / "models").glob("*.py")):
        original = models.read_text(encoding="utf-8")
        try:
            changed = mutate(original)
        except AssertionError:
            continue  # what it edits is not in this module
        if changed != original:
            models.write_text(changed, encoding="utf-8")
            break
    else:
        pytest.fail(f"{mutation} changes no model module")
    result = _pytest(package, "-x", "tests/test_models.py", "tests/test_rules.py")
    assert result.exit_code == 1, result.stdout[-4000:] + result.stderr[-2000:]
    assert "failed" in result.stdout


def test_contract_tests_run_against_prism(harmony_package: Path) -> None:
    prism = REPO_ROOT / "node_modules" / ".bin" / "prism"
    if not prism.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("Prism not installed: run `npm ci` at the repo root")
        pytest.skip("Prism not installed: run `npm ci` at the repo root (needs Node 20+)")
    result = _pytest(
        harmony_package, "tests/test_contract_prism.py", env={"SPECGEN_PRISM": str(prism)}
    )
    assert result.exit_code == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "skipped" not in result.stdout


def test_contract_tests_skip_while_prism_is_still_loading_the_spec(
    harmony_package: Path, tmp_path: Path
) -> None:
    """What the README promises: a Prism still loading the spec after SPECGEN_PRISM_STARTUP
    seconds (docusign's 2.8 MB took it more than ten minutes) skips the calls and says why,
    and fails them under CI=true, where they must run."""
    slow = tmp_path / "prism"
    slow.write_text("#!/bin/sh\necho 'Starting Prism...'\nexec sleep 600\n", encoding="utf-8")
    slow.chmod(0o755)
    env = {"SPECGEN_PRISM": str(slow), "SPECGEN_PRISM_STARTUP": "1", "CI": "false"}
    result = _pytest(harmony_package, "-rs", "tests/test_contract_prism.py", env=env)
    assert result.exit_code == 0, result.stdout[-4000:]
    assert "Prism was still loading the spec after 1 s" in result.stdout
    assert " passed" not in result.stdout
    result = _pytest(harmony_package, "tests/test_contract_prism.py", env={**env, "CI": "true"})
    assert result.exit_code == 1, result.stdout[-4000:]
    assert "Starting Prism..." in result.stdout


ERROR_MAPPING_MUTATIONS = {
    # shopctrl documents a 404 on getServiceContract and a 400 on both operations.
    "map-404-to-conflict": ("    404: NotFoundError,", "    404: ConflictError,"),
    "map-400-to-generic": ("    400: BadRequestError,", ""),
}


@pytest.mark.parametrize("mutation", sorted(ERROR_MAPPING_MUTATIONS))
def test_generated_suite_catches_a_broken_error_mapping(mutation: str, tmp_path: Path) -> None:
    """Breaking the status → exception table makes the package's own client tests fail."""
    old, new = ERROR_MAPPING_MUTATIONS[mutation]
    built = _built("shopctrl")
    package = _write(built, tmp_path / "shopctrl")
    errors = package / "src" / built.api.package / "errors.py"
    errors.write_text(_replace_once(errors.read_text(encoding="utf-8"), old, new), encoding="utf-8")
    result = _pytest(package, "-x", "tests/test_client.py", "-k", "error")
    assert result.exit_code == 1, result.stdout[-4000:] + result.stderr[-2000:]
    assert "failed" in result.stdout
