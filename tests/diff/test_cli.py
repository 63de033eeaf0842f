"""``specgen diff`` on the command line: formats, exit codes, git revisions, renamed copies."""

from __future__ import annotations

import copy
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from generator.cli import cli, main

from conftest import REPO_ROOT, write_project

from .test_kinds import BASE, counting_model_runs

GIT = [
    "git",
    "-c",
    "user.name=t",
    "-c",
    "user.email=t@example.invalid",
    "-c",
    "commit.gpgsign=false",
]


def spec_text(mutate: Any = None) -> str:
    spec = copy.deepcopy(BASE)
    if mutate is not None:
        mutate(spec)
    return yaml.safe_dump(spec, sort_keys=False)


def drop_initials(spec: dict[str, Any]) -> None:
    spec["components"]["schemas"]["Customer"]["properties"].pop("initials")


def add_phone(spec: dict[str, Any]) -> None:
    spec["components"]["schemas"]["Customer"]["properties"]["phone"] = {"type": "string"}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project whose ``demo`` spec is BASE, with BASE also saved as ``base.yaml``."""
    root = write_project(tmp_path / "project", {"demo": spec_text()}, dedent=False, strict=False)
    (root / "base.yaml").write_text(spec_text(), encoding="utf-8")
    return root


def set_spec(root: Path, mutate: Any) -> None:
    (root / "specs" / "demo" / "openapi.yaml").write_text(spec_text(mutate), encoding="utf-8")


def invoke(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--project", str(root), "diff", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def run_main(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Through ``main``, which turns specgen's errors into exit codes and messages."""
    try:
        main(argv)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_breaking_change_exits_1_with_a_text_report(project: Path) -> None:
    set_spec(project, drop_initials)
    code, out = invoke(project, "demo", "--base-spec", str(project / "base.yaml"))
    assert code == 1
    assert "demo (demo_client): base.yaml → specs/demo/openapi.yaml" in out
    assert "suggested bump: major (1.2.0 → 2.0.0)" in out
    assert "demo_client.models.Customer.initials: field 'initials' removed" in out
    assert "base.yaml:" in out and "(at /components/schemas/Customer/properties/initials)" in out


def test_allow_breaking_exits_0(project: Path) -> None:
    set_spec(project, drop_initials)
    code, out = invoke(
        project, "demo", "--base-spec", str(project / "base.yaml"), "--allow-breaking"
    )
    assert code == 0
    assert "breaking (1):" in out


def test_minor_change_exits_0_and_suggests_a_minor_bump(project: Path) -> None:
    set_spec(project, add_phone)
    code, out = invoke(project, "demo", "--base-spec", str(project / "base.yaml"))
    assert code == 0
    assert "suggested bump: minor (1.2.0 → 1.3.0)" in out
    assert "demo_client.models.Customer.phone: optional field 'phone' (str) added" in out


def test_json_is_stable_and_complete(project: Path) -> None:
    set_spec(project, lambda s: (drop_initials(s), add_phone(s)))
    args = ("demo", "--base-spec", str(project / "base.yaml"), "--format", "json")
    code, out = invoke(project, *args)
    assert code == 1
    assert invoke(project, *args)[1] == out  # byte-identical on a second run
    (report,) = json.loads(out)["apis"]
    assert (report["bump"], report["suggested_version"]) == ("major", "2.0.0")
    assert report["counts"] == {"breaking": 1, "minor": 1, "patch": 0}
    assert [c["kind"] for c in report["changes"]] == ["field_removed", "field_added"]
    removed = report["changes"][0]
    assert removed["python"] == "demo_client.models.Customer.initials"
    assert removed["pointer"] == "/components/schemas/Customer/properties/initials"
    assert removed["file"] == "base.yaml" and removed["line"] > 0


def test_markdown_is_a_table(project: Path) -> None:
    set_spec(project, drop_initials)
    code, out = invoke(
        project, "demo", "--base-spec", str(project / "base.yaml"), "--format", "markdown"
    )
    assert code == 1
    assert out.startswith("## specgen diff\n")
    assert "| level | Python name | change | spec |" in out
    assert "| breaking | `demo_client.models.Customer.initials` |" in out


def test_package_option_renames_every_python_name(project: Path) -> None:
    set_spec(project, drop_initials)
    code, out = invoke(
        project, "demo", "--base-spec", str(project / "base.yaml"), "--package", "acme_demo"
    )
    assert code == 1
    assert "acme_demo.models.Customer.initials" in out and "demo_client" not in out


