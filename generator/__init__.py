"""specgen: hand-written OpenAPI specs in, tested and typed Python client packages out.

The library surface is small: :func:`build` renders one API in memory, :class:`FileSet` is
what it returns, and every user-facing failure is a :class:`SpecgenError`.
"""

from __future__ import annotations

__version__ = "0.1.0"

import typing

from .errors import SpecgenError

if typing.TYPE_CHECKING:
    from .output.fileset import FileSet
    from .pipeline import build

__all__ = ["FileSet", "SpecgenError", "__version__", "build"]


def __getattr__(name: str) -> typing.Any:
    """``build`` and ``FileSet`` on first use: the pipeline imports the whole generator
    (datamodel-code-generator, the test planner, httpx), which ``specgen diff`` and
    ``specgen check`` should not pay for at start-up."""
    if name == "build":
        from .pipeline import build

        return build
    if name == "FileSet":
        from .output.fileset import FileSet

        return FileSet
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
