"""specgen: hand-written OpenAPI specs in, tested and typed Python client packages out.

The library surface is small: :func:`build` renders one API in memory, :class:`FileSet` is
what it returns, and every user-facing failure is a :class:`SpecgenError`.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import SpecgenError
from .output.fileset import FileSet
from .pipeline import build

__all__ = ["FileSet", "SpecgenError", "__version__", "build"]
