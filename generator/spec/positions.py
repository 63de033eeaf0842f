"""Where each JSON pointer of a spec is in its file: ``(line, column)``, both 1-based.

A member's position is its key's; an array item's is its value's. YAML positions come from
the node tree the loader composes anyway. A JSON spec is parsed by :func:`json.loads`, which
keeps no positions, so :class:`JsonPositions` finds them on demand: it indexes only the
containers on the way to a pointer it is asked about, skipping each value with the json
module's C scanner (a 13 MB spec located a hundred warnings in seconds where a full pure-Python
source map took fourteen).
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterator
from typing import Protocol

from ..schema.pointer import escape_pointer

__all__ = ["JsonPositions", "Positions", "TablePositions"]


class Positions(Protocol):
    """JSON pointer -> ``(line, column)`` of a spec's keys and values."""

    def get(self, pointer: str) -> tuple[int, int] | None: ...

    def __contains__(self, pointer: object) -> bool: ...

    def __iter__(self) -> Iterator[str]: ...


class TablePositions:
    """Positions known in advance (a YAML spec's node tree)."""

    def __init__(self, table: dict[str, tuple[int, int]]) -> None:
        self._table = table

    def get(self, pointer: str) -> tuple[int, int] | None:
        return self._table.get(pointer)

    def __contains__(self, pointer: object) -> bool:
        return pointer in self._table

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)


_WHITESPACE = re.compile(r"[ \t\n\r]*")
_NEWLINE = re.compile(r"\n")


class JsonPositions:
    """Positions in a JSON text that :func:`json.loads` accepted, found when asked for."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._scan_value = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[attr-defined]
        self._root = _WHITESPACE.match(text, 0).end()  # type: ignore[union-attr]
        # container pointer -> {member token: (offset of its key or item, offset of its value)}
        self._members: dict[str, dict[str, tuple[int, int]]] = {}
        self._line_starts: list[int] | None = None

    def get(self, pointer: str) -> tuple[int, int] | None:
        offset = self._offset(pointer)
        return None if offset is None else self._line_column(offset)

    def __contains__(self, pointer: object) -> bool:
        return isinstance(pointer, str) and self._offset(pointer) is not None

    def __iter__(self) -> Iterator[str]:
        """Every pointer, in document order (indexes the whole text: for rare uses only)."""
        yield ""
        stack = [iter(self._children("", self._root))]
        while stack:
            child = next(stack[-1], None)
            if child is None:
                stack.pop()
                continue
            pointer, value = child
            yield pointer
            stack.append(iter(self._children(pointer, value)))

    def _children(self, pointer: str, value: int) -> list[tuple[str, int]]:
        if self._text[value] not in "{[":
            return []
        members = self._container(pointer, value)
        return [(f"{pointer}/{token}", at) for token, (_, at) in members.items()]

    def _offset(self, pointer: str) -> int | None:
        """Offset of ``pointer``'s key (or item), ``None`` when the text has no such place."""
        if pointer == "":
            return self._root
        if not pointer.startswith("/"):
            return None
        container, value = "", self._root
        tokens = pointer[1:].split("/")
        for depth, token in enumerate(tokens):
            if self._text[value] not in "{[":
                return None
            entry = self._container(container, value).get(token)
            if entry is None:
                return None
            if depth == len(tokens) - 1:
                return entry[0]
            container, value = f"{container}/{token}", entry[1]
        return None  # pragma: no cover - the loop returns

    def _container(self, pointer: str, start: int) -> dict[str, tuple[int, int]]:
        members = self._members.get(pointer)
        if members is None:
            members = self._members[pointer] = self._index(start)
        return members

    def _index(self, start: int) -> dict[str, tuple[int, int]]:
        """The members of the object or array at ``start``; their values are skipped, not read."""
        text, members = self._text, {}
        closing = "}" if text[start] == "{" else "]"
        at = _WHITESPACE.match(text, start + 1).end()  # type: ignore[union-attr]
        index = 0
        while text[at] != closing:
            if closing == "}":
                key, after = json.decoder.scanstring(text, at + 1)  # type: ignore[attr-defined]
                colon = _WHITESPACE.match(text, after).end()  # type: ignore[union-attr]
                value = _WHITESPACE.match(text, colon + 1).end()  # type: ignore[union-attr]
                members[escape_pointer(key)] = (at, value)
            else:
                value = at
                members[str(index)] = (at, value)
                index += 1
            _, end = self._scan_value(text, value)
            at = _WHITESPACE.match(text, end).end()  # type: ignore[union-attr]
            if text[at] == ",":
                at = _WHITESPACE.match(text, at + 1).end()  # type: ignore[union-attr]
        return members

    def _line_column(self, offset: int) -> tuple[int, int]:
        if self._line_starts is None:
            self._line_starts = [0, *(m.end() for m in _NEWLINE.finditer(self._text))]
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1
