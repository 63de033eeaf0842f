"""The handle by which the stages after the IR hold a schema."""

from __future__ import annotations

from typing import NewType

__all__ = ["SchemaNode"]

SchemaNode = NewType("SchemaNode", object)
"""A schema of the document as the stages after the IR hold it: an opaque handle they pass
back to the view (:class:`~.view.SchemaReader`), never read (``mypy --strict`` refuses to)."""