def test_a_spec_outside_the_project(tmp_path: Path) -> None:
    old = tmp_path / "old.yaml"
    new = tmp_path / "acme" / "openapi.yaml"
    old.write_text(spec_text(), encoding="utf-8")
    new.parent.mkdir()
    new.write_text(spec_text(add_phone), encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["diff", "--spec", str(new), "--name", "acme", "--base-spec", str(old)]
    )
    assert result.exit_code == 0, result.output
    assert "acme (acme_client):" in result.output
    assert "acme_client.models.Customer.phone: optional field 'phone' (str) added" in result.output


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        [*GIT, "-C", str(root), *args], check=True, capture_output=True, text=True
    ).stdout.strip()


def test_base_git_revision(project: Path) -> None:
    git(project, "init", "-q")
    git(project, "add", "pyproject.toml")
    git(project, "commit", "-qm", "no spec yet")
    empty = git(project, "rev-parse", "HEAD")
    git(project, "add", "specs")
    git(project, "commit", "-qm", "spec")
    set_spec(project, drop_initials)

    code, out = invoke(project, "demo")  # default base: HEAD
    assert code == 1
    assert "demo (demo_client): HEAD → specs/demo/openapi.yaml" in out
    assert "HEAD:specs/demo/openapi.yaml:" in out  # a removal points into the base revision

    code, out = invoke(project, "demo", "--base", empty, "--format", "json")
    assert code == 0  # the API did not exist: everything is added
    (report,) = json.loads(out)["apis"]
    assert report["counts"]["breaking"] == 0 and report["counts"]["minor"] > 5
    assert {c["kind"] for c in report["changes"]} >= {"operation_added", "model_added"}


