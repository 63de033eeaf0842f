"""Shared fixtures of the generator's own tests.

Tests never touch the real ``generated/``: ``make_project`` builds a throwaway specgen project
(its own ``specs/`` and ``generated/``) whose ``templates`` setting points at the real
``templates/`` directory, so the output is exactly what ``specgen generate`` would write.
"""

from __future__ import annotations

import atexit
import functools
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from generator.pipeline import Built

from forkserver import ForkServer

# The validation cache (generator/spec/loader.py) of this test session: never the user's own,
# and cold at the start, so every run validates for real at least once.
os.environ.setdefault("SPECGEN_CACHE_DIR", tempfile.mkdtemp(prefix="specgen-test-cache-"))

REPO_ROOT = Path(__file__).resolve().parents[1]
TEMPLATES_DIR = REPO_ROOT / "templates"
SPECS_DIR = REPO_ROOT / "specs"
GENERATED_DIR = REPO_ROOT / "generated"
VENV_PYTHON = REPO_ROOT / ".venv" / "bin" / "python"
# The golden expected trees hold generated packages (and their generated tests): not ours to run.
collect_ignore_glob = ["golden/cases/*"]

REAL_APIS = ("harmony", "instellix", "odyssee", "salesforce_insurance", "shopctrl")


PRISM = REPO_ROOT / "node_modules" / ".bin" / "prism"


def as_a_user_with_prism_on_path(package_dir: Path, *, prism: Path | None = None) -> dict[str, str]:
    """The environment of a user who installed Prism globally and set nothing else, for a
    package in ``package_dir`` (outside the repository: no ``node_modules`` above it):
    ``SPECGEN_PRISM`` unset, Prism's folder on ``PATH`` (``prism``'s, else the repository's
    Prism), the package's ``src`` importable, and ``CI=true``, which turns a Prism the tests
    cannot find into a failure instead of a skip."""
    # A test that runs the suite in a copy of the repository passes the real one's Prism on.
    prism = prism or Path(os.environ.get("SPECGEN_PRISM") or PRISM)
    env = {k: v for k, v in os.environ.items() if k != "SPECGEN_PRISM"}
    env["PATH"] = os.pathsep.join([str(prism.parent), env.get("PATH", "")])
    return {**env, "PYTHONPATH": str(package_dir / "src"), "CI": "true"}


# What a generated package's suite imports before its own modules: pytest with its plugins,
# and the package's two dependencies.
_PACKAGE_SUITE_PRELOAD = """
import importlib, importlib.metadata
import pytest, httpx, pydantic
for entry in importlib.metadata.entry_points(group="pytest11"):
    importlib.import_module(entry.value.split(":")[0])
"""


@functools.cache
def package_suite_forks() -> ForkServer:
    """Forks of a process that has imported pytest, its plugins, httpx and pydantic: a
    generated package's suite started from one skips a third of a second of imports."""
    return ForkServer(_PACKAGE_SUITE_PRELOAD)


# The generator imported and warmed (one regression spec generated): the first generation in a
# process costs three times the next.
_GENERATOR_PRELOAD = """
import contextlib, io, tempfile
from generator.cli.app import main
with tempfile.TemporaryDirectory() as tmp:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            main(["generate", "--spec", {spec!r}, "--name", "warm", "--output", tmp + "/out"])
        except SystemExit:
            pass
"""


@functools.cache
def generator_forks(slot: int = 0) -> ForkServer:
    """Forks of a process with the generator imported and warmed, for command lines such as
    ``-m generator generate …`` (one server runs one program at a time: ``slot`` numbers
    servers for programs that must run together)."""
    spec = REPO_ROOT / "tests" / "regressions" / "refs_everywhere.yaml"
    return ForkServer(_GENERATOR_PRELOAD.format(spec=str(spec)))


PRISM_POOL = Path(__file__).parent / "prism_pool"


