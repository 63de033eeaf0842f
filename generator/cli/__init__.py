"""The ``specgen`` command line: ``app`` (the group, shared helpers, ``main``), ``build``
(``list``, ``lint``, ``generate``, ``add``) and ``review`` (``check``, ``diff``, ``vendor``)."""

from . import build, review  # noqa: F401  (importing them registers their commands)
from .app import cli, default_templates_dir, main

__all__ = ["cli", "default_templates_dir", "main"]
