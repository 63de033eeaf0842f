"""The public Python surface of one generated package, as records the diff can compare.

A :class:`Surface` is built from what the pipeline already has after parsing, without
rendering anything: the IR (client methods, parameters, servers, auth, rules), the model
document handed to datamodel-code-generator (fields, types, constraints, required) and,
optionally, the names datamodel-code-generator gave (attributes, enum members). Every record
carries the spec location it came from, so a change can point at file:line and JSON pointer.

Contract: this module never sees the loaded spec; the caller passes a ``locate`` function
(JSON pointer of the spec → line) and the pointer in the spec where each schema came from.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..ir import Api, ModelBase, Rule
from ..naming import snake_case
from ..schema.pointer import escape_pointer
from ..schema.view import class_members, component_pointer, refers
from .names import ModelNames
from .roles import model_roles
from .shape import Shape, shape_of

__all__ = [
    "FieldSurface",
    "ModelSurface",
    "OperationSurface",
    "ParamSurface",
    "Surface",
    "Where",
    "build_surface",
]


@dataclass(frozen=True, slots=True)
class Where:
    """A place in a spec file: ``file`` as shown to the user, 1-based ``line`` (0: unknown)."""

    file: str
    line: int
    pointer: str


@dataclass(frozen=True, slots=True)
class FieldSurface:
    """One model attribute. ``wire`` is the JSON name (dotted for inline nested objects)."""

    wire: str
    attribute: str
    required: bool
    shape: Shape
    description: str
    examples: str
    deprecated: bool
    where: Where
    default: str = ""
    """The schema's ``default`` as JSON, ``""`` for none: what an omitted field reads as."""


@dataclass(frozen=True, slots=True)
class ModelSurface:
    """One model class. ``role``: ``input`` (reachable from a request body), ``output`` (from a
    response), ``both`` or ``none`` (declared but unused by any operation)."""

    cls: str
    fields: dict[str, FieldSurface]
    shape: Shape
    description: str
    examples: str
    rules: dict[str, tuple[str, Where]]
    """What each conditional rule enforces (a stable key) → its message and location."""
    role: str
    where: Where
    open: bool = False
    """Unknown fields are kept instead of rejected when a caller builds it (its base is not
    ``RequestModel``: ``Api.model_bases``, the models' own reading)."""


@dataclass(frozen=True, slots=True)
class ParamSurface:
    name: str
    python_name: str
    location: str
    required: bool
    annotation: str
    description: str
    deprecated: bool
    where: Where
    shape: Shape | None = None
    """What the parameter's schema admits (``None``: not known, compare ``annotation``)."""


@dataclass(frozen=True, slots=True)
class OperationSurface:
    """A client method, keyed by ``METHOD path`` (what identifies an operation on the wire)."""

    key: str
    operation_id: str
    python_name: str
    parameters: dict[str, ParamSurface]
    body_model: str
    body_kind: str
    body_required: bool
    success: tuple[tuple[str, str], ...]
    """``(status, model or body kind)`` of the success answers: the method's return type."""
    statuses: tuple[str, ...]
    security: tuple[str, ...]
    summary: str
    description: str
    deprecated: bool
    where: Where
    security_alternatives: tuple[tuple[str, ...], ...] = ()
    """Any one of these (each the schemes needed together) authenticates the call."""


@dataclass(frozen=True, slots=True)
class Surface:
    """Everything a user of the package can import or call, for one API."""

    api: str
    package: str
    version: str
    file: str
    operations: dict[str, OperationSurface] = field(default_factory=dict)
    models: dict[str, ModelSurface] = field(default_factory=dict)
    servers: dict[str, tuple[str, Where]] = field(default_factory=dict)
    schemes: dict[str, tuple[str, tuple[tuple[str, str], ...], str, Where]] = field(
        default_factory=dict
    )
    names: ModelNames = field(default_factory=ModelNames)
    server_variables: dict[str, tuple[str, Where]] = field(default_factory=dict)
    """Client arguments from server variables (``instance=``) → default and location."""
    webhooks: dict[str, tuple[str, Where]] = field(default_factory=dict)
    """``parse_webhook`` names → payload class and location."""
    client_scheme: str = ""
    """The scheme whose credentials ``Client`` takes (``Api.client_scheme``), ``""``: none."""


