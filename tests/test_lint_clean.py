"""Generated code is lint-clean: ruff (pyflakes F, isort I) and black agree with every file.

Each package is checked from its own folder with its own ``pyproject.toml``, exactly as a team
that vendors it would run the tools.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = sorted(p for p in (ROOT / "generated").iterdir() if (p / "pyproject.toml").is_file())


def check_lint_clean(package_dir: Path) -> None:
    """Assert ``ruff check --select F,I`` and ``black --check`` pass inside ``package_dir``."""
    ruff = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--no-cache",
            "--select",
            "F,I",
            "--output-format",
            "concise",
            ".",
        ],
        cwd=package_dir,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ruff.returncode == 0, ruff.stdout + ruff.stderr
    black = subprocess.run(
        [sys.executable, "-m", "black", "--check", "--quiet", "."],
        cwd=package_dir,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert black.returncode == 0, black.stderr


@pytest.mark.parametrize("package_dir", PACKAGES, ids=lambda p: p.name)
def test_generated_package_is_ruff_and_black_clean(package_dir: Path) -> None:
    check_lint_clean(package_dir)


def test_the_generator_is_ruff_and_black_clean() -> None:
    """generator/, tests/ and bench/ follow the settings in pyproject.toml."""
    check_lint_clean(ROOT)


def test_import_contracts_hold() -> None:
    """The stage layering in pyproject.toml's [tool.importlinter] (run as `lint-imports`)."""
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:]
