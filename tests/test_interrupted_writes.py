"""Writes killed at any point, and writers racing: every package stays old-or-new.

The kill test runs the real writer in a child process that SIGKILLs itself at the N-th
executed line of the writer (a trace function counts them), for points spread over the whole
write phase of two packages. After each kill: every package is its old tree or its new tree
(or, killed between the two renames, absent with its complete old tree beside it);
``specgen check`` flags any leftover; the next write leaves exactly the new trees and nothing
else.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner
from generator.cli import cli
from generator.config import load_project_config
from generator.output.fileset import FileSet
from generator.output.writer import leftovers, write_fileset
from generator.pipeline import build

from conftest import TEMPLATES_DIR, generator_forks
from forkserver import Finished, ForkServer

# Slow (kills and concurrent writers in subprocesses):
# not in `make test-fast`; `make test` starts it first.
pytestmark = pytest.mark.slow(weight=4)

REGRESSIONS = Path(__file__).parent / "regressions"
APIS = {"alpha": "refs_everywhere.yaml", "beta": "names.yaml"}

_CHILD = """
import inspect, json, os, signal, sys
from pathlib import Path
from generator.output import writer
from generator.output.fileset import FileSet

plan = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
kill_at = int(sys.argv[2])
root = Path(plan["root"])
watched = {writer.write_fileset.__code__, writer._swap_in.__code__, writer.recover.__code__}
events = 0
lines, first = inspect.getsourcelines(writer._swap_in)
# The line that swaps the new tree in: a kill just before it falls between the two renames.
swap_line = first + next(i for i, text in enumerate(lines) if "os.replace(staging, target)" in text)
swaps = []

def local(frame, event, arg):
    global events
    if event == "line":
        events += 1
        if frame.f_code is writer._swap_in.__code__ and frame.f_lineno == swap_line:
            swaps.append(events)
        if events == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
    return local

def tracer(frame, event, arg):
    return local if frame.f_code in watched else None

sys.settrace(tracer)
for name, files in sorted(plan["packages"].items()):
    writer.write_fileset(FileSet(files), root / name, output_root=root)
sys.settrace(None)
print(json.dumps({"total": events, "swaps": swaps}))
"""


def _tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, FileSet]]:
    """A project with two APIs, generated from version 1 of their specs; the specs are then
    changed (version 2), and version 2's packages are returned, built but not written."""
    root = tmp_path_factory.mktemp("project")
    (root / "pyproject.toml").write_text(
        f"[tool.specgen]\ntemplates = {json.dumps(str(TEMPLATES_DIR))}\n", encoding="utf-8"
    )
    for name, source in APIS.items():
        folder = root / "specs" / name
        folder.mkdir(parents=True)
        shutil.copy(REGRESSIONS / source, folder / "openapi.yaml")
        (folder / "specgen.toml").write_text("strict = false\n", encoding="utf-8")
    config = load_project_config(root)
    for name in APIS:
        built = build(config, name)
        write_fileset(built.files, config.output_dir / name, output_root=config.output_dir)
    new: dict[str, FileSet] = {}
    for name in APIS:
        spec = root / "specs" / name / "openapi.yaml"
        spec.write_text(
            spec.read_text(encoding="utf-8").replace("openapi:", "x-revision: 2\nopenapi:", 1),
            encoding="utf-8",
        )
        new[name] = build(config, name).files
    return root, new


@functools.cache
def _writer_forks() -> ForkServer:
    """Forks of a process that imported the writer: forty kill points, forty processes."""
    return ForkServer("from generator.output import writer\nimport inspect, json, signal\n")


def _kill_at(point: int, plan: Path, cwd: Path) -> Finished:
    return _writer_forks().run(
        ["-c", _CHILD, str(plan), str(point)], cwd=cwd, env=dict(os.environ), timeout=120
    )


def test_a_kill_anywhere_in_the_write_phase_leaves_old_or_new(
    project: tuple[Path, dict[str, FileSet]], tmp_path: Path
) -> None:
    root, new = project
    output = root / "generated"
    pristine = tmp_path / "pristine"
    shutil.copytree(output, pristine)
    old = {name: _tree(pristine / name) for name in APIS}
    plan = tmp_path / "plan.json"
    plan.write_text(
        json.dumps({"root": str(output), "packages": {k: dict(v) for k, v in new.items()}}),
        encoding="utf-8",
    )
    # A dry run counts the writer's executed lines (the points where a kill can land).
    counted = _kill_at(0, plan, tmp_path)
    assert counted.exit_code == 0, counted.stderr
    counts = json.loads(counted.stdout)
    total = counts["total"]
    assert total > 50 and len(counts["swaps"]) == len(APIS)
    shutil.rmtree(output)
    points = sorted({1, total, *counts["swaps"], *range(1, total, max(1, total // 40))})
    flagged = absent = 0
    for point in points:
        shutil.rmtree(output, ignore_errors=True)
        shutil.copytree(pristine, output)
        killed = _kill_at(point, plan, tmp_path)
        assert killed.exit_code == -9, (point, killed.stderr)
        for name in APIS:
            target = output / name
            if target.exists():
                assert _tree(target) in (old[name], dict(new[name])), (point, name)
            else:  # killed between the two renames: the whole old tree waits beside it
                absent += 1
                retired = [p for p in leftovers(output, name) if ".old-" in p.name]
                assert retired and _tree(retired[0]) == old[name], point
        left = leftovers(output)
        if left and flagged < 3:  # `check` reports leftovers (the CLI costs a rebuild)
            result = CliRunner().invoke(cli, ["--project", str(root), "check"])
            assert result.exit_code == 1, result.output
            assert "left by an interrupted `specgen generate`" in result.output
            flagged += 1
        for name in sorted(APIS):
            write_fileset(new[name], output / name, output_root=output)
        assert leftovers(output) == [], point
        assert sorted(p.name for p in output.iterdir()) == sorted(APIS), point
        for name in APIS:
            assert _tree(output / name) == dict(new[name]), (point, name)
    print(f"{len(points)} kill points of {total}; {absent} between the renames; {flagged} checked")
    assert flagged, "no kill point left a leftover: the test did not reach the swap"
    assert absent == len(APIS)  # each package once, killed between its two renames


def test_two_concurrent_writers_both_succeed(
    project: tuple[Path, dict[str, FileSet]], tmp_path: Path
) -> None:
    """Two `specgen generate` runs at once on one project: both exit 0, the tree is correct."""
    root, new = project
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    servers = [generator_forks(0), generator_forks(1)]  # two warmed generators, one run each

    def generate(slot: int) -> Finished:
        folder = tmp_path / f"run{slot}"
        folder.mkdir(exist_ok=True)
        command = ["-m", "generator", "--project", str(root), "generate"]
        return servers[slot].run(command, cwd=folder, env=env, timeout=300)

    for attempt in range(3):
        shutil.rmtree(root / "generated", ignore_errors=True)
        with ThreadPoolExecutor(max_workers=2) as pool:
            runs = list(pool.map(generate, range(2)))
        for run in runs:
            assert run.exit_code == 0, (attempt, run.stderr)
        output = root / "generated"
        assert sorted(p.name for p in output.iterdir() if p.is_dir()) == sorted(APIS)
        assert (output / "README.md").is_file()  # the package index
        for name in APIS:
            assert _tree(output / name) == dict(new[name])
    result = CliRunner().invoke(cli, ["--project", str(root), "check"])
    assert result.exit_code == 0, result.output
