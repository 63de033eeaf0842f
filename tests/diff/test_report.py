"""The report's version rule and its markdown form for pull-request comments."""

from __future__ import annotations

import pytest
from generator.diff.change import BREAKING, MINOR, PATCH, Change
from generator.diff.report import MARKDOWN_LIMIT, ApiReport, next_version, render
from generator.diff.surface import Where


@pytest.mark.parametrize(
    ("version", "bump", "expected"),
    [
        ("1.4.2", "major", "2.0.0"),
        ("1.4.2", "minor", "1.5.0"),
        ("1.4.2", "patch", "1.4.3"),
        ("1.4.2", "none", "1.4.2"),
        # Below 1.0: breaking bumps the minor number, everything else the patch number.
        ("0.1.84", "major", "0.2.0"),
        ("0.1.84", "minor", "0.1.85"),
        ("0.1.84", "patch", "0.1.85"),
        ("0.3", "minor", "0.3.1"),
        ("v2", "minor", ""),
    ],
)
def test_next_version(version: str, bump: str, expected: str) -> None:
    assert next_version(version, bump) == expected


def _change(index: int, kind: str, level: str) -> Change:
    where = Where(file="specs/big/openapi.yaml", line=10 + index, pointer=f"/paths/~1op{index}")
    return Change(
        kind,
        level,
        f"big_client.client.Client.operation_number_{index}",
        f"returns Thing{index} → Thing{index} | Response202 (the answer may now be a 202)",
        where,
    )


def _report(changes: list[Change]) -> ApiReport:
    return ApiReport("big", "big_client", "HEAD", "working tree", "0.1.84", "0.2.0", tuple(changes))


def test_markdown_of_a_thousand_changes_fits_a_pull_request_comment() -> None:
    changes = [_change(i, "return_type_changed", BREAKING) for i in range(400)]
    changes += [_change(i, f"kind_{i % 300}", MINOR) for i in range(400, 900)]
    changes += [_change(i, "operation_doc_changed", PATCH) for i in range(900, 1000)]
    text = render([_report(changes)], "markdown")

    assert len(text) < MARKDOWN_LIMIT < 65_536
    head = text.split("\n")[:3]
    assert (
        head[0] == "## specgen diff"
        and head[2] == "**400 breaking, 500 minor, 100 patch** in 1 API(s)"
    )
    assert "suggested bump: major (0.1.84 → 0.2.0)" in text
    assert text.count("<details>") == text.count("</details>") >= 1
    assert "<details><summary>400 × return_type_changed: returns Thing0" in text
    shown = text.count("| breaking |") + text.count("| minor |") + text.count("| patch |")
    left_out = 1000 - shown
    assert left_out > 0
    assert text.rstrip().endswith(
        f"_{left_out} of 1000 changes are not shown (the report stays under GitHub's comment "
        "limit): `specgen diff --format text` or `--format json` gives the full report._"
    )


def test_markdown_groups_repeated_kinds_and_collapses_all_but_breaking() -> None:
    changes = [_change(i, "return_type_changed", BREAKING) for i in range(6)]
    changes += [_change(6, "field_removed", BREAKING), _change(7, "field_added", MINOR)]
    text = render([_report(changes)], "markdown")

    assert "not shown" not in text
    assert "#### Breaking (7)" in text
    assert "<details><summary>6 × return_type_changed:" in text
    assert "<details><summary>Minor (1)</summary>" in text
    # The rare kind is in the open table, before the collapsed group.
    assert text.index("operation_number_6") < text.index("<details><summary>6 ×")
    assert text.index("#### Breaking") < text.index("Minor (1)")
