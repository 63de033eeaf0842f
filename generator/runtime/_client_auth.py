"""How a generated client turns its credential arguments into auth.

Each package's ``client.py`` declares the security schemes its client takes credentials for
once, as :class:`ClientAuthSpec` records by scheme key, and both clients' constructors hand
their credential arguments to :func:`build_client_auths`. With several schemes each call is
sent with the credentials of one requirement its operation accepts (:class:`SchemeAuths`).
The choices live here, in ordinary tested Python, not in each generated constructor.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable, Generator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

import httpx

from ._auth import AllOf, ApiKeyAuth, BasicAuth, BearerAuth, LoginAuth, OAuth2ClientCredentials

__all__ = ["ClientAuthSpec", "SchemeAuths", "build_client_auth", "build_client_auths"]


@dataclass(frozen=True)
class ClientAuthSpec:
    """A security scheme reduced to what a client builds its auth from.

    ``kind``: ``bearer``, ``login``, ``basic``, ``digest``, ``oauth2_client_credentials`` or
    ``api_key``. ``settings``: the kind's settings from the spec (a bearer ``prefix``, a login
    operation's ``path`` and field names, Basic ``username_format``/``password_format`` and
    their extra ``args``, an OAuth2 ``token_url`` and ``required_scopes``, an API key's
    ``name`` and ``in``). ``token_urls``: environments whose OAuth2 token URL differs from
    ``settings["token_url"]`` (``x-specgen-token-url``). ``arguments``: the constructor
    argument of each credential not passed under its plain name (``{"api_key":
    "app_token_api_key"}``), which an error message names.
    """

    kind: str
    settings: Mapping[str, str] = field(default_factory=dict)
    token_urls: Mapping[str, str] = field(default_factory=dict)
    arguments: Mapping[str, str] = field(default_factory=dict)

    def argument(self, key: str) -> str:
        """The constructor argument that carries credential ``key``."""
        return self.arguments.get(key, key)

    @property
    def args(self) -> list[str]:
        """Extra arguments the scheme's templates name (``domain`` in ``{password}@{domain}``)."""
        return self.settings.get("args", "").split()


def _wanted(spec: ClientAuthSpec, keys: Sequence[str]) -> str:
    return " and ".join(f"{spec.argument(key)}=" for key in keys)


def _given(
    spec: ClientAuthSpec, credentials: Mapping[str, Any], keys: list[str], also: str = ""
) -> None:
    """ValueError naming the arguments to pass, unless every one of ``keys`` was given."""
    if any(credentials.get(key) is None for key in keys):
        raise ValueError(f"pass {_wanted(spec, keys)} (or {also}auth=)")


class SchemeAuths(httpx.Auth):
    """The auth of each scheme whose credentials a client was given, by scheme key (the
    client's first scheme first). The engines ask it, per call, for the auth of one
    requirement the operation accepts (:meth:`for_requirements`); sent as an auth by itself
    it is the auth of the first scheme given."""

    def __init__(
        self, auths: Mapping[str, httpx.Auth], specs: Mapping[str, ClientAuthSpec]
    ) -> None:
        self._auths = dict(auths)
        self._specs = dict(specs)
        self._first = next(iter(specs))

    def for_requirements(
        self, operation: str, requirements: Sequence[Sequence[str]]
    ) -> httpx.Auth | None:
        """The auth for a call of ``operation``, which any one of ``requirements`` (each the
        scheme keys needed together; ``[]`` for none) authenticates; none listed: the first
        scheme's. A requirement with the client's first scheme is preferred, then one with
        any credentials (over none, where authentication is optional), in the spec's order.
        Raises ``ValueError`` naming the arguments to pass when no requirement can be met with
        the credentials given."""
        alternatives = [list(keys) for keys in requirements] or [[self._first]]
        met = [keys for keys in alternatives if all(key in self._auths for key in keys)]
        if not met:
            wanted = " or ".join(
                " and ".join(_wanted(self._specs[key], self._keys(key)) for key in keys)
                for keys in alternatives
                if all(key in self._specs for key in keys)
            )
            wanted = f"{wanted} to the client (or auth=)" if wanted else "auth= to the client"
            raise ValueError(
                f"{operation} needs credentials the client was not given: pass {wanted}"
            )
        chosen = next((keys for keys in met if self._first in keys), None)
        chosen = chosen or next((keys for keys in met if keys), met[0])
        auths = [self._auths[key] for key in chosen]
        if not auths:
            return None
        return auths[0] if len(auths) == 1 else AllOf(auths)

    def _keys(self, scheme: str) -> list[str]:
        return _needed(self._specs[scheme])

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        yield from next(iter(self._auths.values())).sync_auth_flow(request)

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        flow = next(iter(self._auths.values())).async_auth_flow(request)
        request = await flow.__anext__()
        while True:
            response = yield request
            try:
                request = await flow.asend(response)
            except StopAsyncIteration:
                return

    def __repr__(self) -> str:
        auths = ", ".join(f"{key}={auth!r}" for key, auth in self._auths.items())
        return f"SchemeAuths({auths})"


_REQUIRED: dict[str, tuple[str, ...]] = {
    "bearer": ("token",),
    "login": ("username", "password"),
    "basic": ("username", "password"),
    "digest": ("username", "password"),
    "oauth2_client_credentials": ("client_id", "client_secret"),
    "api_key": ("api_key",),
}
"""The credentials each kind needs (beyond the extra ``args`` of its templates)."""


