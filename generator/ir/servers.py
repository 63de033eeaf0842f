"""The spec's ``servers`` as named environments.

A server's environment name is its ``x-specgen-environment``; without one, a readable slug of
its description (``"Sandbox (test)"`` → ``sandbox``, ``"Main API host. ..."`` →
``main_api_host``), else of its URL's host. Two servers with one name are numbered
(``production_2``). The default environment is the server marked ``x-specgen-default: true``,
else the first; ``servers()`` lists it first. ``x-specgen-token-url`` gives the OAuth2 token
URL to use with that server.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from ..errors import Location, SpecValidationError
from ..naming import snake_case
from ..spec.loader import LoadedSpec
from ..spec.safety import unusable_server
from .records import (
    Server,
    ServerVariable,
)

__all__ = ["CLIENT_ARGUMENTS", "server_name", "servers"]

# Words a slug leaves out: they make a name longer, not clearer.
_FILLER = frozenset({"a", "an", "and", "for", "of", "the", "to", "with", "your", "our", "server"})
_HOST_FILLER = frozenset({"www", "api", "com", "net", "org", "io", "nl", "de", "be"})


def _slug(text: str, filler: frozenset[str], limit: int = 3) -> str:
    words = [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in filler]
    return "_".join(words[:limit])


def server_name(server: dict[str, Any], index: int, taken: set[str]) -> str:
    """The environment name of ``server`` (see the module docstring), unique within ``taken``."""
    explicit = server.get("x-specgen-environment")
    description = str(server.get("description") or "")
    # The description's first phrase, without parenthesised remarks.
    phrase = re.split(r"[.;:,\n]\s|\s[-–—]\s|[.;:,\n]$", re.sub(r"\([^)]*\)", " ", description))[0]
    name = ""
    if isinstance(explicit, str) and explicit.strip():
        name = snake_case(explicit)
    if not name:
        name = _slug(phrase, _FILLER)
    if not name:
        url = str(server.get("url") or "")
        name = _slug(urlsplit(url).netloc or url, _HOST_FILLER)
    if not name:
        name = "default"
    if name[0].isdigit():
        name = f"env_{name}"
    if name in taken:
        number = 2
        while f"{name}_{number}" in taken:
            number += 1
        name = f"{name}_{number}"
    taken.add(name)
    return name


def servers(
    spec: LoadedSpec, notes: list[tuple[Location | None, str]] | None = None
) -> tuple[Server, ...]:
    """Every usable server as a named environment, the default one first; a server no client
    can send to (a placeholder scheme) is left out, with a note added to ``notes``."""
    notes = [] if notes is None else notes
    found: list[Server] = []
    taken: set[str] = set()
    raw = spec.data.get("servers")
    for index, server in enumerate(raw if isinstance(raw, list) else []):
        if not isinstance(server, dict) or not isinstance(server.get("url"), str):
            continue
        given = server.get("variables")
        declared: dict[str, Any] = given if isinstance(given, dict) else {}
        unusable = unusable_server(server["url"], declared)
        if unusable:
            notes.append(
                (
                    spec.location(f"/servers/{index}/url"),
                    f"server URL {server['url']!r} is left out: {unusable}; "
                    "the client needs base_url= for it",
                )
            )
            continue
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
        token_url = server.get("x-specgen-token-url")
        problem = _token_url_problem(token_url) if token_url is not None else ""
        if problem:
            raise SpecValidationError(
                f"x-specgen-token-url {token_url!r}: {problem}",
                spec.location(f"/servers/{index}/x-specgen-token-url"),
            )
        found.append(
            Server(
                name=server_name(server, index, taken),
                url=str(server["url"]),
                description=str(server.get("description") or ""),
                variables=variables,
                pointer=f"/servers/{index}",
                token_url=str(token_url or ""),
                is_default=server.get("x-specgen-default") is True,
            )
        )
    defaults = [s for s in found if s.is_default]
    if len(defaults) > 1:
        raise SpecValidationError(
            "more than one server says x-specgen-default: true "
            f"({', '.join(s.name for s in defaults)}); mark one",
            spec.location(defaults[1].pointer),
        )
    if found and not defaults:
        first = found[0]
        found[0] = Server(
            name=first.name,
            url=first.url,
            description=first.description,
            variables=first.variables,
            pointer=first.pointer,
            token_url=first.token_url,
            is_default=True,
        )
    return tuple(sorted(found, key=lambda s: not s.is_default))


def _token_url_problem(url: Any) -> str:
    """Why ``url`` cannot be a token URL (``""``: it can). The client secret goes there."""
    if not isinstance(url, str) or not re.match(r"^https?://[^/?#]", url, re.IGNORECASE):
        return "it must be an absolute http(s) URL (https://...)"
    if re.search(r"[\x00-\x1f\x7f\s]", url):
        return "it holds whitespace or control characters"
    if "@" in urlsplit(url).netloc:
        return "it carries credentials (user:password@): give them to the client instead"
    return ""


# Constructor arguments of every generated client: a server variable must not shadow one.
CLIENT_ARGUMENTS = frozenset(
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
        "token_url",
        "username",
        "password",
        "api_key",
        "client_id",
        "client_secret",
        "scope",
        "strict_response_validation",
        "max_response_bytes",
        "self",
    }
)


def _variable_argument(name: str) -> str:
    """The client argument for server variable ``name`` (``server_environment`` if it would
    shadow an argument the client already has)."""
    argument = snake_case(name)
    return f"server_{argument}" if argument in CLIENT_ARGUMENTS else argument