@functools.cache
def pooled_prism() -> Path:
    """A ``prism`` executable whose mocks all run in one Node process of this test process.

    The pool (``tests/prism_pool/pool.js``) starts each mock with the code ``prism mock``
    runs, its option parser and server factory, so a mock answers as the CLI's would; what it
    saves is the second of CPU Node spends loading Prism for each of some fifty packages. The
    five packages' own suites and the README's walk-through keep the real command line. The
    pool lives as long as this test process; the ``prism`` returned (in the pool's folder,
    for ``PATH`` too) runs ``tests/prism_pool/client.js`` with the pool's socket."""
    folder = Path(tempfile.mkdtemp(prefix="specgen-prism-pool-"))
    socket_path, log_path = folder / "pool.sock", folder / "pool.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            ["node", str(PRISM_POOL / "pool.js"), str(socket_path)],
            cwd=REPO_ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    atexit.register(_stop_pool, process, folder)
    deadline = time.monotonic() + 60
    while not socket_path.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"the Prism pool did not start:\n{log_path.read_text(errors='replace')}")
        time.sleep(0.02)
    prism = folder / "prism"
    prism.write_text(
        f"#!/bin/sh\nSPECGEN_PRISM_POOL={shlex.quote(str(socket_path))} "
        f"exec node {shlex.quote(str(PRISM_POOL / 'client.js'))} \"$@\"\n",
        encoding="utf-8",
    )
    prism.chmod(0o755)
    return prism


def _stop_pool(process: subprocess.Popen[bytes], folder: Path) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    shutil.rmtree(folder, ignore_errors=True)


@functools.cache
def real_build(api: str) -> Built:
    """This repository's ``api`` as ``specgen generate`` would build it now, built once per
    test process (tests that need it share an ``xdist_group`` named after the API)."""
    from generator.config import load_project_config
    from generator.pipeline import build

    return build(load_project_config(REPO_ROOT), api)


def model_modules(files: Mapping[str, str], package: str) -> dict[str, str]:
    """The model modules of a rendered package (``models/__init__.py`` and one module per
    class), path → text, in path order."""
    prefix = f"src/{package}/models/"
    return {path: text for path, text in sorted(files.items()) if path.startswith(prefix)}


def models_text(files: Mapping[str, str], package: str) -> str:
    """Every model module of a rendered package, joined (what ``models.py`` once held)."""
    return "\n".join(model_modules(files, package).values())


def models_text_of(package_dir: Path) -> str:
    """:func:`models_text` of a written package (``package_dir`` is ``src/<package>``)."""
    paths = sorted((package_dir / "models").glob("*.py"))
    return "\n".join(path.read_text(encoding="utf-8") for path in paths)


_PROVENANCE = "# Generated by specgen from "


def black_would_change(text: str, line_length: int, targets: tuple[str, ...] = ("py311",)) -> bool:
    """Whether black (at ``line_length``, for ``targets``) would change ``text``; cached, since
    the runtime modules and much of the test support are the same text in every package. Their
    provenance comment (the only line that names the API in a runtime module) is made the same
    in every package first: black treats any one-line comment alike, so the verdict holds."""
    if text.startswith(_PROVENANCE):
        text = "# Generated by specgen.\n" + text.split("\n", 1)[1]
    return _black_would_change(text, line_length, targets)


@functools.cache
def _black_would_change(text: str, line_length: int, targets: tuple[str, ...]) -> bool:
    import black

    mode = black.Mode(
        target_versions={black.TargetVersion[target.upper()] for target in targets},
        line_length=line_length,
    )
    try:
        # fast: the verdict is whether black changes the text, not whether its output is safe.
        black.format_file_contents(text, fast=True, mode=mode)
    except black.NothingChanged:
        return False
    return True


MYPY_CACHE_ENV = "SPECGEN_TEST_MYPY_CACHE"


