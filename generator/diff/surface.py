"""The public Python surface of one generated package, as records the diff can compare.

A :class:`Surface` is built from what the pipeline already has after parsing, without
rendering anything: the IR (client methods, parameters, servers, auth, rules), its records of
the models (:class:`~generator.ir.model_facts.ModelFacts`: fields, shapes, constraints,
required) and, optionally, the names datamodel-code-generator gave (attributes, enum
members). No schema is read here. Every record carries the spec location it came from, so a
change can point at file:line and JSON pointer.

Contract: this module never sees the loaded spec; the caller passes a ``locate`` function
(JSON pointer of the spec → line) and the pointer in the spec where each schema came from.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from ..ir import Api, ModelBase, Rule
from ..ir.model_facts import FieldFacts, ModelFacts
from ..naming import snake_case
from ..schema.pointer import escape_pointer
from ..schema.view import component_pointer
from .names import ModelNames
from .roles import model_roles
from .shape import Shape

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


def build_surface(
    api: Api,
    *,
    models: Sequence[ModelFacts],
    schema_pointers: Mapping[str, str],
    locate: Callable[[str], int],
    file: str,
    names: ModelNames | None = None,
    parameter_pointers: Mapping[str, str] | None = None,
    parameter_shapes: Mapping[str, Shape] | None = None,
) -> Surface:
    """The surface of ``api``.

    ``models`` are the IR's records of the model document's schemas (rules already lifted
    out, as the models see them); ``schema_pointers`` gives, per schema name, where it sits
    in the spec (``/components/schemas/X``, or the request body it was hoisted from);
    ``locate`` turns a spec pointer into a line; ``file`` is the spec path as shown;
    ``parameter_pointers`` maps ``"<operation pointer> <in>:<name>"`` to the parameter's own
    pointer (without it, a parameter is located at its operation's ``parameters``), and
    ``parameter_shapes`` (same keys) to what its schema admits.
    """
    parameter_pointers = parameter_pointers or {}
    parameter_shapes = parameter_shapes or {}
    names = names or ModelNames()

    def where(pointer: str) -> Where:
        return Where(file, locate(pointer), pointer)

    def origin(schema: str) -> str:
        return schema_pointers.get(schema, component_pointer(schema))

    by_class = {model.cls: model for model in models}
    roles = model_roles(api, {model.cls: model.references for model in models}, by_class)
    rules_of: dict[str, dict[str, Rule]] = {}
    for rule in api.rules:
        rules_of.setdefault(rule.model, {})[_rule_key(rule)] = rule

    bases = dict(api.model_bases)
    surfaces: dict[str, ModelSurface] = {}
    for model in models:
        start = origin(model.schema)
        surfaces[model.cls] = ModelSurface(
            cls=model.cls,
            fields={
                facts.wire: _field(model.cls, facts, names, where(start + facts.pointer))
                for facts in model.fields
            },
            shape=model.shape,
            description=model.description,
            examples=model.examples,
            rules={
                key: (rule.message, where(_spec_pointer(rule.pointer, schema_pointers)))
                for key, rule in rules_of.get(model.cls, {}).items()
            },
            role=roles.get(model.cls, "none"),
            where=where(start),
            open=bases.get(model.cls, api.default_model_base) is not ModelBase.REQUEST,
        )

    operations = _operations(api, where, parameter_pointers, parameter_shapes)

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
        models=surfaces,
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
    parameter_pointers: Mapping[str, str],
    parameter_shapes: Mapping[str, Shape],
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
                shape=parameter_shapes.get(f"{op.pointer} {p.location}:{p.name}"),
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


def _field(cls: str, facts: FieldFacts, names: ModelNames, where: Where) -> FieldSurface:
    """The surface of one member of ``cls``: its own attributes are named as the generated
    class names them, an inline nested object's by specgen's snake_case (their class is named
    by datamodel-code-generator; the dotted path is what users write)."""
    first, *nested = facts.path
    attribute = ".".join(
        [names.attribute(cls, first, snake_case(first))] + [snake_case(w) for w in nested]
    )
    return FieldSurface(
        wire=facts.wire,
        attribute=attribute,
        required=facts.required,
        shape=facts.shape,
        description=facts.description,
        examples=facts.examples,
        deprecated=facts.deprecated,
        where=where,
        default=facts.default,
    )


def _spec_pointer(pointer: str, schema_pointers: Mapping[str, str]) -> str:
    """A model-document pointer (``/components/schemas/<name>/...``) in spec terms."""
    for name, origin in schema_pointers.items():
        prefix = component_pointer(name)
        if pointer == prefix or pointer.startswith(prefix + "/"):
            return origin + pointer[len(prefix) :]
    return pointer


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
