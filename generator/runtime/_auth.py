"""``httpx.Auth`` flows: bearer, basic, API key, OAuth2 client credentials and login-for-token."""

from __future__ import annotations

import base64
import json
import logging
import re
import threading
import time
from collections.abc import AsyncGenerator, Callable, Generator, Sequence
from urllib.parse import quote, quote_plus

import httpx

from ._common import DEFAULT_MAX_RESPONSE_BYTES
from ._requests import _LIMIT_EXTENSION, _aread_capped, _decode_body, _read_capped, _safe_url
from .errors import (
    APIStatusError,
    AuthenticationError,
    error_class_for,
)

__all__ = [
    "AllOf",
    "credential_fields",
    "ApiKeyAuth",
    "BasicAuth",
    "BearerAuth",
    "LoginAuth",
    "OAuth2ClientCredentials",
]


_HTTP_LOGGERS = (
    "httpx",
    "httpcore",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "httpcore.socks",
)
"""The loggers of the HTTP libraries: httpx logs each request's URL at INFO, query included.
A filter on a logger sees only that logger's own records, hence every name."""


class _RedactCredentials(logging.Filter):
    """Rewrites the HTTP libraries' log records so that no credential this runtime was given
    appears in them: the value of a query parameter that carries a credential is replaced by
    ``***``, and so is each credential itself wherever it appears (as given and
    percent-encoded). Records are never dropped."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._names: set[str] = set()
        self._values: set[str] = set()
        self._pattern: re.Pattern[str] | None = None
        self._secrets: tuple[str, ...] = ()

    def add(self, value: str, *, query_name: str | None = None) -> None:
        with self._lock:
            if query_name is not None:
                self._names.update({query_name, quote(query_name, safe=""), quote_plus(query_name)})
                names = "|".join(re.escape(name) for name in sorted(self._names))
                self._pattern = re.compile(rf"(?<=[?&])((?:{names})=)[^&#\s\"'>]*")
            # Very short values would blot out ordinary text; the query pattern covers URLs.
            if len(value) >= 4:
                self._values.update({value, quote(value, safe=""), quote_plus(value)})
                self._secrets = tuple(sorted(self._values, key=len, reverse=True))

    def redact(self, text: str) -> str:
        pattern, secrets = self._pattern, self._secrets
        if pattern is not None:
            text = pattern.sub(r"\1***", text)
        for secret in secrets:
            text = text.replace(secret, "***")
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if self._pattern is None and not self._secrets:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is the logging system's to report, not ours
            return True
        redacted = self.redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


_REDACTOR = _RedactCredentials()
_INSTALL_LOCK = threading.Lock()
_installed = False


def _keep_out_of_logs(value: str, *, query_name: str | None = None) -> None:
    """Register a credential (and the query parameter that carries it, if any) with the
    filter on the HTTP libraries' loggers, installing it on first use."""
    global _installed
    _REDACTOR.add(value, query_name=query_name)
    with _INSTALL_LOCK:
        if not _installed:
            for name in _HTTP_LOGGERS:
                logging.getLogger(name).addFilter(_REDACTOR)
            _installed = True


class BearerAuth(httpx.Auth):
    """``Authorization: Bearer <token>``; ``token`` may be a callable asked on every request.

    ``prefix`` names another HTTP scheme (``Authorization: <prefix> <token>``).
    """

    def __init__(self, token: str | Callable[[], str], *, prefix: str = "Bearer") -> None:
        self._token = token
        self._prefix = prefix
        if isinstance(token, str):
            _keep_out_of_logs(token)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        token = self._token() if callable(self._token) else self._token
        request.headers["Authorization"] = f"{self._prefix} {token}"
        yield request

    def __repr__(self) -> str:
        return "BearerAuth(token=***)"


