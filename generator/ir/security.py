"""Security schemes reduced to what a client needs to authenticate (one ``SecurityScheme`` each)."""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from typing import Any

from ..errors import Location, SpecValidationError, UnsupportedError
from ..naming import snake_case, unique
from ..schema.pointer import escape_pointer
from ..spec.loader import LoadedSpec, deref
from .records import (
    Api,
    ClientCredentials,
    CredentialArgument,
    SchemeKind,
    SecurityScheme,
)
from .servers import CLIENT_ARGUMENTS

__all__ = [
    "client_credentials",
    "split_colliding_requirements",
    "placeholders",
    "required_scopes",
    "requirement_alternatives",
    "requirement_keys",
    "security_schemes",
]


def security_schemes(
    spec: LoadedSpec, operations_by_id: dict[str, tuple[str, str]]
) -> tuple[tuple[SecurityScheme, ...], list[tuple[Location | None, str]]]:
    """Every security scheme, reduced to what a client needs; and warnings about them."""
    schemes: list[SecurityScheme] = []
    notes: list[tuple[Location | None, str]] = []
    raw = (spec.data.get("components") or {}).get("securitySchemes") or {}
    for key in sorted(raw, key=str):
        pointer = f"/components/securitySchemes/{escape_pointer(str(key))}"
        scheme = deref(spec, raw[key])
        kind = scheme.get("type")
        http_scheme = str(scheme.get("scheme", "")).lower()
        given_flows = scheme.get("flows")
        flows: dict[str, Any] = given_flows if isinstance(given_flows, dict) else {}
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
            options["args"] = placeholders(
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
                "required_scopes": " ".join(required_scopes(spec, str(key))),
            }
            # Placeholders of the flow's and the servers' token URLs become client arguments,
            # except server variables (filled from the server's own arguments).
            server_urls, server_vars = _server_token_urls(spec)
            options["args"] = placeholders(
                " ".join([options["token_url"], *server_urls]), spec, pointer, server_vars
            )
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
                kind=SchemeKind(kind_name),
                description=str(scheme.get("description") or ""),
                options=tuple(sorted(options.items())),
            )
        )
    return tuple(schemes), notes


def _server_token_urls(spec: LoadedSpec) -> tuple[list[str], set[str]]:
    """``x-specgen-token-url`` of every server, and the names of all server variables."""
    urls: list[str] = []
    names: set[str] = set()
    raw = spec.data.get("servers")
    for server in raw if isinstance(raw, list) else []:
        if not isinstance(server, dict):
            continue
        if isinstance(server.get("x-specgen-token-url"), str):
            urls.append(server["x-specgen-token-url"])
        if isinstance(server.get("variables"), dict):
            names.update(str(name) for name in server["variables"])
    return urls, names


def required_scopes(spec: LoadedSpec, key: str) -> list[str]:
    """The scopes the spec's security requirements ask of scheme ``key`` (top level and every
    operation), sorted: what the client requests when not given ``scope=``."""
    found: set[str] = set()

    def collect(requirements: Any) -> None:
        for requirement in requirements if isinstance(requirements, list) else []:
            if isinstance(requirement, dict) and isinstance(requirement.get(key), list):
                found.update(str(scope) for scope in requirement[key])

    collect(spec.data.get("security"))
    paths = spec.data.get("paths")
    for item in (paths if isinstance(paths, dict) else {}).values():
        for op in (item if isinstance(item, dict) else {}).values():
            if isinstance(op, dict):
                collect(op.get("security"))
    return sorted(found)


def placeholders(template: str, spec: LoadedSpec, pointer: str, known: set[str]) -> str:
    """Names of ``{placeholders}`` in ``template`` beyond ``known``: extra client arguments."""
    names = sorted(set(re.findall(r"{([^{}]*)}", template)) - known)
    for name in names:
        if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
            raise UnsupportedError(
                f"placeholder {{{name}}} must be a lower-case identifier: it becomes a client argument",
                spec.location(pointer),
            )
    return " ".join(names)


