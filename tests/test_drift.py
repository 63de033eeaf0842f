"""`specgen check`, `specgen vendor` and `check --vendored`, end to end on a throwaway project."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from generator.cli import main

# Slow (check and vendor end to end):
# not in `make test-fast`; `make test` starts it first.
pytestmark = pytest.mark.slow(weight=1)

ROOT = Path(__file__).resolve().parents[1]
API = "shopctrl"  # small and quick to build; the behaviour is the same for every API


def run(*args: str) -> tuple[int, str]:
    """Run the CLI in-process; return (exit code, stdout + stderr)."""
    from click.testing import CliRunner

    runner = CliRunner()

    def call() -> None:
        try:
            main(list(args))
        except SystemExit as exc:
            raise SystemExit(exc.code or 0) from None
        raise SystemExit(0)

    result = runner.invoke(_Wrapper(call), [], catch_exceptions=False)
    return result.exit_code, result.output


class _Wrapper:
    """Lets CliRunner capture the output of ``main`` (which runs click itself)."""

    def __init__(self, call: object) -> None:
        self.call = call

    def main(self, *args: object, **kwargs: object) -> None:
        self.call()  # type: ignore[operator]

    name = "specgen"


@pytest.fixture(scope="module")
def generated_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A throwaway project holding the API's spec, generated once for the module."""
    root = tmp_path_factory.mktemp("drift") / "proj"
    (root / "specs").mkdir(parents=True)
    shutil.copytree(ROOT / "specs" / API, root / "specs" / API)
    (root / "pyproject.toml").write_text(
        f'[tool.specgen]\nspecs = "specs"\noutput = "generated"\ntemplates = "{ROOT / "templates"}"\n',
        encoding="utf-8",
    )
    code, output = run("--project", str(root), "generate")
    assert code == 0, output
    return root


@pytest.fixture()
def project(generated_project: Path, tmp_path: Path) -> Path:
    """A fresh copy of the generated project for one test to change (timestamps kept, as a
    checkout's would be)."""
    root = tmp_path / "proj"
    shutil.copytree(generated_project, root, symlinks=True)
    return root


def test_check_is_clean_after_generate(project: Path) -> None:
    code, output = run("--project", str(project), "check")
    assert code == 0, output
    assert f"generated/{API}: up to date" in output


def test_check_names_an_edited_file(project: Path) -> None:
    target = project / "generated" / API / "src" / f"{API}_client" / "client.py"
    target.write_text(target.read_text(encoding="utf-8") + "# hand edit\n", encoding="utf-8")
    code, output = run("--project", str(project), "check")
    assert code == 1
    assert f"changed: {target}" in output
    assert "+# hand edit" in output


def test_check_names_a_deleted_file(project: Path) -> None:
    target = project / "generated" / API / "src" / f"{API}_client" / "errors.py"
    target.unlink()
    code, output = run("--project", str(project), "check")
    assert code == 1
    assert f"missing: {target}" in output


def test_check_names_a_stray_file(project: Path) -> None:
    stray = project / "generated" / API / "src" / f"{API}_client" / "helpers.py"
    stray.write_text("x = 1\n", encoding="utf-8")
    code, output = run("--project", str(project), "check")
    assert code == 1
    assert f"extra: {stray}" in output


def test_check_ignores_build_and_cache_debris(project: Path) -> None:
    cache = project / "generated" / API / "src" / f"{API}_client" / "__pycache__"
    cache.mkdir()
    (cache / "client.cpython-311.pyc").write_bytes(b"\0")
    code, output = run("--project", str(project), "check")
    assert code == 0, output


def test_check_catches_a_spec_changed_without_regenerating(project: Path) -> None:
    spec = project / "specs" / API / "openapi.yaml"
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text.replace("maxLength: 50", "maxLength: 60", 1), encoding="utf-8")
    code, output = run("--project", str(project), "check")
    assert code == 1
    assert f"changed: {project / 'generated' / API / 'openapi.yaml'}" in output
    assert f"{API}_client/models/_" in output  # the module of the class whose field changed