class ApiKeyAuth(httpx.Auth):
    """An API key sent as a header, a query parameter or a cookie on every request."""

    def __init__(self, key: str, *, name: str, location: str = "header") -> None:
        if location not in ("header", "query", "cookie"):
            raise ValueError(f"an API key goes in a header, query or cookie, not {location!r}")
        self._key = key
        self._name = name
        self._location = location
        # httpx logs every URL at INFO: a key in the query would be in that line.
        _keep_out_of_logs(key, query_name=name if location == "query" else None)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._location == "header":
            request.headers[self._name] = self._key
        elif self._location == "query":
            request.url = request.url.copy_merge_params({self._name: self._key})
        else:
            cookie = f"{self._name}={self._key}"
            existing = request.headers.get("Cookie")
            request.headers["Cookie"] = f"{existing}; {cookie}" if existing else cookie
        yield request

    def __repr__(self) -> str:
        return f"ApiKeyAuth(name={self._name!r}, location={self._location!r}, key=***)"


class BasicAuth(httpx.Auth):
    """HTTP Basic auth whose user name and password may be built from templates.

    ``username_format`` / ``password_format`` are ``str.format`` templates filled with
    ``username`` / ``password`` and the extra keyword ``parts``: for example
    ``BasicAuth("APIUser", "123456", password_format="{password}@{domain}", domain="TESTAPI")``
    sends ``base64("APIUser:123456@TESTAPI")``.
    """

    def __init__(
        self,
        username: str,
        password: str,
        *,
        username_format: str = "{username}",
        password_format: str = "{password}",
        **parts: str,
    ) -> None:
        self._username = username_format.format(username=username, **parts)
        built_password = password_format.format(password=password, **parts)
        credentials = f"{self._username}:{built_password}".encode()
        self._header = "Basic " + base64.b64encode(credentials).decode("ascii")
        _keep_out_of_logs(built_password)
        _keep_out_of_logs(self._header.split()[1])

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._header
        yield request

    def __repr__(self) -> str:
        return f"BasicAuth(username={self._username!r}, password=***)"


