"""``specgen diff``: what a spec change does to a generated package's public Python API.

- :mod:`.surface`: the importable names of one package (client methods, arguments, models,
  fields, environments, auth), built from the IR's records (the ``Api``, and the models'
  :class:`~generator.ir.model_facts.ModelFacts`: no schema is read here), with
  :mod:`.shape` (how two shapes relate), :mod:`.roles` (input / output models) and
  :mod:`.names` (attribute and enum member names read from the generated models);
- :mod:`.classify`, :mod:`.connection` and :mod:`.model_changes`: every difference between two
  surfaces as a :class:`~.change.Change`, judged breaking / minor / patch;
- :mod:`.report`: the suggested version bump and the text / Markdown / JSON output.

This package works from the IR only: loading specs (from files or git revisions) is
``generator.surfaces``' job, so the diff never sees the loaded spec (an import-linter contract).
"""

from __future__ import annotations

from .change import BREAKING, LEVELS, MINOR, PATCH, Change
from .classify import compare
from .names import ModelNames, model_names
from .report import ApiReport, bump_of, next_version, render
from .surface import Surface, Where, build_surface, empty_surface

__all__ = [
    "BREAKING",
    "LEVELS",
    "MINOR",
    "PATCH",
    "ApiReport",
    "Change",
    "ModelNames",
    "Surface",
    "Where",
    "build_surface",
    "bump_of",
    "compare",
    "empty_surface",
    "model_names",
    "next_version",
    "render",
]