@pytest.fixture(scope="session")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One incremental mypy cache for every ``mypy --strict`` run of this test process.

    A cold run spends about 4 s analysing the standard library, pydantic and httpx before it
    reaches the package; with this cache every later run checks only the package (about
    0.6 s). mypy validates each cached module by path, size and hash, so a package that
    reuses a module name in another folder is analysed afresh, never read from the cache.
    Each xdist worker has its own (its own temporary root); a nested test session run by a
    test inherits its caller's through ``SPECGEN_TEST_MYPY_CACHE`` (the caller waits for it,
    so the two never write at once).
    """
    inherited = os.environ.get(MYPY_CACHE_ENV)
    return Path(inherited) if inherited else tmp_path_factory.mktemp("mypy-cache")


def mypy_strict(
    *targets: str,
    cwd: Path,
    cache: Path,
    python_executable: Path | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 600,
) -> subprocess.CompletedProcess[str]:
    """Run ``mypy --strict`` on ``targets`` from ``cwd`` with the shared ``cache``."""
    args = [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(cache)]
    if python_executable is not None:
        args += ["--python-executable", str(python_executable)]
    return subprocess.run(
        [*args, *targets],
        cwd=cwd,
        env=None if env is None else dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _weight(item: pytest.Item) -> int:
    marker = item.get_closest_marker("slow")
    return 0 if marker is None else int(marker.kwargs.get("weight", 1))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Heaviest tests first (stable otherwise): xdist hands out work in collection order, so
    a long test collected last would leave one core idle while it runs alone at the end."""
    items.sort(key=lambda item: -_weight(item))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite tests/golden/cases/*/expected/ from the current generator output.",
    )


def write_project(
    root: Path,
    specs: Mapping[str, str] | None = None,
    configs: Mapping[str, str] | None = None,
    *,
    dedent: bool = True,
    strict: bool = True,
) -> Path:
    """Create a specgen project at ``root``: ``specs/<name>/openapi.yaml`` for each spec text.

    ``strict`` as in this repository (authoring rules are errors) unless told otherwise.
    """
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(
        '[project]\nname = "throwaway"\nversion = "0"\n\n'
        "[tool.specgen]\n"
        'specs = "specs"\n'
        'output = "generated"\n'
        f"templates = {str(TEMPLATES_DIR)!r}\n".replace("'", '"')
        + f"strict = {'true' if strict else 'false'}\n",
        encoding="utf-8",
    )
    (root / "specs").mkdir(exist_ok=True)
    for name, text in (specs or {}).items():
        folder = root / "specs" / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "openapi.yaml").write_text(
            textwrap.dedent(text) if dedent else text, encoding="utf-8"
        )
    for name, text in (configs or {}).items():
        folder = root / "specs" / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "specgen.toml").write_text(textwrap.dedent(text), encoding="utf-8")
    return root


MakeProject = Callable[..., Path]


@pytest.fixture
def make_project() -> MakeProject:
    """``make_project(tmp_path, specs={name: yaml_text}, configs={name: toml_text})`` → project root."""
    return write_project


def copy_real_project(root: Path, apis: tuple[str, ...] = REAL_APIS) -> Path:
    """A throwaway project holding copies of the real specs (and the real templates)."""
    write_project(root)
    for api in apis:
        shutil.copytree(SPECS_DIR / api, root / "specs" / api)
    return root


@pytest.fixture
def real_project(tmp_path: Path) -> Path:
    return copy_real_project(tmp_path / "project")


_DEFAULT_SCHEMAS = (
    "    Thing:\n      type: object\n      properties:\n        a:\n          type: string\n"
)


def minimal_spec(
    schemas: str = "",
    *,
    openapi: str = "3.1.0",
    extra_paths: str = "",
    request_schema: str = "$ref: '#/components/schemas/Thing'",
    example: str = "{}",
) -> str:
    """A small valid spec: POST /things with a request body; ``schemas`` is YAML under schemas:.

    ``schemas`` must be indented by 4 spaces (it is inserted under ``components.schemas``).
    """
    schemas = schemas or _DEFAULT_SCHEMAS
    return (
        f"openapi: {openapi}\n"
        "info:\n  title: t\n  version: '1'\n"
        "paths:\n"
        "  /things:\n"
        "    post:\n"
        "      operationId: createThing\n"
        "      requestBody:\n"
        "        content:\n"
        "          application/json:\n"
        "            schema:\n"
        f"              {request_schema}\n"
        "            examples:\n"
        f"              one:\n                value: {example}\n"
        "      responses:\n"
        "        '204':\n"
        "          description: done\n"
        f"{extra_paths}"
        "components:\n"
        "  schemas:\n"
        f"{schemas}"
    )