def test_check_exits_2_on_a_broken_spec(project: Path) -> None:
    spec = project / "specs" / API / "openapi.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo:\n\ttitle: tabs are not YAML indentation\n", encoding="utf-8"
    )
    code, output = run("--project", str(project), "check")
    assert code == 2
    assert f"{spec}:3" in output
    assert "Traceback" not in output


def test_check_bounds_the_diff(project: Path) -> None:
    target = project / "generated" / API / "src" / f"{API}_client" / "models" / "__init__.py"
    target.write_text("", encoding="utf-8")
    code, output = run("--project", str(project), "check", "--max-diff-lines", "20")
    assert code == 1
    assert "more diff line(s) not shown" in output


def test_check_names_a_pinned_tool_it_cannot_find(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pin with no recorded version (a tool added to the pins) is a clear exit 2, not a
    KeyError (CI found this when rstr was pinned)."""
    from generator.output import drift

    monkeypatch.setitem(drift.PINNED_TOOLS, "some-new-tool", "1.0")
    code, output = run("--project", str(project), "check")
    assert code == 2
    assert "some-new-tool (not installed) is installed, specgen pins 1.0" in output


def test_check_refuses_unpinned_tools(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.output import drift

    monkeypatch.setitem(drift.PINNED_TOOLS, "black", "0.0.1")
    code, output = run("--project", str(project), "check")
    assert code == 2
    assert "black" in output and "pins 0.0.1" in output


def test_pins_match_pyproject() -> None:
    from generator.output.drift import PINNED_TOOLS

    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert {"datamodel-code-generator", "black", "ruff"} <= set(PINNED_TOOLS)
    for name, version in PINNED_TOOLS.items():
        assert f'"{name}=={version}"' in text


def test_vendor_renamed_copy_passes_its_own_tests_and_check(project: Path, tmp_path: Path) -> None:
    dest = tmp_path / "elsewhere" / "third_party" / "shop"
    code, output = run(
        "--project", str(project), "vendor", API, str(dest), "--package", "acme_shop"
    )
    assert code == 0, output
    package = dest / "src" / "acme_shop"
    assert (package / "client.py").is_file() and not (dest / "src" / f"{API}_client").exists()
    for path in dest.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import generator" not in text and "from generator" not in text, path
        assert f"{API}_client" not in text, path

    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env["PYTHONPATH"] = str(dest / "src")
    env["SPECGEN_PRISM"] = str(ROOT / "node_modules" / ".bin" / "prism")
    if not (ROOT / "node_modules" / ".bin" / "prism").exists():
        env.pop("CI", None)  # no Prism here: let the contract tests skip, not fail
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x"],
        cwd=dest,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode in (0, 5), result.stdout[-3000:] + result.stderr[-2000:]

    code, output = run("--project", str(project), "check", "--vendored", str(dest))
    assert code == 0, output
    (package / "models" / "__init__.py").write_text("# edited\n", encoding="utf-8")
    code, output = run("--project", str(project), "check", "--vendored", str(dest))
    assert code == 1
    assert "models/__init__.py" in output


def test_vendor_refuses_to_replace_a_foreign_directory(project: Path, tmp_path: Path) -> None:
    dest = tmp_path / "mine"
    dest.mkdir()
    (dest / "important.txt").write_text("keep me", encoding="utf-8")
    code, output = run("--project", str(project), "vendor", API, str(dest))
    assert code == 2
    assert (dest / "important.txt").read_text(encoding="utf-8") == "keep me"


def test_check_subprocess_exit_codes(project: Path) -> None:
    """The console entry point itself (not only the in-process main) maps drift to exit 1."""
    cmd = [sys.executable, "-m", "generator", "--project", str(project), "check"]
    assert subprocess.run(cmd, capture_output=True, timeout=300).returncode == 0
    (project / "generated" / API / "README.md").write_text("edited\n", encoding="utf-8")
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert "README.md" in result.stdout
