"""Compare what the specs produce now with what is on disk: changed, missing and extra files."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError
from .fileset import FileSet
from .manifest import tool_versions
from .writer import is_debris

__all__ = ["PINNED_TOOLS", "Drift", "compare", "ensure_pinned_tools"]


def _pinned_tools() -> dict[str, str]:
    """The exact (``==``) pins of specgen's own dependencies: the tools whose output it ships."""
    from importlib.metadata import PackageNotFoundError, requires

    try:
        requirements = requires("specgen") or []
    except PackageNotFoundError:  # pragma: no cover - running from a tree that is not installed
        return {}
    pins: dict[str, str] = {}
    for requirement in requirements:
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)\s*==\s*([A-Za-z0-9_.+-]+)", requirement.strip())
        if match:
            pins[match.group(1).lower()] = match.group(2)
    return pins


# Output bytes depend on these versions; read from the installed metadata (pyproject.toml).
PINNED_TOOLS = _pinned_tools()


@dataclass(frozen=True, slots=True)
class Drift:
    target: Path
    changed: tuple[str, ...]
    missing: tuple[str, ...]
    extra: tuple[str, ...]
    diff: str

    @property
    def clean(self) -> bool:
        return not (self.changed or self.missing or self.extra)

    def summary(self) -> str:
        lines: list[str] = []
        for label, paths in (
            ("changed", self.changed),
            ("missing", self.missing),
            ("extra", self.extra),
        ):
            lines.extend(f"  {label}: {self.target / path}" for path in paths)
        return "\n".join(lines)


def ensure_pinned_tools() -> None:
    """Refuse to judge drift with tool versions that would change the output on their own."""
    installed = tool_versions()
    wrong = [
        f"{name} {installed.get(name, '(not installed)')} is installed, specgen pins {pinned}"
        for name, pinned in sorted(PINNED_TOOLS.items())
        if installed.get(name) != pinned
    ]
    if wrong:
        raise ConfigError(
            "cannot check drift: " + "; ".join(wrong) + ". Install the pinned versions "
            "(pip install -e .) so the comparison means something."
        )


def compare(files: FileSet, target: Path, *, max_diff_lines: int = 200) -> Drift:
    """How ``target`` differs from ``files``; the diff is cut after ``max_diff_lines`` lines."""
    on_disk: dict[str, Path] = {}
    if target.is_dir():
        for path in sorted(target.rglob("*")):
            inside = path.relative_to(target)
            if path.is_file() and not is_debris(inside):
                on_disk[inside.as_posix()] = path
    changed: list[str] = []
    diff_lines: list[str] = []
    for relative, text in files.items():
        if relative not in on_disk:
            continue
        try:
            current = on_disk[relative].read_text(encoding="utf-8")
        except UnicodeDecodeError:
            current = "<binary>"
        if current != text:
            changed.append(relative)
            diff_lines.extend(
                difflib.unified_diff(
                    text.splitlines(keepends=True),
                    current.splitlines(keepends=True),
                    fromfile=f"expected/{relative}",
                    tofile=f"{target.name}/{relative}",
                )
            )
    missing = [relative for relative in files if relative not in on_disk]
    extra = [relative for relative in on_disk if relative not in files]
    if len(diff_lines) > max_diff_lines:
        cut = len(diff_lines) - max_diff_lines
        diff_lines = diff_lines[:max_diff_lines] + [f"... {cut} more diff line(s) not shown\n"]
    text = "".join(line if line.endswith("\n") else line + "\n" for line in diff_lines)
    return Drift(target, tuple(changed), tuple(missing), tuple(extra), text)
