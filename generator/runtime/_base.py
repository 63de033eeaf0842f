"""Base classes of every generated model.

- Attribute names are snake_case; each field's alias is its wire name. A model can be built
  with either name, and serialises with wire names.
- ``to_wire()`` leaves out fields that were never set and keeps explicit nulls, so "absent",
  ``null`` and a value stay three different things on the wire.
- Request models reject unknown fields (a typo must not vanish silently). Response models keep
  them, so a vendor adding a field does not break deployed clients. A schema used on both
  sides is strict when you build it, and lenient when the client parses a response (the
  client validates with ``context=RESPONSE_CONTEXT``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, ClassVar, Generic, TypeVar

import pydantic
from pydantic import BaseModel, ConfigDict, PlainSerializer, ValidationInfo, model_validator
from pydantic_core import PydanticCustomError

from ._lazy import fields_of

__all__ = [
    "OpenModel",
    "RESPONSE_CONTEXT",
    "RequestModel",
    "ResponseModel",
    "RootModel",
    "SpecModel",
    "WireDecimal",
]

RESPONSE_CONTEXT: dict[str, Any] = {"specgen_response": True}


def _decimal_to_wire(value: Decimal) -> int | float:
    # JSON numbers, not strings: the specs say ``type: number``. Money values have far fewer
    # than 15 significant digits, which a float carries exactly through JSON.
    return int(value) if value == value.to_integral_value() and abs(value) < 2**53 else float(value)


WireDecimal = Annotated[Decimal, PlainSerializer(_decimal_to_wire, when_used="json")]
"""A decimal number: parsed exactly as ``Decimal``, sent as a JSON number."""


_Root = TypeVar("_Root")


class RootModel(pydantic.RootModel[_Root], Generic[_Root]):
    """pydantic's ``RootModel``, built on first use like :class:`SpecModel` (a root model built
    at import builds every model it refers to: a large spec's package then took seconds and
    hundreds of MB to import)."""

    model_config = ConfigDict(defer_build=True)


class SpecModel(BaseModel):
    """Common behaviour of generated models; see the module docstring."""

    model_config = ConfigDict(
        extra="allow",
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        use_enum_values=False,
        # Validators are built on first use, not at import: a spec with hundreds of nested
        # models imports in seconds and a fraction of the memory (forward references resolve
        # then, against the complete module).
        defer_build=True,
    )

    __specgen_strict__: ClassVar[bool] = True

    @model_validator(mode="before")
    @classmethod
    def _reject_unknown_fields(cls, data: Any, info: ValidationInfo) -> Any:
        if not cls.__specgen_strict__ or not isinstance(data, dict):
            return data
        if info.context and info.context.get("specgen_response"):
            return data
        known = _known_names(cls)
        unknown = sorted(str(key) for key in data if key not in known)
        if unknown:
            raise PydanticCustomError(
                "extra_forbidden",
                "unknown field(s) {fields}: not in the spec's {model} schema",
                {"fields": ", ".join(unknown), "model": cls.__name__},
            )
        return data

    def to_wire(self) -> dict[str, Any]:
        """The JSON-ready dict to send: wire names, unset fields left out, explicit nulls kept."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)


_KNOWN: dict[type[BaseModel], frozenset[str]] = {}


def _known_names(cls: type[BaseModel]) -> frozenset[str]:
    names = _KNOWN.get(cls)
    if names is None:
        names = frozenset(
            {name for name in fields_of(cls)}
            | {info.alias for info in fields_of(cls).values() if info.alias}
        )
        if cls.__pydantic_complete__:  # field info of an incomplete model may still change
            _KNOWN[cls] = names
    return names


class RequestModel(SpecModel):
    """A schema that appears in a request body: unknown fields are rejected."""


class ResponseModel(SpecModel):
    """A schema that appears only in responses: unknown fields are kept."""

    __specgen_strict__: ClassVar[bool] = False


class OpenModel(SpecModel):
    """A schema that allows additional properties: extra fields are kept on both sides."""

    __specgen_strict__: ClassVar[bool] = False
