"""Generated code is lint-clean: ruff (pyflakes F, isort I) and black agree with every file.

Each package is checked from its own folder with its own ``pyproject.toml``, exactly as a team
that vendors it would run the tools.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from conftest import black_would_change, mypy_strict

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = sorted(p for p in (ROOT / "generated").iterdir() if (p / "pyproject.toml").is_file())


def check_black_in_process(package_dir: Path) -> None:
    """``black --check`` of ``package_dir``'s Python files with its own ``[tool.black]``
    settings, in this process, each distinct text formatted once (the runtime modules and much
    of the test support are the same text in every package)."""
    settings = tomllib.loads((package_dir / "pyproject.toml").read_text(encoding="utf-8"))
    black_settings = settings["tool"]["black"]
    line_length, targets = black_settings["line-length"], tuple(black_settings["target-version"])
    changed = [
        str(path.relative_to(package_dir))
        for path in sorted(package_dir.rglob("*.py"))
        if black_would_change(path.read_text(encoding="utf-8"), line_length, targets)
    ]
    assert not changed, f"black would reformat {changed}"


def check_lint_clean(package_dir: Path, *, black_in_process: bool = False) -> None:
    """Assert ``ruff check --select F,I`` and ``black --check`` pass inside ``package_dir``
    (black in this process with ``black_in_process``: same settings, same verdict, cached)."""
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
    if black_in_process:
        check_black_in_process(package_dir)
        return
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


@pytest.mark.slow(weight=2)
def test_the_generator_is_mypy_strict(mypy_cache: Path) -> None:
    """``mypy --strict`` over ``generator/`` (the settings in pyproject.toml's [tool.mypy])."""
    result = mypy_strict("generator", cwd=ROOT, cache=mypy_cache, timeout=600)
    assert result.returncode == 0, result.stdout[-6000:]


def test_no_generator_function_is_longer_than_120_lines() -> None:
    """Short functions, each one step: a 460-line ``parse`` shared six dicts among eight
    closures. Decorators and docstrings count; the runtime's too."""
    import ast

    too_long = []
    for path in sorted((ROOT / "generator").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                length = (node.end_lineno or node.lineno) - first + 1
                if length > 120:
                    too_long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}: {length}")
    assert too_long == []


def test_the_client_template_renders_decisions_made_in_python() -> None:
    """Auth, operation settings and return types are decided in Python (the IR, the runtime's
    ``build_client_auth``, ``output/client_parts.py``); the template renders them. It had 77
    ``if``s, auth selection among them."""
    import re

    template = (ROOT / "templates" / "package" / "src" / "pkg" / "client.py.jinja").read_text(
        encoding="utf-8"
    )
    assert len(re.findall(r"{%-?\s*(?:if|elif)\b", template)) <= 30