def test_bad_revision_and_missing_api_exit_2(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    git(project, "init", "-q")
    code, _out, err = run_main(
        ["--project", str(project), "diff", "demo", "--base", "no-such-rev"], capsys
    )
    assert code == 2 and "--base no-such-rev: not a git revision" in err
    code, _out, err = run_main(["--project", str(project), "diff", "nosuchapi"], capsys)
    assert code == 2 and "nosuchapi" in err
    code, _out, err = run_main(
        ["--project", str(project), "diff", "demo", "--base-spec", str(project / "nope.yaml")],
        capsys,
    )
    assert code == 2 and "nope.yaml" in err


def test_vendored_renamed_copy_reports_under_its_own_name(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dest = project.parent / "other-repo" / "third_party" / "demo"
    code, out, err = run_main(
        ["--project", str(project), "vendor", "demo", str(dest), "--package", "acme_demo"], capsys
    )
    assert code == 0, err
    set_spec(project, drop_initials)
    code, out, err = run_main(["--project", str(project), "diff", "--vendored", str(dest)], capsys)
    assert code == 1, err
    assert "demo (acme_demo):" in out
    assert "acme_demo.models.Customer.initials: field 'initials' removed" in out
    assert "demo_client" not in out


def test_check_points_to_diff_when_the_spec_changed(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _out, err = run_main(["--project", str(project), "generate", "demo"], capsys)
    assert code == 0, err
    set_spec(project, drop_initials)
    code, out, err = run_main(["--project", str(project), "check", "demo"], capsys)
    assert code == 1, err
    command = "specgen diff demo --base-spec generated/demo/openapi.yaml"
    assert command in out
    monkeypatch.chdir(project)  # the command is meant to be run from the project root
    code, out = invoke(project, *command.split()[2:])
    assert code == 1
    assert "demo_client.models.Customer.initials: field 'initials' removed" in out


def test_the_pre_commit_hook_fails_on_a_breaking_change_unless_it_is_intended(
    project: Path,
) -> None:
    """The ``specgen-diff`` hook of ``.pre-commit-hooks.yaml``, run as pre-commit runs it (its
    entry, no file names) in a repository whose staged spec change is breaking, then minor."""
    hooks = yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "specgen-diff")
    assert hook["pass_filenames"] is False and re.search(hook["files"], "specs/demo/openapi.yaml")
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-qm", "spec")
    bin_dir = str(Path(sys.executable).parent)  # where pre-commit's venv would put specgen
    env = {**os.environ, "PATH": os.pathsep.join([bin_dir, os.environ.get("PATH", "")])}

    def run_hook(**extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            shlex.split(hook["entry"]),
            cwd=project,
            env={**env, **extra},
            capture_output=True,
            text=True,
            timeout=120,
        )

    set_spec(project, drop_initials)
    refused = run_hook()
    assert refused.returncode == 1, refused.stderr
    assert "breaking (1):" in refused.stdout and "Customer.initials" in refused.stdout
    assert run_hook(SPECGEN_ALLOW_BREAKING="1").returncode == 0
    set_spec(project, add_phone)
    assert run_hook().returncode == 0


def _generate_and_commit(root: Path) -> None:
    assert CliRunner().invoke(cli, ["--project", str(root), "generate"]).exit_code == 0
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "spec and package")


def add_status(spec: dict[str, Any]) -> None:
    """An inline enum: a class of its own, named by the model generator."""
    spec["components"]["schemas"]["Customer"]["properties"]["status"] = {
        "type": "string",
        "enum": ["new", "known"],
    }


def test_a_package_proven_up_to_date_gives_its_models_names(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The committed package of the base revision (its manifest proves it was generated from
    that spec, these settings, templates and generator) stands in for generating the base's
    models; the current spec's names are carried over from them where the change cannot
    rename anything (a plain property added or removed), else its models are generated until
    its package is regenerated too. The report is the same either way."""
    _generate_and_commit(project)
    runs = counting_model_runs(monkeypatch)
    for mutate, generated in ((add_phone, False), (add_status, True), (drop_initials, False)):
        set_spec(project, mutate)
        runs.clear()
        code, proven = invoke(project, "demo", "--format", "json")
        assert runs == (["specs/demo/openapi.yaml"] if generated else []), mutate.__name__
        assert json.loads(proven)["apis"][0]["changes"], mutate.__name__

    runs.clear()  # drop_initials, the last: regenerated, both sides are proven
    assert CliRunner().invoke(cli, ["--project", str(project), "generate"]).exit_code == 0
    code_regenerated, regenerated = invoke(project, "demo", "--format", "json")
    assert code_regenerated == code and runs == []
    assert regenerated == proven

    runs.clear()  # a hand-edited model module proves nothing: the base's names carry over
    models = project / "generated" / "demo" / "src" / "demo_client" / "models" / "__init__.py"
    models.write_text(models.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    code_edited, edited = invoke(project, "demo", "--format", "json")
    assert code_edited == code and edited == proven and runs == []


@pytest.mark.parametrize(
    "api", ["harmony", "instellix", "odyssee", "salesforce_insurance", "shopctrl"]
)
def test_a_committed_models_module_names_what_generating_the_models_names(api: str) -> None:
    """What the diff reads from a proven package equals what it reads from the models it
    generates: the formatting and import tidying that follow change no name."""
    from generator.config import load_api_config, load_project_config
    from generator.diff import model_names
    from generator.surfaces import _parsed

    config = load_api_config(load_project_config(REPO_ROOT), api)
    generated = _parsed(config, config.spec_path, api).names()
    models = REPO_ROOT / "generated" / api / "src" / config.package / "models"
    assert generated is not None
    source = "\n".join(path.read_text(encoding="utf-8") for path in sorted(models.glob("*.py")))
    assert model_names(source) == generated


def test_apis_compared_side_by_side_report_as_one_at_a_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--jobs``: the report (and the exit code) do not depend on how many processes
    compared the APIs; a failing API's error is the same as in a serial run."""
    root = write_project(
        tmp_path / "p", {"demo": spec_text(), "other": spec_text()}, dedent=False, strict=False
    )
    _generate_and_commit(root)
    set_spec(root, drop_initials)
    (root / "specs" / "other" / "openapi.yaml").write_text(spec_text(add_phone), encoding="utf-8")
    serial = invoke(root, "--jobs", "1", "--format", "json")
    assert serial == invoke(root, "--jobs", "2", "--format", "json")
    assert serial[0] == 1 and [a["api"] for a in json.loads(serial[1])["apis"]] == ["demo", "other"]
    for jobs in ("1", "2"):
        argv = ["--project", str(root), "diff", "--jobs", jobs, "--base", "no-such-rev"]
        code, _out, err = run_main(argv, capsys)
        assert code == 2 and "not a git revision" in err, err
