"""``specgen.json``: what a generated package was made from, and the hash of every file in it.

No timestamps: the manifest is part of the output and must be byte-identical between runs.
It lets ``specgen check --vendored`` verify a copy without the original repository layout.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..config import ApiConfig, spec_file

__all__ = [
    "MANIFEST_NAME",
    "build_manifest",
    "generator_digest",
    "inputs_digest",
    "settings_digest",
    "tool_versions",
]

MANIFEST_NAME = "specgen.json"


@functools.cache  # what is installed does not change while specgen runs
def _version(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return "unknown"


# The tools whose output bytes end up in generated files (each pinned exactly in
# pyproject.toml; rstr makes the pattern-matching values in the generated tests, nh3 cleans
# the HTML of descriptions in the READMEs).
_OUTPUT_TOOLS = ("datamodel-code-generator", "black", "ruff", "rstr", "nh3")


def tool_versions() -> dict[str, str]:
    """Versions of specgen and of the tools whose output bytes end up in generated files."""
    return {"specgen": _version("specgen"), **{name: _version(name) for name in _OUTPUT_TOOLS}}


def settings_digest(config: ApiConfig) -> str:
    """sha256 of the effective settings (and the changelog the package carries), not the
    settings file's bytes: a vendored copy rebuilt from its manifest (no specgen.toml at hand)
    must hash the same."""
    settings = f"{config.name}\0{config.package}\0{config.distribution}\0{config.title}"
    total = hashlib.sha256(settings.encode("utf-8"))
    if config.changelog_path is not None:  # copied into the package: an input like the spec
        total.update(b"\0changelog\0" + config.changelog_path.read_bytes())
    return total.hexdigest()


@functools.cache
def generator_digest() -> str:
    """sha256 over the generator's own Python source (runtime modules included)."""
    root = Path(__file__).resolve().parent.parent  # the whole generator package
    total = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        if "__pycache__" not in path.parts:
            total.update(
                path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0"
            )
    return total.hexdigest()


def inputs_digest(*, spec_sha256: str, config_sha256: str, templates_sha256: str) -> str:
    """One hash over everything that can change a package's bytes: the spec, the effective
    settings, the templates and runtime, the generator's source and the pinned tool versions."""
    parts = {
        "spec": spec_sha256,
        "config": config_sha256,
        "templates": templates_sha256,
        "generator": generator_digest(),
        "tools": tool_versions(),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def build_manifest(
    config: ApiConfig,
    file_hashes: Mapping[str, str],
    *,
    spec_sha256: str,
    config_sha256: str,
    templates_sha256: str,
    summary: Mapping[str, Any],
) -> str:
    """The manifest text for API ``config`` whose files (the manifest aside) hash to
    ``file_hashes``; a function of its arguments alone, so ``check`` can rebuild it cheaply.
    ``summary`` is what the generated index says about the package."""
    data: dict[str, Any] = {
        "api": config.name,
        "package": config.package,
        "distribution": config.distribution,
        "title": config.title,
        "spec": {"path": spec_file(config), "sha256": spec_sha256},
        "config_sha256": config_sha256,
        "templates_sha256": templates_sha256,
        "inputs_sha256": inputs_digest(
            spec_sha256=spec_sha256, config_sha256=config_sha256, templates_sha256=templates_sha256
        ),
        "tools": tool_versions(),
        "files": dict(sorted(file_hashes.items())),
        "summary": dict(summary),
    }
    return json.dumps(data, indent=2, sort_keys=True) + "\n"
