"""Each API's package, freshly generated from the current templates, passes its own client and
README tests (run in a subprocess, as a user would) and ``mypy --strict``.

The packages are built in memory by the pipeline and written to a temporary directory, so this
tests what ``specgen generate`` would write now, not whatever ``generated/`` holds.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from generator.config import available_apis, load_project_config

from conftest import as_a_user_with_prism_on_path, mypy_strict, real_build

# Slow (each API's package: its client and README tests, mypy):
# not in `make test-fast`; `make test` starts it first.
pytestmark = pytest.mark.slow(weight=3)

ROOT = Path(__file__).resolve().parents[1]
PROJECT = load_project_config(ROOT)
APIS = available_apis(PROJECT)


# One xdist group per API: its package is generated once, on the worker that runs its tests.
@pytest.fixture(
    scope="module",
    params=[pytest.param(api, id=api, marks=pytest.mark.xdist_group(api)) for api in APIS],
)
def package(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, Path]:
    """``(import package name, directory)`` of one freshly generated package."""
    built = real_build(request.param)
    target = tmp_path_factory.mktemp(request.param)
    for relative, text in built.files.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    return built.api.package, target


def _run(args: list[str], cwd: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(cwd / "src"), PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def test_apis_are_all_there() -> None:
    assert {"harmony", "instellix", "odyssee", "salesforce_insurance", "shopctrl"} <= set(APIS)


def test_generated_package_passes_its_own_tests(package: tuple[str, Path]) -> None:
    """The package's whole suite (client, README, models, rules, behaviours and the Prism
    contract tests), run from its folder as its README says. ``make test`` runs it here, on
    what ``specgen generate`` writes now, and ``specgen check`` then proves ``generated/``
    byte-identical to it: the committed packages' suites are these suites."""
    _name, directory = package
    assert (directory / "README.md").is_file()
    env = {**as_a_user_with_prism_on_path(directory), "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=directory,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    assert " passed" in result.stdout
    assert " failed" not in result.stdout and " error" not in result.stdout


def test_generated_package_is_mypy_strict(package: tuple[str, Path], mypy_cache: Path) -> None:
    pytest.importorskip("mypy")
    name, directory = package
    env = dict(os.environ, PYTHONPATH=str(directory / "src"), PYTHONDONTWRITEBYTECODE="1")
    result = mypy_strict("-p", name, cwd=directory / "src", cache=mypy_cache, env=env)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
