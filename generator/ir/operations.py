"""The client's operations: one :class:`~.records.Operation` per path and method of the spec.

Each operation gets its method name, its parameters (path item's and its own, sorted), its
request body and its responses; body and response schemas go into the model document
(:class:`~.document.ModelDocument`), which records which schemas requests and answers reach.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, cast

from ..errors import SpecValidationError
from ..naming import ANNOTATION_NAMES, WITH_RESPONSE, method_name, snake_case, unique
from ..schema.pointer import escape_pointer
from ..schema.walk import iter_operations
from ..spec.loader import LoadedSpec, deref
from .bodies import media_listed_before, non_empty_form, text_sample
from .document import Context, ModelDocument
from .media import (
    annotation,
    declared_properties,
    derived_operation_id,
    is_object,
    media_choice,
    media_examples,
    parameter_example,
    parameter_schema,
)
from .modeldoc import unusable_numbers
from .parameters import invalid_value, limits, validation_annotation
from .records import BodyKind, Example, Operation, Parameter, Response, ResponseKind
from .security import requirement_alternatives, requirement_keys

__all__ = ["Operations", "build_operations"]

_STATUS = re.compile(r"^(?:[1-5](?:[0-9]{2}|XX)|default)$")
_RESERVED_HEADERS = frozenset({"accept", "content-type", "authorization"})
# Headers HTTP itself derives from the request (its body, its URL, the connection): a value
# sent from an argument would contradict them (vtex's content-length broke the request).
_TRANSPORT_HEADERS = frozenset({"content-length", "transfer-encoding", "host", "connection"})
_PARAMETER_ORDER = ("path", "query", "header", "cookie")
# Argument names every method has: a parameter converted to one of them is renamed.
_TAKEN_ARGUMENTS = {
    "body": "request body",
    "timeout": "the timeout option",
    "strict_response_validation": "the strict_response_validation option",
    "self": "self",
}


@dataclass
class Operations:
    """The operations in path and method order, where each operation id is, and the schemas
    request bodies and answers start from (model-document names)."""

    operations: list[Operation] = field(default_factory=list)
    by_id: dict[str, tuple[str, str]] = field(default_factory=dict)
    request_roots: list[str] = field(default_factory=list)
    response_roots: list[str] = field(default_factory=list)


@dataclass
class _Body:
    model: str = ""
    content_type: str = ""
    kind: str = ""
    examples: tuple[Example, ...] = ()
    pointer: str = ""
    required: bool = False
    is_object: bool = False
    nullable: bool = False
    sample: str = ""
    fields: tuple[str, ...] = ()
    media_before: tuple[str, ...] = ()


def build_operations(context: Context, models: ModelDocument) -> Operations:
    """Every operation of the spec, in ``iter_operations`` order."""
    data = context.spec.data
    found = Operations()
    python_names: dict[str, str] = {}
    global_security = requirement_keys(data.get("security"))
    for path, method, pointer, op in iter_operations(data):
        given = str(op.get("operationId") or "")
        # Derived ids are numbered where two paths differ only in punctuation (/jobs, /jobs/):
        # an id names the operation's examples and calls in the generated tests.
        op_id = given or unique(derived_operation_id(method, path), set(found.by_id))
        python_name = _method_name(context, op_id, pointer, python_names)
        found.by_id.setdefault(op_id, (method, path))
        unsent: list[tuple[str, str]] = []
        parameters = _parameters(context, path, pointer, op, unsent)
        key, path = path, _without_query_placeholders(context, path, pointer, parameters)
        body = _body(context, models, op, pointer, op_id)
        if body.model:
            found.request_roots.append(models.owner[body.model])
        responses = [
            _response(context, models, found, status, answer, pointer, op_id)
            for status, answer in _responses(context.spec, op)
        ]
        found.operations.append(
            Operation(
                operation_id=op_id,
                python_name=python_name,
                method=method.upper(),
                path=path,
                summary=str(op.get("summary") or ""),
                description=str(op.get("description") or ""),
                deprecated=bool(op.get("deprecated", False)),
                parameters=tuple(parameters),
                body_model=body.model,
                body_is_object=body.is_object,
                body_nullable=body.nullable,
                body_sample=body.sample,
                body_fields=body.fields,
                body_media_before=body.media_before,
                body_required=body.required,
                body_content_type=body.content_type,
                body_examples=body.examples,
                body_schema_pointer=body.pointer,
                responses=tuple(responses),
                security=requirement_keys(op["security"]) if "security" in op else global_security,
                security_alternatives=requirement_alternatives(
                    op["security"] if "security" in op else data.get("security")
                ),
                opts_out_of_auth=op.get("security") == [],
                idempotency_key=_idempotency_key(context, models, op, pointer, body.model),
                outcome_unknown_hint=str(op.get("x-specgen-outcome-unknown") or ""),
                pointer=pointer,
                body_kind=BodyKind(body.kind),
                required_headers_left_out=tuple(sorted(unsent)),
                tags=_tags(op),
                path_key=key if key != path else "",
            )
        )
    return found


def _without_query_placeholders(
    context: Context, path: str, pointer: str, parameters: list[Parameter]
) -> str:
    """``path`` without the ``name={name}`` pairs of a query string written into its key
    (``/search/articles?query={query}``, medium.com) whose ``name`` is a declared query
    parameter: the client sends that parameter in the query already, and as a placeholder of
    the path it would be required twice. Literal pairs (``?Action=List``) stay."""
    if "?" not in path:
        return path
    base, query = path.split("?", 1)
    declared = {p.name for p in parameters if p.location == "query"}
    kept = [
        pair
        for pair in query.split("&")
        if not (
            (match := re.fullmatch(r"([^=]+)=\{([^{}]+)\}", pair))
            and match.group(1) == match.group(2)
            and match.group(1) in declared
        )
    ]
    if len(kept) == len(query.split("&")):
        return path
    context.notes.append(
        (
            context.spec.location(pointer),
            f"the path key's query ({query!r}) names declared query parameters: they are sent "
            "as query parameters, not as part of the path",
        )
    )
    return base + ("?" + "&".join(kept) if kept else "")


def _tags(op: dict[str, Any]) -> tuple[str, ...]:
    """The operation's tags that are strings (an invalid spec may list anything)."""
    tags = op.get("tags")
    return tuple(tag for tag in tags if isinstance(tag, str)) if isinstance(tags, list) else ()


