"""What the model tests check: every example in the spec, the accept/reject cases derived
from request-body examples (:mod:`generator.testgen.cases`) and the unknown-member cases.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..ir import Api, Operation
from ..naming import class_name
from ..schema.view import SchemaNode, SchemaReader, component_pointer
from .cases import Case, derive_cases

__all__ = [
    "EXCLUDED_KINDS",
    "UNKNOWN_FIELD",
    "ExampleSlots",
    "derived_cases",
    "example_id",
    "example_records",
    "model_schema_pointer",
    "unknown_cases",
]

#: Wire name of the property added to examples by the unknown-field tests.
UNKNOWN_FIELD = "specgenUnknownField"


# Case kinds left out of the generated suites, with the reason. (None so far: every kind
# derive_cases emits with its default formats is enforced by the models.)
EXCLUDED_KINDS: frozenset[str] = frozenset()


# The Python types of these string formats accept numbers in pydantic's lax mode (dates and
# times as Unix timestamps, durations as seconds, IP addresses and networks as integers), where
# JSON Schema rejects a number for ``type: string``. Such "type" cases are left out until the
# models reject non-strings there (see _lax_number_type_case).
_LAX_NUMBER_FORMATS = frozenset(
    {
        "date",
        "date-time",
        "date-time-local",
        "time",
        "time-local",
        "duration",
        "ipv4",
        "ipv6",
        "ipv4-network",
        "ipv6-network",
    }
)


def collect_instances(
    view: SchemaReader, schema: SchemaNode, value: Any, out: dict[str, list[Any]]
) -> None:
    """Record, per model class, the example sub-objects of ``value`` that are instances of it
    (see :meth:`SchemaView.instances`)."""

    def record(component: str, instance: Mapping[str, Any]) -> None:
        out.setdefault(class_name(component), []).append(instance)

    view.instances(schema, value, record)


def model_schema_pointer(api: Api, model: str) -> str | None:
    """Where the schema of model class ``model`` lives in the spec."""
    for name in api.schemas.component_names():
        if class_name(name) == model:
            return component_pointer(name)
    for op in api.operations:
        if op.body_model == model and op.body_schema_pointer:
            return op.body_schema_pointer
        for response in op.responses:
            if response.model == model and response.schema_pointer:
                return response.schema_pointer
    return None


def example_id(op: Operation, where: str, name: str) -> str:
    """The id of an example in ``cases.json``: ``<operationId>.<request|status>.<name>``."""
    return f"{op.operation_id}.{where}.{name}"


class ExampleSlots:
    """Where test data needs an example value, ``cases.json`` stores its position in the
    ``examples`` list when it is there (every request and response example with a model), else
    ``{"value": ...}``: each value is written once."""

    def __init__(self, examples: list[dict[str, Any]]) -> None:
        self._position = {item["id"]: index for index, item in enumerate(examples)}

    def slot(self, op: Operation, where: str, name: str, value: Any) -> int | dict[str, Any]:
        position = self._position.get(example_id(op, where, name))
        return position if position is not None else {"value": value}


def example_records(api: Api) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for op in api.operations:
        if op.body_model:
            for example in op.body_examples:
                if example.value is None and op.body_nullable:
                    continue  # a null body is no instance of the model to round-trip
                found.append(
                    {
                        "id": example_id(op, "request", example.name),
                        "model": op.body_model,
                        "value": example.value,
                        "response": False,
                    }
                )
        for response in op.responses:
            if not response.model:
                continue
            for example in response.examples:
                found.append(
                    {
                        "id": example_id(op, response.status, example.name),
                        "model": response.model,
                        "value": example.value,
                        "response": True,
                    }
                )
    return found


def _unique(identifier: str, taken: set[str]) -> str:
    candidate, number = identifier, 2
    while candidate in taken:
        candidate, number = f"{identifier}#{number}", number + 1
    taken.add(candidate)
    return candidate


def _value_at(instance: Any, path: tuple[str | int, ...]) -> Any:
    for item in path:
        instance = instance[item]
    return instance


def _lax_number_type_case(view: SchemaReader, case: Case) -> bool:
    """A number where a string of a format in ``_LAX_NUMBER_FORMATS`` belongs: pydantic reads
    it as a value of the format's type (a timestamp, an address)."""
    if case.kind != "type":
        return False
    value = _value_at(case.instance, case.path)
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return False
    return bool(view.formats(view.at(case.pointer)) & _LAX_NUMBER_FORMATS)


def derived_cases(api: Api) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    taken: set[str] = set()
    for op in api.operations:
        if not (op.body_model and op.body_schema_pointer):
            continue
        for example in op.body_examples:
            for case in derive_cases(api.schemas, op.body_schema_pointer, example.value):
                if case.kind in EXCLUDED_KINDS or _lax_number_type_case(api.schemas, case):
                    continue
                cases.append(
                    {
                        "id": _unique(f"{op.body_model}[{example.name}]:{case.id}", taken),
                        "model": op.body_model,
                        "kind": case.kind,
                        "site": [
                            case.pointer,
                            case.kind,
                            str(case.path[-1]) if case.kind == "required" and case.path else "",
                        ],
                        "valid": case.valid,
                        "instance": case.instance,
                        "base_id": f"{op.operation_id}.request.{example.name}",
                    }
                )
    return cases


def unknown_cases(api: Api) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    taken: set[str] = set()
    for op in api.operations:
        targets: list[tuple[str, str, str, Any, bool]] = []
        if op.body_model and op.body_schema_pointer:
            targets += [
                ("request", op.body_model, op.body_schema_pointer, e, False)
                for e in op.body_examples
            ]
        for response in op.responses:
            if response.model and response.schema_pointer:
                targets += [
                    (response.status, response.model, response.schema_pointer, e, True)
                    for e in response.examples
                ]
        for where, model, pointer, example, is_response in targets:
            base_id = f"{op.operation_id}.{where}.{example.name}"
            if not isinstance(example.value, Mapping) or UNKNOWN_FIELD in example.value:
                continue
            schema = api.schemas.at(pointer)
            if not api.schemas.is_object(schema):
                continue
            constraints = api.schemas.constraints(api.schemas.deref(schema))
            extra = constraints.additional
            if not is_response and extra not in (None, False):
                continue  # an open schema keeps unknown fields on both sides
            if not is_response and extra is None and not api.closed_objects:
                continue  # a published spec's objects are open unless they say otherwise
            if is_response and extra is False:
                continue  # a closed schema rejects them on both sides
            if not isinstance(extra, (bool, type(None))):
                continue  # typed additional properties (a map): a member must match them
            instance = dict(example.value)
            instance[UNKNOWN_FIELD] = "unexpected"
            cases.append(
                {
                    "id": _unique(f"{op.operation_id}.{where}.{example.name}:unknown", taken),
                    "model": model,
                    "instance": instance,
                    "response": is_response,
                    "base_id": base_id,
                }
            )
    return cases
