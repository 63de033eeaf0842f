"""Each generated package installs into a fresh virtual environment and type-checks strictly."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = sorted(p for p in (ROOT / "generated").iterdir() if (p / "pyproject.toml").is_file())


@pytest.fixture(scope="module")
def fresh_env(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new venv holding only pip and the five generated packages (with httpx and pydantic)."""
    where = tmp_path_factory.mktemp("fresh") / "venv"
    venv.EnvBuilder(with_pip=True).create(where)
    python = where / "bin" / "python"
    result = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", *map(str, PACKAGES)],
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
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--python-executable",
            str(fresh_env),
            "--no-incremental",
            "-p",
            name,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=package.parent,
    )
    assert result.returncode == 0, result.stdout[-4000:]
