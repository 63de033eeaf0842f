"""A diff report per API, the suggested version bump, and its three output formats.

The JSON format is for tools: keys sorted, changes in a fixed order, no timestamps, so the
same two specs always give byte-identical output.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from .change import BREAKING, LEVELS, MINOR, PATCH, Change

__all__ = ["ApiReport", "bump_of", "changelog_section", "next_version", "prepend_section", "render"]

_BUMP = {BREAKING: "major", MINOR: "minor", PATCH: "patch"}


@dataclass(frozen=True, slots=True)
class ApiReport:
    """What changed in one API between ``base`` and ``current`` (labels as shown to users)."""

    api: str
    package: str
    base: str
    current: str
    base_version: str
    current_version: str
    changes: tuple[Change, ...]

    @property
    def bump(self) -> str:
        return bump_of(self.changes)

    @property
    def breaking(self) -> int:
        return sum(1 for c in self.changes if c.level == BREAKING)

    @property
    def suggested_version(self) -> str:
        """The base's ``info.version`` bumped by :attr:`bump` (the package version follows
        ``info.version``); ``""`` when the base has none or it is not ``X.Y.Z``-like."""
        if not self.base_version:
            return self.current_version
        return next_version(self.base_version, self.bump)


def bump_of(changes: tuple[Change, ...] | list[Change]) -> str:
    """``major``, ``minor``, ``patch`` or ``none``: the most severe change decides."""
    for level in LEVELS:
        if any(c.level == level for c in changes):
            return _BUMP[level]
    return "none"


def next_version(version: str, bump: str) -> str:
    """``version`` bumped (``1.4.2`` + minor → ``1.5.0``); ``""`` if it is not numeric.

    Below 1.0.0 a breaking change bumps the minor number, as semver's 0.x convention has it.
    """
    match = re.fullmatch(r"(\d+)(?:\.(\d+))?(?:\.(\d+))?", version.strip())
    if not match:
        return ""
    major, minor, patch = (int(part or 0) for part in match.groups())
    if bump == "none":
        return f"{major}.{minor}.{patch}"
    if bump == "major" and major == 0:
        bump = "minor"
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def _where(change: Change) -> str:
    where = change.where
    line = f":{where.line}" if where.line else ""
    return f"{where.file}{line} (at {where.pointer})"


def _version_line(report: ApiReport) -> str:
    text = f"suggested bump: {report.bump}"
    if report.suggested_version:
        text += f" ({report.base_version or '—'} → {report.suggested_version})"
    if (
        report.base_version
        and report.suggested_version
        and report.current_version != report.suggested_version
        and report.bump != "none"
    ):
        text += (
            f"; the spec's info.version is {report.current_version}: set it to "
            f"{report.suggested_version} (the package version follows it)"
        )
    return text


def _text(reports: list[ApiReport]) -> str:
    lines: list[str] = []
    for report in reports:
        lines.append(f"{report.api} ({report.package}): {report.base} → {report.current}")
        lines.append(f"  {_version_line(report)}")
        if not report.changes:
            lines.append("  no change to the public API")
        for level in LEVELS:
            chosen = [c for c in report.changes if c.level == level]
            if not chosen:
                continue
            lines.append(f"  {level} ({len(chosen)}):")
            for change in chosen:
                lines.append(f"    {change.python}: {change.message} [{change.kind}]")
                lines.append(f"      {_where(change)}")
                if change.note:
                    lines.append(f"      note: {change.note}")
        lines.append("")
    return "\n".join(lines)


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _markdown(reports: list[ApiReport]) -> str:
    lines: list[str] = ["## specgen diff", ""]
    for report in reports:
        lines.append(f"### `{report.api}` (`{report.package}`): {report.base} → {report.current}")
        lines.append("")
        lines.append(f"**{_version_line(report)}**")
        lines.append("")
        if not report.changes:
            lines.extend(["No change to the public API.", ""])
            continue
        lines.append("| level | Python name | change | spec |")
        lines.append("|---|---|---|---|")
        for change in report.changes:
            message = change.message + (f" ({change.note})" if change.note else "")
            lines.append(
                f"| {change.level} | `{_md_cell(change.python)}` | {_md_cell(message)} "
                f"| `{_md_cell(_where(change))}` |"
            )
        lines.append("")
    return "\n".join(lines)


def _json(reports: list[ApiReport]) -> str:
    data: list[dict[str, Any]] = []
    for report in reports:
        data.append(
            {
                "api": report.api,
                "package": report.package,
                "base": report.base,
                "current": report.current,
                "base_version": report.base_version,
                "current_version": report.current_version,
                "bump": report.bump,
                "suggested_version": report.suggested_version,
                "counts": {
                    level: sum(c.level == level for c in report.changes) for level in LEVELS
                },
                "changes": [
                    {
                        "kind": c.kind,
                        "level": c.level,
                        "python": c.python,
                        "message": c.message,
                        "note": c.note,
                        "file": c.where.file,
                        "line": c.where.line,
                        "pointer": c.where.pointer,
                    }
                    for c in report.changes
                ],
            }
        )
    return json.dumps({"apis": data}, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


_SECTION_TITLES = {BREAKING: "Breaking", MINOR: "Added", PATCH: "Documentation"}
CHANGELOG_TITLE = "# Changelog"


def changelog_section(report: ApiReport) -> str:
    """A ``CHANGELOG.md`` section for ``report`` (``""`` when nothing changed): a heading with
    the version the package gets, then the changes grouped as breaking, added, documentation.

    No date: the section is written into ``specs/<api>/CHANGELOG.md``, an input that every
    build copies into the package, and must mean the same whenever it is rebuilt.
    """
    if not report.changes:
        return ""
    version = report.suggested_version or report.current_version or "unreleased"
    lines = [f"## {version} ({report.bump}; from {report.base})", ""]
    for level in LEVELS:
        changes = [c for c in report.changes if c.level == level]
        if not changes:
            continue
        lines += [f"### {_SECTION_TITLES[level]}", ""]
        for change in changes:
            note = f" {change.note[:1].upper()}{change.note[1:]}." if change.note else ""
            lines.append(f"- `{change.python}`: {change.message}.{note}")
        lines.append("")
    return "\n".join(lines)


def prepend_section(existing: str, section: str, *, package: str) -> str:
    """``existing`` changelog text with ``section`` as its newest entry (created if empty)."""
    if not section:
        return existing
    if not existing.strip():
        existing = f"{CHANGELOG_TITLE}\n\nWhat each version of `{package}` changed for code that uses it.\n"
    head, sep, rest = existing.partition("\n## ")
    return f"{head.rstrip()}\n\n{section.rstrip()}\n" + (f"\n## {rest}" if sep else "")


def render(reports: list[ApiReport], fmt: str) -> str:
    """``reports`` as ``text``, ``markdown`` or ``json``."""
    if fmt == "json":
        return _json(reports)
    if fmt == "markdown":
        return _markdown(reports)
    return _text(reports)
