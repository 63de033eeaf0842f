"""Which base each model class gets: whether it rejects or keeps members its schema does not
name. Decided here once, from ``additionalProperties``, the schema's side and the spec's
strictness; the models (``generator.models``) and the diff (``generator.diff``) read the
decision from :attr:`~generator.ir.records.Api.model_bases` instead of each reading the
keyword their own way."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from .records import ModelBase

__all__ = ["model_bases"]


def model_base(schema: Any, *, response_only: bool, closed_objects: bool) -> ModelBase:
    """The base of one component schema's class.

    ``additionalProperties`` other than ``false`` keeps unknown members on both sides; a
    schema only answers carry keeps them too (a server may add members); ``false`` rejects them
    when a caller builds the model; saying nothing rejects them in a strict spec (ours: a typo
    must not vanish) and keeps them in a published one, as JSON Schema reads it."""
    extra = schema.get("additionalProperties") if isinstance(schema, Mapping) else None
    if extra is not None and extra is not False:
        return ModelBase.OPEN
    if response_only:
        return ModelBase.RESPONSE
    if extra is False or closed_objects:
        return ModelBase.REQUEST
    return ModelBase.OPEN


def model_bases(
    schemas: Mapping[str, Any],
    class_of_schema: Mapping[str, str],
    response_only: Collection[str],
    *,
    closed_objects: bool,
) -> tuple[tuple[str, ModelBase], ...]:
    """``(class, base)`` of every schema in ``schemas`` (keyed by schema name), sorted by class;
    ``response_only`` names the schemas only answers reach."""
    return tuple(
        sorted(
            (
                class_of_schema.get(name, name),
                model_base(
                    schema, response_only=name in response_only, closed_objects=closed_objects
                ),
            )
            for name, schema in schemas.items()
        )
    )