def _method_name(context: Context, op_id: str, pointer: str, taken: dict[str, str]) -> str:
    """The method for ``op_id`` (and its ``_with_response`` twin), recorded in ``taken``."""
    python_name = method_name(op_id)
    if python_name != snake_case(op_id):
        why = (
            f"its annotations name the type or module {snake_case(op_id)!r}"
            if snake_case(op_id) in ANNOTATION_NAMES
            else f"already has {snake_case(op_id)!r}"
        )
        context.notes.append(
            (
                context.spec.location(f"{pointer}/operationId"),
                f"operation {op_id!r} becomes method {python_name!r}: the client class {why}",
            )
        )
    clash = _method_clash(python_name, taken)
    if clash is not None:
        context.collision(
            f"operations {taken[clash]!r} and {op_id!r} both become method {clash!r}",
            f"{pointer}/operationId",
        )
        python_name = _free_method(python_name, taken)
    taken[python_name] = taken[python_name + WITH_RESPONSE] = op_id
    return python_name


def _method_clash(name: str, taken: dict[str, str]) -> str | None:
    """The method name of ``name``'s pair (``name``, ``name_with_response``) already taken."""
    return next((n for n in (name, name + WITH_RESPONSE) if n in taken), None)


def _free_method(name: str, taken: dict[str, str]) -> str:
    """``name_2``, ``name_3`` ...: the first whose pair of methods is free."""
    number = 2
    while _method_clash(f"{name}_{number}", taken) is not None:
        number += 1
    return f"{name}_{number}"