def requirement_alternatives(requirements: Any) -> tuple[tuple[str, ...], ...]:
    """The alternatives of a ``security`` list, in the spec's order: each the sorted keys of
    one requirement object (all needed together); an empty object (anonymous) is ``()``."""
    if not isinstance(requirements, list):
        return ()
    return tuple(
        tuple(sorted(str(key) for key in requirement))
        for requirement in requirements
        if isinstance(requirement, dict)
    )


def requirement_keys(requirements: Any) -> tuple[str, ...]:
    keys: list[str] = []
    for requirement in requirements or []:
        for key in sorted(requirement or {}):
            if key not in keys:
                keys.append(key)
    return tuple(keys)


# Credential arguments (``SecurityScheme.arguments``): the names a scheme may take plainly.
_CREDENTIAL_ARGUMENTS = frozenset(
    {"token", "token_url", "username", "password", "api_key", "client_id", "client_secret", "scope"}
)


def client_credentials(api: Api) -> tuple[ClientCredentials, ...]:
    """The credentials ``api``'s client takes (see :attr:`Api.credentials`): every declared
    scheme it can build auth from, :attr:`Api.client_scheme` first.

    The client scheme's arguments have the plain names (``token``, ``api_key``) it always
    had; another scheme's are prefixed by its key (``app_token_api_key``; ``api_key`` itself
    for a scheme named ``ApiKey``), so that adding a scheme renames no other's (numbered
    only where two would collide).
    """
    primary = api.client_scheme
    ordered = sorted(
        (scheme for scheme in api.security_schemes if scheme.arguments),
        key=lambda scheme: scheme is not primary,
    )
    taken = (set(CLIENT_ARGUMENTS) - _CREDENTIAL_ARGUMENTS) | {
        variable.python_name for variable in api.server_variables
    }
    found = []
    for scheme in ordered:
        prefix = snake_case(scheme.key).rstrip("_")
        wanted = [
            (
                key
                if scheme is primary or prefix == key or prefix.endswith(f"_{key}")
                else f"{prefix}_{key}"
            )
            for key, _type in scheme.arguments
        ]
        arguments = []
        for (key, type_), name in zip(scheme.arguments, wanted, strict=True):
            name = unique(name, taken)
            taken.add(name)
            arguments.append(CredentialArgument(name=name, key=key, type=type_))
        found.append(ClientCredentials(scheme=scheme, arguments=tuple(arguments)))
    return tuple(found)


def _credential_field(scheme: SecurityScheme) -> tuple[str, str]:
    """Where ``scheme``'s credential goes: an API key's header, query parameter or cookie,
    else the ``Authorization`` header."""
    if scheme.kind is SchemeKind.API_KEY:
        where, name = scheme.option("in", "header"), scheme.option("name")
        if where == "query":
            return ("query", name)
        return ("header", "cookie" if where == "cookie" else name.lower())
    return ("header", "authorization")


def split_colliding_requirements(api: Api) -> Api:
    """``api`` with each requirement that names several schemes writing the same place split
    into one requirement per choice among them.

    Google's specs require ``Oauth2`` and ``Oauth2c`` together: both are bearer tokens in
    ``Authorization``, which holds one, so either token authenticates (and a client asked for
    both could send only one anyway).
    """
    fields = {scheme.key: _credential_field(scheme) for scheme in api.security_schemes}
    operations = []
    for op in api.operations:
        alternatives: list[tuple[str, ...]] = []
        for keys in op.security_alternatives:
            groups: dict[tuple[str, str] | str, list[str]] = {}
            for key in keys:
                groups.setdefault(fields.get(key, key), []).append(key)
            for combination in itertools.product(*groups.values()):
                choice = tuple(sorted(combination))
                if choice not in alternatives:
                    alternatives.append(choice)
        operations.append(replace(op, security_alternatives=tuple(alternatives)))
    return replace(api, operations=tuple(operations))
