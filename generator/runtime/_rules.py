"""Checks behind the generated model validators for the spec's conditional rules.

Each check works on which fields were *given* (``model_fields_set``), whichever name the
caller used (attribute or wire name), and reads values after validation, so an enum member and
its string compare equal. Violations raise ``PydanticCustomError`` with the rule's message,
which pydantic reports in its ``ValidationError``.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticCustomError

from ._lazy import fields_of

__all__ = ["check_dependent", "check_forbid", "check_groups", "check_if", "check_not_null"]

_ATTRIBUTES: dict[type[BaseModel], dict[str, str]] = {}


def _attribute(model: BaseModel, wire: str) -> str:
    cls = type(model)
    table = _ATTRIBUTES.get(cls)
    if table is None:
        table = {(info.alias or name): name for name, info in fields_of(cls).items()}
        if cls.__pydantic_complete__:
            _ATTRIBUTES[cls] = table
    return table.get(wire, wire)


def _given(model: BaseModel, wire: str) -> bool:
    return _attribute(model, wire) in model.model_fields_set


def _value(model: BaseModel, wire: str) -> Any:
    # Read the stored value, not the attribute: a deprecated field's getter warns on access,
    # and checking a rule is not a use of the field.
    value = model.__dict__.get(_attribute(model, wire))
    return value.value if isinstance(value, Enum) else value


def _fail(message: str) -> PydanticCustomError:
    return PydanticCustomError("specgen_rule", message)


def check_if(
    model: BaseModel,
    *,
    when: Iterable[tuple[str, tuple[Any, ...]]],
    when_required: tuple[str, ...],
    negate: bool,
    require: tuple[str, ...],
    forbid: tuple[str, ...],
    message: str,
) -> None:
    """``if``/``then`` (``negate=False``) or ``if``/``else`` (``negate=True``), JSON Schema semantics.

    The condition holds when every name in ``when_required`` is given and every given name in
    ``when`` has one of its listed values (an absent one does not defeat the condition).
    """
    holds = all(_given(model, name) for name in when_required) and all(
        not _given(model, name) or _value(model, name) in values for name, values in when
    )
    if holds == negate:
        return
    missing = [name for name in require if not _given(model, name)]
    extra = [name for name in forbid if _given(model, name)]
    if missing or extra:
        raise _fail(message)


def check_groups(
    model: BaseModel,
    *,
    groups: tuple[tuple[str, ...], ...],
    exactly_one: bool,
    non_null: tuple[str, ...],
    message: str,
) -> None:
    """``anyOf`` (at least one group fully given) or ``oneOf`` (exactly one) of required lists.

    Names in ``non_null`` count as given only when their value is not ``None``.
    """

    def has(name: str) -> bool:
        return _given(model, name) and (name not in non_null or _value(model, name) is not None)

    complete = sum(all(has(name) for name in group) for group in groups)
    if complete == 0 or (exactly_one and complete > 1):
        raise _fail(message)


def check_dependent(
    model: BaseModel, *, trigger: str, require: tuple[str, ...], message: str
) -> None:
    """``dependentRequired``: when ``trigger`` is given, every name in ``require`` must be."""
    if _given(model, trigger) and not all(_given(model, name) for name in require):
        raise _fail(message)


def check_forbid(model: BaseModel, *, names: tuple[str, ...], message: str) -> None:
    """``not: {required: names}``: the names must not all be given together."""
    if all(_given(model, name) for name in names):
        raise _fail(message)


def check_not_null(model: BaseModel, *, names: tuple[str, ...]) -> None:
    """Optional fields whose schema does not allow ``null`` may be absent, never ``null``."""
    for name in names:
        if _given(model, name) and model.__dict__.get(_attribute(model, name)) is None:
            raise PydanticCustomError(
                "specgen_not_null", "{name} must not be null (leave it out instead)", {"name": name}
            )