def _needed(spec: ClientAuthSpec) -> list[str]:
    """The credentials an error asks for when ``spec``'s scheme has none."""
    return [*_REQUIRED.get(spec.kind, ()), *spec.args]


def build_client_auths(
    specs: Mapping[str, ClientAuthSpec],
    credentials: Mapping[str, Mapping[str, Any]],
    *,
    url: str,
    environment: str,
    base_url: str | None,
    variables: Mapping[str, str],
) -> httpx.Auth | None:
    """The client's auth from its credential arguments, by scheme key (``credentials[key]``
    maps each credential's plain name, ``token``, ``api_key`` ..., to what the caller passed).

    One scheme: its auth, as :func:`build_client_auth` builds it. Several: a
    :class:`SchemeAuths` of the schemes whose credentials were given (each complete, or
    ``ValueError`` naming what is missing); none given at all is a ``ValueError`` too.
    ``url``, ``environment``, ``base_url`` and ``variables``: see :func:`build_client_auth`.
    """
    context: dict[str, Any] = {
        "url": url,
        "environment": environment,
        "base_url": base_url,
        "variables": variables,
    }
    if len(specs) == 1:
        ((key, spec),) = specs.items()
        return build_client_auth(spec, credentials.get(key, {}), **context)
    auths: dict[str, httpx.Auth] = {}
    for key, spec in specs.items():
        given = credentials.get(key, {})
        if any(value is not None for value in given.values()):
            auth = build_client_auth(spec, given, **context)
            if auth is not None:
                auths[key] = auth
    if not auths:
        wanted = "; or ".join(_wanted(spec, _needed(spec)) for spec in specs.values())
        raise ValueError(f"pass {wanted} (as the operations you call require; or auth=)")
    return SchemeAuths(auths, specs)


def build_client_auth(
    spec: ClientAuthSpec,
    credentials: Mapping[str, Any],
    *,
    url: str,
    environment: str,
    base_url: str | None,
    variables: Mapping[str, str],
) -> httpx.Auth | None:
    """The auth of one scheme for ``credentials`` (its credentials by plain name).

    Raises ``ValueError`` naming the arguments to pass when one is missing. ``url`` is the
    client's base URL (a login call's URL starts there); ``environment``,
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
    )


def _bearer(spec: ClientAuthSpec, credentials: Mapping[str, Any], **_: Any) -> httpx.Auth:
    _given(spec, credentials, ["token"])
    return BearerAuth(credentials["token"], prefix=spec.settings.get("prefix") or "Bearer")


def _login(
    spec: ClientAuthSpec, credentials: Mapping[str, Any], *, url: str, **_: Any
) -> httpx.Auth:
    if credentials.get("token") is not None:
        return BearerAuth(credentials["token"])
    _given(spec, credentials, ["username", "password"], also=f"{spec.argument('token')}=, or ")
    return LoginAuth(
        login_url=url.rstrip("/") + spec.settings["path"],
        username=credentials["username"],
        password=credentials["password"],
        username_field=spec.settings["username_field"],
        password_field=spec.settings["password_field"],
        token_field=spec.settings["token_field"],
    )


def _basic(spec: ClientAuthSpec, credentials: Mapping[str, Any], **_: Any) -> httpx.Auth:
    _given(spec, credentials, ["username", "password", *spec.args])
    return BasicAuth(
        credentials["username"],
        credentials["password"],
        username_format=spec.settings["username_format"],
        password_format=spec.settings["password_format"],
        **{name: credentials[name] for name in spec.args},
    )


def _digest(spec: ClientAuthSpec, credentials: Mapping[str, Any], **_: Any) -> httpx.Auth:
    _given(spec, credentials, ["username", "password"])
    return httpx.DigestAuth(credentials["username"], credentials["password"])


def _oauth2(
    spec: ClientAuthSpec,
    credentials: Mapping[str, Any],
    *,
    url: str,
    environment: str,
    base_url: str | None,
    variables: Mapping[str, str],
    **_: Any,
) -> httpx.Auth:
    """Client credentials: the token URL is ``token_url=``, else the environment's (unless a
    ``base_url`` replaces the environment), else the scheme's; its placeholders are filled
    from the scheme's extra arguments and the server variables, and a relative one
    (``/oauth/token``) is resolved against the client's base URL, as OpenAPI says."""
    _given(spec, credentials, ["client_id", "client_secret", *spec.args])
    token_url = credentials.get("token_url")
    if token_url is None:
        default = spec.settings["token_url"]
        token_url = spec.token_urls.get(environment, default) if base_url is None else default
    for name, value in {**{a: credentials[a] for a in spec.args}, **variables}.items():
        token_url = token_url.replace("{" + name + "}", value)
    if "://" not in token_url:
        token_url = urljoin(url if url.endswith("/") else url + "/", token_url)
    scope = credentials.get("scope")
    return OAuth2ClientCredentials(
        credentials["client_id"],
        credentials["client_secret"],
        token_url=token_url,
        scope=scope if scope is not None else (spec.settings.get("required_scopes") or None),
    )


def _api_key(spec: ClientAuthSpec, credentials: Mapping[str, Any], **_: Any) -> httpx.Auth:
    """An API key in a header, a query parameter or a cookie: only on the calls its scheme
    authenticates (never a default header, which would go with every call)."""
    _given(spec, credentials, ["api_key"])
    return ApiKeyAuth(
        credentials["api_key"], name=spec.settings["name"], location=spec.settings["in"]
    )