def _declared_parameters(
    context: Context, path: str, pointer: str, op: dict[str, Any], left_out: list[tuple[str, str]]
) -> dict[tuple[str, str], tuple[dict[str, Any], str]]:
    """``(in, name) -> (parameter, its pointer)``: the path item's, then the operation's own
    (which win); malformed ones and headers the client sets itself are left out, with a note."""
    spec = context.spec
    path_item = deref(spec, (spec.data.get("paths") or {}).get(path))
    found: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
    # A path item's parameters are located under the path item, not the operation.
    path_pointer = pointer.rsplit("/", 1)[0]
    for base, source in (
        (path_pointer, path_item.get("parameters")),
        (pointer, op.get("parameters")),
    ):
        for index, raw in enumerate(source if isinstance(source, list) else []):
            param = deref(spec, raw)
            where, declared = param.get("in"), param.get("name")
            at = f"{base}/parameters/{index}"
            if where not in _PARAMETER_ORDER or not isinstance(declared, str) or not declared:
                context.notes.append(
                    (spec.location(at), "parameter without a valid 'in' and 'name' is left out")
                )
                continue
            why = _left_out_header(declared, spec) if where == "header" else ""
            if why:
                context.notes.append((spec.location(at), f"header parameter {declared!r} {why}"))
                if param.get("required") is True:
                    value = parameter_example(param, spec, context.checker)
                    left_out.append((declared, value if isinstance(value, str) else ""))
                continue
            found[(str(where), declared)] = (param, at)
    return found


def _left_out_header(name: str, spec: LoadedSpec) -> str:
    """Why header parameter ``name`` gets no argument (``""``: it does): the client sends that
    header itself, and a second value from an argument would contradict it."""
    if name.lower() in _credential_headers(spec):
        # A second value would go out beside the key (vtex's order placement).
        return (
            "is an API-key security scheme's header and is left out: the client sends the key "
            "itself (api_key=, or default_headers= for a scheme it takes no argument for)"
        )
    if name.lower() in _RESERVED_HEADERS:
        # OpenAPI: such a parameter "SHALL be ignored".
        return (
            "is ignored, as OpenAPI says: the client sets that header itself (Authorization "
            "from the security scheme, or pass auth=)"
        )
    if name.lower() in _TRANSPORT_HEADERS:
        return "is left out: HTTP sets that header from the request itself"
    return ""


def _credential_headers(spec: LoadedSpec) -> frozenset[str]:
    """The (lower-case) header names the spec's API-key security schemes send."""
    raw = (spec.data.get("components") or {}).get("securitySchemes")
    schemes = raw if isinstance(raw, dict) else {}
    return frozenset(
        str(scheme["name"]).lower()
        for scheme in (deref(spec, value) for value in schemes.values())
        if isinstance(scheme, dict)
        and scheme.get("type") == "apiKey"
        and scheme.get("in") == "header"
        and isinstance(scheme.get("name"), str)
    )


def _parameters(
    context: Context, path: str, pointer: str, op: dict[str, Any], left_out: list[tuple[str, str]]
) -> list[Parameter]:
    """The operation's parameters: path ones first, in the path's order, then by location and
    name; an argument name taken twice is numbered. The required header parameters that get
    no argument are added to ``left_out``."""
    declared = _declared_parameters(context, path, pointer, op, left_out)
    names = dict(_TAKEN_ARGUMENTS)
    parameters: list[Parameter] = []
    for (location, name), (param, at) in sorted(
        declared.items(), key=lambda item: (_PARAMETER_ORDER.index(item[0][0]), item[0][1])
    ):
        python_name = snake_case(name)
        if python_name in names:
            context.collision(
                f"parameter {name!r} becomes argument {python_name!r}, which "
                f"{names[python_name]} already uses",
                f"{pointer}/parameters",
            )
            python_name = unique(python_name, names)
        names[python_name] = f"parameter {name!r}"
        parameters.append(_parameter(context, location, name, python_name, param, at))
    path_order = re.findall(r"{([^}]+)}", path)
    parameters.sort(
        key=lambda p: (
            p.location != "path",
            path_order.index(p.name) if p.name in path_order else 0,
        )
    )
    return parameters


