"""Turn a loaded, validated spec into the IR and the schema document the models come from.

Everything is sorted here (operations by path and method, parameters by location and name,
examples by name), so templates can iterate in order without sorting themselves.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .config import ApiConfig
from .errors import Location, NameCollisionError, SpecValidationError, UnsupportedError
from .ir import (
    Api,
    Example,
    Operation,
    Parameter,
    Response,
    Rule,
    SecurityScheme,
    Server,
    ServerVariable,
)
from .lint import HTTP_METHODS, iter_operations, iter_schemas
from .loader import LoadedSpec, escape_pointer, iter_refs, ref_pointer, resolve_pointer
from .manifest import spec_file
from .naming import class_name, snake_case, unique
from .rules import extract_rules
from .samples import NO_SAMPLE, ExampleChecker

__all__ = ["Parsed", "parse"]

_JSON_TYPES = ("application/json", "text/json")
_SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


@dataclass(frozen=True, slots=True)
class Parsed:
    api: Api
    model_document: dict[str, Any]
    class_of_schema: dict[str, str]
    response_only: tuple[str, ...]
    rules: tuple[Rule, ...]
    warnings: tuple[tuple[Location | None, str], ...] = ()


def _json_media(content: dict[str, Any] | None) -> tuple[str, dict[str, Any] | None]:
    for media_type in sorted(content or {}):
        if media_type in _JSON_TYPES or media_type.endswith("+json"):
            return media_type, content[media_type]  # type: ignore[index]
    if content:
        first = sorted(content)[0]
        return first, None
    return "", None


def _examples(media: dict[str, Any]) -> tuple[Example, ...]:
    found: list[Example] = []
    named = media.get("examples")
    for name in sorted(named if isinstance(named, dict) else {}, key=str):
        example = media["examples"][name]
        if isinstance(example, dict) and "value" in example:
            found.append(
                Example(
                    name=name,
                    summary=str(example.get("summary") or ""),
                    value=example["value"],
                    value_json=json.dumps(example["value"], sort_keys=True, ensure_ascii=True),
                )
            )
    if "example" in media and not found:
        found.append(
            Example(
                name="example",
                summary="",
                value=media["example"],
                value_json=json.dumps(media["example"], sort_keys=True, ensure_ascii=True),
            )
        )
    return tuple(found)


def _annotation(schema: Any, spec: LoadedSpec, depth: int = 0) -> str:
    if not isinstance(schema, dict) or depth > 8:
        return "Any"
    if "$ref" in schema:
        try:
            return _annotation(spec.resolve(schema["$ref"]), spec, depth + 1)
        except (KeyError, IndexError, ValueError, TypeError):
            return "Any"
    kind = schema.get("type")
    nullable = isinstance(kind, list) and "null" in kind
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "string")
    if kind == "array":
        text = f"list[{_annotation(schema.get('items'), spec, depth + 1)}]"
    else:
        text = _SCALARS.get(str(kind), "str")
    return f"{text} | None" if nullable else text


def _server_name(server: dict[str, Any], index: int, taken: set[str]) -> str:
    explicit = server.get("x-specgen-environment")
    text = f"{server.get('description', '')} {server.get('url', '')}".lower()
    if isinstance(explicit, str):
        name = snake_case(explicit)
    elif re.search(r"\b(prod|production|live)\b", text):
        name = "production"
    elif re.search(r"(sandbox)", text):
        name = "sandbox"
    elif re.search(r"(test|staging|acceptance|uat)", text):
        name = "test"
    else:
        name = f"server_{index + 1}"
    if name in taken:
        name = f"{name}_{index + 1}"
    taken.add(name)
    return name


def _servers(spec: LoadedSpec) -> tuple[Server, ...]:
    servers: list[Server] = []
    taken: set[str] = set()
    raw = spec.data.get("servers")
    for index, server in enumerate(raw if isinstance(raw, list) else []):
        if not isinstance(server, dict) or not isinstance(server.get("url"), str):
            continue
        declared = server.get("variables") if isinstance(server.get("variables"), dict) else {}
        variables = tuple(
            ServerVariable(
                name=name,
                python_name=snake_case(name),
                default=str(var.get("default", "")),
                enum=tuple(str(v) for v in var.get("enum") or ()),
                description=str(var.get("description") or ""),
            )
            for name, var in sorted(declared.items())
            if isinstance(var, dict)
        )
        servers.append(
            Server(
                name=_server_name(server, index, taken),
                url=str(server["url"]),
                description=str(server.get("description") or ""),
                variables=variables,
            )
        )
    return tuple(servers)


def _security_schemes(
    spec: LoadedSpec, operations_by_id: dict[str, tuple[str, str]]
) -> tuple[tuple[SecurityScheme, ...], list[tuple[Location | None, str]]]:
    """Every security scheme, reduced to what a client needs; and warnings about them."""
    schemes: list[SecurityScheme] = []
    notes: list[tuple[Location | None, str]] = []
    raw = (spec.data.get("components") or {}).get("securitySchemes") or {}
    for key in sorted(raw, key=str):
        pointer = f"/components/securitySchemes/{escape_pointer(str(key))}"
        scheme = _deref(spec, raw[key])
        kind = scheme.get("type")
        http_scheme = str(scheme.get("scheme", "")).lower()
        flows = scheme.get("flows") if isinstance(scheme.get("flows"), dict) else {}
        options: dict[str, str] = {}
        if kind == "http" and http_scheme == "bearer":
            login = scheme.get("x-specgen-login")
            if isinstance(login, dict):
                op_id = str(login.get("operationId", ""))
                if op_id not in operations_by_id:
                    raise SpecValidationError(
                        f"x-specgen-login names operation {op_id!r}, which the spec does not have",
                        spec.location(f"{pointer}/x-specgen-login"),
                    )
                method, path = operations_by_id[op_id]
                options = {
                    "operation_id": op_id,
                    "method": method,
                    "path": path,
                    "username_field": str(login.get("username", "username")),
                    "password_field": str(login.get("password", "password")),
                    "token_field": str(login.get("token", "token")),
                }
                kind_name = "login"
            else:
                kind_name = "bearer"
        elif kind == "http" and http_scheme == "basic":
            kind_name = "basic"
            options = {
                "username_format": str(scheme.get("x-specgen-username-format", "{username}")),
                "password_format": str(scheme.get("x-specgen-password-format", "{password}")),
            }
            options["args"] = _placeholders(
                options["username_format"] + options["password_format"],
                spec,
                pointer,
                {"username", "password"},
            )
        elif kind == "http" and http_scheme == "digest":
            kind_name = "digest"
        elif kind == "http":
            # Any other HTTP scheme: the caller's credentials go after the scheme name.
            kind_name = "bearer"
            options = {"prefix": str(scheme.get("scheme") or "Bearer")}
        elif (
            kind == "oauth2"
            and isinstance(flows.get("clientCredentials"), dict)
            and flows["clientCredentials"].get("tokenUrl")
        ):
            flow = flows["clientCredentials"]
            kind_name = "oauth2_client_credentials"
            options = {
                "token_url": str(flow["tokenUrl"]),
                "scopes": " ".join(sorted(str(s) for s in flow.get("scopes") or {})),
            }
            options["args"] = _placeholders(options["token_url"], spec, pointer, set())
        elif kind in ("oauth2", "openIdConnect"):
            # Flows that need a user (authorization code, implicit, password) or a discovery
            # document: the caller obtains the access token; the client sends it as a bearer.
            kind_name = "bearer"
            names = sorted(str(name) for name in flows) if kind == "oauth2" else ["openIdConnect"]
            options = {"flows": " ".join(names)}
        elif (
            kind == "apiKey"
            and scheme.get("in") in ("header", "query", "cookie")
            and scheme.get("name")
        ):
            kind_name = "api_key"
            options = {"name": str(scheme["name"]), "in": str(scheme["in"])}
        else:
            notes.append(
                (
                    spec.location(pointer),
                    f"security scheme {key!r} ({kind}) is not understood; pass auth= to the client",
                )
            )
            kind_name = "custom"
        schemes.append(
            SecurityScheme(
                key=str(key),
                kind=kind_name,
                description=str(scheme.get("description") or ""),
                options=tuple(sorted(options.items())),
            )
        )
    return tuple(schemes), notes


def _placeholders(template: str, spec: LoadedSpec, pointer: str, known: set[str]) -> str:
    """Names of ``{placeholders}`` in ``template`` beyond ``known``: extra client arguments."""
    names = sorted(set(re.findall(r"{([^{}]*)}", template)) - known)
    for name in names:
        if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
            raise UnsupportedError(
                f"placeholder {{{name}}} must be a lower-case identifier: it becomes a client argument",
                spec.location(pointer),
            )
    return " ".join(names)


def _requirement_keys(requirements: Any) -> tuple[str, ...]:
    keys: list[str] = []
    for requirement in requirements or []:
        for key in sorted(requirement or {}):
            if key not in keys:
                keys.append(key)
    return tuple(keys)


def _reachable(document: dict[str, Any], roots: list[str]) -> set[str]:
    schemas = (document.get("components") or {}).get("schemas") or {}
    seen: set[str] = set()
    stack = list(roots)
    while stack:
        name = stack.pop()
        if name in seen or name not in schemas:
            continue
        seen.add(name)
        for _pointer, ref in iter_refs(schemas[name]):
            if ref.startswith("#/components/schemas/"):
                stack.append(ref.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~"))
    return seen


def _component_name(ref: str) -> str | None:
    ref = "#" + ref_pointer(ref)
    prefix = "#/components/schemas/"
    if ref.startswith(prefix) and "/" not in ref[len(prefix) :]:
        return ref[len(prefix) :].replace("~1", "/").replace("~0", "~")
    return None


# Formats whose pydantic types need packages beyond pydantic and httpx (email-validator), or
# that would mask the value on the wire (SecretStr dumps as "**********"). The shipped spec
# keeps them; the models treat them as plain strings.
_PLAIN_STRING_FORMATS = frozenset({"email", "idn-email", "password"})


# Keywords whose value must have one JSON type for datamodel-code-generator to read the schema
# at all. An invalid spec may carry anything there; such a keyword is dropped with a warning.
_KEYWORD_TYPES: dict[str, tuple[type, ...]] = {
    "type": (str, list),
    "format": (str,),
    "pattern": (str,),
    "required": (list,),
    "enum": (list,),
    "properties": (dict,),
    "items": (dict, bool),
    "additionalProperties": (dict, bool),
    "minLength": (int,),
    "maxLength": (int,),
    "minItems": (int,),
    "maxItems": (int,),
    "minimum": (int, float),
    "maximum": (int, float),
    "multipleOf": (int, float),
    "allOf": (list,),
    "anyOf": (list,),
    "oneOf": (list,),
    "description": (str,),
    "title": (str,),
}
# Python-only regex syntax: datamodel-code-generator switches the model to Python's engine itself.
_PYTHON_ONLY_REGEX = re.compile(r"\(\?<?[=!]|\\[1-9]")


def _prepare_for_models(
    schemas: dict[str, Any], locate: Callable[[str], Location]
) -> list[tuple[Location | None, str]]:
    """Rewrite, in place, constructs datamodel-code-generator renders unfaithfully; warnings.

    - formats needing extra packages become plain strings (see ``_PLAIN_STRING_FORMATS``);
    - a nullable enum (``type: [string, "null"], enum: [null, ...]``) becomes
      ``anyOf: [{enum without null}, {type: "null"}]``: otherwise the enum class rejects null;
    - a keyword of the wrong JSON type, and a pattern no regex engine pydantic offers can
      compile, are dropped (the model would not build), each with a warning.

    Only schema objects are visited (a property *named* ``format`` or ``enum`` is data).
    """
    notes: list[tuple[Location | None, str]] = []
    compiled: dict[str, str] = {}
    nodes = [
        (f"/components/schemas/{escape_pointer(name)}{pointer}", node)
        for name in sorted(schemas)
        for pointer, node in iter_schemas(schemas[name], "")
    ]
    for pointer, node in nodes:
        for keyword, types in _KEYWORD_TYPES.items():
            if keyword in node and (
                not isinstance(node[keyword], types)
                or isinstance(node[keyword], bool)
                and bool not in types
            ):
                notes.append(
                    (
                        locate(f"{pointer}/{keyword}"),
                        f"{keyword} {node[keyword]!r} is not valid here and is left out",
                    )
                )
                del node[keyword]
        pattern = node.get("pattern")
        if isinstance(pattern, str):
            if pattern not in compiled:
                compiled[pattern] = _regex_problem(pattern)
            if compiled[pattern]:
                notes.append(
                    (locate(f"{pointer}/pattern"), f"pattern is not enforced: {compiled[pattern]}")
                )
                del node["pattern"]
        fmt = node.get("format")
        if isinstance(fmt, str) and fmt in _PLAIN_STRING_FORMATS:
            del node["format"]
        enum = node.get("enum")
        if isinstance(enum, list) and None in enum:
            kind = node.get("type")
            kinds = [
                k for k in (kind if isinstance(kind, list) else [kind]) if k not in (None, "null")
            ]
            branch: dict[str, Any] = {"enum": [v for v in enum if v is not None]}
            if kinds:
                branch["type"] = kinds[0] if len(kinds) == 1 else kinds
            del node["enum"]
            node.pop("type", None)
            node["anyOf"] = [branch, {"type": "null"}]
    return notes


def _regex_problem(pattern: str) -> str:
    """Why pydantic cannot enforce ``pattern`` (``""``: it can), trying the engine it will use."""
    try:
        re.compile(pattern)
    except (re.error, RecursionError, OverflowError) as exc:
        return f"not a valid regular expression ({exc})"
    if _PYTHON_ONLY_REGEX.search(pattern):
        return ""  # compiled with Python's engine, which just accepted it
    import pydantic_core

    try:
        pydantic_core.SchemaValidator(pydantic_core.core_schema.str_schema(pattern=pattern))
    except pydantic_core.SchemaError as exc:
        return f"pydantic's regex engine refuses it ({' '.join(str(exc).split())[-120:]})"
    return ""


# Keywords beside a body's ``$ref`` that do not change what it accepts: the body is the
# referenced model itself (datamodel-code-generator makes no new class for such a schema).
_REF_ANNOTATIONS = frozenset(
    {
        "type",
        "description",
        "title",
        "example",
        "examples",
        "summary",
        "deprecated",
        "readOnly",
        "writeOnly",
        "externalDocs",
        "xml",
        "x-examples",
    }
)
_STATUS = re.compile(r"^(?:[1-5](?:[0-9]{2}|XX)|default)$")
_PARAMETER_ORDER = ("path", "query", "header", "cookie")


def _media_choice(content: Any) -> tuple[str, str, dict[str, Any] | None]:
    """``(media type, body kind, media object)`` of the content a client should use.

    JSON first (``application/json``, ``*/*+json``), then form, multipart, text, and anything
    else as raw bytes. ``("", "", None)`` for no content.
    """
    if not isinstance(content, dict) or not content:
        return "", "", None
    types = sorted(str(t) for t in content)

    def media(media_type: str) -> dict[str, Any]:
        value = content[media_type]
        return value if isinstance(value, dict) else {}

    for media_type in types:
        base = media_type.split(";")[0].strip().lower()
        if base in _JSON_TYPES or base.endswith("+json") or base == "application/*":
            return media_type, "json", media(media_type)
    ranked = (
        ("form", lambda b: b == "application/x-www-form-urlencoded"),
        ("multipart", lambda b: b.startswith("multipart/")),
        ("text", lambda b: b.startswith("text/")),
    )
    for kind, matches in ranked:
        for media_type in types:
            if matches(media_type.split(";")[0].strip().lower()):
                return media_type, kind, media(media_type)
    return types[0], "binary", media(types[0])


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

    checker = ExampleChecker(data, spec.openapi_version)

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
                        value_json=json.dumps(value, sort_keys=True, ensure_ascii=True),
                        derived=True,
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
            and set(schema) - {"$ref"} <= _REF_ANNOTATIONS
        ):
            name = _component_name(schema["$ref"])
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
    global_security = _requirement_keys(data.get("security"))
    for path, method, pointer, op in iter_operations(data):
        op_id = str(op.get("operationId") or "") or _derived_operation_id(method, path)
        python_name = snake_case(op_id)
        if python_name in python_names:
            collision(
                f"operations {python_names[python_name]!r} and {op_id!r} both become method {python_name!r}",
                f"{pointer}/operationId",
            )
            python_name = unique(python_name, python_names)
        python_names[python_name] = op_id
        operations_by_id.setdefault(op_id, (method, path))
        hoist_base = op_id

        path_item = _deref(spec, (data.get("paths") or {}).get(path))
        params: dict[tuple[str, str], dict[str, Any]] = {}
        for source in (path_item.get("parameters"), op.get("parameters")):
            for index, raw in enumerate(source if isinstance(source, list) else []):
                param = _deref(spec, raw)
                where, name = param.get("in"), param.get("name")
                if where not in _PARAMETER_ORDER or not isinstance(name, str) or not name:
                    notes.append(
                        (
                            spec.location(f"{pointer}/parameters/{index}"),
                            "parameter without a valid 'in' and 'name' is left out",
                        )
                    )
                    continue
                params[(str(where), name)] = param
        parameters: list[Parameter] = []
        param_names: dict[str, str] = {
            "body": "request body",
            "timeout": "the timeout option",
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
            parameters.append(
                Parameter(
                    name=name,
                    python_name=pname,
                    location=location,
                    required=bool(param.get("required", False)) or location == "path",
                    annotation=_annotation(_parameter_schema(param), spec),
                    description=str(param.get("description") or ""),
                    style=style,
                    explode=bool(param.get("explode", style == "form")),
                    deprecated=bool(param.get("deprecated", False)),
                    example=_parameter_example(param, spec, checker),
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
        body = _deref(spec, op.get("requestBody"))
        if body:
            body_ct, body_kind, media = _media_choice(body.get("content"))
            if media is not None:
                media_pointer = f"{pointer}/requestBody/content/{escape_pointer(body_ct)}"
                body_required = bool(body.get("required", False))
                if body_kind in ("json", "form", "multipart"):
                    body_pointer = f"{media_pointer}/schema"
                    body_model_name = body_model(
                        media.get("schema", {}), body_pointer, f"{hoist_base}Request"
                    )
                    body_examples = checked(
                        _examples(media), media.get("schema", {}), media_pointer, "request body"
                    )
                    request_roots.append(owner[body_model_name])

        responses: list[Response] = []
        raw_responses = op.get("responses") if isinstance(op.get("responses"), dict) else {}
        for status in sorted(
            (str(code) for code in raw_responses if _STATUS.match(str(code))), key=str
        ):
            response = _deref(
                spec,
                raw_responses.get(
                    status, raw_responses.get(int(status) if status.isdigit() else status)
                ),
            )
            ct, kind, media = _media_choice(response.get("content"))
            model = ""
            examples: tuple[Example, ...] = ()
            resp_pointer = f"{pointer}/responses/{escape_pointer(status)}"
            if media is None:
                kind = "empty"
            elif kind == "json" and "schema" in media:
                resp_pointer = f"{resp_pointer}/content/{escape_pointer(ct)}/schema"
                suffix = "Default" if status == "default" else status
                model = body_model(media["schema"], resp_pointer, f"{hoist_base}Response{suffix}")
                examples = checked(
                    _examples(media),
                    media["schema"],
                    resp_pointer.rsplit("/", 1)[0],
                    f"response {status}",
                )
                response_roots.append(owner[model])
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
                    kind=kind,
                )
            )
        key = op.get("x-specgen-idempotency-key")
        if key is not None:
            body_schema = schemas.get(owner.get(body_model_name, ""), {})
            if not body_model_name or key not in (body_schema.get("properties") or {}):
                raise SpecValidationError(
                    f"x-specgen-idempotency-key {key!r} is not a property of the request body",
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
                security=_requirement_keys(op["security"]) if "security" in op else global_security,
                idempotency_key=str(key or ""),
                outcome_unknown_hint=str(op.get("x-specgen-outcome-unknown") or ""),
                pointer=pointer,
                body_kind=body_kind,
            )
        )

    webhook_models = _webhook_models(spec, body_model)
    _local_refs_only(spec, schemas, hoist)

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
    notes.extend(_prepare_for_models(schemas, locate))
    stripped, rules = extract_rules(document, locate, class_of_schema)
    request_side = _reachable(stripped, request_roots)
    response_side = _reachable(stripped, response_roots)
    response_only = tuple(sorted(class_of_schema[n] for n in response_side - request_side))
    # datamodel-code-generator's base_class_map is keyed by schema name.
    response_only_schemas = tuple(sorted(response_side - request_side))

    info = data.get("info") if isinstance(data.get("info"), dict) else {}
    version = str(info.get("version") or "0")
    creates = [
        op for op in operations if op.method == "POST" and op.body_model and op.body_kind == "json"
    ]
    primary = next((op for op in creates if op.operation_id.lower().startswith("create")), None)
    primary = primary or (creates[0] if creates else (operations[0] if operations else None))
    schemes, scheme_notes = _security_schemes(spec, operations_by_id)
    notes.extend(scheme_notes)
    api = Api(
        name=config.name,
        package=config.package,
        distribution=config.distribution,
        title=config.title,
        version=version,
        description=str(info.get("description") or ""),
        spec_file=spec_file(config),
        servers=_servers(spec),
        security_schemes=schemes,
        security=global_security,
        operations=tuple(operations),
        rules=rules,
        models=tuple(sorted(class_of_schema.values())),
        request_models=tuple(sorted(class_of_schema[n] for n in request_side)),
        response_models=response_only,
        package_version=version if re.fullmatch(r"\d+(\.\d+){0,3}", version) else "0.0.0",
        primary_operation=primary.operation_id if primary else "",
        webhooks=webhook_models,
    )
    return Parsed(
        api=api,
        model_document=stripped,
        class_of_schema=class_of_schema,
        response_only=response_only_schemas,
        rules=rules,
        warnings=tuple(notes),
    )


def _derived_operation_id(method: str, path: str) -> str:
    """A method name for an operation without ``operationId``: ``GET /pets/{id}`` → ``get_pets_id``."""
    words = re.findall(r"[A-Za-z0-9]+", path)
    return "_".join([method.lower(), *words]) if words else f"{method.lower()}_root"


def _deref(spec: LoadedSpec, node: Any, depth: int = 0) -> dict[str, Any]:
    """``node`` with a ``$ref`` followed (chains too); ``{}`` for anything that is not an object."""
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and depth < 32:
        try:
            node = spec.resolve(node["$ref"])
        except (KeyError, IndexError, ValueError, TypeError):
            return {}
        depth += 1
    return node if isinstance(node, dict) else {}


def _parameter_example(param: dict[str, Any], spec: LoadedSpec, checker: ExampleChecker) -> Any:
    """A value of ``param`` that matches its schema (see ``Parameter.example``)."""
    schema = _parameter_schema(param)
    candidates: list[Any] = []
    if "example" in param:
        candidates.append(param["example"])
    examples = param.get("examples")
    for key in sorted(examples if isinstance(examples, dict) else {}, key=str):
        example = _deref(spec, examples[key])
        if "value" in example:
            candidates.append(example["value"])
    for value in candidates:
        if value is not None and not checker.errors(schema, value):
            return value
    derived = checker.sample(schema if schema is not None else {})
    if derived is not NO_SAMPLE and derived is not None:
        return derived
    kind = _deref(spec, schema).get("type") if isinstance(schema, dict) else None
    return 1 if kind in ("integer", "number") else "example"


def _parameter_schema(param: dict[str, Any]) -> Any:
    if "schema" in param:
        return param["schema"]
    content = param.get("content")
    if isinstance(content, dict) and content:
        media = content[sorted(content)[0]]
        return media.get("schema") if isinstance(media, dict) else None
    return None


def _webhook_models(
    spec: LoadedSpec, body_model: Callable[[Any, str, str], str]
) -> tuple[tuple[str, str], ...]:
    """``(webhook name, payload class)`` for every 3.1 webhook with a JSON payload, sorted."""
    found: list[tuple[str, str]] = []
    hooks = spec.data.get("webhooks")
    if not isinstance(hooks, dict):
        return ()
    for name in sorted(hooks, key=str):
        item = _deref(spec, hooks[name])
        for method in sorted(m for m in item if m in HTTP_METHODS):
            body = _deref(
                spec,
                (
                    (item.get(method) or {}).get("requestBody")
                    if isinstance(item.get(method), dict)
                    else None
                ),
            )
            media_type, kind, media = _media_choice(body.get("content"))
            if kind == "json" and media is not None and "schema" in media:
                pointer = f"/webhooks/{escape_pointer(str(name))}/{method}/requestBody/content/{escape_pointer(media_type)}/schema"
                found.append(
                    (
                        str(name),
                        body_model(media["schema"], pointer, f"{class_name(str(name))}Webhook"),
                    )
                )
    return tuple(found)


def _local_refs_only(
    spec: LoadedSpec, schemas: dict[str, Any], hoist: Callable[[Any, str, str], str]
) -> None:
    """Point every ``$ref`` in the model document at ``#/components/schemas/<name>``.

    datamodel-code-generator sees only the schemas: a reference into ``paths`` or
    ``components/parameters`` (or a percent-encoded one) is resolved against the spec and its
    target added under a name derived from the pointer.
    """
    hoisted: dict[str, str] = {}
    pending = sorted(schemas)
    while pending:
        name = pending.pop(0)
        for node in _ref_holders(schemas[name]):
            ref = node["$ref"]
            pointer = ref_pointer(ref)
            component = _component_name("#" + pointer)
            if component is not None and component in schemas:
                node["$ref"] = "#/components/schemas/" + escape_pointer(component)
                continue
            if pointer not in hoisted:
                try:
                    target = resolve_pointer(spec.data, pointer)
                except (KeyError, IndexError, ValueError, TypeError):
                    raise SpecValidationError(
                        f"unresolved $ref {ref!r}", spec.location(pointer)
                    ) from None
                tokens = [
                    t
                    for t in pointer.split("/")
                    if t
                    and t
                    not in ("components", "schemas", "paths", "content", "schema", "properties")
                ]
                base = class_name("_".join(tokens[-3:]) or "Ref")
                hoisted[pointer] = hoist(target, pointer, base)
                pending.append(hoisted[pointer])
            node["$ref"] = "#/components/schemas/" + escape_pointer(hoisted[pointer])


def _ref_holders(node: Any) -> list[dict[str, Any]]:
    """Every dict with a string ``$ref`` inside ``node`` (iteratively; no recursion limit)."""
    found: list[dict[str, Any]] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            if isinstance(current.get("$ref"), str):
                found.append(current)
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
    return found
