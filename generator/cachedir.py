"""Where specgen keeps what it may reuse between runs (validation findings, compiled templates).

``$SPECGEN_CACHE_DIR`` if set (empty: no cache at all), else ``$XDG_CACHE_HOME/specgen``, else
``~/.cache/specgen``. A cache only saves time: every entry is keyed by what it was made from, and
a missing, stale or unwritable one means the work is done again, never a different output.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["cache_dir"]


def cache_dir(kind: str) -> Path | None:
    """The folder for caches of ``kind`` (not created here); ``None`` when caching is off."""
    configured = os.environ.get("SPECGEN_CACHE_DIR")
    if configured is not None:
        return Path(configured) / kind if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "specgen" / kind
