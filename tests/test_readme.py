"""The README stays true: its per-API decision lists match each spec's SOURCE.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import real_build

ROOT = Path(__file__).resolve().parents[1]
APIS = sorted(p.parent.name for p in (ROOT / "specs").glob("*/openapi.*"))
# SOURCE.md is optional provenance; when a spec has one, the README quotes its decisions.
DOCUMENTED = sorted(api for api in APIS if (ROOT / "specs" / api / "SOURCE.md").is_file())


@pytest.mark.parametrize("api", DOCUMENTED)
def test_readme_lists_what_each_spec_decided(api: str) -> None:
    source = (ROOT / "specs" / api / "SOURCE.md").read_text(encoding="utf-8")
    match = re.search(
        r"^## Undocumented by the vendor, decided here\n(.*?)(?=^## |\Z)", source, re.S | re.M
    )
    assert match, f"specs/{api}/SOURCE.md has no 'Undocumented by the vendor' section"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert match.group(1).strip() in readme


def test_readme_quickstart_is_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Quickstart", 1)[1].split("```console", 1)[1].split("```", 1)[0]
    assert [line.split("#")[0].strip() for line in block.strip().splitlines()] == [
        "$ make setup",
        "$ make test",
    ]


# On the worker that builds each API for test_generated_clients (one build, shared).
@pytest.mark.parametrize(
    "api", [pytest.param(api, marks=pytest.mark.xdist_group(api)) for api in APIS]
)
def test_the_generated_index_shows_each_package_test_count(api: str) -> None:
    """generated/README.md is written by the generator; its counts are what a build yields."""
    count = real_build(api).test_count
    index = (ROOT / "generated" / "README.md").read_text(encoding="utf-8")
    row = next(line for line in index.splitlines() if line.startswith(f"| [`{api}`]"))
    assert row.rstrip().endswith(f"| {count} |"), row
    assert "(generated/README.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
