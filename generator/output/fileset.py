"""``FileSet``: the generated output as one in-memory object.

Rendering produces it; writing, golden tests and the drift check all consume the same object,
so ``check`` can never disagree with what ``generate`` would write.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from pathlib import PurePosixPath

__all__ = ["FileSet"]


class FileSet(Mapping[str, str]):
    """An immutable mapping of relative POSIX paths to file text, iterated in sorted order."""

    __slots__ = ("_files",)

    def __init__(self, files: Mapping[str, str]) -> None:
        for path in files:
            pure = PurePosixPath(path)
            if pure.is_absolute() or ".." in pure.parts or not path or "\\" in path:
                raise ValueError(f"unsafe output path {path!r}")
        self._files = dict(sorted(files.items()))

    def __getitem__(self, path: str) -> str:
        return self._files[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)

    def sha256(self, path: str) -> str:
        return hashlib.sha256(self._files[path].encode("utf-8")).hexdigest()

    def digest(self) -> str:
        """One hash over every path and its content."""
        total = hashlib.sha256()
        for path, text in self._files.items():
            total.update(path.encode("utf-8") + b"\0" + text.encode("utf-8") + b"\0")
        return total.hexdigest()

    def with_files(self, extra: Mapping[str, str]) -> FileSet:
        return FileSet({**self._files, **extra})