def empty_surface(api: str, package: str, file: str) -> Surface:
    """The surface of an API that does not exist (yet): everything current is "added"."""
    return Surface(api=api, package=package, version="", file=file)


def _examples(schema: dict[str, Any], *, with_default: bool = True) -> str:
    """What the docs and tests show for a schema (examples, and its default unless
    ``with_default`` is false), as comparable text."""
    keys = ("example", "examples", "default") if with_default else ("example", "examples")
    kept = {k: schema[k] for k in keys if k in schema}
    return json.dumps(kept, sort_keys=True, default=str) if kept else ""


def _default(schema: dict[str, Any]) -> str:
    return json.dumps(schema["default"], sort_keys=True, default=str) if "default" in schema else ""


def build_surface(
    api: Api,
    *,
    schemas: Mapping[str, Any],
    class_of_schema: Mapping[str, str],
    schema_pointers: Mapping[str, str],
    locate: Callable[[str], int],
    file: str,
    names: ModelNames | None = None,
    parameter_pointers: Mapping[str, str] | None = None,
    parameter_schemas: Mapping[str, Any] | None = None,
) -> Surface:
    """The surface of ``api``.

    ``schemas`` are the model document's component schemas (rules already lifted out, as the
    models see them), keyed by schema name; ``schema_pointers`` gives, per schema name, where
    it sits in the spec (``/components/schemas/X``, or the request body it was hoisted from);
    ``locate`` turns a spec pointer into a line; ``file`` is the spec path as shown;
    ``parameter_pointers`` maps ``"<operation pointer> <in>:<name>"`` to the parameter's own
    pointer (without it, a parameter is located at its operation's ``parameters``), and
    ``parameter_schemas`` (same keys) to its schema, whose ``$ref``s name component schemas.
    """
    parameter_pointers = parameter_pointers or {}
    parameter_schemas = parameter_schemas or {}
    names = names or ModelNames()

    def where(pointer: str) -> Where:
        return Where(file, locate(pointer), pointer)

    def spec_pointer(doc_pointer: str) -> str:
        """A model-document pointer (``/components/schemas/<name>/...``) in spec terms."""
        for name, origin in schema_pointers.items():
            prefix = component_pointer(name)
            if doc_pointer == prefix or doc_pointer.startswith(prefix + "/"):
                return origin + doc_pointer[len(prefix) :]
        return doc_pointer

    roles = model_roles(api, schemas, class_of_schema)
    rules_of: dict[str, dict[str, Rule]] = {}
    for rule in api.rules:
        rules_of.setdefault(rule.model, {})[_rule_key(rule)] = rule

    bases = dict(api.model_bases)
    models: dict[str, ModelSurface] = {}
    for name in sorted(schemas):
        cls = class_of_schema.get(name, name)
        schema = schemas[name] if isinstance(schemas[name], dict) else {}
        origin = schema_pointers.get(name, component_pointer(name))
        fields: dict[str, FieldSurface] = {}
        _collect_fields(cls, schema, origin, "", "", schemas, class_of_schema, names, fields, where)
        models[cls] = ModelSurface(
            cls=cls,
            fields=fields,
            shape=shape_of(schema, class_of_schema, schemas),
            description=str(schema.get("description") or ""),
            examples=_examples(schema),
            rules={
                key: (rule.message, where(spec_pointer(rule.pointer)))
                for key, rule in rules_of.get(cls, {}).items()
            },
            role=roles.get(cls, "none"),
            where=where(origin),
            open=bases.get(cls, api.default_model_base) is not ModelBase.REQUEST,
        )

    operations = _operations(
        api, where, schemas, class_of_schema, parameter_pointers, parameter_schemas
    )

    # ``api.servers`` lists the default environment first; ``pointer`` is its place in the spec.
    servers = {
        server.name: (server.url, where(server.pointer or f"/servers/{index}"))
        for index, server in enumerate(api.servers)
    }
    schemes = {
        scheme.key: (
            scheme.kind.value,
            scheme.options,
            scheme.description,
            where(f"/components/securitySchemes/{escape_pointer(scheme.key)}"),
        )
        for scheme in api.security_schemes
    }
    server_variables: dict[str, tuple[str, Where]] = {}
    for index, server in enumerate(api.servers):
        for variable in server.variables:
            base = server.pointer or f"/servers/{index}"
            pointer = f"{base}/variables/{escape_pointer(variable.name)}"
            server_variables.setdefault(variable.python_name, (variable.default, where(pointer)))
    webhooks = {
        name: (model, where(f"/webhooks/{escape_pointer(name)}")) for name, model in api.webhooks
    }
    return Surface(
        api=api.name,
        package=api.package,
        version=api.version,
        file=file,
        operations=operations,
        models=models,
        servers=servers,
        schemes=schemes,
        names=names,
        server_variables=server_variables,
        webhooks=webhooks,
        client_scheme=api.client_scheme.key if api.client_scheme else "",
    )