def _parameter_description(param: dict[str, Any], schema: Any) -> str:
    """The parameter's description, else its schema's (Spotify describes its query parameters
    there), else the schema's title."""
    for place, keyword in ((param, "description"), (schema, "description"), (schema, "title")):
        text = place.get(keyword) if isinstance(place, dict) else None
        if isinstance(text, str) and text.strip():
            return text
    return ""


def _parameter(
    context: Context,
    location: str,
    name: str,
    python_name: str,
    param: dict[str, Any],
    at: str,
) -> Parameter:
    spec, checker = context.spec, context.checker
    style = str(param.get("style") or ("simple" if location in ("path", "header") else "form"))
    example = parameter_example(param, spec, checker)
    schema = parameter_schema(param)
    for keyword, reason in unusable_numbers(deref(spec, schema)):
        context.notes.append((spec.location(f"{at}/schema/{keyword}"), reason))
    return Parameter(
        name=name,
        python_name=python_name,
        location=location,
        required=bool(param.get("required", False)) or location == "path",
        annotation=annotation(schema, spec),
        description=_parameter_description(param, deref(spec, schema)),
        style=style,
        explode=bool(param.get("explode", style == "form")),
        deprecated=bool(param.get("deprecated", False)),
        example=example,
        validation=validation_annotation(schema, spec),
        invalid_example=invalid_value(schema, spec),
        # A path segment cannot be empty: "", {} or [] is no value the client can send there.
        example_valid=not checker.errors(schema, example)
        and not (location == "path" and example in ("", {}, [])),
        limits=limits(schema, spec),
        members=(
            tuple(sorted(map(str, declared_properties(spec, schema))))
            if is_object(spec, schema)
            else ()
        ),
    )


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


def _body(
    context: Context, models: ModelDocument, op: dict[str, Any], pointer: str, op_id: str
) -> _Body:
    """The request body: how it is sent, its class (hoisted into the model document) and the
    examples tests send (checked against its schema)."""
    body = deref(context.spec, op.get("requestBody"))
    if not body or _nothing_to_send(context.spec, body):
        return _Body()
    content_type, kind, media = media_choice(body.get("content"))
    found = _Body(content_type=content_type, kind=kind)
    if media is None:
        return found
    media_pointer = f"{pointer}/requestBody/content/{escape_pointer(content_type)}"
    found.required = bool(body.get("required", False))
    found.is_object = is_object(context.spec, media.get("schema", {}))
    found.media_before = media_listed_before(body.get("content"), content_type)
    if kind in ("text", "binary"):
        found.sample = text_sample(
            context, media, "sample text" if kind == "text" else "sample bytes"
        )
    if kind not in ("json", "form", "multipart"):
        return found
    at_schema = f"{media_pointer}/schema"
    found.model = models.body_model(media.get("schema", {}), at_schema, f"{op_id}Request")
    # GitHub's optional rerun options: ``{type: object, nullable: true}``, example ``null``.
    found.nullable = kind == "json" and not context.checker.errors(media.get("schema", {}), None)
    # Declared without a schema (examples only): any value; no schema to derive test cases
    # from, so no pointer for later stages to follow.
    found.pointer = at_schema if "schema" in media else ""
    found.examples = context.checked(
        media_examples(media), media.get("schema", {}), media_pointer, "request body"
    )
    if kind in ("form", "multipart"):
        found.fields = tuple(
            sorted(map(str, declared_properties(context.spec, media.get("schema"))))
        )
        found.examples = _fitting_fields(context, found.examples, media_pointer, kind)
        if found.required:
            found.examples = non_empty_form(context, found.examples, media.get("schema", {}))
    return found


