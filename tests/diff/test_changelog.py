"""``specgen diff --changelog``: the report becomes the package's CHANGELOG.md.

The section is written into ``specs/<api>/CHANGELOG.md`` (an input, like the spec), which every
build copies into the package; so ``generate``, ``check`` and a vendored rebuild agree on it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import CliRunner
from generator.cli import cli

from conftest import write_project

from .test_cli import drop_initials, spec_text


def _invoke(root: Path, *args: str) -> Any:
    return CliRunner().invoke(cli, ["--project", str(root), *args])


def test_the_report_becomes_the_package_changelog(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", {"demo": spec_text()}, dedent=False, strict=False)
    base = tmp_path / "base.yaml"
    base.write_text(spec_text(), encoding="utf-8")
    assert _invoke(root, "generate").exit_code == 0
    assert not (root / "generated" / "demo" / "CHANGELOG.md").exists()

    (root / "specs" / "demo" / "openapi.yaml").write_text(spec_text(drop_initials), "utf-8")
    result = _invoke(root, "diff", "demo", "--base-spec", str(base), "--changelog")
    assert result.exit_code == 1, result.output  # removing a field breaks readers and writers
    changelog = (root / "specs" / "demo" / "CHANGELOG.md").read_text(encoding="utf-8")
    assert changelog.startswith("# Changelog\n")
    heading = next(line for line in changelog.splitlines() if line.startswith("## "))
    assert "(major; from " in heading
    assert "### Breaking" in changelog
    assert "`demo_client.models.Customer.initials`" in changelog

    again = _invoke(root, "diff", "demo", "--base-spec", str(base), "--changelog")
    assert again.exit_code == 1
    assert (root / "specs" / "demo" / "CHANGELOG.md").read_text(encoding="utf-8") == changelog

    assert _invoke(root, "generate").exit_code == 0
    shipped = root / "generated" / "demo" / "CHANGELOG.md"
    assert shipped.read_text(encoding="utf-8") == changelog
    assert _invoke(root, "check").exit_code == 0
    # The changelog is an input: editing it makes the package stale, fast path or not.
    (root / "specs" / "demo" / "CHANGELOG.md").write_text(changelog + "\nMore.\n", "utf-8")
    stale = _invoke(root, "check")
    assert stale.exit_code == 1 and "CHANGELOG.md" in stale.output


def test_a_newer_section_goes_on_top(tmp_path: Path) -> None:
    from generator.diff.report import prepend_section

    first = prepend_section("", "## 1.1.0 (minor; from a)\n\n### Added\n\n- x\n", package="p")
    second = prepend_section(
        first, "## 2.0.0 (major; from b)\n\n### Breaking\n\n- y\n", package="p"
    )
    headings = [line for line in second.splitlines() if line.startswith("## ")]
    assert headings == ["## 2.0.0 (major; from b)", "## 1.1.0 (minor; from a)"]
    assert second.startswith("# Changelog\n\nWhat each version of `p` changed")
