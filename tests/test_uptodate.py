"""The fast path of `specgen check`: taken only when hashes prove nothing could have changed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import generator.output.manifest as manifest_module
import generator.pipeline as pipeline_module
import pytest
from generator.config import load_api_config, load_project_config
from generator.output.uptodate import is_up_to_date

from test_drift import API, ROOT, run

# Slow (check's input hashes over real builds):
# not in `make test-fast`; `make test` starts it first.
pytestmark = pytest.mark.slow(weight=1)


@pytest.fixture(scope="module")
def generated_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("uptodate") / "proj"
    (root / "specs").mkdir(parents=True)
    shutil.copytree(ROOT / "specs" / API, root / "specs" / API)
    shutil.copytree(ROOT / "templates", root / "templates")
    (root / "pyproject.toml").write_text(
        '[tool.specgen]\nspecs = "specs"\noutput = "generated"\ntemplates = "templates"\nstrict = true\n',
        encoding="utf-8",
    )
    code, output = run("--project", str(root), "generate")
    assert code == 0, output
    return root


@pytest.fixture()
def project(generated_once: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "proj"
    shutil.copytree(generated_once, copy)
    return copy


def fast(root: Path) -> bool:
    project = load_project_config(root)
    config = load_api_config(project, API)
    return is_up_to_date(config, project.output_dir / API, templates_dir=project.templates_dir)


def test_a_clean_tree_is_judged_without_regenerating(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert fast(project)

    def no_build(*args: object, **kwargs: object) -> None:
        raise AssertionError("check regenerated although nothing changed")

    monkeypatch.setattr(pipeline_module, "build", no_build)
    code, output = run("--project", str(project), "check")
    assert code == 0 and f"generated/{API}: up to date" in output


@pytest.mark.parametrize(
    "change",
    [
        "spec byte",
        "settings",
        "template",
        "runtime source",
        "generator source",
        "tool version",
    ],
)
def test_any_changed_input_means_full_regeneration(
    change: str, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = project / "specs" / API / "openapi.yaml"
    if change == "spec byte":
        spec.write_text(spec.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    elif change == "settings":
        toml = project / "specs" / API / "specgen.toml"
        text = toml.read_text(encoding="utf-8")
        toml.write_text(text.replace('title = "ShopCtrl"', 'title = "Other"'), encoding="utf-8")
        assert "Other" in toml.read_text(encoding="utf-8")
    elif change == "template":
        template = project / "templates" / "package" / "README.md.jinja"
        template.write_text(template.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    elif change == "runtime source":
        import generator.output.sources as render_module

        real = render_module.runtime_files
        monkeypatch.setattr(
            render_module,
            "runtime_files",
            lambda: {name: text + "# changed\n" for name, text in real().items()},
        )
    elif change == "generator source":
        monkeypatch.setattr(manifest_module, "generator_digest", lambda: "0" * 64)
    elif change == "tool version":
        real_versions = manifest_module.tool_versions
        monkeypatch.setattr(
            manifest_module, "tool_versions", lambda: {**real_versions(), "black": "0.0.0"}
        )
    assert not fast(project)


@pytest.mark.parametrize("where", ["generated file", "manifest", "extra file", "missing file"])
def test_hand_edits_are_caught_either_way(where: str, project: Path) -> None:
    package = project / "generated" / API
    if where == "generated file":
        path = next(package.glob("src/*/client.py"))
        path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    elif where == "manifest":
        manifest = package / "specgen.json"
        data = json.loads(manifest.read_text(encoding="utf-8"))
        data["title"] = "Edited"
        manifest.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    elif where == "extra file":
        (package / "src" / "notes.txt").write_text("mine\n", encoding="utf-8")
    else:
        next(package.glob("tests/test_rules.py")).unlink()
    assert not fast(project)
    assert run("--project", str(project), "check")[0] == 1
    assert run("--project", str(project), "check", "--full")[0] == 1