def _operations(
    api: Api,
    where: Callable[[str], Where],
    schemas: Mapping[str, Any],
    class_of_schema: Mapping[str, str],
    parameter_pointers: Mapping[str, str],
    parameter_schemas: Mapping[str, Any],
) -> dict[str, OperationSurface]:
    """Each client method, keyed ``METHOD path``, with its parameters located and shaped."""
    operations: dict[str, OperationSurface] = {}
    for op in api.operations:
        params = {
            f"{p.location}:{p.name}": ParamSurface(
                name=p.name,
                python_name=p.python_name,
                location=p.location,
                required=p.required,
                annotation=p.annotation,
                description=p.description,
                deprecated=p.deprecated,
                where=where(
                    parameter_pointers.get(
                        f"{op.pointer} {p.location}:{p.name}", f"{op.pointer}/parameters"
                    )
                ),
                shape=(
                    shape_of(
                        parameter_schemas[f"{op.pointer} {p.location}:{p.name}"],
                        class_of_schema,
                        schemas,
                    )
                    if f"{op.pointer} {p.location}:{p.name}" in parameter_schemas
                    else None
                ),
            )
            for p in op.parameters
        }
        key = f"{op.method} {op.path}"
        operations[key] = OperationSurface(
            key=key,
            operation_id=op.operation_id,
            python_name=op.access,
            parameters=params,
            body_model=op.body_model,
            body_kind=op.body_kind,
            body_required=op.body_required,
            success=tuple((r.status, r.model or r.kind) for r in op.success_responses),
            statuses=tuple(r.status for r in op.responses),
            security=op.security if op.authenticated else (),
            summary=op.summary,
            description=op.description,
            deprecated=op.deprecated,
            where=where(op.pointer),
            security_alternatives=op.security_alternatives if op.authenticated else (),
        )
    return operations


def _collect_fields(
    cls: str,
    schema: dict[str, Any],
    pointer: str,
    wire_prefix: str,
    attribute_prefix: str,
    schemas: Mapping[str, Any],
    class_of_schema: Mapping[str, str],
    names: ModelNames,
    out: dict[str, FieldSurface],
    where: Callable[[str], Where],
    depth: int = 0,
) -> None:
    """Fields of ``schema`` into ``out``; inline nested objects recurse with dotted names
    (their generated class is named by datamodel-code-generator, the path is what users write)."""
    props, required = class_members(schema, schemas)
    for wire in sorted(props):
        prop = props[wire] if isinstance(props[wire], dict) else {}
        prop_pointer = f"{pointer}/properties/{escape_pointer(wire)}"
        attribute = (
            names.attribute(cls, wire, snake_case(wire))
            if not attribute_prefix
            else snake_case(wire)
        )
        full_wire = wire_prefix + wire
        full_attribute = attribute_prefix + attribute
        out[full_wire] = FieldSurface(
            wire=full_wire,
            attribute=full_attribute,
            required=wire in required,
            shape=shape_of(prop, class_of_schema, schemas),
            description=str(prop.get("description") or ""),
            examples=_examples(prop, with_default=False),
            deprecated=bool(prop.get("deprecated", False)),
            where=where(prop_pointer),
            default=_default(prop),
        )
        if depth < 4 and isinstance(prop.get("properties"), dict) and not refers(prop):
            _collect_fields(
                cls,
                prop,
                prop_pointer,
                full_wire + ".",
                full_attribute + ".",
                schemas,
                class_of_schema,
                names,
                out,
                where,
                depth + 1,
            )


def _rule_key(rule: Rule) -> str:
    """What a rule enforces, independent of its message and method name."""
    return repr(
        (
            rule.kind,
            rule.when,
            rule.when_required,
            rule.negate,
            rule.require,
            rule.forbid,
            rule.groups,
        )
    )
