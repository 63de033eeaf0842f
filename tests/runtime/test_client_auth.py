"""``build_client_auth(s)``: a client's credential arguments → its auth, for every scheme kind,
and with several schemes, the credentials each call is sent with."""

from __future__ import annotations

import base64
from typing import Any

import httpx
import pytest
from generator.runtime._auth import AllOf, ApiKeyAuth, BasicAuth, BearerAuth, LoginAuth
from generator.runtime._client_auth import (
    ClientAuthSpec,
    SchemeAuths,
    build_client_auth,
    build_client_auths,
)


def build(
    spec: ClientAuthSpec,
    credentials: dict[str, Any],
    *,
    environment: str = "test",
    base_url: str | None = None,
    variables: dict[str, str] | None = None,
) -> tuple[httpx.Auth | None, dict[str, str]]:
    """The auth, and the default headers it set (none: every credential is an auth)."""
    auth = build_client_auth(
        spec,
        credentials,
        url="https://api.example.test/v1/",
        environment=environment,
        base_url=base_url,
        variables=variables or {},
    )
    return auth, {}


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


def test_an_api_key_is_an_auth_wherever_it_goes() -> None:
    """Not a default header: the key goes only with the calls its scheme authenticates."""
    auth, _ = build(ClientAuthSpec("api_key", {"name": "X-Key", "in": "header"}), {"api_key": "k"})
    assert isinstance(auth, ApiKeyAuth) and sent(auth).headers["X-Key"] == "k"
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


KEYS = {
    "appKey": ClientAuthSpec("api_key", {"name": "X-App-Key", "in": "header"}),
    "appToken": ClientAuthSpec(
        "api_key",
        {"name": "X-App-Token", "in": "header"},
        arguments={"api_key": "app_token_api_key"},
    ),
    "bearer": ClientAuthSpec("bearer", arguments={"token": "bearer_token"}),
}


def several(**given: str | None) -> httpx.Auth | None:
    """``build_client_auths`` over KEYS, credentials by argument name."""
    return build_client_auths(
        KEYS,
        {
            "appKey": {"api_key": given.get("api_key")},
            "appToken": {"api_key": given.get("app_token_api_key")},
            "bearer": {"token": given.get("bearer_token")},
        },
        url="https://api.example.test/",
        environment="test",
        base_url=None,
        variables={},
    )


def test_one_scheme_builds_its_auth_alone() -> None:
    auth = build_client_auths(
        {"Bearer": ClientAuthSpec("bearer")},
        {"Bearer": {"token": "t"}},
        url="https://api.example.test/",
        environment="test",
        base_url=None,
        variables={},
    )
    assert isinstance(auth, BearerAuth)


def test_each_call_is_sent_with_a_requirement_its_operation_accepts() -> None:
    auth = several(api_key="k", app_token_api_key="t", bearer_token="b")
    assert isinstance(auth, SchemeAuths)
    both = auth.for_requirements("getOrder", [["appKey", "appToken"]])
    assert isinstance(both, AllOf)
    headers = sent(both).headers
    assert (headers["X-App-Key"], headers["X-App-Token"]) == ("k", "t")
    assert "Authorization" not in headers
    bearer = auth.for_requirements("cancelOrder", [["bearer"]])
    assert bearer is not None and sent(bearer).headers["Authorization"] == "Bearer b"
    # Either would do: the one with the client's first scheme, whatever the spec's order.
    either = auth.for_requirements("listOrders", [["bearer"], ["appKey", "appToken"]])
    assert isinstance(either, AllOf)
    assert auth.for_requirements("ping", [[], ["bearer"]]) is not None
    assert auth.for_requirements("health", [[]]) is None
    # No requirement listed: the first scheme's credentials.
    assert isinstance(auth.for_requirements("legacy", []), ApiKeyAuth)


def test_a_call_no_credentials_given_can_authenticate_is_refused_by_name() -> None:
    auth = several(api_key="k", app_token_api_key="t")
    assert isinstance(auth, SchemeAuths)
    with pytest.raises(ValueError, match="cancelOrder needs credentials .* pass bearer_token="):
        auth.for_requirements("cancelOrder", [["bearer"]])
    only_key = several(bearer_token="b")
    assert isinstance(only_key, SchemeAuths)
    with pytest.raises(ValueError, match="pass api_key= and app_token_api_key= to the client"):
        only_key.for_requirements("getOrder", [["appKey", "appToken"]])


def test_no_credentials_at_all_are_refused_naming_each_scheme() -> None:
    with pytest.raises(ValueError) as refused:
        several()
    assert "pass api_key=; or app_token_api_key=; or bearer_token=" in str(refused.value)


def test_a_scheme_given_in_part_is_refused_by_its_argument_names() -> None:
    specs = {
        "Bearer": ClientAuthSpec("bearer"),
        "Partner": ClientAuthSpec(
            "basic",
            {"username_format": "{username}", "password_format": "{password}"},
            arguments={"username": "partner_username", "password": "partner_password"},
        ),
    }
    with pytest.raises(ValueError, match="pass partner_username= and partner_password="):
        build_client_auths(
            specs,
            {"Bearer": {"token": "t"}, "Partner": {"username": "u", "password": None}},
            url="https://api.example.test/",
            environment="test",
            base_url=None,
            variables={},
        )


class _Recording(httpx.Auth):
    """Sets a header; resends once with another value when the answer is 401."""

    def __init__(self, name: str) -> None:
        self.name = name

    def auth_flow(self, request: httpx.Request) -> Any:
        request.headers[self.name] = "1"
        response = yield request
        if response.status_code == 401:
            request.headers[self.name] = "2"
            yield request


def _answers(*statuses: int) -> httpx.MockTransport:
    seen: list[tuple[str, str]] = []
    queue = list(statuses)

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((request.headers["A"], request.headers["B"]))
        return httpx.Response(queue.pop(0) if queue else 200)

    transport = httpx.MockTransport(handler)
    transport.seen = seen  # type: ignore[attr-defined]
    return transport


def test_all_of_applies_each_and_replays_the_inner_on_a_resend() -> None:
    """A resend by one auth (a token refreshed after 401) goes through the ones after it."""
    transport = _answers(401)
    with httpx.Client(transport=transport) as client:
        response = client.get(
            "https://api.example.test/", auth=AllOf([_Recording("A"), _Recording("B")])
        )
    assert response.status_code == 200
    seen = transport.seen  # type: ignore[attr-defined]
    assert seen == [("1", "1"), ("1", "2")]


async def test_all_of_async_is_the_same() -> None:
    transport = _answers(401)
    async with httpx.AsyncClient(transport=transport) as client:
        auth = AllOf([_Recording("A"), _Recording("B")])
        response = await client.get("https://api.example.test/", auth=auth)
    assert response.status_code == 200
    seen = transport.seen  # type: ignore[attr-defined]
    assert seen == [("1", "1"), ("1", "2")]
