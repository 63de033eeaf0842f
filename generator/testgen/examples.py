"""What the model tests check: every example in the spec, the accept/reject cases derived
from request-body examples (:mod:`generator.testgen.cases`) and the unknown-member cases.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..ir import Api, Operation
from ..naming import class_name
from ..schema.pointer import escape_pointer, resolve_pointer
from .cases import Case, derive_cases

__all__ = [
    "EXCLUDED_KINDS",
    "UNKNOWN_FIELD",
    "ExampleSlots",
    "collect_instances",
    "derived_cases",
    "example_id",
    "example_records",
    "model_schema_pointer",
    "object_facts",
    "ref_name",
    "resolve_followed",
    "unknown_cases",
]

#: Wire name of the property added to examples by the unknown-field tests.
UNKNOWN_FIELD = "specgenUnknownField"


_SCHEMA_PREFIX = "#/components/schemas/"


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


def resolve_followed(document: Mapping[str, Any], pointer: str) -> Any:
    """The node at ``pointer``, following a ``$ref`` met on the way (``requestBody: {$ref}``)."""
    return resolve_pointer(document, pointer, follow_refs=True)


def ref_name(ref: Any) -> str | None:
    if (
        isinstance(ref, str)
        and ref.startswith(_SCHEMA_PREFIX)
        and "/" not in ref[len(_SCHEMA_PREFIX) :]
    ):
        return ref[len(_SCHEMA_PREFIX) :].replace("~1", "/").replace("~0", "~")
    return None


def _non_null_branch(schema: Mapping[str, Any]) -> Any:
    for keyword in ("anyOf", "oneOf"):
        branches = schema.get(keyword)
        if isinstance(branches, list):
            others = [
                b for b in branches if not (isinstance(b, Mapping) and b.get("type") == "null")
            ]
            if len(others) == 1 and len(others) < len(branches):
                return others[0]
    return None


def collect_instances(
    document: Mapping[str, Any], schema: Any, value: Any, out: dict[str, list[Any]], depth: int = 0
) -> None:
    """Record, per model class, the example sub-objects that are instances of it.

    Walks ``value`` alongside ``schema`` through ``$ref``, ``allOf``, ``properties``, ``items``
    and the non-null branch of a nullable union; never into alternatives (a sub-object there
    could belong to either branch).
    """
    if not isinstance(schema, Mapping) or depth > 64:
        return
    name = ref_name(schema.get("$ref"))
    if name is not None:
        schemas = document.get("components", {}).get("schemas", {})
        if isinstance(value, Mapping):
            out.setdefault(class_name(name), []).append(value)
        collect_instances(document, schemas.get(name), value, out, depth + 1)
    for part in schema.get("allOf") or []:
        collect_instances(document, part, value, out, depth + 1)
    if value is not None:
        branch = _non_null_branch(schema)
        if branch is not None:
            collect_instances(document, branch, value, out, depth + 1)
    if isinstance(value, Mapping):
        properties = schema.get("properties")
        if isinstance(properties, Mapping):
            for prop in sorted(value):
                if prop in properties:
                    collect_instances(document, properties[prop], value[prop], out, depth + 1)
    elif isinstance(value, list) and isinstance(schema.get("items"), Mapping):
        for item in value:
            collect_instances(document, schema["items"], item, out, depth + 1)


def object_facts(
    document: Mapping[str, Any], schema: Any, depth: int = 0
) -> tuple[set[str], dict[str, Any]]:
    """Required names and property schemas of an object schema (through $ref and allOf)."""
    required: set[str] = set()
    properties: dict[str, Any] = {}
    if not isinstance(schema, Mapping) or depth > 32:
        return required, properties
    name = ref_name(schema.get("$ref"))
    if name is not None:
        sub = object_facts(
            document, document.get("components", {}).get("schemas", {}).get(name), depth + 1
        )
        required |= sub[0]
        properties.update(sub[1])
    for part in schema.get("allOf") or []:
        sub = object_facts(document, part, depth + 1)
        required |= sub[0]
        properties.update(sub[1])
    required |= {n for n in schema.get("required") or [] if isinstance(n, str)}
    for prop, sub_schema in (schema.get("properties") or {}).items():
        properties.setdefault(str(prop), sub_schema)
    return required, properties


def _is_object_schema(document: Mapping[str, Any], schema: Any, depth: int = 0) -> bool:
    """True when the schema is an object with properties: its model is a (non-root) class."""
    if not isinstance(schema, Mapping) or depth > 32:
        return False
    if any(key in schema for key in ("anyOf", "oneOf")):
        return False
    name = ref_name(schema.get("$ref"))
    if name is not None and set(schema) == {"$ref"}:
        return _is_object_schema(
            document, document.get("components", {}).get("schemas", {}).get(name), depth + 1
        )
    return schema.get("type") == "object" or "properties" in schema or "allOf" in schema


def model_schema_pointer(api: Api, document: Mapping[str, Any], model: str) -> str | None:
    """Where the schema of model class ``model`` lives in the spec."""
    schemas = document.get("components", {}).get("schemas", {})
    for name in sorted(schemas):
        if class_name(name) == model:
            return f"/components/schemas/{escape_pointer(name)}"
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


def _formats(document: Mapping[str, Any], schema: Any, depth: int = 0) -> set[str]:
    if not isinstance(schema, Mapping) or depth > 32:
        return set()
    found = {schema["format"]} if isinstance(schema.get("format"), str) else set()
    name = ref_name(schema.get("$ref"))
    if name is not None:
        found |= _formats(
            document, document.get("components", {}).get("schemas", {}).get(name), depth + 1
        )
    for part in schema.get("allOf") or []:
        found |= _formats(document, part, depth + 1)
    branch = _non_null_branch(schema)
    if branch is not None:
        found |= _formats(document, branch, depth + 1)
    return found


def _value_at(instance: Any, path: tuple[str | int, ...]) -> Any:
    for item in path:
        instance = instance[item]
    return instance


def _lax_number_type_case(document: Mapping[str, Any], case: Case) -> bool:
    """A number where a string of a format in ``_LAX_NUMBER_FORMATS`` belongs: pydantic reads
    it as a value of the format's type (a timestamp, an address)."""
    if case.kind != "type":
        return False
    value = _value_at(case.instance, case.path)
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return False
    return bool(_formats(document, resolve_followed(document, case.pointer)) & _LAX_NUMBER_FORMATS)


def derived_cases(api: Api, document: Mapping[str, Any]) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    taken: set[str] = set()
    for op in api.operations:
        if not (op.body_model and op.body_schema_pointer):
            continue
        for example in op.body_examples:
            for case in derive_cases(document, op.body_schema_pointer, example.value):
                if case.kind in EXCLUDED_KINDS or _lax_number_type_case(document, case):
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


def unknown_cases(api: Api, document: Mapping[str, Any]) -> list[dict[str, Any]]:
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
            if not _is_object_schema(document, resolve_followed(document, pointer)):
                continue
            schema = resolve_followed(document, pointer)
            name = ref_name(schema.get("$ref")) if isinstance(schema, Mapping) else None
            if name is not None:
                schema = document["components"]["schemas"][name]
            extra_members = schema.get("additionalProperties")
            if not is_response and extra_members not in (None, False):
                continue  # an open schema keeps unknown fields on both sides
            if not is_response and extra_members is None and not api.closed_objects:
                continue  # a published spec's objects are open unless they say otherwise
            if is_response and schema.get("additionalProperties") is False:
                continue  # a closed schema rejects them on both sides
            extra = schema.get("additionalProperties")
            if isinstance(extra, Mapping) and extra:
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
