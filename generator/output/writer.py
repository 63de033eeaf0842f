"""Write a :class:`FileSet` to ``generated/<api>/`` atomically.

The new tree is written completely into a sibling temporary directory (``.<api>.new-*``), then
swapped in with two renames (the old tree steps aside as ``.<api>.old-<pid>``), so an
interrupted run leaves the old tree or the new one, never a mix. Files the generator no longer
produces disappear with the old tree.

A run killed between the two renames leaves no ``<api>/`` but a complete ``.<api>.old-*``:
:func:`recover` (run by every write, under the lock) puts it back, and removes any other
leftover. ``specgen check`` reports leftovers (:func:`leftovers`). One lock file per output
folder serialises concurrent writers; it exists only while held.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ConfigError, Location
from .fileset import FileSet

if TYPE_CHECKING:  # imported where a lock is taken: reading needs none
    from filelock import FileLock

__all__ = ["is_debris", "write_file", "leftovers", "output_lock", "recover", "write_fileset"]

# tempfile.mkdtemp's suffix is 8 characters of [a-z0-9_]; the retired tree carries a pid.
_LEFTOVER = re.compile(r"^\.(?P<name>[a-z0-9_]+)\.(?:(?P<kind>new)-[a-z0-9_]{8}|(?P<old>old)-\d+)$")


@contextmanager
def output_lock(output_root: Path) -> Iterator[None]:
    """Hold the lock every writer of ``output_root`` takes, for the ``with`` block.

    The lock file lives in the temporary directory, named after the output folder's resolved
    path, so it never shows up in the project (``git status``) or in a vendored package. It is
    deleted on release, so runs leave nothing behind there (a killed run's file is reused and
    deleted by the next one). Not re-entrant: a nested hold of the same folder waits forever.
    """
    key = hashlib.sha256(str(output_root.resolve()).encode("utf-8")).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / f"specgen-{key}.lock"
    lock = _acquire(path)
    try:
        yield
    finally:
        # Deleted while still held: a writer waiting on this file then finds it no longer
        # at ``path`` (see _acquire) and starts over on a fresh one, so two never both hold it.
        with contextlib.suppress(OSError):  # where an open file cannot be deleted (Windows)
            path.unlink(missing_ok=True)
        lock.release()


class _Replaced(Exception):
    """The lock file was deleted (by its previous holder) while we waited for it."""


def _acquire(path: Path) -> FileLock:
    """A held lock on the file now at ``path``, retried until the file locked is still there."""
    from filelock import FileLock

    while True:
        lock = FileLock(str(path), thread_local=False, on_acquired=_still_at(path))
        try:
            lock.acquire()
        except _Replaced:
            continue
        return lock


def _still_at(path: Path) -> Callable[[int], None]:
    def check(descriptor: int) -> None:
        try:
            current = os.stat(path)
        except FileNotFoundError:
            raise _Replaced from None
        if not os.path.samestat(current, os.fstat(descriptor)):
            raise _Replaced

    return check


def leftovers(output_root: Path, name: str | None = None) -> list[Path]:
    """Folders an interrupted write left in ``output_root`` (for package ``name``), sorted."""
    if not output_root.is_dir():
        return []
    found = []
    for path in output_root.iterdir():
        match = _LEFTOVER.match(path.name)
        if match and path.is_dir() and name in (None, match["name"]):
            found.append(path)
    return sorted(found)


def recover(output_root: Path, name: str) -> list[Path]:
    """Undo what an interrupted write of package ``name`` left behind; return those folders.

    A package whose folder is missing gets its complete previous tree back (a ``.old-*`` is
    only ever a whole tree); every other leftover is deleted. Call with the lock held.
    """
    handled = []
    target = output_root / name
    for path in leftovers(output_root, name):
        match = _LEFTOVER.match(path.name)
        if match and match["old"] and not target.exists():
            os.replace(path, target)
        else:
            shutil.rmtree(path, ignore_errors=True)
        handled.append(path)
    return handled


def write_fileset(files: FileSet, target: Path, *, output_root: Path) -> bool:
    """Replace ``target`` with exactly ``files``; return False when nothing changed on disk."""
    output_root = output_root.resolve()
    resolved = target.resolve()
    if resolved.parent != output_root:
        raise ConfigError(f"refusing to write outside {output_root}", Location(target))
    with output_lock(output_root):
        recover(output_root, target.name)
        if _same(files, target):
            return False
        output_root.mkdir(parents=True, exist_ok=True)
        _swap_in(files, target, output_root)
    return True


def write_file(text: str, path: Path) -> bool:
    """Replace the single file ``path`` atomically (temporary file, then rename), under the
    lock of its folder; return False when it already held ``text``."""
    with output_lock(path.parent):
        try:
            if path.read_text(encoding="utf-8") == text:
                return False
        except (OSError, UnicodeDecodeError):
            pass
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    return True


def _swap_in(files: FileSet, target: Path, output_root: Path) -> None:
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=output_root))
    retired = output_root / f".{target.name}.old-{os.getpid()}"
    try:
        for relative, text in files.items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        if target.exists():
            os.replace(target, retired)
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if retired.exists() and not target.exists():
            os.replace(retired, target)
        raise
    shutil.rmtree(retired, ignore_errors=True)


def _same(files: FileSet, target: Path) -> bool:
    if not target.is_dir():
        return False
    on_disk = {
        path.relative_to(target).as_posix()
        for path in target.rglob("*")
        if path.is_file() and not is_debris(path.relative_to(target))
    }
    if on_disk != set(files):
        return False
    return all((target / rel).read_text(encoding="utf-8") == text for rel, text in files.items())


def is_debris(relative: Path) -> bool:
    """Build and cache debris that a test or install run leaves; never part of the output."""
    return any(
        part in ("__pycache__", ".pytest_cache", ".mypy_cache", "build", "dist")
        or part.endswith(".egg-info")
        for part in relative.parts
    )
