"""Golden tests: one small spec per feature, compared file by file with the generated tree.

Each case is ``cases/<feature>/spec.yaml`` + ``specgen.toml``; ``expected/`` holds the full tree
``specgen generate`` writes for it. After an intended generator or template change, rewrite
them with ``pytest tests/golden --update-golden`` and review the diff like any other code.
"""

from __future__ import annotations

import difflib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from generator.config import load_project_config
from generator.fileset import FileSet
from generator.pipeline import build

from conftest import write_project

CASES_DIR = Path(__file__).resolve().parent / "cases"
CASES = sorted(p.name for p in CASES_DIR.iterdir() if (p / "spec.yaml").is_file())

# Generator/template bugs a golden case exposes and that are not fixed yet: case -> reason.
MYPY_XFAIL: dict[str, str] = {}


def _package(case: str) -> str:
    return f"golden_{case}"


@pytest.fixture(scope="session")
def golden_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_project(tmp_path_factory.mktemp("golden") / "project")
    for case in CASES:
        folder = root / "specs" / case
        folder.mkdir(parents=True)
        shutil.copyfile(CASES_DIR / case / "spec.yaml", folder / "openapi.yaml")
        shutil.copyfile(CASES_DIR / case / "specgen.toml", folder / "specgen.toml")
    return root


@pytest.fixture(scope="session")
def golden_builds(golden_project: Path) -> dict[str, FileSet]:
    project = load_project_config(golden_project)
    return {case: build(project, case).files for case in CASES}


def _read_tree(root: Path) -> dict[str, str]:
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(root.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def _write_tree(root: Path, files: FileSet) -> None:
    shutil.rmtree(root, ignore_errors=True)
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)


@pytest.mark.parametrize("case", CASES)
def test_golden(
    case: str, golden_builds: dict[str, FileSet], request: pytest.FixtureRequest
) -> None:
    files = golden_builds[case]
    expected_dir = CASES_DIR / case / "expected"
    if request.config.getoption("--update-golden"):
        _write_tree(expected_dir, files)
    expected = _read_tree(expected_dir)
    problems: list[str] = []
    for path in sorted(set(files) | set(expected)):
        if path not in expected:
            problems.append(f"new file {path} (not in expected/)")
        elif path not in files:
            problems.append(f"missing file {path} (expected/ has it)")
        elif files[path] != expected[path]:
            diff = difflib.unified_diff(
                expected[path].splitlines(keepends=True),
                files[path].splitlines(keepends=True),
                fromfile=f"expected/{path}",
                tofile=f"generated/{path}",
            )
            problems.append("".join(diff))
    assert not problems, (
        f"golden case {case!r} differs (run pytest tests/golden --update-golden if intended):\n"
        + "\n".join(problems)[:20000]
    )


@pytest.fixture(scope="session")
def golden_src(golden_builds: dict[str, FileSet], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every golden package's ``src/<package>/`` side by side in one source root."""
    src = tmp_path_factory.mktemp("golden_src")
    for case, files in golden_builds.items():
        prefix = f"src/{_package(case)}/"
        for relative, text in files.items():
            if relative.startswith(prefix):
                path = src / relative[len("src/") :]
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    return src


@pytest.fixture(scope="session")
def golden_mypy(golden_src: Path) -> dict[str, list[str]]:
    """One ``mypy --strict`` run over every golden package; error lines by package."""
    args = [arg for case in CASES for arg in ("-p", _package(case))]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            os.devnull,
            *args,
        ],
        cwd=golden_src,
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors: dict[str, list[str]] = {case: [] for case in CASES}
    for line in result.stdout.splitlines():
        head = line.split("/", 1)[0]
        for case in CASES:
            if head == _package(case):
                errors[case].append(line)
    if result.returncode not in (0, 1) or (result.returncode == 1 and not any(errors.values())):
        pytest.fail(f"mypy did not run: {result.stdout}\n{result.stderr}")
    return errors


@pytest.fixture(scope="session")
def golden_imports(golden_src: Path) -> dict[str, str]:
    """Import every golden package in one fresh interpreter; the failure text by package."""
    script = (
        "import importlib, json, sys, traceback\n"
        "out = {}\n"
        "for name in sys.argv[1:]:\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "        importlib.import_module(name + '.models')\n"
        "        importlib.import_module(name + '.client')\n"
        "        out[name] = ''\n"
        "    except BaseException:\n"
        "        out[name] = traceback.format_exc()\n"
        "print(json.dumps(out))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, *(_package(case) for case in CASES)],
        cwd=golden_src,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout.splitlines()[-1]))


@pytest.mark.parametrize(
    "case",
    [
        (
            pytest.param(case, marks=pytest.mark.xfail(reason=MYPY_XFAIL[case], strict=True))
            if case in MYPY_XFAIL
            else case
        )
        for case in CASES
    ],
)
def test_golden_package_imports_and_passes_mypy_strict(
    case: str, golden_imports: dict[str, str], golden_mypy: dict[str, list[str]]
) -> None:
    assert golden_imports[_package(case)] == "", golden_imports[_package(case)]
    assert golden_mypy[case] == [], "\n".join(golden_mypy[case])


# --- the hostile case: spec text must stay inert text ------------------------------------------


def test_hostile_strings_are_inert(golden_src: Path, tmp_path: Path) -> None:
    """Importing the hostile package runs none of the 'code' in its descriptions and examples."""
    spec = yaml.safe_load((CASES_DIR / "hostile" / "spec.yaml").read_text(encoding="utf-8"))
    schema = spec["components"]["schemas"]["Evil_Model-x"]
    kind = spec["components"]["schemas"]["Kind"]
    example = spec["paths"]["/things/{thing-id}"]["post"]["requestBody"]["content"][
        "application/json"
    ]["examples"]['evil """ name']["value"]
    script = (
        "import json, os, sys\n"
        "import golden_hostile, golden_hostile.client, golden_hostile.models as m\n"
        "data = json.loads(sys.stdin.read())\n"
        "out = {\n"
        "  'pwned_env': os.environ.get('SPECGEN_PWNED'),\n"
        "  'pwned_file': os.path.exists('specgen_pwned') or os.path.exists('/tmp/specgen_pwned'),\n"
        "  'doc': m.EvilModelX.__doc__,\n"
        "  'enum': [member.value for member in m.Kind],\n"
        "  'wire': m.EvilModelX.model_validate(data).to_wire(),\n"
        "  'method_doc': golden_hostile.client.Client.create_thing.__doc__,\n"
        "}\n"
        "print(json.dumps(out))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "SPECGEN_PWNED"}
    env["PYTHONPATH"] = str(golden_src)
    marker = Path("/tmp/specgen_pwned")
    existed = marker.exists()
    result = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps(example),
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["pwned_env"] is None
    assert not (tmp_path / "specgen_pwned").exists()
    assert existed or not marker.exists()
    # The docstring is the description, as text (black only strips trailing blanks).
    doc_lines = [line.strip() for line in out["doc"].strip().splitlines()]
    want_lines = [line.strip() for line in schema["description"].strip().splitlines()]
    assert doc_lines == want_lines
    assert out["enum"] == kind["enum"]
    assert out["wire"] == example
    assert out["method_doc"].startswith(spec["paths"]["/things/{thing-id}"]["post"]["summary"])


def test_hostile_package_compiles(golden_src: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(golden_src / "golden_hostile")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
