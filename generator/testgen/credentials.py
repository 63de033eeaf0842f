"""The credentials the generated tests give a client beyond its first scheme's, and which
credentials each operation is then sent with (what the tests expect on the wire).

The first scheme's test credentials are the client support module's own (``CREDENTIALS``,
per kind). Every other scheme gets dummy values too, except OAuth2 client credentials: their
token call would need a token endpoint the fake server does not play. A login scheme gets a
token, which skips its login call for the same reason.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from ..ir import Api, Operation, SchemeKind

__all__ = ["auth_expectation", "auth_path_patterns", "other_credentials"]

_VALUES = {
    "token": "tok-SECRET-other-7f3a",
    "api_key": "key-SECRET-other-7f3a",
    "username": "user-other-7f3a",
    "password": "pw-SECRET-other-7f3a",
}


def other_credentials(api: Api) -> dict[str, str]:
    """Constructor arguments with dummy credentials for every scheme but the first."""
    given: dict[str, str] = {}
    for credentials in api.credentials[1:]:
        kind = credentials.scheme.kind
        if kind is SchemeKind.OAUTH2_CLIENT_CREDENTIALS:
            continue
        for argument in credentials.arguments:
            if kind is SchemeKind.LOGIN and argument.key != "token":
                continue
            given[argument.name] = _VALUES.get(argument.key, f"{argument.key}-7f3a")
    return given


def auth_expectation(api: Api, op: Operation) -> dict[str, object]:
    """What a test client holding the first scheme's credentials and
    :func:`other_credentials` sends ``op`` with, as :meth:`Api.requirement_for` restates the
    runtime's choice: ``primary_auth`` (whether the first scheme's credentials go with it),
    ``other_auth`` (the other schemes' values the request carries as given: keys and tokens),
    ``other_query`` (those of them sent as query parameters, ``[name, value]``: part of the
    URL) and ``unreachable`` (why it cannot be called at all; ``""``: it can)."""
    found: dict[str, object] = {
        "primary_auth": op.authenticated and bool(api.credentials),
        "other_auth": [],
        "other_query": [],
        "unreachable": "",
    }
    if not op.authenticated or len(api.credentials) <= 1:
        return found
    first = api.credentials[0].scheme.key
    others = {
        c.scheme.key: c
        for c in api.credentials[1:]
        if c.scheme.kind is not SchemeKind.OAUTH2_CLIENT_CREDENTIALS
    }
    chosen = api.requirement_for(op, {first, *others})
    if chosen is None:
        found["primary_auth"] = False
        found["unreachable"] = (
            "no requirement of the operation is met by the test client's credentials: another "
            "scheme's OAuth2 client credentials need a token endpoint the fake server does not "
            "play, and a scheme specgen cannot build needs auth="
        )
        return found
    found["primary_auth"] = first in chosen
    given = other_credentials(api)
    found["other_auth"] = [
        given[argument.name]
        for key in chosen
        if key in others and others[key].scheme.kind in _SENT_AS_GIVEN
        for argument in others[key].arguments
        if argument.name in given
    ]
    found["other_query"] = [
        [others[key].scheme.option("name"), given[argument.name]]
        for key in chosen
        if key in others
        and others[key].scheme.kind is SchemeKind.API_KEY
        and others[key].scheme.option("in") == "query"
        for argument in others[key].arguments
        if argument.name in given
    ]
    return found


_SENT_AS_GIVEN = frozenset({SchemeKind.API_KEY, SchemeKind.BEARER, SchemeKind.LOGIN})
"""Kinds whose credential appears on the wire as given (Basic encodes it; Digest answers a
challenge the fake server never makes)."""


def auth_path_patterns(api: Api) -> list[str]:
    """Regular expressions for the URL paths of every login and token endpoint the client's
    schemes call (a README example may give any scheme's credentials): a login path ends the
    URL path (it is relative to the base URL); a token URL's path, resolved against the
    default environment's URL as the client resolves it, is the whole URL path. A
    ``{placeholder}`` matches one segment."""
    server = api.servers[0] if api.servers else None
    patterns: set[str] = set()
    for credentials in api.credentials:
        scheme = credentials.scheme
        if scheme.kind is SchemeKind.LOGIN:
            patterns.add(_segments(scheme.option("path")) + "$")
        elif scheme.kind is SchemeKind.OAUTH2_CLIENT_CREDENTIALS:
            url = (server.token_url if server is not None else "") or scheme.option("token_url")
            if server is not None:
                url = urljoin(server.url.rstrip("/") + "/", url)
            patterns.add("^" + _segments(urlsplit(url).path or "/") + "$")
    return sorted(patterns)


def _segments(path: str) -> str:
    """``path`` as a regex, each ``{placeholder}`` one segment."""
    return "[^/]+".join(re.escape(part) for part in re.split(r"\{[^{}]+\}", path))
