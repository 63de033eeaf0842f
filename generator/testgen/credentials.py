"""The credentials the generated tests give a client beyond its first scheme's, and which
credentials each operation is then sent with (what the tests expect on the wire).

The first scheme's test credentials are the client support module's own (``CREDENTIALS``,
per kind). Every other scheme gets dummy values too, except OAuth2 client credentials: their
token call would need a token endpoint the fake server does not play. A login scheme gets a
token, which skips its login call for the same reason.
"""

from __future__ import annotations

from ..ir import Api, Operation, SchemeKind

__all__ = ["auth_expectation", "other_credentials"]

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


def auth_expectation(api: Api, op: Operation) -> tuple[bool, str]:
    """``(primary, unreachable)`` for ``op`` called by a test client holding the first
    scheme's credentials and :func:`other_credentials`: whether the first scheme's go with
    it, and why it cannot be called at all (``""``: it can), as :meth:`Api.requirement_for`
    restates the runtime's choice."""
    if not op.authenticated or len(api.credentials) <= 1:
        return op.authenticated and bool(api.credentials), ""
    first = api.credentials[0].scheme.key
    held = {first} | {
        c.scheme.key
        for c in api.credentials[1:]
        if c.scheme.kind is not SchemeKind.OAUTH2_CLIENT_CREDENTIALS
    }
    chosen = api.requirement_for(op, held)
    if chosen is None:
        return False, (
            "no requirement of the operation is met by the test client's credentials: another "
            "scheme's OAuth2 client credentials need a token endpoint the fake server does not "
            "play, and a scheme specgen cannot build needs auth="
        )
    return first in chosen, ""