def _fitting_fields(
    context: Context, examples: tuple[Example, ...], pointer: str, kind: str
) -> tuple[Example, ...]:
    """The examples a form or multipart body can send: objects of fields; the rest dropped."""
    for example in examples:
        if not isinstance(example.value, dict):
            context.notes.append(
                (
                    context.spec.location(pointer),
                    f"request body example {example.name!r} is not an object of fields, "
                    f"which a {kind} body needs, and is left out",
                )
            )
    return tuple(example for example in examples if isinstance(example.value, dict))


def _responses(spec: LoadedSpec, op: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """``(status, response)`` of every valid status code, sorted, references followed."""
    raw = op.get("responses")
    raw_responses: dict[Any, Any] = raw if isinstance(raw, dict) else {}
    found = []
    for status in sorted(
        (str(code) for code in raw_responses if _STATUS.match(str(code))), key=str
    ):
        # A status written as a YAML integer (200:) is an int key.
        entry = (
            raw_responses.get(status, cast(Any, raw_responses).get(int(status)))
            if status.isdigit()
            else raw_responses.get(status)
        )
        found.append((status, deref(spec, entry)))
    return found


# HTTP: "A 204 response cannot contain content" (RFC 9110 §15.3.5), nor 205 and 304.
_BODILESS_STATUSES = frozenset({"204", "205", "304"})


def _response(
    context: Context,
    models: ModelDocument,
    found: Operations,
    status: str,
    response: dict[str, Any],
    pointer: str,
    op_id: str,
) -> Response:
    """One answer: how it is read and, for JSON with a schema, its class and examples."""
    at = f"{pointer}/responses/{escape_pointer(status)}"
    content = response.get("content")
    if status in _BODILESS_STATUSES and content:
        context.notes.append(
            (
                context.spec.location(f"{at}/content"),
                f"response {status} declares content, which HTTP forbids for that status: "
                "the client reads it as an answer without a body",
            )
        )
        content = None
    content_type, kind, media = media_choice(content)
    model = ""
    examples: tuple[Example, ...] = ()
    empty_answer_valid = True
    example_refused = False
    if media is None:
        kind = "empty"
    elif kind == "json" and "schema" in media:
        at = f"{at}/content/{escape_pointer(content_type)}/schema"
        suffix = "Default" if status == "default" else status
        model = models.body_model(media["schema"], at, f"{op_id}Response{suffix}")
        given = media_examples(media)
        examples = context.checked(
            given, media["schema"], at.rsplit("/", 1)[0], f"response {status}"
        )
        # Prism resolves a "$ref" inside an example's value (OpenAPI reads it literally), so
        # what it sends for such an example is not the value checked here.
        example_refused = (
            bool(given)
            and (not examples or examples[0] is not given[0])
            and "$ref" not in json.dumps(given[0].value)
        )
        found.response_roots.append(models.owner[model])
        if not examples and context.checker.errors(media["schema"], {}):
            empty_answer_valid = False
            context.notes.append(
                (
                    context.spec.location(at),
                    f"response {status}: no instance of its schema could be derived; "
                    "generated tests that check the parsed answer are skipped",
                )
            )
    elif kind in ("json", "form", "multipart"):
        kind = "json"  # declared without a schema: the decoded JSON as it comes
    elif kind != "text":
        kind = "binary"
    return Response(
        status=status,
        description=str(response.get("description") or ""),
        model=model,
        content_type=content_type,
        examples=examples,
        schema_pointer=at,
        kind=ResponseKind(kind),
        empty_answer_valid=empty_answer_valid,
        example_refused=example_refused,
    )


def _idempotency_key(
    context: Context, models: ModelDocument, op: dict[str, Any], pointer: str, body_model: str
) -> str:
    """``x-specgen-idempotency-key``: a property of the request body, else an error."""
    idempotency = op.get("x-specgen-idempotency-key")
    if idempotency is None:
        return ""
    body_schema = models.schemas.get(models.owner.get(body_model, ""), {})
    if not body_model or idempotency not in (body_schema.get("properties") or {}):
        raise SpecValidationError(
            f"x-specgen-idempotency-key {idempotency!r} is not a property of the request body",
            context.spec.location(f"{pointer}/x-specgen-idempotency-key"),
        )
    return str(idempotency)
