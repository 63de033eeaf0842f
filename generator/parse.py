"""Turn a loaded, validated spec into the IR and the schema document the models come from.

Everything is sorted here (operations by path and method, parameters by location and name,
examples by name), so templates can iterate in order without sorting themselves.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from typing import Any

from .config import ApiConfig
from .errors import Location, NameCollisionError, SpecValidationError, UnsupportedError
from .ir import Api, Example, Operation, Parameter, Response, Rule, SecurityScheme, Server, ServerVariable
from .lint import iter_operations, lint
from .loader import LoadedSpec, escape_pointer, iter_refs
from .naming import class_name, snake_case
from .rules import extract_rules

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
    for name in sorted(media.get("examples") or {}):
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
            Example(name="example", summary="", value=media["example"],
                    value_json=json.dumps(media["example"], sort_keys=True, ensure_ascii=True))
        )
    return tuple(found)


def _annotation(schema: Any, spec: LoadedSpec) -> str:
    if not isinstance(schema, dict):
        return "Any"
    if "$ref" in schema:
        return _annotation(spec.resolve(schema["$ref"]), spec)
    kind = schema.get("type")
    nullable = isinstance(kind, list) and "null" in kind
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "string")
    if kind == "array":
        text = f"list[{_annotation(schema.get('items'), spec)}]"
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
    for index, server in enumerate(spec.data.get("servers") or []):
        variables = tuple(
            ServerVariable(
                name=name,
                python_name=snake_case(name),
                default=str(var.get("default", "")),
                enum=tuple(str(v) for v in var.get("enum") or ()),
                description=str(var.get("description") or ""),
            )
            for name, var in sorted((server.get("variables") or {}).items())
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


def _security_schemes(spec: LoadedSpec, operations_by_id: dict[str, tuple[str, str]]) -> tuple[SecurityScheme, ...]:
    schemes: list[SecurityScheme] = []
    raw = (spec.data.get("components") or {}).get("securitySchemes") or {}
    for key in sorted(raw):
        scheme = raw[key]
        pointer = f"/components/securitySchemes/{escape_pointer(key)}"
        if "$ref" in scheme:
            scheme = spec.resolve(scheme["$ref"])
        kind = scheme.get("type")
        options: dict[str, str] = {}
        if kind == "http" and str(scheme.get("scheme", "")).lower() == "bearer":
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
        elif kind == "http" and str(scheme.get("scheme", "")).lower() == "basic":
            kind_name = "basic"
            options = {
                "username_format": str(scheme.get("x-specgen-username-format", "{username}")),
                "password_format": str(scheme.get("x-specgen-password-format", "{password}")),
            }
            options["args"] = _placeholders(
                options["username_format"] + options["password_format"], spec, pointer, {"username", "password"}
            )
        elif kind == "oauth2" and "clientCredentials" in (scheme.get("flows") or {}):
            flow = scheme["flows"]["clientCredentials"]
            kind_name = "oauth2_client_credentials"
            options = {"token_url": str(flow["tokenUrl"]), "scopes": " ".join(sorted(flow.get("scopes") or {}))}
            options["args"] = _placeholders(options["token_url"], spec, pointer, set())
        elif kind == "apiKey":
            kind_name = "api_key"
            options = {"name": str(scheme["name"]), "in": str(scheme["in"])}
        else:
            raise UnsupportedError(
                f"security scheme {key!r} ({kind}): specgen supports http bearer/basic, "
                "oauth2 client credentials and apiKey",
                spec.location(pointer),
            )
        schemes.append(
            SecurityScheme(
                key=key,
                kind=kind_name,
                description=str(scheme.get("description") or ""),
                options=tuple(sorted(options.items())),
            )
        )
    return tuple(schemes)


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
    prefix = "#/components/schemas/"
    if ref.startswith(prefix) and "/" not in ref[len(prefix):]:
        return ref[len(prefix):].replace("~1", "/").replace("~0", "~")
    return None


# Formats whose pydantic types need packages beyond pydantic and httpx (email-validator), or
# that would mask the value on the wire (SecretStr dumps as "**********"). The shipped spec
# keeps them; the models treat them as plain strings.
_PLAIN_STRING_FORMATS = frozenset({"email", "idn-email", "password"})


def _prepare_for_models(node: Any) -> None:
    """Rewrite, in place, constructs datamodel-code-generator renders unfaithfully.

    - formats needing extra packages become plain strings (see ``_PLAIN_STRING_FORMATS``);
    - a nullable enum (``type: [string, "null"], enum: [null, ...]``) becomes
      ``anyOf: [{enum without null}, {type: "null"}]``: otherwise the enum class rejects null.
    """
    if isinstance(node, dict):
        if node.get("format") in _PLAIN_STRING_FORMATS:
            del node["format"]
        enum = node.get("enum")
        if isinstance(enum, list) and None in enum:
            kind = node.get("type")
            kinds = [k for k in (kind if isinstance(kind, list) else [kind]) if k not in (None, "null")]
            branch: dict[str, Any] = {"enum": [v for v in enum if v is not None]}
            if kinds:
                branch["type"] = kinds[0] if len(kinds) == 1 else kinds
            del node["enum"]
            node.pop("type", None)
            node["anyOf"] = [branch, {"type": "null"}]
        for value in node.values():
            _prepare_for_models(value)
    elif isinstance(node, list):
        for value in node:
            _prepare_for_models(value)


def parse(spec: LoadedSpec, config: ApiConfig) -> Parsed:
    """Build the IR for ``spec``.

    Raises:
        SpecValidationError: a project lint rule fails.
        NameCollisionError: two names become the same Python name.
        UnsupportedError: a construct specgen cannot express.
    """
    problems = lint(spec)
    if problems:
        raise SpecValidationError(
            f"{len(problems)} problem(s) with specgen's spec rules",
            Location(spec.path),
            tuple(problems),
        )
    data = spec.data
    document: dict[str, Any] = {
        "openapi": data.get("openapi"),
        "info": {"title": "models", "version": "0"},
        "paths": {},
        "components": {"schemas": copy.deepcopy((data.get("components") or {}).get("schemas") or {})},
    }
    schemas: dict[str, Any] = document["components"]["schemas"]
    _prepare_for_models(schemas)
    schema_pointer: dict[str, str] = {name: f"/components/schemas/{escape_pointer(name)}" for name in schemas}

    class_of_schema: dict[str, str] = {}
    owner: dict[str, str] = {}
    for name in sorted(schemas):
        cls = class_name(name)
        if cls in owner:
            raise NameCollisionError(
                f"schemas {owner[cls]!r} and {name!r} both become the Python class {cls!r}",
                spec.location(schema_pointer[name]),
            )
        owner[cls] = name
        class_of_schema[name] = cls

    def body_model(schema: Any, pointer: str, hoisted_name: str) -> str:
        """The class for a body schema, hoisting inline schemas into components."""
        if isinstance(schema, dict) and set(schema) == {"$ref"}:
            name = _component_name(schema["$ref"])
            if name is None:
                raise UnsupportedError("a body $ref must point at #/components/schemas/<name>", spec.location(pointer))
            return class_of_schema[name]
        cls = class_name(hoisted_name)
        if cls in owner:
            raise NameCollisionError(
                f"the inline schema here becomes class {cls!r}, which schema {owner[cls]!r} already is; "
                "give the schema a name in components.schemas",
                spec.location(pointer),
            )
        owner[cls] = hoisted_name
        schemas[hoisted_name] = copy.deepcopy(schema)
        schema_pointer[hoisted_name] = pointer
        class_of_schema[hoisted_name] = cls
        return cls

    operations: list[Operation] = []
    operations_by_id: dict[str, tuple[str, str]] = {}
    python_names: dict[str, str] = {}
    request_roots: list[str] = []
    response_roots: list[str] = []
    global_security = _requirement_keys(data.get("security"))
    for path, method, pointer, op in iter_operations(data):
        op_id = str(op["operationId"])
        python_name = snake_case(op_id)
        if python_name in python_names:
            raise NameCollisionError(
                f"operations {python_names[python_name]!r} and {op_id!r} both become method {python_name!r}",
                spec.location(f"{pointer}/operationId"),
            )
        python_names[python_name] = op_id
        operations_by_id[op_id] = (method, path)

        params: dict[tuple[str, str], dict[str, Any]] = {}
        for source in (data["paths"][path].get("parameters") or [], op.get("parameters") or []):
            for raw in source:
                param = spec.resolve(raw["$ref"]) if "$ref" in raw else raw
                params[(param["in"], param["name"])] = param
        parameters: list[Parameter] = []
        param_names: dict[str, str] = {"body": "request body", "timeout": "the timeout option"}
        for (location, name), param in sorted(params.items(), key=lambda item: (("path", "query", "header", "cookie").index(item[0][0]), item[0][1])):
            if location == "cookie":
                raise UnsupportedError("cookie parameters are not supported", spec.location(pointer))
            pname = snake_case(name)
            if pname in param_names:
                raise NameCollisionError(
                    f"parameter {name!r} becomes argument {pname!r}, which {param_names[pname]} already uses",
                    spec.location(f"{pointer}/parameters"),
                )
            param_names[pname] = f"parameter {name!r}"
            style = str(param.get("style") or ("simple" if location in ("path", "header") else "form"))
            parameters.append(
                Parameter(
                    name=name,
                    python_name=pname,
                    location=location,
                    required=bool(param.get("required", False)) or location == "path",
                    annotation=_annotation(param.get("schema"), spec),
                    description=str(param.get("description") or ""),
                    style=style,
                    explode=bool(param.get("explode", style == "form")),
                    deprecated=bool(param.get("deprecated", False)),
                )
            )
        path_order = re.findall(r"{([^}]+)}", path)
        parameters.sort(key=lambda p: (p.location != "path", path_order.index(p.name) if p.name in path_order else 0))

        body_model_name = ""
        body_ct = ""
        body_examples: tuple[Example, ...] = ()
        body_pointer = ""
        body_required = False
        body = op.get("requestBody")
        if isinstance(body, dict):
            if "$ref" in body:
                body = spec.resolve(body["$ref"])
            body_ct, media = _json_media(body.get("content"))
            if media is None and body_ct:
                raise UnsupportedError(
                    f"request body type {body_ct!r}: specgen clients send JSON", spec.location(f"{pointer}/requestBody")
                )
            if media is not None:
                media_pointer = f"{pointer}/requestBody/content/{escape_pointer(body_ct)}"
                body_pointer = f"{media_pointer}/schema"
                body_model_name = body_model(media.get("schema", {}), body_pointer, f"{op_id}Request")
                body_examples = _examples(media)
                body_required = bool(body.get("required", False))
                request_roots.append(owner[body_model_name])

        responses: list[Response] = []
        for status in sorted((op.get("responses") or {}), key=str):
            response = op["responses"][status]
            if "$ref" in response:
                response = spec.resolve(response["$ref"])
            ct, media = _json_media(response.get("content"))
            model = ""
            examples: tuple[Example, ...] = ()
            resp_pointer = f"{pointer}/responses/{escape_pointer(str(status))}"
            if media is not None and "schema" in media:
                resp_pointer = f"{resp_pointer}/content/{escape_pointer(ct)}/schema"
                suffix = "Default" if str(status) == "default" else str(status)
                model = body_model(media["schema"], resp_pointer, f"{op_id}Response{suffix}")
                examples = _examples(media)
                response_roots.append(owner[model])
            responses.append(
                Response(
                    status=str(status),
                    description=str(response.get("description") or ""),
                    model=model,
                    content_type=ct,
                    examples=examples,
                    schema_pointer=resp_pointer,
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
            )
        )

    for name, schema in sorted(schemas.items()):
        if isinstance(schema, dict):
            seen: dict[str, str] = {}
            for prop in schema.get("properties") or {}:
                attr = snake_case(str(prop))
                if attr in seen:
                    raise NameCollisionError(
                        f"properties {seen[attr]!r} and {prop!r} of schema {name!r} both become attribute {attr!r}",
                        spec.location(f"{schema_pointer[name]}/properties/{escape_pointer(str(prop))}"),
                    )
                seen[attr] = str(prop)

    def locate(pointer: str) -> Location:
        for name, origin in schema_pointer.items():
            prefix = f"/components/schemas/{escape_pointer(name)}"
            if pointer == prefix or pointer.startswith(prefix + "/"):
                return spec.location(origin + pointer[len(prefix):])
        return spec.location(pointer)

    stripped, rules = extract_rules(document, locate, class_of_schema)
    request_side = _reachable(stripped, request_roots)
    response_side = _reachable(stripped, response_roots)
    response_only = tuple(sorted(class_of_schema[n] for n in response_side - request_side))
    # datamodel-code-generator's base_class_map is keyed by schema name.
    response_only_schemas = tuple(sorted(response_side - request_side))

    info = data.get("info") or {}
    version = str(info.get("version") or "0")
    creates = [op for op in operations if op.method == "POST" and op.body_model]
    primary = next((op for op in creates if op.operation_id.lower().startswith("create")), None)
    primary = primary or (creates[0] if creates else (operations[0] if operations else None))
    api = Api(
        name=config.name,
        package=config.package,
        distribution=config.distribution,
        title=config.title,
        version=str(info.get("version") or "0"),
        description=str(info.get("description") or ""),
        spec_file=f"specs/{config.name}/{config.spec_path.name}",
        servers=_servers(spec),
        security_schemes=_security_schemes(spec, operations_by_id),
        security=global_security,
        operations=tuple(operations),
        rules=rules,
        models=tuple(sorted(class_of_schema.values())),
        request_models=tuple(sorted(class_of_schema[n] for n in request_side)),
        response_models=response_only,
        package_version=version if re.fullmatch(r"\d+(\.\d+){0,3}", version) else "0.0.0",
        primary_operation=primary.operation_id if primary else "",
    )
    return Parsed(
        api=api,
        model_document=stripped,
        class_of_schema=class_of_schema,
        response_only=response_only_schemas,
        rules=rules,
    )
