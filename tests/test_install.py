"""Each generated package installs into a fresh virtual environment and type-checks strictly."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import pytest

from conftest import mypy_strict

# Slow (a fresh venv, five package builds):
# not in `make test-fast`; `make test` starts it first.
# One fresh venv for the module: its tests stay on one xdist worker.
pytestmark = [pytest.mark.slow(weight=8), pytest.mark.xdist_group("install")]


ROOT = Path(__file__).resolve().parents[1]
PACKAGES = sorted(p for p in (ROOT / "generated").iterdir() if (p / "pyproject.toml").is_file())


@pytest.fixture(scope="module")
def fresh_env(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new venv holding only the five generated packages (with httpx and pydantic).

    The venv gets no pip of its own (ensurepip costs seconds): this environment's pip installs
    into it (``pip --python``), each package built in its own isolated build environment as a
    user's ``pip install generated/<api>`` would.
    """
    where = tmp_path_factory.mktemp("fresh") / "venv"
    venv.EnvBuilder(with_pip=False).create(where)
    python = where / "bin" / "python"
    result = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet"]
        + [str(package) for package in PACKAGES],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return python


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_package_installs_and_imports_in_a_fresh_venv(fresh_env: Path, package: Path) -> None:
    name = next((package / "src").iterdir()).name
    code = (
        f"import {name}, sys; assert {name}.Client and {name}.AsyncClient; print({name}.__file__)"
    )
    result = subprocess.run(
        [str(fresh_env), "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "site-packages" in result.stdout  # the installed copy, not the source tree


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_installed_package_passes_mypy_strict(fresh_env: Path, package: Path) -> None:
    name = next((package / "src").iterdir()).name
    result = mypy_strict(
        "-p",
        name,
        cwd=package.parent,
        # Its own cache: the installed copies, not the source trees, are the ones checked.
        cache=fresh_env.parents[2] / "mypy-cache",
        python_executable=fresh_env,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-4000:]
