"""Turn a loaded, validated spec into the IR and the schema document the models come from.

Everything is sorted here (operations by path and method, parameters by location and name,
examples by name), so templates can iterate in order without sorting themselves.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any, cast

from ..config import ApiConfig, package_dir, regenerate_command, spec_file
from ..errors import Location, NameCollisionError, SpecValidationError
from ..naming import WITH_RESPONSE, class_name, method_name, snake_case, unique
from ..schema.pointer import escape_pointer, ref_pointer
from ..schema.samples import NO_SAMPLE, ExampleChecker, bad_schema_examples
from ..schema.walk import iter_operations
from ..spec.loader import LoadedSpec, deref
from .media import (
    annotation,
    derived_operation_id,
    media_choice,
    media_examples,
    parameter_example,
    parameter_schema,
    webhook_payloads,
)
from .model_bases import model_bases
from .modeldoc import (
    REF_ANNOTATIONS,
    backtracking_patterns,
    component_name,
    local_refs_only,
    prepare_for_models,
    reachable,
    unusable_numbers,
)
from .parameters import invalid_value, validation_annotation
from .records import (
    Api,
    BodyKind,
    Example,
    Operation,
    Parameter,
    Response,
    ResponseKind,
    Rule,
)
from .rules import extract_rules
from .security import requirement_alternatives, requirement_keys, security_schemes
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


_STATUS = re.compile(r"^(?:[1-5](?:[0-9]{2}|XX)|default)$")
_RESERVED_HEADERS = frozenset({"accept", "content-type", "authorization"})
_PARAMETER_ORDER = ("path", "query", "header", "cookie")


def _nothing_to_send(spec: LoadedSpec, body: Any) -> bool:
    """Whether an optional request body can only be an empty object: then it is no argument.

    Stripe declares such form bodies on every GET and DELETE (``properties: {}``,
    ``additionalProperties: false``, ``required: false``): sending ``{}`` and sending nothing
    say the same, and a ``body`` argument that takes only ``{}`` would be noise.
    """
    if not isinstance(body, dict) or body.get("required") is True:
        return False
    contents = body.get("content")
    if not isinstance(contents, dict) or not contents:
        return False
    for media in contents.values():
        schema = media.get("schema") if isinstance(media, dict) else None
        schema = deref(spec, schema)
        if not (
            isinstance(schema, dict)
            and schema.get("type", "object") == "object"
            and schema.get("additionalProperties") is False
            and not schema.get("properties")
            and not set(schema) & {"allOf", "anyOf", "oneOf", "patternProperties", "$ref"}
        ):
            return False
    return True


def parse(spec: LoadedSpec, config: ApiConfig, *, strict: bool = False) -> Parsed:
    """Build the IR for ``spec`` (authoring rules are the caller's business: see ``pipeline``).

    Names that collide after conversion get deterministic suffixes (``_2``), with a warning;
    with ``strict`` they are errors, as the project's hand-written specs should not have them.

    Raises:
        NameCollisionError: two names become the same Python name (``strict`` only).
        UnsupportedError: a construct specgen cannot express.
    """
    data = spec.data
    notes: list[tuple[Location | None, str]] = []
    checker = ExampleChecker(data, spec.openapi_version)
    for pointer, schema, key, reason in bad_schema_examples(data, checker):
        message = f"the schema's {key} does not match the schema: {reason.removeprefix('(root): ')}"
        if strict:
            raise SpecValidationError(message, spec.location(pointer))
        notes.append((spec.location(pointer), message + "; it is ignored"))
        # Dropped before anything reads it: models, derived instances and tests never use it.
        del schema[key]
    raw_schemas = (data.get("components") or {}).get("schemas")
    document: dict[str, Any] = {
        "openapi": data.get("openapi"),
        "info": {"title": "models", "version": "0"},
        "paths": {},
        "components": {
            "schemas": copy.deepcopy(raw_schemas if isinstance(raw_schemas, dict) else {})
        },
    }
    schemas: dict[str, Any] = document["components"]["schemas"]
    schema_pointer: dict[str, str] = {
        name: f"/components/schemas/{escape_pointer(name)}" for name in schemas
    }

    def checked(
        examples: tuple[Example, ...], schema: Any, pointer: str, what: str
    ) -> tuple[Example, ...]:
        """The examples that match ``schema``; else one derived from it (tests need a value)."""
        kept: list[Example] = []
        for example in examples:
            problems = checker.errors(schema, example.value)
            if not problems:
                kept.append(example)
                continue
            message = f"{what} example {example.name!r} does not match its schema ({problems[0]})"
            if strict:
                raise SpecValidationError(message, spec.location(pointer))
            notes.append(
                (spec.location(pointer), message + "; generated tests use a derived instance")
            )
        if not kept:
            value = checker.sample(schema)
            if value is not NO_SAMPLE:
                kept.append(
                    Example(
                        name="derived",
                        summary="derived from the schema by specgen",
                        value=value,
                        derived=True,
                    )
                )
        return tuple(kept)

    def fitting_fields(
        examples: tuple[Example, ...], pointer: str, kind: str
    ) -> tuple[Example, ...]:
        """The examples a form or multipart body can send: objects of fields; the rest dropped."""
        kept = [example for example in examples if isinstance(example.value, dict)]
        for example in examples:
            if not isinstance(example.value, dict):
                notes.append(
                    (
                        spec.location(pointer),
                        f"request body example {example.name!r} is not an object of fields, "
                        f"which a {kind} body needs, and is left out",
                    )
                )
        return tuple(kept)

    def collision(message: str, pointer: str) -> None:
        if strict:
            raise NameCollisionError(message, spec.location(pointer))
        notes.append((spec.location(pointer), message + "; a numbered name is used"))

    class_of_schema: dict[str, str] = {}
    owner: dict[str, str] = {}

    def claim_class(name: str, pointer: str) -> str:
        cls = class_name(name)
        if cls in owner:
            collision(
                f"schemas {owner[cls]!r} and {name!r} both become the Python class {cls!r}", pointer
            )
            cls = unique(cls, owner, separator="")
        owner[cls] = name
        class_of_schema[name] = cls
        return cls

    for name in sorted(schemas):
        claim_class(name, schema_pointer[name])

    hoisted_at: dict[str, str] = {}

    def hoist(schema: Any, pointer: str, hoisted_name: str) -> str:
        """Add ``schema`` to the model document under a fresh name; its component name.

        A schema hoisted once (from its place in the spec) is reused by every reference to it.
        """
        if pointer in hoisted_at:
            return hoisted_at[pointer]
        name = unique(hoisted_name, schemas)
        hoisted_at[pointer] = name
        schemas[name] = copy.deepcopy(schema) if isinstance(schema, (dict, bool)) else {}
        schema_pointer[name] = pointer
        cls = class_name(name)
        if cls in owner:
            if strict:
                raise NameCollisionError(
                    f"the inline schema here becomes class {cls!r}, which schema {owner[cls]!r} already is; "
                    "give the schema a name in components.schemas",
                    spec.location(pointer),
                )
            cls = unique(cls, owner, separator="")
        owner[cls] = name
        class_of_schema[name] = cls
        return name

    def body_model(schema: Any, pointer: str, hoisted_name: str) -> str:
        """The class for a body schema, hoisting inline schemas into components."""
        if (
            isinstance(schema, dict)
            and isinstance(schema.get("$ref"), str)
            and set(schema) - {"$ref"} <= REF_ANNOTATIONS
        ):
            name = component_name(schema["$ref"])
            if name is not None and name in class_of_schema:
                return class_of_schema[name]
            target = spec.resolve(schema["$ref"])
            return class_of_schema[hoist(target, ref_pointer(schema["$ref"]), hoisted_name)]
        return class_of_schema[hoist(schema, pointer, hoisted_name)]

    operations: list[Operation] = []
    operations_by_id: dict[str, tuple[str, str]] = {}
    python_names: dict[str, str] = {}
    request_roots: list[str] = []
    response_roots: list[str] = []
    global_security = requirement_keys(data.get("security"))
    for path, method, pointer, op in iter_operations(data):
        op_id = str(op.get("operationId") or "") or derived_operation_id(method, path)
        python_name = method_name(op_id)
        if python_name != snake_case(op_id):
            notes.append(
                (
                    spec.location(f"{pointer}/operationId"),
                    f"operation {op_id!r} becomes method {python_name!r}: the client class "
                    f"already has {snake_case(op_id)!r}",
                )
            )
        clash = _method_clash(python_name, python_names)
        if clash is not None:
            collision(
                f"operations {python_names[clash]!r} and {op_id!r} both become method {clash!r}",
                f"{pointer}/operationId",
            )
            python_name = _free_method(python_name, python_names)
        python_names[python_name] = python_names[python_name + WITH_RESPONSE] = op_id
        operations_by_id.setdefault(op_id, (method, path))
        hoist_base = op_id

        path_item = deref(spec, (data.get("paths") or {}).get(path))
        params: dict[tuple[str, str], dict[str, Any]] = {}
        param_pointers: dict[tuple[str, str], str] = {}
        # A path item's parameters are located under the path item, not the operation.
        path_pointer = pointer.rsplit("/", 1)[0]
        for base, source in (
            (path_pointer, path_item.get("parameters")),
            (pointer, op.get("parameters")),
        ):
            for index, raw in enumerate(source if isinstance(source, list) else []):
                param = deref(spec, raw)
                where, declared = param.get("in"), param.get("name")
                if where not in _PARAMETER_ORDER or not isinstance(declared, str) or not declared:
                    notes.append(
                        (
                            spec.location(f"{base}/parameters/{index}"),
                            "parameter without a valid 'in' and 'name' is left out",
                        )
                    )
                    continue
                if where == "header" and declared.lower() in _RESERVED_HEADERS:
                    # OpenAPI: such a parameter "SHALL be ignored"; the client sets these
                    # headers from the body, the answers and the security scheme.
                    notes.append(
                        (
                            spec.location(f"{base}/parameters/{index}"),
                            f"header parameter {declared!r} is ignored, as OpenAPI says: the client "
                            "sets that header itself (Authorization from the security scheme, "
                            "or pass auth=)",
                        )
                    )
                    continue
                params[(str(where), declared)] = param
                param_pointers[(str(where), declared)] = f"{base}/parameters/{index}"
        parameters: list[Parameter] = []
        param_names: dict[str, str] = {
            "body": "request body",
            "timeout": "the timeout option",
            "strict_response_validation": "the strict_response_validation option",
            "self": "self",
        }
        for (location, name), param in sorted(
            params.items(), key=lambda item: (_PARAMETER_ORDER.index(item[0][0]), item[0][1])
        ):
            pname = snake_case(name)
            if pname in param_names:
                collision(
                    f"parameter {name!r} becomes argument {pname!r}, which {param_names[pname]} already uses",
                    f"{pointer}/parameters",
                )
                pname = unique(pname, param_names)
            param_names[pname] = f"parameter {name!r}"
            style = str(
                param.get("style") or ("simple" if location in ("path", "header") else "form")
            )
            example = parameter_example(param, spec, checker)
            for keyword, reason in unusable_numbers(deref(spec, parameter_schema(param))):
                bound = f"{param_pointers[(location, name)]}/schema/{keyword}"
                notes.append((spec.location(bound), reason))
            parameters.append(
                Parameter(
                    name=name,
                    python_name=pname,
                    location=location,
                    required=bool(param.get("required", False)) or location == "path",
                    annotation=annotation(parameter_schema(param), spec),
                    description=str(param.get("description") or ""),
                    style=style,
                    explode=bool(param.get("explode", style == "form")),
                    deprecated=bool(param.get("deprecated", False)),
                    example=example,
                    validation=validation_annotation(parameter_schema(param), spec),
                    invalid_example=invalid_value(parameter_schema(param), spec),
                    example_valid=not checker.errors(parameter_schema(param), example),
                )
            )
        path_order = re.findall(r"{([^}]+)}", path)
        parameters.sort(
            key=lambda p: (
                p.location != "path",
                path_order.index(p.name) if p.name in path_order else 0,
            )
        )

        body_model_name = ""
        body_ct = ""
        body_kind = ""
        body_examples: tuple[Example, ...] = ()
        body_pointer = ""
        body_required = False
        body = deref(spec, op.get("requestBody"))
        if body and _nothing_to_send(spec, body):
            body = {}
        if body:
            body_ct, body_kind, media = media_choice(body.get("content"))
            if media is not None:
                media_pointer = f"{pointer}/requestBody/content/{escape_pointer(body_ct)}"
                body_required = bool(body.get("required", False))
                if body_kind in ("json", "form", "multipart"):
                    at_schema = f"{media_pointer}/schema"
                    body_model_name = body_model(
                        media.get("schema", {}), at_schema, f"{hoist_base}Request"
                    )
                    # Declared without a schema (examples only): any value; no schema to
                    # derive test cases from, so no pointer for later stages to follow.
                    body_pointer = at_schema if "schema" in media else ""
                    body_examples = checked(
                        media_examples(media),
                        media.get("schema", {}),
                        media_pointer,
                        "request body",
                    )
                    if body_kind in ("form", "multipart"):
                        body_examples = fitting_fields(body_examples, media_pointer, body_kind)
                    request_roots.append(owner[body_model_name])

        responses: list[Response] = []
        raw_responses = _as_dict(op.get("responses"))
        for status in sorted(
            (str(code) for code in raw_responses if _STATUS.match(str(code))), key=str
        ):
            response = deref(
                spec,
                # A status written as a YAML integer (200:) is an int key.
                (
                    raw_responses.get(status, cast(Any, raw_responses).get(int(status)))
                    if status.isdigit()
                    else raw_responses.get(status)
                ),
            )
            ct, kind, media = media_choice(response.get("content"))
            model = ""
            examples: tuple[Example, ...] = ()
            empty_answer_valid = True
            resp_pointer = f"{pointer}/responses/{escape_pointer(status)}"
            if media is None:
                kind = "empty"
            elif kind == "json" and "schema" in media:
                resp_pointer = f"{resp_pointer}/content/{escape_pointer(ct)}/schema"
                suffix = "Default" if status == "default" else status
                model = body_model(media["schema"], resp_pointer, f"{hoist_base}Response{suffix}")
                examples = checked(
                    media_examples(media),
                    media["schema"],
                    resp_pointer.rsplit("/", 1)[0],
                    f"response {status}",
                )
                response_roots.append(owner[model])
                if not examples and checker.errors(media["schema"], {}):
                    empty_answer_valid = False
                    notes.append(
                        (
                            spec.location(resp_pointer),
                            f"response {status}: no instance of its schema could be derived; "
                            "generated tests that check the parsed answer are skipped",
                        )
                    )
            elif kind in ("json", "form", "multipart"):
                kind = "json"  # declared without a schema: the decoded JSON as it comes
            elif kind != "text":
                kind = "binary"
            responses.append(
                Response(
                    status=status,
                    description=str(response.get("description") or ""),
                    model=model,
                    content_type=ct,
                    examples=examples,
                    schema_pointer=resp_pointer,
                    kind=ResponseKind(kind),
                    empty_answer_valid=empty_answer_valid,
                )
            )
        idempotency = op.get("x-specgen-idempotency-key")
        if idempotency is not None:
            body_schema = schemas.get(owner.get(body_model_name, ""), {})
            if not body_model_name or idempotency not in (body_schema.get("properties") or {}):
                raise SpecValidationError(
                    f"x-specgen-idempotency-key {idempotency!r} is not a property of the request "
                    "body",
                    spec.location(f"{pointer}/x-specgen-idempotency-key"),
                )
        operations.append(
            Operation(
                operation_id=op_id,
                python_name=python_name,
                method=method.upper(),
                path=path,
                summary=str(op.get("summary") or ""),
                description=str(op.get("description") or ""),
                deprecated=bool(op.get("deprecated", False)),
                parameters=tuple(parameters),
                body_model=body_model_name,
                body_required=body_required,
                body_content_type=body_ct,
                body_examples=body_examples,
                body_schema_pointer=body_pointer,
                responses=tuple(responses),
                security=requirement_keys(op["security"]) if "security" in op else global_security,
                security_alternatives=requirement_alternatives(
                    op["security"] if "security" in op else data.get("security")
                ),
                opts_out_of_auth=op.get("security") == [],
                idempotency_key=str(idempotency or ""),
                outcome_unknown_hint=str(op.get("x-specgen-outcome-unknown") or ""),
                pointer=pointer,
                body_kind=BodyKind(body_kind),
            )
        )

    webhook_models = webhook_payloads(spec, body_model)
    local_refs_only(spec, schemas, hoist)

    if strict:
        for name, schema in sorted(schemas.items()):
            if isinstance(schema, dict) and isinstance(schema.get("properties"), dict):
                seen: dict[str, str] = {}
                for prop in schema["properties"]:
                    attr = snake_case(str(prop))
                    if attr in seen:
                        raise NameCollisionError(
                            f"properties {seen[attr]!r} and {prop!r} of schema {name!r} both become attribute {attr!r}",
                            spec.location(
                                f"{schema_pointer[name]}/properties/{escape_pointer(str(prop))}"
                            ),
                        )
                    seen[attr] = str(prop)

    def locate(pointer: str) -> Location:
        for name, origin in schema_pointer.items():
            prefix = f"/components/schemas/{escape_pointer(name)}"
            if pointer == prefix or pointer.startswith(prefix + "/"):
                return spec.location(origin + pointer[len(prefix) :])
        return spec.location(pointer)

    # After hoisting, so inline body schemas are prepared like component schemas.
    notes.extend(prepare_for_models(schemas, locate))
    requested = reachable(document, request_roots)
    answered = reachable(document, response_roots)

    def claim_shared(base: str, holder: str, pointer: str) -> str:
        cls = class_name(base)
        number = 1
        name = cls
        while name in owner or name in schemas or class_name(name) != name:
            number += 1
            name = f"{cls}{number}"
        schemas[name] = {}  # held until the caller fills it, so the next claim skips it
        schema_pointer[name] = schema_pointer[holder] + pointer
        owner[name] = name
        class_of_schema[name] = name
        return name

    # Before the rules are extracted, so a shared schema's rules are its class's.
    share_identical(
        schemas,
        side=lambda holder: (holder in requested, holder in answered),
        claim=claim_shared,
    )
    stripped, rules = extract_rules(document, locate, class_of_schema, strict=strict, notes=notes)
    request_side = reachable(stripped, request_roots)
    response_side = reachable(stripped, response_roots)
    response_only = tuple(sorted(class_of_schema[n] for n in response_side - request_side))
    response_only_schemas = tuple(sorted(response_side - request_side))
    bases = model_bases(
        _as_dict(_as_dict(stripped.get("components")).get("schemas")),
        class_of_schema,
        response_only_schemas,
        closed_objects=strict,
    )

    info = _as_dict(data.get("info"))
    version = str(info.get("version") or "0")
    # An operation whose body has no valid instance (none given, none derivable), or with an
    # argument no value is valid for, cannot be called by the generated tests: it is never the
    # primary one while another can be.
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
    primary = primary or (fallback[0] if fallback else None)
    schemes, scheme_notes = security_schemes(spec, operations_by_id)
    notes.extend(scheme_notes)
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
        servers=servers(spec, notes),
        security_schemes=schemes,
        security=global_security,
        operations=tuple(operations),
        rules=rules,
        models=tuple(sorted(class_of_schema.values())),
        response_models=response_only,
        package_version=version if re.fullmatch(r"\d+(\.\d+){0,3}", version) else "0.0.0",
        primary_operation=primary.operation_id if primary else "",
        webhooks=webhook_models,
        closed_objects=strict,
        model_bases=bases,
        document=spec.data,
    )
    return Parsed(
        api=api,
        model_document=stripped,
        class_of_schema=class_of_schema,
        rules=rules,
        warnings=tuple(notes),
    )


def _method_clash(name: str, taken: dict[str, str]) -> str | None:
    """The method name of ``name``'s pair (``name``, ``name_with_response``) already taken."""
    return next((n for n in (name, name + WITH_RESPONSE) if n in taken), None)


def _free_method(name: str, taken: dict[str, str]) -> str:
    """``name_2``, ``name_3`` ...: the first whose pair of methods is free."""
    number = 2
    while _method_clash(f"{name}_{number}", taken) is not None:
        number += 1
    return f"{name}_{number}"
