"""The spec's ``servers`` as named environments."""

from __future__ import annotations

import re
from typing import Any

from .ir import (
    Server,
    ServerVariable,
)
from .loader import LoadedSpec
from .naming import snake_case

__all__ = ["server_name", "servers"]


def server_name(server: dict[str, Any], index: int, taken: set[str]) -> str:
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


def servers(spec: LoadedSpec) -> tuple[Server, ...]:
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
                python_name=_variable_argument(name),
                default=str(var.get("default", "")),
                enum=tuple(str(v) for v in var.get("enum") or ()),
                description=str(var.get("description") or ""),
            )
            for name, var in sorted(declared.items())
            if isinstance(var, dict)
        )
        servers.append(
            Server(
                name=server_name(server, index, taken),
                url=str(server["url"]),
                description=str(server.get("description") or ""),
                variables=variables,
            )
        )
    return tuple(servers)


# Constructor arguments of every generated client: a server variable must not shadow one.
_CLIENT_ARGUMENTS = frozenset(
    {
        "auth",
        "environment",
        "base_url",
        "timeout",
        "max_retries",
        "retry",
        "http_client",
        "default_headers",
        "logger",
        "token",
        "username",
        "password",
        "api_key",
        "client_id",
        "client_secret",
        "scope",
        "self",
    }
)


def _variable_argument(name: str) -> str:
    """The client argument for server variable ``name`` (``server_environment`` if it would
    shadow an argument the client already has)."""
    argument = snake_case(name)
    return f"server_{argument}" if argument in _CLIENT_ARGUMENTS else argument
