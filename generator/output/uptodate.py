"""The fast path of ``specgen check``: prove from hashes that regenerating cannot change a file.

A package's manifest records one hash over every input that can change its bytes (spec,
settings, templates and runtime, the generator's own source, the pinned tool versions) and the
hash of every file. When the inputs hash the same today, every file on disk still has its
recorded hash, no file is missing or extra, and the manifest itself is exactly the one those
facts produce, regeneration would write the same bytes: ``check`` says "up to date" without
rebuilding. Anything else, hand edits included, falls back to a full regeneration.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from ..config import ApiConfig
from ..errors import SpecgenError
from .manifest import MANIFEST_NAME, build_manifest, inputs_digest, settings_digest
from .sources import template_digest
from .writer import is_debris

__all__ = ["Inputs", "current_inputs", "is_up_to_date"]


@dataclass(frozen=True, slots=True)
class Inputs:
    """The hashes of what a package generated now would be made from (see ``manifest``)."""

    spec_sha256: str
    config_sha256: str
    templates_sha256: str

    @property
    def digest(self) -> str:
        """The manifest's ``inputs_sha256`` for these inputs (generator and tools included)."""
        return inputs_digest(
            spec_sha256=self.spec_sha256,
            config_sha256=self.config_sha256,
            templates_sha256=self.templates_sha256,
        )


def current_inputs(config: ApiConfig, spec_text: str, *, templates_dir: Path) -> Inputs | None:
    """The inputs of ``config``'s package generated now from ``spec_text``; ``None`` when the
    templates cannot be read (nothing can then be proven)."""
    try:
        templates_sha256 = template_digest(templates_dir)
    except (OSError, SpecgenError):
        return None
    return Inputs(
        spec_sha256=hashlib.sha256(spec_text.encode("utf-8")).hexdigest(),
        config_sha256=settings_digest(config),
        templates_sha256=templates_sha256,
    )


def is_up_to_date(config: ApiConfig, target: Path, *, templates_dir: Path) -> bool:
    """True only when regenerating ``config`` into ``target`` provably changes no byte."""
    try:
        manifest_text = (target / MANIFEST_NAME).read_text(encoding="utf-8")
        recorded = json.loads(manifest_text)
        files = recorded["files"]
        summary = recorded["summary"]
        spec_text = config.spec_path.read_text(encoding="utf-8")
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
        return False
    if not isinstance(files, dict) or not isinstance(summary, dict):
        return False
    inputs = current_inputs(config, spec_text, templates_dir=templates_dir)
    if inputs is None or recorded.get("inputs_sha256") != inputs.digest:
        return False
    on_disk = {
        path.relative_to(target).as_posix(): path
        for path in target.rglob("*")
        if path.is_file() and not is_debris(path.relative_to(target))
    }
    on_disk.pop(MANIFEST_NAME, None)
    if set(on_disk) != set(files):
        return False
    for rel, path in on_disk.items():
        if hashlib.sha256(path.read_bytes()).hexdigest() != files[rel]:
            return False
    rebuilt = build_manifest(
        config,
        files,
        spec_sha256=inputs.spec_sha256,
        config_sha256=inputs.config_sha256,
        templates_sha256=inputs.templates_sha256,
        # Derived from the inputs alone, which hash the same: the recorded one is the one.
        summary=summary,
    )
    return rebuilt == manifest_text
