"""Turn a loaded, validated spec into the IR and the schema document the models come from.

Everything is sorted here (operations by path and method, parameters by location and name,
examples by name), so templates can iterate in order without sorting themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from ..config import ApiConfig, package_dir, regenerate_command, spec_file
from ..errors import Location, SpecValidationError
from ..schema.pointer import escape_pointer
from ..schema.samples import ExampleChecker, bad_schema_examples
from ..schema.view import SchemaView
from ..spec.loader import LoadedSpec
from .document import Context, ModelDocument
from .media import webhook_payloads
from .model_bases import model_bases
from .modeldoc import backtracking_patterns, local_refs_only, prepare_for_models, reachable
from .operations import Operations, build_operations
from .pagination import paginate
from .places import Places, places
from .records import Api, ModelBase, Operation, Rule
from .resources import group_into_resources
from .rules import extract_rules
from .security import (
    client_credentials,
    requirement_keys,
    security_schemes,
    split_colliding_requirements,
)
from .servers import servers
from .sharing import share_identical

__all__ = ["Parsed", "parse"]


def _as_dict(value: Any) -> dict[str, Any]:
    """``value`` if it is a mapping, else ``{}`` (a malformed member is treated as absent)."""
    return value if isinstance(value, dict) else {}


@dataclass(frozen=True, slots=True)
class Parsed:
    api: Api
    model_document: dict[str, Any]
    class_of_schema: dict[str, str]
    rules: tuple[Rule, ...]
    warnings: tuple[tuple[Location | None, str], ...] = ()
    places: Places = field(default_factory=Places)


def parse(spec: LoadedSpec, config: ApiConfig, *, strict: bool = False) -> Parsed:
    """Build the IR for ``spec`` (authoring rules are the caller's business: see ``pipeline``).

    Names that collide after conversion get deterministic suffixes (``_2``), with a warning;
    with ``strict`` they are errors, as the project's hand-written specs should not have them.

    Raises:
        NameCollisionError: two names become the same Python name (``strict`` only).
        UnsupportedError: a construct specgen cannot express.
    """
    context = Context(spec, strict, ExampleChecker(spec.data, spec.openapi_version))
    _drop_bad_schema_examples(context)
    models = ModelDocument(context)
    found = build_operations(context, models)
    webhook_models = webhook_payloads(spec, models.body_model)
    local_refs_only(spec, models.schemas, models.hoist)
    if strict:
        models.check_attribute_names()
    stripped, rules, response_only, bases = _models(context, models, found)
    primary = _primary(found.operations)
    schemes, scheme_notes = security_schemes(spec, found.by_id)
    context.notes.extend(scheme_notes)
    info = _as_dict(spec.data.get("info"))
    version = str(info.get("version") or "0")
    view = SchemaView(spec.data, null_types=True)
    api = Api(
        name=config.name,
        package=config.package,
        distribution=config.distribution,
        title=config.title,
        version=version,
        description=str(info.get("description") or ""),
        spec_file=spec_file(config),
        regenerate_command=regenerate_command(config),
        package_dir=package_dir(config),
        unenforced_patterns=backtracking_patterns(spec.data),
        servers=servers(spec, context.notes),
        security_schemes=schemes,
        security=requirement_keys(spec.data.get("security")),
        operations=tuple(found.operations),
        rules=rules,
        models=tuple(sorted(models.class_of_schema.values())),
        response_models=response_only,
        package_version=version if re.fullmatch(r"\d+(\.\d+){0,3}", version) else "0.0.0",
        primary_operation=primary.operation_id if primary else "",
        webhooks=webhook_models,
        closed_objects=strict,
        model_bases=bases,
        schemas=view,
    )
    api = split_colliding_requirements(api)
    api = replace(api, credentials=client_credentials(api))
    api = paginate(spec, api, models.class_of_schema, context.checker, view)
    api = group_into_resources(api, _tag_descriptions(spec.data))
    return Parsed(
        api=api,
        model_document=stripped,
        class_of_schema=models.class_of_schema,
        rules=rules,
        warnings=tuple(context.notes),
        places=places(spec, api, models.class_of_schema, stripped),
    )


def _tag_descriptions(data: dict[str, Any]) -> dict[str, str]:
    """The first line of each declared tag's description, by tag name."""
    tags = data.get("tags")
    found: dict[str, str] = {}
    for tag in tags if isinstance(tags, list) else ():
        if isinstance(tag, dict) and isinstance(tag.get("name"), str):
            text = str(tag.get("description") or "").strip()
            found.setdefault(tag["name"], text.splitlines()[0] if text else "")
    return found


def _drop_bad_schema_examples(context: Context) -> None:
    """A schema's own example or default that breaks it: an error in a strict spec, else
    dropped with a warning before anything reads it (models, derived instances, tests)."""
    spec = context.spec
    for pointer, schema, key, reason in bad_schema_examples(spec.data, context.checker):
        message = f"the schema's {key} does not match the schema: {reason.removeprefix('(root): ')}"
        if context.strict:
            raise SpecValidationError(message, spec.location(pointer))
        context.notes.append((spec.location(pointer), message + "; it is ignored"))
        del schema[key]


def _models(
    context: Context, models: ModelDocument, found: Operations
) -> tuple[dict[str, Any], tuple[Rule, ...], tuple[str, ...], tuple[tuple[str, ModelBase], ...]]:
    """The model document as the models are generated from it (prepared, identical inline
    schemas shared, conditional rules lifted out), its rules, the classes only answers reach,
    and each class's base."""
    # After hoisting, so inline body schemas are prepared like component schemas.
    context.notes.extend(prepare_for_models(models.schemas, models.locate))
    requested = reachable(models.document, found.request_roots)
    answered = reachable(models.document, found.response_roots)
    # Before the rules are extracted, so a shared schema's rules are its class's.
    share_identical(
        models.schemas,
        side=lambda holder: (holder in requested, holder in answered),
        claim=models.claim_shared,
    )
    stripped, rules = extract_rules(
        models.document,
        models.locate,
        models.class_of_schema,
        strict=context.strict,
        notes=context.notes,
    )
    request_side = reachable(stripped, found.request_roots)
    response_side = reachable(stripped, found.response_roots)
    response_only = tuple(sorted(response_side - request_side))
    bases = model_bases(
        _as_dict(_as_dict(stripped.get("components")).get("schemas")),
        models.class_of_schema,
        response_only,
        closed_objects=context.strict,
    )
    schemas = _as_dict(_as_dict(stripped.get("components")).get("schemas"))
    declared = {
        name
        for name in schemas
        if models.schema_pointer.get(name) == f"/components/schemas/{escape_pointer(name)}"
    }
    _leave_unknown_members_to_bases({name: schemas[name] for name in sorted(declared)})
    classes = tuple(sorted(models.class_of_schema[name] for name in response_only))
    return stripped, rules, classes, bases


def _leave_unknown_members_to_bases(schemas: dict[str, Any]) -> None:
    """Drop ``additionalProperties: false`` from each of the spec's component schemas (as
    given: ``schemas``) and their ``allOf`` parts once the class bases are decided
    (:func:`model_bases`): datamodel-code-generator would write ``extra="forbid"`` into the
    class, which rejects unknown members in answers too, where the base (a response's, or a
    request model read from an answer) keeps them. Hoisted inline schemas keep the keyword,
    as the identical inline copies datamodel-code-generator matches them with do."""

    def drop(node: Any, depth: int = 0) -> None:
        if not isinstance(node, dict) or depth > 16:
            return
        if node.get("additionalProperties") is False:
            del node["additionalProperties"]
        for part in node.get("allOf") or ():
            drop(part, depth + 1)

    for schema in schemas.values():
        drop(schema)


def _primary(operations: list[Operation]) -> Operation | None:
    """The operation the README shows first: a create (``POST`` with a JSON body,
    ``create...`` first) the generated tests can call, else any callable one, else the first.

    An operation whose body has no valid instance (none given, none derivable), or with an
    argument no value is valid for, cannot be called by the generated tests: it is never the
    primary one while another can be."""
    callable_ops = [
        op
        for op in operations
        if (op.body_examples or op.body_kind in ("", "binary", "text")) and op.arguments_valid
    ]
    creates = [
        op
        for op in callable_ops
        if op.method == "POST" and op.body_model and op.body_kind == "json"
    ]
    primary = next((op for op in creates if op.operation_id.lower().startswith("create")), None)
    primary = primary or (creates[0] if creates else None)
    fallback = callable_ops or operations
    return primary or (fallback[0] if fallback else None)