class _TokenAuth(httpx.Auth):
    """A bearer token obtained from an endpoint, cached, refreshed on expiry and once on 401.

    The token call is yielded from the flow, so it goes through the same client (sync or
    async, same transport, same timeout as the API request). On a 401 the cached token is
    dropped and the request resent once with a new token; when the rejected token had just
    been fetched for this request, the 401 is returned at once instead. Cache updates are
    guarded by a lock; two requests that find no token at the same moment may both fetch
    one (harmless, the later one wins).

    Only 400, 401 and 403 from the token endpoint mean "credentials refused"
    (:class:`AuthenticationError`); any other failure raises the status error of its class
    (:class:`InternalServerError` for a 503, :class:`RateLimitError` for a 429, ...; the
    engines retry a 408, 429, 502, 503 or 504 there, the API request not being sent), and a
    redirect raises :class:`APIStatusError`: the engines send these flows with redirects
    off, so credentials never follow a redirect to another URL. Each answer the flow reads is
    capped like the API's (the request's ``max_response_bytes`` extension, else
    :data:`DEFAULT_MAX_RESPONSE_BYTES`).
    """

    requires_response_body = True

    def __init__(self, *, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._token: str | None = None
        self._expires_at: float | None = None

    # Subclasses build the token request and read (token, lifetime in seconds or None).
    def _token_request(self) -> httpx.Request:
        raise NotImplementedError

    def _read_token(self, response: httpx.Response) -> tuple[str, float | None]:
        raise NotImplementedError

    def _valid_token(self) -> str | None:
        with self._lock:
            if self._token is None:
                return None
            if self._expires_at is not None and self._clock() >= self._expires_at:
                self._token = None
                return None
            return self._token

    def _forget(self, rejected: str) -> str | None:
        """Drop ``rejected``; return a newer cached token if another request fetched one."""
        with self._lock:
            if self._token == rejected:
                self._token = None
            return self._token

    def _fetch(self, api_request: httpx.Request) -> Generator[httpx.Request, httpx.Response, str]:
        token_request = self._token_request()
        for key in ("timeout", _LIMIT_EXTENSION):
            if key in api_request.extensions:
                token_request.extensions[key] = api_request.extensions[key]
        response = yield token_request
        if not response.is_success:
            raise self._refused(response)
        try:
            token, lifetime = self._read_token(response)
        except (ValueError, KeyError, TypeError, RecursionError) as exc:
            raise AuthenticationError(
                f"{type(self).__name__}: the answer of {_safe_url(token_request.url)} holds no "
                f"usable token ({type(exc).__name__})",
                response=response,
                body=None,
            ) from None
        with self._lock:
            self._token = token
            self._expires_at = None if lifetime is None else self._clock() + lifetime
        return token

    def _refused(self, response: httpx.Response) -> APIStatusError:
        body = _decode_body(response)
        where = _safe_url(response.request.url)
        status = f"HTTP {response.status_code} {response.reason_phrase}"
        if response.status_code in (400, 401, 403):
            return AuthenticationError(
                f"{type(self).__name__}: {where} refused the credentials with {status}",
                response=response,
                body=body,
            )
        if response.is_redirect:
            return APIStatusError(
                f"{type(self).__name__}: {where} answered {status}, a redirect; not followed, "
                "since the request carries credentials",
                response=response,
                body=body,
            )
        # Unavailable, rate limited, not found...: the credentials were not judged.
        cls = error_class_for(response.status_code)
        return cls(
            f"{type(self).__name__}: {where} failed with {status} (the credentials were not "
            "checked)",
            response=response,
            body=body,
        )

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        """``auth_flow`` with each answer read under the size cap before the flow sees it."""
        limit = request.extensions.get(_LIMIT_EXTENSION, DEFAULT_MAX_RESPONSE_BYTES)
        flow = self.auth_flow(request)
        outgoing = next(flow)
        while True:
            response = yield outgoing
            _read_capped(response, limit=limit, operation=type(self).__name__)
            try:
                outgoing = flow.send(response)
            except StopIteration:
                break

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        """The async twin of :meth:`sync_auth_flow`."""
        limit = request.extensions.get(_LIMIT_EXTENSION, DEFAULT_MAX_RESPONSE_BYTES)
        flow = self.auth_flow(request)
        outgoing = next(flow)
        while True:
            response = yield outgoing
            await _aread_capped(response, limit=limit, operation=type(self).__name__)
            try:
                outgoing = flow.send(response)
            except StopIteration:
                break

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        token = self._valid_token()
        fresh = token is None
        if token is None:
            token = yield from self._fetch(request)
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code != 401 or fresh:
            return  # a token fetched for this very request is not fetched again
        newer = self._forget(token)
        token = newer if newer is not None else (yield from self._fetch(request))
        request.headers["Authorization"] = f"Bearer {token}"
        yield request  # a second 401 is returned as is (-> AuthenticationError)


class OAuth2ClientCredentials(_TokenAuth):
    """OAuth 2.0 client-credentials grant; the client authenticates with HTTP Basic.

    POSTs ``grant_type=client_credentials`` (and ``scope``) as a form to ``token_url``, reads
    ``access_token`` and ``expires_in`` and reuses the token until shortly before it expires:
    ``leeway`` seconds early (at most half its lifetime, so a short-lived token is still
    reused); without ``expires_in`` until the API answers 401. On a 401 the cached token is
    dropped and the request is resent once with a fresh token. ``scope`` is sent as given
    (space-separated scope names).
    """

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        *,
        token_url: str,
        scope: str | None = None,
        leeway: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(clock=clock)
        self._client_id = client_id
        self._token_url = token_url
        self._scope = scope
        self._leeway = leeway
        credentials = f"{client_id}:{client_secret}".encode()
        self._basic = "Basic " + base64.b64encode(credentials).decode("ascii")
        _keep_out_of_logs(client_secret)
        _keep_out_of_logs(self._basic.split()[1])

    def _token_request(self) -> httpx.Request:
        form = [("grant_type", "client_credentials")]
        if self._scope is not None:
            form.append(("scope", self._scope))
        return httpx.Request(
            "POST",
            self._token_url,
            data=dict(form),
            headers=[("Authorization", self._basic), ("Accept", "application/json")],
        )

    def _read_token(self, response: httpx.Response) -> tuple[str, float | None]:
        data = response.json()
        token = data["access_token"]
        if not isinstance(token, str) or not token:
            raise ValueError("access_token is not a non-empty string")
        expires_in = data.get("expires_in")
        if expires_in is None:
            return token, None
        lifetime = float(expires_in)
        return token, lifetime - min(self._leeway, lifetime / 2)

    def __repr__(self) -> str:
        return (
            f"OAuth2ClientCredentials(client_id={self._client_id!r}, client_secret=***, "
            f"token_url={self._token_url!r})"
        )


class LoginAuth(_TokenAuth):
    """A bearer token from a login call: POST JSON credentials, read the token field.

    The token is reused until the API answers 401 (or ``token_lifetime`` seconds have
    passed, when given); then the client logs in again once and resends. A second 401 is
    returned as is. A refused login raises :class:`AuthenticationError` with the login
    answer's status; the password never appears in messages.
    """

    def __init__(
        self,
        *,
        login_url: str,
        username: str,
        password: str,
        username_field: str = "username",
        password_field: str = "password",
        token_field: str = "token",
        token_lifetime: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(clock=clock)
        self._login_url = login_url
        self._username = username
        self._password = password
        _keep_out_of_logs(password)
        self._username_field = username_field
        self._password_field = password_field
        self._token_field = token_field
        self._token_lifetime = token_lifetime

    def _token_request(self) -> httpx.Request:
        credentials = {self._username_field: self._username, self._password_field: self._password}
        return httpx.Request(
            "POST",
            self._login_url,
            content=json.dumps(credentials).encode("utf-8"),
            headers=[("Content-Type", "application/json"), ("Accept", "application/json")],
        )

    def _read_token(self, response: httpx.Response) -> tuple[str, float | None]:
        token = response.json()[self._token_field]
        if not isinstance(token, str) or not token:
            raise ValueError(f"{self._token_field} is not a non-empty string")
        return token, self._token_lifetime

    def __repr__(self) -> str:
        return (
            f"LoginAuth(login_url={self._login_url!r}, username={self._username!r}, "
            "password=***)"
        )


class AllOf(httpx.Auth):
    """Several auths on each request: a security requirement that names several schemes.

    Each applies in turn and hands the request on to the next; a login or token flow goes
    last, so its own token call carries no other scheme's credential. An answer goes back
    through them in reverse, and a request one of them sends again (a new token after a 401)
    passes through those after it once more.
    """

    def __init__(self, auths: Sequence[httpx.Auth]) -> None:
        self._auths = sorted(auths, key=lambda auth: isinstance(auth, _TokenAuth))

    @property
    def has_token_flow(self) -> bool:
        """Whether one of the auths calls a login or token endpoint (see ``_TokenAuth``)."""
        return any(isinstance(auth, _TokenAuth) for auth in self._auths)

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        flows: list[Generator[httpx.Request, httpx.Response, None]] = []

        def through(start: int, request: httpx.Request) -> httpx.Request:
            for auth in self._auths[start:]:
                flows.append(auth.sync_auth_flow(request))
                request = next(flows[-1])
            return request

        request = through(0, request)
        while True:
            response = yield request
            while flows:
                try:
                    request = flows[-1].send(response)
                    break
                except StopIteration:
                    flows.pop()
            else:
                return
            request = through(len(flows), request)

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        """The async twin of :meth:`sync_auth_flow`."""
        flows: list[AsyncGenerator[httpx.Request, httpx.Response]] = []

        async def through(start: int, request: httpx.Request) -> httpx.Request:
            for auth in self._auths[start:]:
                flows.append(auth.async_auth_flow(request))
                request = await flows[-1].__anext__()
            return request

        request = await through(0, request)
        while True:
            response = yield request
            while flows:
                try:
                    request = await flows[-1].asend(response)
                    break
                except StopAsyncIteration:
                    flows.pop()
            else:
                return
            request = await through(len(flows), request)

    def __repr__(self) -> str:
        return f"AllOf({', '.join(repr(auth) for auth in self._auths)})"


def credential_fields(auth: object) -> frozenset[tuple[str, str]]:
    """Where ``auth`` puts credentials: ``(location, name)`` pairs, header names lower-case
    (``("header", "authorization")``, ``("query", "api_key")``, ``("header", "cookie")``).
    An auth this runtime does not know is taken to use ``Authorization``; ``None`` uses
    nothing."""
    if auth is None:
        return frozenset()
    if isinstance(auth, AllOf):
        return frozenset().union(*(credential_fields(part) for part in auth._auths))
    if isinstance(auth, ApiKeyAuth):
        if auth._location == "query":
            return frozenset({("query", auth._name)})
        name = "cookie" if auth._location == "cookie" else auth._name.lower()
        return frozenset({("header", name)})
    return frozenset({("header", "authorization")})
