"""What the tests send as a request body beyond its examples: a text body's value, a form
body that is not empty on the wire, and the media types listed before the one the client
sends (a mock server may read the body as one of those)."""

from __future__ import annotations

import dataclasses
from typing import Any

from ..schema.samples import NO_SAMPLE
from ..spec.loader import deref
from .document import Context
from .media import declared_properties, media_examples
from .records import Example

__all__ = ["media_listed_before", "non_empty_form", "text_sample"]


def text_sample(context: Context, media: dict[str, Any], fallback: str) -> str:
    """A string a text or binary body's schema accepts: the spec's first such example, else
    one derived from the schema (a ``minLength``, ``pattern`` or ``format: byte`` honoured),
    else ``fallback``."""
    schema = media.get("schema", {})
    for example in media_examples(media):
        if isinstance(example.value, str) and not context.checker.errors(schema, example.value):
            return example.value
    derived = context.checker.sample(schema)
    return derived if isinstance(derived, str) and derived else fallback


def non_empty_form(
    context: Context, examples: tuple[Example, ...], schema: Any
) -> tuple[Example, ...]:
    """``examples`` of a required form or multipart body, where a derived ``{}`` (no field is
    required) gets one field: an empty form is no body on the wire, which a server reads as
    the required body missing."""
    return tuple(
        (
            _with_one_field(context, example, schema)
            if example.derived and example.value == {}
            else example
        )
        for example in examples
    )


def _with_one_field(context: Context, example: Example, schema: Any) -> Example:
    """``example`` with one field: a scalar one where the schema has one (a form carries a
    scalar as it is, an array or object only by a convention the server must share)."""
    checker = context.checker
    fields: list[tuple[bool, str, Any]] = []
    for name, member in sorted(declared_properties(context.spec, schema).items()):
        value = checker.sample(member)
        if value == []:
            item = checker.sample(deref(context.spec, member).get("items", {}))
            value = [item] if item is not NO_SAMPLE else NO_SAMPLE
        if value is NO_SAMPLE or value in (None, {}, []):
            continue
        if not checker.errors(schema, {name: value}):
            fields.append((isinstance(value, (list, dict)), name, value))
    if not fields:
        return example
    _, name, value = min(fields, key=lambda found: found[:2])
    return dataclasses.replace(example, value={name: value})


def media_listed_before(content: Any, chosen: str) -> tuple[str, ...]:
    """The media types ``content`` lists before ``chosen`` (the one the client sends), in the
    spec's order, whose schema is not ``chosen``'s."""
    if not isinstance(content, dict) or chosen not in content:
        return ()
    own = _schema(content[chosen])
    found: list[str] = []
    for media_type, media in content.items():
        if media_type == chosen:
            break
        if _schema(media) != own:
            found.append(str(media_type))
    return tuple(found)


def _schema(media: Any) -> Any:
    return media.get("schema") if isinstance(media, dict) else None
