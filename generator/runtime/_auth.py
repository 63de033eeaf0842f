"""``httpx.Auth`` flows: bearer, basic, API key, OAuth2 client credentials and login-for-token."""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Callable, Generator

import httpx

from ._requests import _decode_body, _safe_url
from .errors import (
    AuthenticationError,
)

__all__ = [
    "ApiKeyAuth",
    "BasicAuth",
    "BearerAuth",
    "LoginAuth",
    "OAuth2ClientCredentials",
]


class BearerAuth(httpx.Auth):
    """``Authorization: Bearer <token>``; ``token`` may be a callable asked on every request.

    ``prefix`` names another HTTP scheme (``Authorization: <prefix> <token>``).
    """

    def __init__(self, token: str | Callable[[], str], *, prefix: str = "Bearer") -> None:
        self._token = token
        self._prefix = prefix

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
        if "timeout" in api_request.extensions:
            token_request.extensions["timeout"] = api_request.extensions["timeout"]
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

    def _refused(self, response: httpx.Response) -> AuthenticationError:
        body = _decode_body(response)
        return AuthenticationError(
            f"{type(self).__name__}: {_safe_url(response.request.url)} refused the credentials "
            f"with HTTP {response.status_code} {response.reason_phrase}",
            response=response,
            body=body,
        )

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
