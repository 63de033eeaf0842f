"""``specgen.json``: what a generated package was made from, and the hash of every file in it.

No timestamps: the manifest is part of the output and must be byte-identical between runs.
It lets ``specgen check --vendored`` verify a copy without the original repository layout.
"""

from __future__ import annotations

import json
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from .fileset import FileSet
from .ir import Api

__all__ = ["MANIFEST_NAME", "build_manifest", "tool_versions"]

MANIFEST_NAME = "specgen.json"


def _version(distribution: str) -> str:
    try:
        return version(distribution)
    except PackageNotFoundError:
        return "unknown"


def tool_versions() -> dict[str, str]:
    """Versions of the tools whose output bytes end up in generated files."""
    from . import __version__

    return {
        "specgen": __version__,
        "datamodel-code-generator": _version("datamodel-code-generator"),
        "black": _version("black"),
        "ruff": _version("ruff"),
    }


def build_manifest(
    api: Api, files: FileSet, *, spec_sha256: str, config_sha256: str, templates_sha256: str
) -> str:
    data: dict[str, Any] = {
        "api": api.name,
        "package": api.package,
        "distribution": api.distribution,
        "title": api.title,
        "spec": {"path": api.spec_file, "sha256": spec_sha256},
        "config_sha256": config_sha256,
        "templates_sha256": templates_sha256,
        "tools": tool_versions(),
        "files": {path: files.sha256(path) for path in files},
    }
    return json.dumps(data, indent=2, sort_keys=True) + "\n"
