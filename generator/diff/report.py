"""A diff report per API, the suggested version bump, and its three output formats.

The JSON format is for tools: keys sorted, changes in a fixed order, no timestamps, so the
same two specs always give byte-identical output.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from typing import Any

from .change import BREAKING, LEVELS, MINOR, PATCH, Change

__all__ = [
    "MARKDOWN_LIMIT",
    "ApiReport",
    "bump_of",
    "changelog_section",
    "next_version",
    "prepend_section",
    "render",
]

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

    Below 1.0.0 a breaking change bumps the minor number and anything else the patch number
    (``0.1.84`` + minor → ``0.1.85``, + major → ``0.2.0``), as Cargo and npm's caret ranges
    read 0.x versions: ``^0.1.84`` accepts ``0.1.85`` but not ``0.2.0``.
    """
    match = re.fullmatch(r"(\d+)(?:\.(\d+))?(?:\.(\d+))?", version.strip())
    if not match:
        return ""
    major, minor, patch = (int(part or 0) for part in match.groups())
    if bump == "none":
        return f"{major}.{minor}.{patch}"
    if major == 0:
        bump = {"major": "minor", "minor": "patch"}.get(bump, bump)
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


MARKDOWN_LIMIT = 60_000
"""Characters a markdown report may take: below the 65,536 GitHub allows in a pull-request
comment, with room for a bot's own header."""
GROUP_AT = 5
"""Changes of one kind at one level from this many on are listed in one collapsed group."""
_LEVEL_TITLES = {BREAKING: "Breaking", MINOR: "Minor", PATCH: "Patch"}
_TABLE_HEAD = ["| level | Python name | change | spec |", "|---|---|---|---|"]


class _Page:
    """Markdown lines under a size cap: a block is added whole or not at all, and every
    change left out is counted, so the report can say how much it does not show."""

    def __init__(self, limit: int) -> None:
        self.lines: list[str] = []
        self.size = 0
        self.limit = limit
        self.left_out = 0

    def add(self, *lines: str, closing: int = 0) -> bool:
        """Add ``lines`` if they fit with ``closing`` more characters still to come."""
        size = _size(lines)
        if self.size + size + closing > self.limit:
            return False
        self.lines.extend(lines)
        self.size += size
        return True

    def close(self, *lines: str) -> None:
        """Add closing ``lines`` whatever the size: callers reserved room for them."""
        self.lines.extend(lines)
        self.size += _size(lines)

    def table(self, changes: list[Change], closing: int) -> None:
        """The rows of ``changes`` that fit; the rest counted as left out."""
        if not changes:
            return
        if not self.add("", *_TABLE_HEAD, closing=closing):
            self.left_out += len(changes)
            return
        for index, change in enumerate(changes):
            if not self.add(_row(change), closing=closing):
                self.left_out += len(changes) - index
                return


def _size(lines: tuple[str, ...]) -> int:
    return sum(len(line) + 1 for line in lines)


def _row(change: Change) -> str:
    message = change.message + (f" ({change.note})" if change.note else "")
    return (
        f"| {change.level} | `{_md_cell(change.python)}` | {_md_cell(message)} "
        f"| `{_md_cell(_where(change))}` |"
    )


def _counts(changes: list[Change]) -> str:
    parts = [f"{sum(c.level == level for c in changes)} {level}" for level in LEVELS]
    return ", ".join(parts)


def _markdown(reports: list[ApiReport], limit: int = MARKDOWN_LIMIT) -> str:
    """A report for a pull-request comment: counts first, breaking changes open, minor and
    patch ones collapsed, repeated kinds of change grouped, the whole under ``limit``
    characters (what does not fit is counted, and the full report is one option away)."""
    everything = [change for report in reports for change in report.changes]
    trailer = (
        "_{} of {} changes are not shown (the report stays under GitHub's comment limit): "
        "`specgen diff --format text` or `--format json` gives the full report._"
    )
    reserve = len(trailer) + 20
    page = _Page(limit - reserve)
    page.add("## specgen diff", "", f"**{_counts(everything)}** in {len(reports)} API(s)", "")
    for report in reports:
        _markdown_api(page, report)
    if page.left_out:
        page.lines += ["", trailer.format(page.left_out, len(everything))]
    return "\n".join(page.lines) + "\n"


def _markdown_api(page: _Page, report: ApiReport) -> None:
    changes = list(report.changes)
    heading = f"### `{report.api}` (`{report.package}`): {report.base} → {report.current}"
    summary = f"**{_version_line(report)}** ({_counts(changes)})"
    if not page.add(heading, "", summary, ""):
        page.left_out += len(changes)
        return
    if not changes:
        page.add("No change to the public API.", "")
    for level in LEVELS:
        chosen = [c for c in changes if c.level == level]
        if not chosen:
            continue
        title = f"{_LEVEL_TITLES[level]} ({len(chosen)})"
        if level == BREAKING:
            opening: tuple[str, ...] = (f"#### {title}",)
            closing: tuple[str, ...] = ("",)
        else:
            opening = (f"<details><summary>{title}</summary>",)
            closing = ("", "</details>", "")
        if not page.add(*opening, closing=_size(closing)):
            page.left_out += len(chosen)
            continue
        _markdown_level(page, chosen, _size(closing))
        page.close(*closing)


def _markdown_level(page: _Page, changes: list[Change], closing: int) -> None:
    """One level's changes: a table of the kinds that occur rarely, then one collapsed group
    per kind that occurs ``GROUP_AT`` times or more."""
    by_kind: dict[str, list[Change]] = {}
    for change in changes:
        by_kind.setdefault(change.kind, []).append(change)
    single = [c for c in changes if len(by_kind[c.kind]) < GROUP_AT]
    page.table(single, closing)
    for kind, group in by_kind.items():
        if len(group) < GROUP_AT:
            continue
        summary = f"{len(group)} × {kind}: {html.escape(group[0].message)} …"
        group_closing = ("", "</details>")
        inner = closing + _size(group_closing)
        if not page.add("", f"<details><summary>{summary}</summary>", closing=inner):
            page.left_out += len(group)
            continue
        page.table(group, inner)
        page.close(*group_closing)


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
