"""What a package is rendered from besides the spec: the templates and the runtime modules,
and the digest of both that a manifest records (without importing the template engine, so
``specgen diff`` and ``specgen check`` can prove a package current cheaply)."""

from __future__ import annotations

import hashlib
from pathlib import Path

__all__ = ["RUNTIME_DIR", "runtime_files", "template_digest"]

RUNTIME_DIR = Path(__file__).resolve().parent.parent / "runtime"
"""Ordinary Python modules copied verbatim (after a provenance line) into every package."""


def runtime_files() -> dict[str, str]:
    """``name -> source`` of the runtime modules every package carries, sorted by name."""
    return {
        path.name: path.read_text(encoding="utf-8")
        for path in sorted(RUNTIME_DIR.glob("*.py"))
        if path.name != "__init__.py"
    }


def template_digest(templates_dir: Path) -> str:
    """sha256 over every template and runtime module (path and content), so a change to either
    shows in the manifest."""
    total = hashlib.sha256()
    for path in sorted(
        p for p in templates_dir.rglob("*") if p.is_file() and "__pycache__" not in p.parts
    ):
        total.update(
            path.relative_to(templates_dir).as_posix().encode() + b"\0" + path.read_bytes() + b"\0"
        )
    for name, text in runtime_files().items():
        total.update(f"runtime/{name}".encode() + b"\0" + text.encode("utf-8") + b"\0")
    return total.hexdigest()
