"""Write a :class:`FileSet` to ``generated/<api>/`` atomically.

The new tree is written completely into a sibling temporary directory, then swapped in with
two renames, so an interrupted run leaves either the old tree or the new one, never a mix.
Files the generator no longer produces disappear with the old tree.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .errors import ConfigError, Location
from .fileset import FileSet

__all__ = ["is_debris", "write_fileset"]


def write_fileset(files: FileSet, target: Path, *, output_root: Path) -> bool:
    """Replace ``target`` with exactly ``files``; return False when nothing changed on disk."""
    output_root = output_root.resolve()
    resolved = target.resolve()
    if resolved.parent != output_root:
        raise ConfigError(f"refusing to write outside {output_root}", Location(target))
    if _same(files, target):
        return False
    output_root.mkdir(parents=True, exist_ok=True)
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
    return True


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
