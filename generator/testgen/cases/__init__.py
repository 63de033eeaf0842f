"""Derive boundary and negative test cases from a schema and a valid example.

``derive_cases`` walks a (valid) example together with the JSON Schema 2020-12 schema it belongs
to and, for every value present in the example, makes single, targeted mutations of the whole
example: remove a required property, stretch a string to ``maxLength`` and one past it, step a
number to its ``minimum`` and just below it, swap in a value outside an ``enum`` ... Each mutation
is a :class:`Case` that states whether the mutated instance is expected to be valid.

``constraint_sites`` lists every constraint reachable from a schema along the same paths, so a
caller can check that the examples exercise all of them (see :func:`uncovered_sites`).

Design rules:

* pure and deterministic: stdlib only, no randomness, output sorted by case id;
* only conjunctive paths are followed (``$ref``, ``allOf``, ``properties``, ``items`` and the
  non-null branch of a nullable union), so a mutation that breaks a constraint found on such a
  path always makes the whole instance invalid;
* conditional rules (``if``/``then``/``else``, ``anyOf``/``oneOf`` of alternatives, ``not``,
  ``dependentSchemas`` ...) are never descended into; a mutation that is expected to be *valid*
  is only emitted when no such rule on the way to the mutated value can look at it, and when
  every schema that applies to the new value is fully understood. When in doubt, no case.


Modules: ``vocabulary`` (kinds, records, paths), ``values`` (values at or just outside a
constraint), ``derive`` (the mutations) and ``sites`` (constraint coverage). Whether a value
satisfies the schemas is :mod:`generator.schema.truth`'s to say, from each schema's typed
:class:`~generator.schema.constraints.Constraints`.
"""

from __future__ import annotations

from .derive import derive_cases
from .sites import constraint_sites, covers, uncovered_sites
from .vocabulary import (
    COVERAGE_KINDS,
    DEFAULT_FORMATS,
    KINDS,
    MALFORMED_FORMAT_VALUES,
    Case,
    Site,
    format_path,
)

__all__ = [
    "COVERAGE_KINDS",
    "DEFAULT_FORMATS",
    "KINDS",
    "MALFORMED_FORMAT_VALUES",
    "Case",
    "Site",
    "constraint_sites",
    "covers",
    "derive_cases",
    "format_path",
    "uncovered_sites",
]
