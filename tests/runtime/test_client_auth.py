"""``build_client_auth``: a client's credential arguments → its auth, for every scheme kind."""

from __future__ import annotations

import base64
from typing import Any

import httpx
import pytest
from generator.runtime._auth import ApiKeyAuth, BasicAuth, BearerAuth, LoginAuth
from generator.runtime._client_auth import ClientAuthSpec, build_client_auth


def build(
    spec: ClientAuthSpec,
    credentials: dict[str, Any],
    *,
    environment: str = "test",
    base_url: str | None = None,
    variables: dict[str, str] | None = None,
) -> tuple[httpx.Auth | None, dict[str, str]]:
    headers: dict[str, str] = {}
    auth = build_client_auth(
        spec,
        credentials,
        url="https://api.example.test/v1/",
        environment=environment,
        base_url=base_url,
        variables=variables or {},
        headers=headers,
    )
    return auth, headers


def sent(auth: httpx.Auth) -> httpx.Request:
    request = httpx.Request("GET", "https://api.example.test/v1/things")
    flow = auth.sync_auth_flow(request)
    return next(flow)


def test_bearer_sends_the_token_with_the_scheme_prefix() -> None:
    auth, _ = build(ClientAuthSpec("bearer", {"prefix": "Token"}), {"token": "t-1"})
    assert isinstance(auth, BearerAuth)
    assert sent(auth).headers["Authorization"] == "Token t-1"
    auth, _ = build(ClientAuthSpec("bearer"), {"token": "t-1"})
    assert auth is not None and sent(auth).headers["Authorization"] == "Bearer t-1"


@pytest.mark.parametrize(
    "spec, credentials, message",
    [
        (ClientAuthSpec("bearer"), {"token": None}, "pass token= (or auth=)"),
        (
            ClientAuthSpec("digest"),
            {"username": "u", "password": None},
            "pass username= and password= (or auth=)",
        ),
        (
            ClientAuthSpec("login", {"path": "/login"}),
            {"username": "u", "password": None, "token": None},
            "pass username= and password= (or token=, or auth=)",
        ),
        (
            ClientAuthSpec("basic", {"args": "domain"}),
            {"username": "u", "password": "p", "domain": None},
            "pass username= and password= and domain= (or auth=)",
        ),
        (
            ClientAuthSpec("oauth2_client_credentials", {"token_url": "https://a/t"}),
            {"client_id": "c", "client_secret": None, "scope": None, "token_url": None},
            "pass client_id= and client_secret= (or auth=)",
        ),
        (
            ClientAuthSpec("api_key", {"name": "X-Key", "in": "header"}),
            {"api_key": None},
            "pass api_key= (or auth=)",
        ),
    ],
)
def test_a_missing_credential_is_named(
    spec: ClientAuthSpec, credentials: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError) as info:
        build(spec, credentials)
    assert str(info.value) == message


def test_login_logs_in_at_the_client_url_unless_a_token_is_given() -> None:
    spec = ClientAuthSpec(
        "login",
        {"path": "/login", "username_field": "user", "password_field": "pw", "token_field": "t"},
    )
    auth, _ = build(spec, {"username": "u", "password": "p", "token": None})
    assert isinstance(auth, LoginAuth)
    assert "login_url='https://api.example.test/v1/login'" in repr(auth)
    auth, _ = build(spec, {"username": None, "password": None, "token": "tok"})
    assert isinstance(auth, BearerAuth)


def test_basic_fills_its_templates_with_the_extra_arguments() -> None:
    spec = ClientAuthSpec(
        "basic",
        {
            "args": "domain",
            "username_format": "{username}",
            "password_format": "{password}@{domain}",
        },
    )
    auth, _ = build(spec, {"username": "APIUser", "password": "123456", "domain": "TESTAPI"})
    assert isinstance(auth, BasicAuth)
    expected = base64.b64encode(b"APIUser:123456@TESTAPI").decode()
    assert sent(auth).headers["Authorization"] == f"Basic {expected}"


def test_digest_is_httpx_own() -> None:
    auth, _ = build(ClientAuthSpec("digest"), {"username": "u", "password": "p"})
    assert isinstance(auth, httpx.DigestAuth)


def test_an_api_key_header_is_a_default_header_and_other_places_an_auth() -> None:
    auth, headers = build(
        ClientAuthSpec("api_key", {"name": "X-Key", "in": "header"}), {"api_key": "k"}
    )
    assert auth is None and headers == {"X-Key": "k"}
    auth, headers = build(
        ClientAuthSpec("api_key", {"name": "key", "in": "query"}), {"api_key": "k"}
    )
    assert isinstance(auth, ApiKeyAuth) and headers == {}
    assert sent(auth).url.params["key"] == "k"


OAUTH = ClientAuthSpec(
    "oauth2_client_credentials",
    {
        "token_url": "https://{tenant}.auth.test/{region}/token",
        "args": "tenant",
        "required_scopes": "read",
    },
    token_urls={"production": "https://auth.example.test/{region}/token"},
)


def token_url_of(auth: httpx.Auth | None) -> str:
    assert auth is not None
    return str(getattr(auth, "_token_url"))


@pytest.mark.parametrize(
    "environment, base_url, given, expected",
    [
        ("test", None, None, "https://acme.auth.test/eu/token"),
        ("production", None, None, "https://auth.example.test/eu/token"),
        ("production", "https://proxy.test", None, "https://acme.auth.test/eu/token"),
        ("production", None, "https://mine.test/{tenant}", "https://mine.test/acme"),
    ],
)
def test_the_token_url_is_the_argument_else_the_environments_else_the_schemes(
    environment: str, base_url: str | None, given: str | None, expected: str
) -> None:
    credentials = {
        "client_id": "c",
        "client_secret": "s",
        "scope": None,
        "token_url": given,
        "tenant": "acme",
    }
    auth, _ = build(
        OAUTH, credentials, environment=environment, base_url=base_url, variables={"region": "eu"}
    )
    assert token_url_of(auth) == expected


def test_the_scope_defaults_to_the_required_scopes() -> None:
    credentials = {"client_id": "c", "client_secret": "s", "scope": None, "token_url": None}
    auth, _ = build(OAUTH, {**credentials, "tenant": "t"})
    assert getattr(auth, "_scope") == "read"
    auth, _ = build(OAUTH, {**credentials, "tenant": "t", "scope": "write"})
    assert getattr(auth, "_scope") == "write"


def test_a_scheme_specgen_cannot_build_leaves_auth_to_the_caller() -> None:
    assert build(ClientAuthSpec("custom"), {}) == (None, {})
