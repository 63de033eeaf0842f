"""How a generated client turns its credential arguments into auth.

Each package's ``client.py`` declares its spec's security scheme once, as a
:class:`ClientAuthSpec` (the scheme's kind and settings), and both clients' constructors hand
their credential arguments to :func:`build_client_auth`. The choices live here, in ordinary
tested Python, not in each generated constructor.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from ._auth import ApiKeyAuth, BasicAuth, BearerAuth, LoginAuth, OAuth2ClientCredentials

__all__ = ["ClientAuthSpec", "build_client_auth"]


@dataclass(frozen=True)
class ClientAuthSpec:
    """A security scheme reduced to what a client builds its auth from.

    ``kind``: ``bearer``, ``login``, ``basic``, ``digest``, ``oauth2_client_credentials`` or
    ``api_key``. ``settings``: the kind's settings from the spec (a bearer ``prefix``, a login
    operation's ``path`` and field names, Basic ``username_format``/``password_format`` and
    their extra ``args``, an OAuth2 ``token_url`` and ``required_scopes``, an API key's
    ``name`` and ``in``). ``token_urls``: environments whose OAuth2 token URL differs from
    ``settings["token_url"]`` (``x-specgen-token-url``).
    """

    kind: str
    settings: Mapping[str, str] = field(default_factory=dict)
    token_urls: Mapping[str, str] = field(default_factory=dict)

    @property
    def args(self) -> list[str]:
        """Extra arguments the scheme's templates name (``domain`` in ``{password}@{domain}``)."""
        return self.settings.get("args", "").split()


def _given(credentials: Mapping[str, Any], names: list[str], also: str = "") -> None:
    """ValueError naming the arguments to pass, unless every one of ``names`` was given."""
    if any(credentials.get(name) is None for name in names):
        wanted = " and ".join(f"{name}=" for name in names)
        raise ValueError(f"pass {wanted} (or {also}auth=)")


def build_client_auth(
    spec: ClientAuthSpec,
    credentials: Mapping[str, Any],
    *,
    url: str,
    environment: str,
    base_url: str | None,
    variables: Mapping[str, str],
    headers: dict[str, str],
) -> httpx.Auth | None:
    """The auth for ``credentials`` (the constructor's credential arguments, by name).

    Raises ``ValueError`` naming the arguments to pass when one is missing. An API key sent
    in a header goes into ``headers`` (``None`` is returned: nothing else to do per request).
    ``url`` is the client's base URL (a login call's URL starts there); ``environment``,
    ``base_url`` and ``variables`` choose and fill an OAuth2 token URL.
    """
    builders: dict[str, Callable[..., httpx.Auth | None]] = {
        "bearer": _bearer,
        "login": _login,
        "basic": _basic,
        "digest": _digest,
        "oauth2_client_credentials": _oauth2,
        "api_key": _api_key,
    }
    builder = builders.get(spec.kind)
    if builder is None:
        return None  # a scheme specgen does not know: the caller passes auth=
    return builder(
        spec,
        credentials,
        url=url,
        environment=environment,
        base_url=base_url,
        variables=variables,
        headers=headers,
    )


def _bearer(spec: ClientAuthSpec, credentials: Mapping[str, Any], **_: Any) -> httpx.Auth:
    _given(credentials, ["token"])
    return BearerAuth(credentials["token"], prefix=spec.settings.get("prefix") or "Bearer")


def _login(
    spec: ClientAuthSpec, credentials: Mapping[str, Any], *, url: str, **_: Any
) -> httpx.Auth:
    if credentials.get("token") is not None:
        return BearerAuth(credentials["token"])
    _given(credentials, ["username", "password"], also="token=, or ")
    return LoginAuth(
        login_url=url.rstrip("/") + spec.settings["path"],
        username=credentials["username"],
        password=credentials["password"],
        username_field=spec.settings["username_field"],
        password_field=spec.settings["password_field"],
        token_field=spec.settings["token_field"],
    )


def _basic(spec: ClientAuthSpec, credentials: Mapping[str, Any], **_: Any) -> httpx.Auth:
    _given(credentials, ["username", "password", *spec.args])
    return BasicAuth(
        credentials["username"],
        credentials["password"],
        username_format=spec.settings["username_format"],
        password_format=spec.settings["password_format"],
        **{name: credentials[name] for name in spec.args},
    )


def _digest(spec: ClientAuthSpec, credentials: Mapping[str, Any], **_: Any) -> httpx.Auth:
    _given(credentials, ["username", "password"])
    return httpx.DigestAuth(credentials["username"], credentials["password"])


def _oauth2(
    spec: ClientAuthSpec,
    credentials: Mapping[str, Any],
    *,
    environment: str,
    base_url: str | None,
    variables: Mapping[str, str],
    **_: Any,
) -> httpx.Auth:
    """Client credentials: the token URL is ``token_url=``, else the environment's (unless a
    ``base_url`` replaces the environment), else the scheme's; its placeholders are filled
    from the scheme's extra arguments and the server variables."""
    _given(credentials, ["client_id", "client_secret", *spec.args])
    token_url = credentials.get("token_url")
    if token_url is None:
        default = spec.settings["token_url"]
        token_url = spec.token_urls.get(environment, default) if base_url is None else default
    for name, value in {**{a: credentials[a] for a in spec.args}, **variables}.items():
        token_url = token_url.replace("{" + name + "}", value)
    scope = credentials.get("scope")
    return OAuth2ClientCredentials(
        credentials["client_id"],
        credentials["client_secret"],
        token_url=token_url,
        scope=scope if scope is not None else (spec.settings.get("required_scopes") or None),
    )


def _api_key(
    spec: ClientAuthSpec, credentials: Mapping[str, Any], *, headers: dict[str, str], **_: Any
) -> httpx.Auth | None:
    _given(credentials, ["api_key"])
    if spec.settings["in"] == "header":
        headers[spec.settings["name"]] = credentials["api_key"]
        return None
    return ApiKeyAuth(
        credentials["api_key"], name=spec.settings["name"], location=spec.settings["in"]
    )
