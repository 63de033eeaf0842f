"""Bad input: a clear message (file, line, JSON pointer), exit code 2, and nothing written."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import generator.output.writer as writer_module
import pytest
from generator.cli import main
from generator.config import load_project_config
from generator.output.fileset import FileSet
from generator.output.writer import write_fileset
from generator.pipeline import build

from conftest import REPO_ROOT, minimal_spec, write_project

THING = "    Thing:\n      type: object\n      properties:\n"


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """``generator.cli.main(argv)`` → (exit code, stdout, stderr)."""
    try:
        main(argv)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_nothing_written(root: Path) -> None:
    output = root / "generated"
    assert not output.exists() or list(output.iterdir()) == [], list(output.iterdir())


# (case id, spec text, regex the message must match: file:line (at pointer) + the problem)
BAD_SPECS = [
    pytest.param(
        "openapi: 3.1.0\ninfo: {title: t\npaths: {}\n",
        r"openapi\.yaml:3:\d+: not valid YAML/JSON: .*line 2",
        id="yaml-syntax",
    ),
    pytest.param(
        minimal_spec(
            THING + "        a:\n          type: string\n        a:\n          type: integer\n"
        ),
        r"openapi\.yaml:27:\d+ \(at /components/schemas/Thing/properties\): duplicate key 'a'",
        id="duplicate-key",
    ),
    pytest.param(
        minimal_spec(THING + "        a:\n          type: strin\n"),
        r"problem\(s\) with OpenAPI validity.*\n.*openapi\.yaml:26:\d+ \(at /components/schemas/Thing/properties/a/type\): "
        r"'strin' is not valid",
        id="invalid-openapi",
    ),
    pytest.param(
        minimal_spec(THING + "        a:\n          $ref: '#/components/schemas/Nope'\n"),
        r"openapi\.yaml:26:\d+ \(at /components/schemas/Thing/properties/a/\$ref\): unresolved \$ref "
        r"'#/components/schemas/Nope'",
        id="unresolved-ref",
    ),
    pytest.param(
        minimal_spec(
            THING
            + "        a:\n          $ref: '#/components/schemas/A'\n"
            + "    A:\n      $ref: '#/components/schemas/B'\n    B:\n      $ref: '#/components/schemas/A'\n"
        ),
        r"openapi\.yaml:26:\d+ \(at /components/schemas/Thing/properties/a/\$ref\): circular \$ref",
        id="circular-ref",
    ),
    pytest.param(
        minimal_spec(
            THING
            + "        a:\n          type: integer\n"
            + "      if:\n        properties:\n          a:\n            minimum: 3\n"
            + "      then:\n        required: [a]\n",
            example="{a: 5}",
        ),
        r"openapi\.yaml:29:\d+ \(at /components/schemas/Thing/if/properties/a\): a condition other than const/enum "
        r"cannot be compiled",
        id="if-with-minimum",
    ),
    pytest.param(
        minimal_spec(
            THING + "        a:\n          type: string\n          maxLength: 2\n",
            example="{a: Doe}",
        ),
        r"openapi\.yaml:\d+:\d+ \(at /paths/~1things/post/requestBody/content/application~1json\): "
        r"request body example 'one' does not match its schema \(a: 'Doe' is too long\)",
        id="example-breaks-its-schema",
    ),
    pytest.param(
        minimal_spec(
            THING
            + "        EMail:\n          type: string\n        e_mail:\n          type: string\n"
        ),
        r"openapi\.yaml:27:\d+ \(at /components/schemas/Thing/properties/e_mail\): properties 'EMail' and 'e_mail' "
        r"of schema 'Thing' both become attribute 'e_mail'",
        id="property-collision",
    ),
    pytest.param(
        minimal_spec(
            THING
            + "        a:\n          type: string\n    my-model:\n      type: object\n    MyModel:\n      type: object\n"
        ),
        r"openapi\.yaml:\d+:\d+ \(at /components/schemas/(my-model|MyModel)\): schemas 'MyModel' and 'my-model' both "
        r"become the Python class 'MyModel'",
        id="schema-collision",
    ),
    pytest.param(
        minimal_spec(
            THING + "        a:\n          type: string\n    ../a/b:\n      type: object\n"
        ),
        r"openapi\.yaml:21:\d+ \(at /components/schemas\): '\.\./a/b' does not match",
        id="schema-name-with-path-characters",
    ),
]


@pytest.mark.parametrize(("spec", "pattern"), BAD_SPECS)
def test_bad_spec_is_reported_with_location_and_nothing_is_written(
    spec: str, pattern: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_project(tmp_path / "project", {"api": spec}, dedent=False)
    code, out, err = run_cli(["--project", str(root), "generate"], capsys)
    assert code == 2, err
    assert str(root / "specs" / "api" / "openapi.yaml") in err
    assert re.search(pattern, err), err
    assert "Traceback" not in err and "internal error" not in err
    assert_nothing_written(root)


def test_bad_spec_through_the_console_script(tmp_path: Path) -> None:
    spec = minimal_spec(THING + "        a:\n          $ref: '#/components/schemas/Nope'\n")
    root = write_project(tmp_path / "project", {"api": spec}, dedent=False)
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--project", str(root), "generate"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert re.search(
        r"openapi\.yaml:26:\d+ \(at /components/schemas/Thing/properties/a/\$ref\): unresolved \$ref",
        result.stderr,
    ), result.stderr
    assert "Traceback" not in result.stderr
    assert_nothing_written(root)


def test_one_bad_spec_means_no_package_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = minimal_spec()
    bad = minimal_spec(THING + "        a:\n          $ref: '#/components/schemas/Nope'\n")
    root = write_project(tmp_path / "project", {"good": good, "zbad": bad}, dedent=False)
    code, _out, err = run_cli(["--project", str(root), "generate"], capsys)
    assert code == 2 and "unresolved $ref" in err
    assert_nothing_written(root)


@pytest.mark.parametrize("name", ["../evil", "Evil", "a/b", "..", "class"])
def test_api_name_that_would_leave_generated_is_refused(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_project(tmp_path / "project", {"api": minimal_spec()}, dedent=False)
    code, _out, err = run_cli(["--project", str(root), "generate", name], capsys)
    assert code == 2
    assert f"API name {name!r}" in err
    assert_nothing_written(root)
    assert not (tmp_path / "evil").exists()


def test_unsafe_api_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_project(tmp_path / "project", {"Evil": minimal_spec()}, dedent=False)
    code, _out, err = run_cli(["--project", str(root), "generate"], capsys)
    assert code == 2 and "API name 'Evil'" in err
    assert_nothing_written(root)


@pytest.mark.parametrize("package", ["../evil", "os.path", "Evil", "import", "a-b"])
def test_unsafe_package_name_in_specgen_toml(
    package: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_project(
        tmp_path / "project",
        {"api": minimal_spec()},
        {"api": f"package = {package!r}\n"},
        dedent=False,
    )
    code, _out, err = run_cli(["--project", str(root), "generate"], capsys)
    assert code == 2
    assert (
        f"{root / 'specs' / 'api' / 'specgen.toml'} (at package): package {package!r}" in err
    ), err
    assert_nothing_written(root)


def test_writer_refuses_a_target_outside_the_output_root(tmp_path: Path) -> None:
    from generator.errors import ConfigError

    with pytest.raises(ConfigError, match="refusing to write outside"):
        write_fileset(
            FileSet({"a.txt": "x\n"}),
            tmp_path / "out" / ".." / "evil",
            output_root=tmp_path / "out",
        )
    assert not (tmp_path / "evil").exists()


# --- atomic writes ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, FileSet, FileSet]:
    """A small project built twice: (root, files of spec v1, files of spec v2)."""
    root = write_project(
        tmp_path_factory.mktemp("atomic") / "project", {"api": minimal_spec()}, dedent=False
    )
    project = load_project_config(root)
    first = build(project, "api").files
    spec = root / "specs" / "api" / "openapi.yaml"
    spec.write_text(spec.read_text().replace("title: t", "title: t2"), encoding="utf-8")
    second = build(project, "api").files
    spec.write_text(spec.read_text().replace("title: t2", "title: t"), encoding="utf-8")
    assert first.digest() != second.digest()
    return root, first, second


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


class _Exploding(FileSet):
    """A FileSet whose iteration fails after a few files, like a crash in the middle of a write."""

    def items(self):  # type: ignore[override]
        for index, item in enumerate(super().items()):
            if index == 3:
                raise KeyboardInterrupt
            yield item


def test_interrupted_write_leaves_the_old_tree(
    small_built: tuple[Path, FileSet, FileSet], tmp_path: Path
) -> None:
    _root, first, second = small_built
    output = tmp_path / "generated"
    assert write_fileset(first, output / "api", output_root=output) is True
    before = _tree(output)
    with pytest.raises(KeyboardInterrupt):
        write_fileset(_Exploding(dict(second)), output / "api", output_root=output)
    assert _tree(output) == before
    assert sorted(p.name for p in output.iterdir()) == ["api"]  # no staging directory left


def test_failed_swap_restores_the_old_tree(
    small_built: tuple[Path, FileSet, FileSet], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _root, first, second = small_built
    output = tmp_path / "generated"
    write_fileset(first, output / "api", output_root=output)
    before = _tree(output)
    real_replace = writer_module.os.replace
    calls: list[tuple[str, str]] = []

    def flaky_replace(src: str, dst: str) -> None:
        calls.append((str(src), str(dst)))
        if len(calls) == 2:  # the old tree is retired; swapping the new one in fails
            raise OSError("disk full")
        real_replace(src, dst)

    monkeypatch.setattr(writer_module.os, "replace", flaky_replace)
    with pytest.raises(OSError, match="disk full"):
        write_fileset(second, output / "api", output_root=output)
    monkeypatch.undo()
    assert _tree(output) == before
    assert sorted(p.name for p in output.iterdir()) == ["api"]


def test_files_no_longer_produced_are_removed(
    small_built: tuple[Path, FileSet, FileSet], tmp_path: Path
) -> None:
    _root, first, second = small_built
    output = tmp_path / "generated"
    write_fileset(first, output / "api", output_root=output)
    stray = output / "api" / "src" / "api_client" / "old_module.py"
    stray.write_text("# from an older spec\n")
    assert write_fileset(first, output / "api", output_root=output) is True
    assert not stray.exists()
    assert write_fileset(second, output / "api", output_root=output) is True
    assert {k: v.decode() for k, v in _tree(output / "api").items()} == dict(second)


def test_a_missing_templates_folder_is_a_config_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_project(tmp_path / "project", {"api": minimal_spec()}, dedent=False)
    pyproject = root / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(
        re.sub(r'templates = ".*"', 'templates = "tempaltes"', text), encoding="utf-8"
    )
    code, _out, err = run_cli(["--project", str(root), "generate"], capsys)
    assert code == 2
    assert "tempaltes" in err and "pyproject.toml (at tool.specgen.templates)" in err
    assert_nothing_written(root)


def test_project_may_follow_the_subcommand(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_project(tmp_path / "project", {"api": minimal_spec()}, dedent=False)
    code, out, _err = run_cli(["list", "--project", str(root)], capsys)
    assert code == 0 and out.split() == ["api"]


def test_generate_spec_never_replaces_a_folder_that_is_not_a_package(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "acme.yaml"
    spec.write_text(minimal_spec(), encoding="utf-8")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me\n", encoding="utf-8")
    args = ["generate", "--spec", str(spec), "--name", "acme", "--output", str(mine)]
    code, _out, err = run_cli(args, capsys)
    assert code == 2 and "not a specgen package" in err
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "keep me\n"
    fresh = tmp_path / "fresh"
    code, out, err = run_cli([*args[:-1], str(fresh)], capsys)
    assert code == 0, err
    assert (fresh / "specgen.json").is_file() and "acme: " in out
    code, out, _err = run_cli([*args[:-1], str(fresh)], capsys)  # regenerating is fine
    assert code == 0 and "unchanged" in out


def test_a_bad_spec_among_parallel_builds_is_located_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    """Built in worker processes, a bad spec's error still crosses over whole (file, line,
    pointer, exit code 2), and the good API is not written either."""
    bad = minimal_spec(THING + "        a:\n          $ref: '#/components/schemas/Nope'\n")
    root = write_project(
        tmp_path / "project", {"bad": bad, "good": minimal_spec(THING)}, dedent=False
    )
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--project", str(root), "generate", "--jobs", "2"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 2, result.stderr
    assert re.search(
        r"bad/openapi\.yaml:26:\d+ \(at /components/schemas/Thing/properties/a/\$ref\)",
        result.stderr,
    ), result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert_nothing_written(root)


# --- the operating system refuses the write -----------------------------------------------------


@pytest.mark.parametrize(
    ("where", "error"),
    [
        ("mkdtemp", PermissionError(13, "Permission denied")),  # a read-only output folder
        ("open", OSError(28, "No space left on device")),  # a full disk, mid-write
    ],
    ids=["read-only", "disk-full"],
)
def test_unwritable_output_is_an_os_error_not_a_bug(
    small_built: tuple[Path, FileSet, FileSet],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    where: str,
    error: OSError,
) -> None:
    root, _first, _second = small_built
    assert run_cli(["--project", str(root), "generate"], capsys)[0] == 0
    before = _tree(root / "generated")

    spec = root / "specs" / "api" / "openapi.yaml"
    original = spec.read_text()
    spec.write_text(original.replace("title: t", "title: t3"), encoding="utf-8")
    real_open, real_swap_in = Path.open, writer_module._swap_in

    def refuse(*args: object, **kwargs: object) -> None:
        raise error

    def refuse_writes(path: Path, mode: str = "r", *args: object, **kwargs: object) -> object:
        if "w" in mode:
            raise error
        return real_open(path, mode, *args, **kwargs)  # type: ignore[call-overload]

    def failing_swap_in(*args: object) -> None:
        # Only the write fails: the build before it reads and writes temporary files too.
        with monkeypatch.context() as patch:
            if where == "mkdtemp":
                patch.setattr(writer_module.tempfile, "mkdtemp", refuse)
            else:
                patch.setattr(Path, "open", refuse_writes)
            real_swap_in(*args)

    monkeypatch.setattr(writer_module, "_swap_in", failing_swap_in)
    try:
        code, _out, err = run_cli(["--project", str(root), "generate"], capsys)
    finally:
        spec.write_text(original, encoding="utf-8")
    assert code == 4, err
    assert f"error: cannot write generated/api: {error.strerror}" in err.replace(
        str(root) + "/", ""
    ), err
    assert "internal error" not in err and "Traceback" not in err
    assert _tree(root / "generated") == before  # nothing partial
    assert sorted(p.name for p in (root / "generated").iterdir()) == ["README.md", "api"]


# --- the lock -----------------------------------------------------------------------------------


def test_lock_file_exists_only_while_held(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writer_module.tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    with writer_module.output_lock(tmp_path / "out"):
        assert len(list((tmp_path / "tmp").iterdir())) == 1
    assert list((tmp_path / "tmp").iterdir()) == []


def test_lock_excludes_while_its_file_is_deleted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Waiters on a file the holder deletes start over: never two holders at once."""
    import threading
    import time

    monkeypatch.setattr(writer_module.tempfile, "tempdir", str(tmp_path))
    inside: list[int] = []
    overlaps: list[int] = []

    def work() -> None:
        for _ in range(25):
            with writer_module.output_lock(tmp_path / "out"):
                inside.append(1)
                if len(inside) > 1:
                    overlaps.append(len(inside))
                time.sleep(0.001)
                inside.pop()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert overlaps == []
    assert list(tmp_path.iterdir()) == []


def test_a_finished_run_leaves_nothing_in_the_temporary_directory(tmp_path: Path) -> None:
    spec = tmp_path / "openapi.yaml"
    spec.write_text(minimal_spec(), encoding="utf-8")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    run = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--spec", str(spec), "--name", "api"]
        + ["--output", str(tmp_path / "out" / "api")],
        cwd=tmp_path,
        env={**__import__("os").environ, "TMPDIR": str(temporary)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert list(temporary.iterdir()) == []
