"""Errors the generator reports to its users.

Every error names the place in the spec it is about, so a user can fix the spec without
reading generator code::

    SpecgenError                    exit code 2 (bad input) unless stated
    ├── SpecLoadError               the file cannot be read or parsed (YAML/JSON syntax)
    ├── SpecValidationError         not a valid OpenAPI document, or breaks a project lint rule
    ├── UnsupportedError            valid OpenAPI that specgen cannot express faithfully
    ├── NameCollisionError          two names map to the same Python identifier or path
    ├── ConfigError                 specgen.toml / [tool.specgen] is wrong, or an unknown API
    └── OutputError                 exit code 4: the output cannot be written (read-only folder,
                                    full disk): the machine is at fault, not the spec or specgen

The CLI prints ``str(error)`` and exits with ``error.exit_code``; no traceback reaches a user.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "ConfigError",
    "Location",
    "NameCollisionError",
    "OutputError",
    "SpecLoadError",
    "SpecValidationError",
    "SpecgenError",
    "UnsupportedError",
]


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a spec file: the file, a 1-based line and column (0 when unknown), a JSON pointer."""

    file: Path
    line: int = 0
    pointer: str = ""
    column: int = 0

    def __str__(self) -> str:
        where = str(self.file)
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        if self.pointer:
            where += f" (at {_shorten_pointer(self.pointer)})"
        return where


def _shorten_pointer(pointer: str, limit: int = 160) -> str:
    """A pointer fit for one message line: a very deep one keeps its first and last segments."""
    if len(pointer) <= limit:
        return pointer
    segments = pointer.split("/")[1:]
    head: list[str] = []
    tail: list[str] = []
    while len("/".join(head)) < limit // 2:
        head.append(segments[len(head)])
    while len("/".join(tail)) < limit // 2 and len(head) + len(tail) < len(segments):
        tail.insert(0, segments[-1 - len(tail)])
    if len(head) + len(tail) >= len(segments):  # a few very long segments
        return pointer[:limit] + "…"
    return "/" + "/".join(head) + "/…/" + "/".join(tail)


@dataclass(eq=False)
class SpecgenError(Exception):
    """Base of every error specgen reports to a user."""

    message: str
    location: Location | None = None
    problems: tuple[tuple[Location | None, str], ...] = field(default=())
    exit_code: int = 2

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __reduce__(self) -> tuple[Any, ...]:
        # Crosses process boundaries whole (a worker's error reaches the CLI with its location).
        return (type(self), (self.message, self.location, self.problems, self.exit_code))

    def __str__(self) -> str:
        lines = [f"{self.location}: {self.message}" if self.location else self.message]
        for location, text in self.problems:
            lines.append(f"  - {location}: {text}" if location else f"  - {text}")
        return "\n".join(lines)


class SpecLoadError(SpecgenError):
    """The spec file cannot be read or is not well-formed YAML/JSON."""


class SpecValidationError(SpecgenError):
    """The document is not valid OpenAPI, or it breaks one of specgen's lint rules."""


class UnsupportedError(SpecgenError):
    """The spec uses a construct specgen cannot turn into faithful code."""


class NameCollisionError(SpecgenError):
    """Two spec names become the same Python name (or file path) after conversion."""


class ConfigError(SpecgenError):
    """A settings file is wrong, or the command names an API that has no spec."""


@dataclass(eq=False)
class OutputError(SpecgenError):
    """Writing the output failed in the operating system (permissions, space, quota)."""

    exit_code: int = 4
