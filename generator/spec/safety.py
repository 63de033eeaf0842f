"""What a spec may not ask for, strict or not: things a generated client cannot do safely.

Authoring rules (``lint.py``) are advice for someone else's spec; these are refusals, because
the generated code would send something other than what the spec seems to say:

- a ``.`` or ``..`` path segment: httpx normalises ``/v1/things/../../admin`` to ``/admin``,
  out of the server's base path;
- a parameter name a header, cookie or query string cannot carry (CR/LF would inject headers);
- a server URL that is not ``http(s)`` (``file://``, ``javascript:``) or that carries
  credentials (``https://user:secret@host``: they would be copied into the README and sent
  with every request), or that has a query string or fragment (operation paths are appended to
  the base URL, so ``?key=1`` or ``#part`` would swallow them: requests go to the bare base).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote, urlsplit

from ..errors import Location, SpecValidationError
from ..schema.pointer import escape_pointer
from ..schema.walk import iter_operations
from .loader import LoadedSpec, deref

__all__ = ["check_safety", "unusable_server"]

# RFC 9110 token: the only characters a header (and a cookie) name may hold.
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_VARIABLE = re.compile(r"\{([^{}]*)\}")


def check_safety(spec: LoadedSpec) -> None:
    """Raise :class:`SpecValidationError` listing every unsafe construct in ``spec``."""
    problems: list[tuple[Location | None, str]] = []

    def report(pointer: str, message: str) -> None:
        problems.append((spec.location(pointer), message))

    paths = spec.data.get("paths")
    for path in sorted(paths if isinstance(paths, dict) else {}, key=str):
        segments = unquote(str(path)).split("?", 1)[0].split("/")
        if any(segment in (".", "..") for segment in segments):
            report(
                f"/paths/{escape_pointer(str(path))}",
                f"path {path!r} has a '.' or '..' segment: HTTP clients resolve it away, "
                "so requests would leave the server's base path",
            )
    for _path, _method, pointer, operation in iter_operations(spec.data):
        for where, parameter in _parameters(spec, operation, pointer):
            _check_parameter(parameter, where, report)
    for path, item in (paths if isinstance(paths, dict) else {}).items():
        if isinstance(item, dict):
            for index, parameter in enumerate(item.get("parameters") or []):
                resolved = deref(spec, parameter)
                where = f"/paths/{escape_pointer(str(path))}/parameters/{index}"
                _check_parameter(resolved, where, report)
    for pointer, url, variables in _server_urls(spec.data):
        for candidate in _expansions(url, variables):
            problem = _server_problem(candidate)
            if problem:
                report(pointer, f"server URL {url!r}: {problem}")
                break
    if problems:
        unique = {(str(loc), text): (loc, text) for loc, text in problems}
        raise SpecValidationError(
            f"{len(unique)} unsafe construct(s): specgen refuses to generate a client for them",
            spec.location(""),
            tuple(unique[key] for key in sorted(unique)),
        )


def _parameters(spec: LoadedSpec, operation: dict[str, Any], pointer: str) -> list[tuple[str, Any]]:
    raw = operation.get("parameters")
    return [
        (f"{pointer}/parameters/{index}", deref(spec, parameter))
        for index, parameter in enumerate(raw if isinstance(raw, list) else [])
    ]


def _check_parameter(parameter: Any, pointer: str, report: Callable[[str, str], None]) -> None:
    if not isinstance(parameter, dict):
        return
    name = parameter.get("name")
    where = parameter.get("in")
    if not isinstance(name, str):
        return
    if where in ("header", "cookie") and not _TOKEN.fullmatch(name):
        report(
            f"{pointer}/name",
            f"{where} parameter name {name!r} is not a valid {where} name "
            "(letters, digits and !#$%&'*+-.^_`|~ only)",
        )
    elif _CONTROL.search(name):
        report(f"{pointer}/name", f"parameter name {name!r} holds control characters")


def _server_urls(data: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """``(pointer, url, variables)`` of every server object: top level, path items, operations."""
    found: list[tuple[str, str, dict[str, Any]]] = []

    def collect(servers: Any, pointer: str) -> None:
        for index, server in enumerate(servers if isinstance(servers, list) else []):
            if isinstance(server, dict) and isinstance(server.get("url"), str):
                variables = server.get("variables")
                found.append(
                    (
                        f"{pointer}/{index}/url",
                        server["url"],
                        variables if isinstance(variables, dict) else {},
                    )
                )

    collect(data.get("servers"), "/servers")
    paths = data.get("paths")
    for path, item in (paths if isinstance(paths, dict) else {}).items():
        if not isinstance(item, dict):
            continue
        base = f"/paths/{escape_pointer(str(path))}"
        collect(item.get("servers"), f"{base}/servers")
        for method, operation in item.items():
            if isinstance(operation, dict):
                collect(operation.get("servers"), f"{base}/{escape_pointer(str(method))}/servers")
    return found


def _expansions(url: str, variables: dict[str, Any]) -> list[str]:
    """``url`` with each variable set to its default, then to each enum value in turn."""
    values: dict[str, list[str]] = {}
    for name in _VARIABLE.findall(url):
        declared = variables.get(name)
        options = [str(declared.get("default", ""))] if isinstance(declared, dict) else [""]
        if isinstance(declared, dict) and isinstance(declared.get("enum"), list):
            options += [str(value) for value in declared["enum"]]
        values[name] = options

    def expand(chosen: dict[str, str]) -> str:
        return _VARIABLE.sub(lambda m: chosen.get(m.group(1), values[m.group(1)][0]), url)

    candidates = [expand({})]
    for name, options in values.items():
        candidates += [expand({name: option}) for option in options[1:]]
    return candidates


def unusable_server(url: str, variables: dict[str, Any]) -> str:
    """Why a client cannot send to the server ``url`` as its variables expand (``""``: it
    can): a scheme other than http or https, such as a placeholder (``protocol://host``). Not
    a refusal: such a server is left out of the environments and ``base_url=`` given instead."""
    for candidate in _expansions(url, variables):
        try:
            scheme = urlsplit(candidate).scheme
        except ValueError:
            continue  # _server_problem refuses it
        if scheme.lower() not in ("http", "https"):
            return f"its scheme {scheme!r} is not http or https" if scheme else "it has no scheme"
    return ""


def _server_problem(url: str) -> str:
    if _CONTROL.search(url):
        return "it holds control characters"
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        return f"it is not a URL ({exc})"
    if "@" in parts.netloc:
        return "it carries credentials (user:password@): give them to the client instead"
    if "?" in url or "#" in url:
        return (
            "it has a query string or fragment: operation paths are appended to a base URL, "
            "so they would end up inside it"
        )
    return ""
