"""The words the case derivation speaks: case kinds, the keywords it knows, ``Case`` and
``Site`` records, and JSON Pointer helpers for the paths it walks.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

__all__ = [
    "COVERAGE_KINDS",
    "Case",
    "DEFAULT_FORMATS",
    "FILL_CHARACTERS",
    "KINDS",
    "MALFORMED_FORMAT_VALUES",
    "MAX_GENERATED_ITEMS",
    "MAX_GENERATED_LENGTH",
    "PATTERN_MISMATCH_CANDIDATES",
    "Path",
    "PathItem",
    "Schema",
    "Site",
    "format_path",
]


KINDS: Final[tuple[str, ...]] = (
    "required",
    "maxLength",
    "minLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "pattern",
    "enum",
    "const",
    "null",
    "type",
    "minItems",
    "maxItems",
    "format",
)


#: The constraint kinds whose sites examples are expected to exercise.
COVERAGE_KINDS: Final[frozenset[str]] = frozenset(
    {
        "required",
        "maxLength",
        "minLength",
        "pattern",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "enum",
        "const",
    }
)


#: A malformed value per format; a case is only made for formats the caller says are checked.
MALFORMED_FORMAT_VALUES: Final[Mapping[str, str]] = {
    "date": "not-a-date",
    "date-time": "not-a-date-time",
    "time": "not-a-time",
    "uuid": "not-a-uuid",
    "email": "not-an-email",
    "idn-email": "not-an-email",
    "ipv4": "not-an-ipv4",
    "ipv6": "not-an-ipv6",
}


#: Formats ``derive_cases`` makes ``format`` cases for unless told otherwise.
DEFAULT_FORMATS: Final[frozenset[str]] = frozenset({"date", "date-time", "uuid"})


PATTERN_MISMATCH_CANDIDATES: Final[tuple[str, ...]] = ("!", " ", "\n", "#$%", "")


FILL_CHARACTERS: Final[tuple[str, ...]] = ("a", "A", "0", "x", " ")


MAX_GENERATED_LENGTH: Final[int] = 100_000


MAX_GENERATED_ITEMS: Final[int] = 1_000


PathItem = str | int


Path = tuple[PathItem, ...]


Schema = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Case:
    """One mutation of an example.

    ``id`` reads ``<instance path>:<kind>:<variant>``, e.g. ``customer.initials:maxLength:over``,
    ``lines[0].qty:minimum:under`` or ``device:required:itemNo``; ``$`` is the document root.
    When two schemas that apply to the same value carry the same keyword, the second one's cases
    read ``<path>:<kind>[2]:<variant>``.
    """

    id: str
    kind: str
    pointer: str
    path: tuple[str | int, ...]
    valid: bool
    instance: Any


@dataclass(frozen=True, slots=True)
class Site:
    """A constraint reachable from a schema.

    ``path`` is the instance path pattern at which it is first reached (``"*"`` stands for any
    array item); for ``required`` it ends with the required property's name.
    """

    pointer: str
    kind: str
    path: tuple[str, ...]

    @property
    def key(self) -> tuple[str, str, str]:
        """What identifies the site: the schema, the keyword and (for required) the property."""
        name = self.path[-1] if self.kind == "required" and self.path else ""
        return (self.pointer, self.kind, name)


_SIMPLE_KEY = re.compile(r"^[A-Za-z_$@\-][A-Za-z0-9_$@\-]*$")


def format_path(path: Sequence[PathItem]) -> str:
    """Readable instance path: ``customer.lines[0].qty``; ``$`` for the root."""
    parts: list[str] = []
    for item in path:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif item == "*":
            parts.append("[*]")
        elif _SIMPLE_KEY.match(item):
            parts.append(("." if parts else "") + item)
        else:
            parts.append(f"[{json.dumps(item, ensure_ascii=False)}]")
    return "".join(parts) or "$"
