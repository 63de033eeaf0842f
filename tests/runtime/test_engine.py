"""SyncEngine and AsyncEngine against httpx.MockTransport; every scenario runs in both modes."""

from __future__ import annotations

import base64
import datetime
import json
import logging
import uuid
from collections.abc import Callable
from types import ModuleType
from typing import Any

import httpx
import pydantic
import pytest

from .conftest import Harness

BASE = "https://api.example.test/base"


class Contract(pydantic.BaseModel):
    contractNo: str
    status: str


class OpenContract(Contract):
    model_config = pydantic.ConfigDict(extra="allow")


class Problem(pydantic.BaseModel):
    message: str
    code: int | None = None


def make_op(rt: ModuleType, **overrides: Any) -> Any:
    values: dict[str, Any] = {
        "name": "createContract",
        "method": "POST",
        "path": "/v1/contracts/{id}",
        "idempotency_key": None,
        "outcome_unknown_hint": "Search the contract by its reference before sending it again.",
        "response_models": {201: Contract, 204: None},
        "error_models": {422: Problem, "default": Problem},
    }
    values.update(overrides)
    return rt.OperationSpec(**values)


def fresh(template: httpx.Response) -> httpx.Response:
    """A new response like ``template`` (a client takes over the stream of what it receives)."""
    return httpx.Response(template.status_code, headers=template.headers, content=template.content)


def respond(
    *responses: httpx.Response | Exception,
) -> tuple[Callable[..., Any], list[httpx.Request]]:
    """A handler answering with ``responses`` in turn (the last one repeats), and its log."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        item = responses[min(len(seen), len(responses)) - 1]
        if isinstance(item, Exception):
            raise item
        return fresh(item)

    return handler, seen


CREATED = httpx.Response(201, json={"contractNo": "C1", "status": "active"})


# --------------------------------------------------------------------------- success


async def test_success_request_shape_and_parsing(harness: Harness) -> None:
    handler, seen = respond(CREATED)
    engine = harness.engine(handler, default_headers={"User-Agent": "t/1", "X-Tenant": "a"})
    model, response = await harness.call(
        engine,
        make_op(harness.rt),
        path_params={"id": "a/b"},
        query={"dry": True, "tag": ["x", "y"], "skip": harness.rt.NOT_GIVEN},
        headers={"X-Tenant": "b", "X-Skip": harness.rt.NOT_GIVEN},
        json_body={"contractNo": "C1", "note": None, "gone": harness.rt.NOT_GIVEN},
    )
    assert model == Contract(contractNo="C1", status="active")
    assert response.status_code == 201
    (request,) = seen
    assert request.method == "POST"
    assert str(request.url) == f"{BASE}/v1/contracts/a%2Fb?dry=true&tag=x&tag=y"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["Accept"] == "application/json"
    assert request.headers["User-Agent"] == "t/1"
    assert request.headers["X-Tenant"] == "b"
    assert "X-Skip" not in request.headers
    assert request.content == b'{"contractNo":"C1","note":null}'
    await harness.close(engine)


async def test_no_body_statuses_and_undeclared_success(harness: Harness) -> None:
    handler, seen = respond(httpx.Response(204), httpx.Response(200, json={"free": 1}))
    engine = harness.engine(handler)
    op = make_op(harness.rt, method="GET")
    assert (await harness.call(engine, op, path_params={"id": 1}))[0] is None
    assert (await harness.call(engine, op, path_params={"id": 1}))[0] == {"free": 1}
    assert seen[0].content == b"" and "Content-Type" not in seen[0].headers


async def test_invalid_success_body_is_returned_leniently_with_one_warning(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    handler, _ = respond(httpx.Response(201, json={"contractNo": 5, "extra": "kept"}))
    engine = harness.engine(handler)
    op = make_op(harness.rt, response_models={201: OpenContract})
    with caplog.at_level(logging.WARNING):
        model, response = await harness.call(engine, op, path_params={"id": 1}, json_body={})
    assert isinstance(model, OpenContract)
    assert model.contractNo == 5  # malformed: kept raw
    assert model.status is None and "status" not in model.model_fields_set  # missing: unset
    assert model.model_extra == {"extra": "kept"}
    assert response.status_code == 201 and response.json()["contractNo"] == 5
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "createContract" in warnings[0].getMessage() and "kept" not in warnings[0].getMessage()
    assert "status: Field required" in warnings[0].getMessage()
    await harness.close(engine)


async def test_strict_response_validation_on_a_create_says_it_was_accepted(
    harness: Harness,
) -> None:
    handler, seen = respond(httpx.Response(201, json={"contractNo": "C-9"}))
    engine = harness.engine(handler, strict_response_validation=True)
    with pytest.raises(harness.errors.AcceptedResponseValidationError) as info:
        await harness.call(engine, make_op(harness.rt), path_params={"id": 1}, json_body={})
    error = info.value
    assert isinstance(error, harness.errors.ResponseValidationError)
    assert not isinstance(error, (harness.errors.APIStatusError, harness.errors.APIConnectionError))
    assert error.response.status_code == 201 and error.status_code == 201
    assert error.identifiers == {"contractNo": "C-9"}
    assert "ACCEPTED" in str(error) and "must NOT be sent again" in str(error)
    assert "HTTP 201" in str(error) and "contractNo='C-9'" in str(error)
    assert "status: Field required" in str(error)
    assert error.parsed.contractNo == "C-9"
    assert isinstance(error.error, pydantic.ValidationError)
    assert len(seen) == 1  # not resent
    await harness.close(engine)


async def test_strict_response_validation_per_call_and_on_a_read(harness: Harness) -> None:
    handler, _ = respond(httpx.Response(201, json={"contractNo": 5}))
    engine = harness.engine(handler)
    read = make_op(harness.rt, method="GET")
    with pytest.raises(harness.errors.ResponseValidationError) as info:
        await harness.call(engine, read, path_params={"id": 1}, strict_response_validation=True)
    assert type(info.value) is harness.errors.ResponseValidationError
    assert "contractNo" in str(info.value) and "status" in str(info.value)
    strict = harness.engine(handler, strict_response_validation=True)
    model, _ = await harness.call(
        strict, read, path_params={"id": 1}, strict_response_validation=False
    )
    assert isinstance(model, Contract)
    await harness.close(engine)
    await harness.close(strict)


async def test_root_model_answers_are_plain_lists(harness: Harness) -> None:
    Contracts = pydantic.RootModel[list[Contract]]
    good = [{"contractNo": "C1", "status": "a"}, {"contractNo": "C2", "status": "b"}]
    handler, _ = respond(
        httpx.Response(200, json=good), httpx.Response(200, json=[{"contractNo": "C3"}])
    )
    engine = harness.engine(handler)
    op = make_op(harness.rt, method="GET", response_models={200: Contracts})
    result, _ = await harness.call(engine, op, path_params={"id": 1})
    assert type(result) is list and len(result) == 2
    assert [c.contractNo for c in result] == ["C1", "C2"]
    assert all(isinstance(c, Contract) for c in result)
    lenient, _ = await harness.call(engine, op, path_params={"id": 1})
    assert type(lenient) is list and lenient[0].contractNo == "C3" and lenient[0].status is None
    await harness.close(engine)


DEEP = b"[" * 100_000 + b"]" * 100_000  # valid JSON that Python's parser cannot decode


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(201, content=b"<html>oops</html>"),
        httpx.Response(201, json="a string where an object is declared"),
        httpx.Response(201, json=[1, 2]),
        httpx.Response(201, content=DEEP),
    ],
    ids=["not-json", "string", "array", "too-deep"],
)
async def test_a_create_answer_that_cannot_be_its_model_raises_even_when_lenient(
    harness: Harness, answer: httpx.Response
) -> None:
    """The signature promises a model: a string, an array or undecodable JSON is not one."""
    handler, seen = respond(answer)
    engine = harness.engine(handler)
    with pytest.raises(harness.errors.AcceptedResponseValidationError) as info:
        await harness.call(engine, make_op(harness.rt), path_params={"id": 1}, json_body={})
    assert "ACCEPTED" in str(info.value) and "must NOT be sent again" in str(info.value)
    assert info.value.status_code == 201 and len(seen) == 1
    await harness.close(engine)


async def test_a_read_answer_that_cannot_be_its_model_raises_a_validation_error(
    harness: Harness,
) -> None:
    Contracts = pydantic.RootModel[list[Contract]]
    handler, _ = respond(
        httpx.Response(200, json={"not": "a list"}),
        httpx.Response(200, content=b"not json"),
        httpx.Response(200, content=DEEP),
    )
    engine = harness.engine(handler)
    listing = make_op(harness.rt, method="GET", response_models={200: Contracts})
    for _ in range(2):
        with pytest.raises(harness.errors.ResponseValidationError) as info:
            await harness.call(engine, listing, path_params={"id": 1})
        assert type(info.value) is harness.errors.ResponseValidationError
    with pytest.raises(harness.errors.ResponseValidationError) as info:
        await harness.call(engine, make_op(harness.rt, method="GET"), path_params={"id": 1})
    assert "nested too deeply" in str(info.value)
    await harness.close(engine)


async def test_a_list_or_object_where_a_scalar_is_promised_raises_even_when_lenient(
    harness: Harness,
) -> None:
    """A string root model (fraudlabspro's answers are JSON strings): ``[]`` is no ``str``, so
    the lenient mode has nothing of the promised type to return; ``"5"`` for an ``int`` it
    still returns as read."""
    Text = pydantic.RootModel[str]
    Count = pydantic.RootModel[int]
    handler, _ = respond(
        httpx.Response(200, json=[]),
        httpx.Response(200, json={"a": 1}),
        httpx.Response(200, json="five"),
    )
    engine = harness.engine(handler)
    text = make_op(harness.rt, method="GET", response_models={200: Text})
    for _ in range(2):
        with pytest.raises(harness.errors.ResponseValidationError):
            await harness.call(engine, text, path_params={"id": 1})
    count = make_op(harness.rt, method="GET", response_models={200: Count})
    parsed, _response = await harness.call(engine, count, path_params={"id": 1})
    assert parsed == "five"
    await harness.close(engine)


@pytest.mark.parametrize("read_as", [uuid.UUID, datetime.date, pydantic.AnyUrl])
async def test_a_list_where_a_value_read_from_text_is_promised_raises_even_when_lenient(
    harness: Harness, read_as: type
) -> None:
    """threatjammer (corpus): a create answers a UUID (``RootModel[UUID]``); ``[]`` is no UUID,
    date or URL any more than it is a ``str``."""
    handler, _ = respond(httpx.Response(200, json=[]))
    engine = harness.engine(handler)
    op = make_op(harness.rt, method="GET", response_models={200: pydantic.RootModel[read_as]})
    with pytest.raises(harness.errors.ResponseValidationError):
        await harness.call(engine, op, path_params={"id": 1})
    await harness.close(engine)


async def test_deeply_nested_json_never_raises_a_bare_recursion_error(harness: Harness) -> None:
    handler, _ = respond(
        httpx.Response(200, content=DEEP),  # an undeclared 2xx
        httpx.Response(422, content=DEEP),  # an error answer: the status error, body as text
        httpx.Response(201, content=b'{"contractNo": ' + DEEP + b"}"),
    )
    engine = harness.engine(handler)
    read = make_op(harness.rt, method="GET", response_models={})
    with pytest.raises(harness.errors.ResponseValidationError, match="nested too deeply"):
        await harness.call(engine, read, path_params={"id": 1})
    with pytest.raises(harness.errors.UnprocessableEntityError) as info:
        await harness.call(engine, make_op(harness.rt), path_params={"id": 1}, json_body={})
    assert info.value.body == DEEP.decode()
    with pytest.raises(harness.errors.AcceptedResponseValidationError, match="nested too deeply"):
        await harness.call(engine, make_op(harness.rt), path_params={"id": 1}, json_body={})
    await harness.close(engine)


async def test_a_deeply_nested_token_answer_is_an_authentication_error(harness: Harness) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b'{"access_token": ' + DEEP + b"}")

    auth = harness.rt.OAuth2ClientCredentials("c", "s", token_url="https://a.test/token")
    engine = harness.engine(handler, auth=auth)
    with pytest.raises(harness.errors.AuthenticationError, match="no usable token"):
        await harness.call(engine, make_op(harness.rt), path_params={"id": 1}, json_body={})


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("status", "name"),
    [
        (400, "BadRequestError"),
        (401, "AuthenticationError"),
        (403, "PermissionDeniedError"),
        (404, "NotFoundError"),
        (409, "ConflictError"),
        (422, "UnprocessableEntityError"),
        (429, "RateLimitError"),
        (500, "InternalServerError"),
        (502, "InternalServerError"),
        (503, "InternalServerError"),
        (418, "APIStatusError"),
    ],
)
async def test_status_maps_to_exception_with_parsed_body(
    harness: Harness, status: int, name: str
) -> None:
    handler, seen = respond(httpx.Response(status, json={"message": "nope", "code": 7}))
    engine = harness.engine(handler, retry=harness.rt.RetryPolicy(max_retries=0))
    with pytest.raises(harness.errors.APIStatusError) as info:
        await harness.call(engine, make_op(harness.rt), path_params={"id": 1}, json_body={})
    assert type(info.value) is getattr(harness.errors, name)
    assert info.value.status_code == status
    assert info.value.body == Problem(message="nope", code=7)
    assert info.value.response is not None and len(seen) == 1
    assert str(status) in str(info.value) and "createContract" in str(info.value)


async def test_error_body_best_effort(harness: Harness) -> None:
    handler, _ = respond(
        httpx.Response(422, json=[{"field": "x"}]),
        httpx.Response(400, text="plain failure"),
        httpx.Response(409),
        httpx.Response(404, json={"detail": "x"}),
    )
    engine = harness.engine(handler)
    op = make_op(harness.rt, error_models={422: Problem, "4XX": Problem})
    bodies = []
    for _ in range(4):
        with pytest.raises(harness.errors.APIStatusError) as info:
            await harness.call(engine, op, path_params={"id": 1}, json_body={})
        bodies.append(info.value.body)
    assert bodies == [[{"field": "x"}], "plain failure", None, {"detail": "x"}]


# --------------------------------------------------------------------------- timeouts


async def test_timeouts_reach_the_transport(harness: Harness) -> None:
    handler, seen = respond(CREATED)
    engine = harness.engine(handler, timeout=5.0)
    op = make_op(harness.rt)
    await harness.call(engine, op, path_params={"id": 1}, json_body={})
    await harness.call(
        engine, op, path_params={"id": 1}, json_body={}, timeout=httpx.Timeout(1.0, read=9.0)
    )
    await harness.call(engine, op, path_params={"id": 1}, json_body={}, timeout=None)
    assert seen[0].extensions["timeout"] == {"connect": 5.0, "read": 5.0, "write": 5.0, "pool": 5.0}
    assert seen[1].extensions["timeout"] == {"connect": 1.0, "read": 9.0, "write": 1.0, "pool": 1.0}
    assert seen[2].extensions["timeout"] == {
        "connect": None,
        "read": None,
        "write": None,
        "pool": None,
    }


async def test_injected_client_timeout_used_when_engine_has_none(harness: Harness) -> None:
    handler, seen = respond(CREATED)
    engine = harness.engine(handler, client_kwargs={"timeout": 7.0})
    await harness.call(engine, make_op(harness.rt), path_params={"id": 1}, json_body={})
    assert seen[0].extensions["timeout"]["read"] == 7.0


def test_default_timeout_for_the_engines_own_client(rt: ModuleType) -> None:
    assert rt.DEFAULT_TIMEOUT == httpx.Timeout(30.0, connect=10.0)
    engine = rt.SyncEngine(base_url=BASE)
    assert engine.http_client.timeout == rt.DEFAULT_TIMEOUT
    engine.close()
    assert engine.http_client.is_closed


async def test_injected_client_is_not_closed(harness: Harness) -> None:
    handler, _ = respond(CREATED)
    engine = harness.engine(handler)
    await harness.close(engine)
    assert not engine.http_client.is_closed


def test_context_managers(rt: ModuleType) -> None:
    with rt.SyncEngine(base_url=BASE) as engine:
        pass
    assert engine.http_client.is_closed


async def test_async_context_manager(rt: ModuleType) -> None:
    async with rt.AsyncEngine(base_url=BASE) as engine:
        pass
    assert engine.http_client.is_closed


# --------------------------------------------------------------------------- retries


async def test_503_then_success_retries_once(harness: Harness) -> None:
    handler, seen = respond(httpx.Response(503), CREATED)
    engine = harness.engine(handler)
    model, _ = await harness.call(
        engine, make_op(harness.rt, method="PUT"), path_params={"id": 1}, json_body={"a": 1}
    )
    assert model.contractNo == "C1"
    assert len(seen) == 2 and harness.sleeps == [0.5]
    assert seen[0].content == seen[1].content == b'{"a":1}'


@pytest.mark.parametrize(("header", "slept"), [("3", 3.0), ("600", 60.0), ("junk", 0.5)])
async def test_retry_after(harness: Harness, header: str, slept: float) -> None:
    handler, seen = respond(httpx.Response(429, headers={"Retry-After": header}), CREATED)
    engine = harness.engine(handler)
    await harness.call(
        engine, make_op(harness.rt, method="PUT"), path_params={"id": 1}, json_body={}
    )
    assert harness.sleeps == [slept] and len(seen) == 2


async def test_retries_exhausted_raise_the_last_status_error(harness: Harness) -> None:
    handler, seen = respond(httpx.Response(502), httpx.Response(504), httpx.Response(503))
    engine = harness.engine(handler, random=lambda: 1.0)
    with pytest.raises(harness.errors.InternalServerError) as info:
        await harness.call(
            engine, make_op(harness.rt, method="PUT"), path_params={"id": 1}, json_body={}
        )
    assert info.value.status_code == 503
    assert len(seen) == 3 and harness.sleeps == [0.375, 0.75]


async def test_500_is_not_retried_even_when_resending_is_safe(harness: Harness) -> None:
    handler, seen = respond(httpx.Response(500), CREATED)
    engine = harness.engine(handler)
    with pytest.raises(harness.errors.InternalServerError):
        await harness.call(
            engine, make_op(harness.rt, method="PUT"), path_params={"id": 1}, json_body={}
        )
    assert len(seen) == 1 and harness.sleeps == []


async def test_custom_max_retries(harness: Harness) -> None:
    handler, seen = respond(httpx.Response(429))
    engine = harness.engine(handler, retry=harness.rt.RetryPolicy(max_retries=4))
    with pytest.raises(harness.errors.RateLimitError):
        await harness.call(
            engine, make_op(harness.rt, method="PUT"), path_params={"id": 1}, json_body={}
        )
    assert len(seen) == 5 and harness.sleeps == [0.5, 1.0, 2.0, 4.0]


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
async def test_a_plain_create_is_sent_once_whatever_the_answer(
    harness: Harness, status: int
) -> None:
    # A gateway's 502/504 (or a 503) does not prove the server did nothing.
    handler, seen = respond(httpx.Response(status), CREATED)
    engine = harness.engine(handler)
    with pytest.raises(harness.errors.APIStatusError) as info:
        await harness.call(engine, make_op(harness.rt), path_params={"id": 1}, json_body={})
    assert info.value.status_code == status
    assert len(seen) == 1 and harness.sleeps == []


async def test_a_create_carrying_its_idempotency_key_is_retried_after_a_503(
    harness: Harness,
) -> None:
    handler, seen = respond(httpx.Response(503), CREATED)
    engine = harness.engine(handler)
    op = make_op(harness.rt, idempotency_key="contractIdent")
    await harness.call(engine, op, path_params={"id": 1}, json_body={"contractIdent": "K"})
    assert len(seen) == 2 and seen[0].content == seen[1].content
    without_key, seen_without = respond(httpx.Response(503), CREATED)
    with pytest.raises(harness.errors.InternalServerError):
        await harness.call(
            harness.engine(without_key), op, path_params={"id": 1}, json_body={"other": 1}
        )
    assert len(seen_without) == 1


async def test_unsafe_retry_statuses_opt_into_resending_a_plain_create(harness: Harness) -> None:
    handler, seen = respond(httpx.Response(429), httpx.Response(502), CREATED)
    policy = harness.rt.RetryPolicy(unsafe_retry_statuses=frozenset({429}))
    engine = harness.engine(handler, retry=policy)
    with pytest.raises(harness.errors.InternalServerError):
        await harness.call(engine, make_op(harness.rt), path_params={"id": 1}, json_body={})
    assert len(seen) == 2 and harness.sleeps == [0.5]


async def test_read_timeout_on_a_plain_create_is_an_unknown_outcome(harness: Harness) -> None:
    handler, seen = respond(httpx.ReadTimeout("slow"), CREATED)
    engine = harness.engine(handler)
    with pytest.raises(harness.errors.OutcomeUnknownError) as info:
        await harness.call(engine, make_op(harness.rt), path_params={"id": 1}, json_body={})
    assert len(seen) == 1 and harness.sleeps == []
    assert info.value.timed_out and "Search the contract by its reference" in str(info.value)
    assert isinstance(info.value.__cause__, httpx.ReadTimeout)


async def test_read_timeout_with_idempotency_key_is_retried(harness: Harness) -> None:
    handler, seen = respond(httpx.ReadTimeout("slow"))
    engine = harness.engine(handler)
    op = make_op(harness.rt, idempotency_key="contractIdent")
    with pytest.raises(harness.errors.APITimeoutError) as info:
        await harness.call(engine, op, path_params={"id": 1}, json_body={"contractIdent": "K-1"})
    assert not isinstance(info.value, harness.errors.OutcomeUnknownError)
    assert len(seen) == 3 and {r.content for r in seen} == {b'{"contractIdent":"K-1"}'}


async def test_idempotency_key_missing_from_body_is_not_resent(harness: Harness) -> None:
    handler, seen = respond(httpx.RemoteProtocolError("closed"))
    engine = harness.engine(handler)
    op = make_op(harness.rt, idempotency_key="contractIdent")
    with pytest.raises(harness.errors.OutcomeUnknownError) as info:
        await harness.call(engine, op, path_params={"id": 1}, json_body={"other": 1})
    assert len(seen) == 1 and not info.value.timed_out


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
async def test_idempotent_methods_are_retried_after_read_errors(
    harness: Harness, method: str
) -> None:
    handler, seen = respond(httpx.ReadError("reset"), httpx.Response(200, json={}))
    engine = harness.engine(handler)
    await harness.call(engine, make_op(harness.rt, method=method), path_params={"id": 1})
    assert len(seen) == 2


async def test_connect_errors_are_retried_for_any_method(harness: Harness) -> None:
    handler, seen = respond(httpx.ConnectError("refused"))
    engine = harness.engine(handler)
    with pytest.raises(harness.errors.APIConnectionError) as info:
        await harness.call(engine, make_op(harness.rt), path_params={"id": 1}, json_body={})
    assert type(info.value) is harness.errors.APIConnectionError
    assert len(seen) == 3 and harness.sleeps == [0.5, 1.0]


async def test_pool_timeout_exhausted_is_a_timeout(harness: Harness) -> None:
    handler, seen = respond(httpx.PoolTimeout("busy"), httpx.ConnectTimeout("slow"))
    engine = harness.engine(handler, retry=harness.rt.RetryPolicy(max_retries=1))
    with pytest.raises(harness.errors.APITimeoutError):
        await harness.call(engine, make_op(harness.rt), path_params={"id": 1}, json_body={})
    assert len(seen) == 2


async def test_fatal_transport_errors_are_not_retried(harness: Harness) -> None:
    handler, seen = respond(httpx.UnsupportedProtocol("nope"))
    engine = harness.engine(handler)
    with pytest.raises(harness.errors.APIConnectionError):
        await harness.call(engine, make_op(harness.rt, method="GET"), path_params={"id": 1})
    assert len(seen) == 1


async def test_missing_path_parameter(harness: Harness) -> None:
    handler, seen = respond(CREATED)
    engine = harness.engine(handler)
    with pytest.raises(ValueError, match="id"):
        await harness.call(engine, make_op(harness.rt), path_params={"id": ""})
    assert seen == []


@pytest.mark.parametrize("value", ["..", ".", "%2E%2E"])
async def test_a_dot_segment_path_parameter_is_refused_before_sending(
    harness: Harness, value: str
) -> None:
    handler, seen = respond(httpx.Response(204))
    engine = harness.engine(handler)
    op = make_op(harness.rt, method="DELETE", path="/v1/things/{id}")
    with pytest.raises(ValueError, match="another resource"):
        await harness.call(engine, op, path_params={"id": value})
    assert seen == []  # never DELETE /base/v1 or /base/v1/things


# --------------------------------------------------------------------------- auth


async def test_bearer_auth(harness: Harness) -> None:
    handler, seen = respond(CREATED)
    tokens = iter(["t1", "t2"])
    for auth in (harness.rt.BearerAuth("static"), harness.rt.BearerAuth(lambda: next(tokens))):
        engine = harness.engine(handler, auth=auth)
        for _ in range(2 if not isinstance(auth._token, str) else 1):
            await harness.call(engine, make_op(harness.rt), path_params={"id": 1}, json_body={})
    assert [r.headers["Authorization"] for r in seen] == ["Bearer static", "Bearer t1", "Bearer t2"]


async def test_basic_auth_formats(harness: Harness) -> None:
    handler, seen = respond(CREATED)
    odyssee = harness.rt.BasicAuth(
        "APIUser", "123456", password_format="{password}@{domain}", domain="TESTAPI"
    )
    by_user = harness.rt.BasicAuth("u", "p", username_format="{username}@{domain}", domain="D")
    for auth in (odyssee, by_user):
        engine = harness.engine(handler, auth=auth)
        await harness.call(engine, make_op(harness.rt), path_params={"id": 1}, json_body={})
    assert seen[0].headers["Authorization"] == "Basic QVBJVXNlcjoxMjM0NTZAVEVTVEFQSQ=="
    assert seen[1].headers["Authorization"] == "Basic " + base64.b64encode(b"u@D:p").decode()


class TokenServer:
    """Token/login endpoint plus API: the API accepts only tokens listed in ``valid``."""

    def __init__(self, token_path: str, *, expires_in: int | None = 3600) -> None:
        self.token_path = token_path
        self.expires_in = expires_in
        self.issued = 0
        self.valid: set[str] = set()
        self.token_requests: list[httpx.Request] = []
        self.api_requests: list[httpx.Request] = []
        self.refuse_with: int | None = None
        self.api_always_401 = False
        # Header values as received: a resent request is the same (mutated) object.
        self.seen_authorization: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == self.token_path:
            self.token_requests.append(request)
            if self.refuse_with:
                return httpx.Response(self.refuse_with, json={"error": "invalid_client"})
            self.issued += 1
            token = f"tok{self.issued}"
            self.valid.add(token)
            body: dict[str, Any] = {"access_token": token, "token": token, "token_type": "Bearer"}
            if self.expires_in is not None:
                body["expires_in"] = self.expires_in
            return httpx.Response(200, json=body)
        self.api_requests.append(request)
        self.seen_authorization.append(request.headers.get("Authorization", ""))
        bearer = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if self.api_always_401 or bearer not in self.valid:
            return httpx.Response(401, json={"message": "expired"})
        return fresh(CREATED)

    def bearers(self) -> list[str]:
        return list(self.seen_authorization)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_oauth2_client_credentials(harness: Harness) -> None:
    server = TokenServer("/realm/oauth2/token", expires_in=300)
    clock = Clock()
    auth = harness.rt.OAuth2ClientCredentials(
        "my-client",
        "s3cr3t",
        token_url="https://auth.example.test/realm/oauth2/token",
        scope="contracts:write",
        clock=clock,
    )
    engine = harness.engine(server, auth=auth, timeout=4.0)
    op = make_op(harness.rt)
    await harness.call(engine, op, path_params={"id": 1}, json_body={})
    token_request = server.token_requests[0]
    assert token_request.method == "POST"
    assert (
        token_request.headers["Authorization"]
        == "Basic " + base64.b64encode(b"my-client:s3cr3t").decode()
    )
    assert token_request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert token_request.content == b"grant_type=client_credentials&scope=contracts%3Awrite"
    assert token_request.extensions["timeout"]["read"] == 4.0

    clock.now += 269  # still valid: 300 s minus 30 s leeway
    await harness.call(engine, op, path_params={"id": 1}, json_body={})
    assert len(server.token_requests) == 1
    clock.now += 1  # leeway reached: refetch
    await harness.call(engine, op, path_params={"id": 1}, json_body={})
    assert len(server.token_requests) == 2
    assert server.bearers() == ["Bearer tok1", "Bearer tok1", "Bearer tok2"]

    server.valid.clear()  # revoked server-side: 401, drop the cache, one refetch, resend
    model, _ = await harness.call(engine, op, path_params={"id": 1}, json_body={"x": 1})
    assert model.contractNo == "C1"
    assert server.bearers()[-2:] == ["Bearer tok2", "Bearer tok3"]
    assert server.api_requests[-1].content == server.api_requests[-2].content == b'{"x":1}'
    assert len(server.token_requests) == 3 and harness.sleeps == []


async def test_oauth2_without_scope_or_expiry(harness: Harness) -> None:
    server = TokenServer("/token", expires_in=None)
    auth = harness.rt.OAuth2ClientCredentials("c", "s", token_url="https://a.test/token")
    engine = harness.engine(server, auth=auth)
    for _ in range(3):
        await harness.call(engine, make_op(harness.rt), path_params={"id": 1}, json_body={})
    assert server.token_requests[0].content == b"grant_type=client_credentials"
    assert len(server.token_requests) == 1


async def test_token_endpoint_refusal(harness: Harness) -> None:
    server = TokenServer("/token")
    server.refuse_with = 401
    auth = harness.rt.OAuth2ClientCredentials("c", "TOPSECRET", token_url="https://a.test/token")
    engine = harness.engine(server, auth=auth)
    with pytest.raises(harness.errors.AuthenticationError) as info:
        await harness.call(engine, make_op(harness.rt), path_params={"id": 1}, json_body={})
    assert info.value.status_code == 401 and info.value.body == {"error": "invalid_client"}
    assert "TOPSECRET" not in str(info.value) and "https://a.test/token" in str(info.value)
    assert server.api_requests == []


@pytest.mark.parametrize("status", [400, 401, 403])
async def test_only_400_401_403_from_the_token_endpoint_refuse_credentials(
    harness: Harness, status: int
) -> None:
    server = TokenServer("/token")
    server.refuse_with = status
    auth = harness.rt.OAuth2ClientCredentials("c", "TOPSECRET", token_url="https://a.test/token")
    engine = harness.engine(server, auth=auth)
    with pytest.raises(harness.errors.AuthenticationError, match="refused the credentials"):
        await harness.call(engine, make_op(harness.rt), path_params={"id": 1}, json_body={})


@pytest.mark.parametrize(
    ("status", "name"),
    [
        (503, "InternalServerError"),
        (500, "InternalServerError"),
        (429, "RateLimitError"),
        (404, "NotFoundError"),
    ],
)
async def test_a_failing_token_endpoint_is_not_a_credential_refusal(
    harness: Harness, status: int, name: str
) -> None:
    server = TokenServer("/token")
    server.refuse_with = status
    auth = harness.rt.OAuth2ClientCredentials("c", "TOPSECRET", token_url="https://a.test/token")
    engine = harness.engine(server, auth=auth)
    with pytest.raises(harness.errors.APIStatusError) as info:
        await harness.call(engine, make_op(harness.rt), path_params={"id": 1}, json_body={})
    assert type(info.value) is getattr(harness.errors, name)
    assert info.value.status_code == status
    assert "refused the credentials" not in str(info.value) and "not checked" in str(info.value)
    assert "TOPSECRET" not in str(info.value) and server.api_requests == []


async def test_a_busy_token_endpoint_is_retried_even_for_a_create(harness: Harness) -> None:
    """The API request was not sent while the token endpoint answered 503: safe to retry."""
    server = TokenServer("/token")
    answers = iter([503, 429])

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/token":
            server.refuse_with = next(answers, None)
        return server(request)

    auth = harness.rt.OAuth2ClientCredentials("c", "s", token_url="https://a.test/token")
    engine = harness.engine(handler, auth=auth)
    model, _ = await harness.call(engine, make_op(harness.rt), path_params={"id": 1}, json_body={})
    assert model.contractNo == "C1"
    assert len(server.token_requests) == 3 and len(server.api_requests) == 1
    assert harness.sleeps == [0.5, 1.0]


async def test_a_token_endpoint_asking_for_too_long_is_not_waited_for(harness: Harness) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503, headers={"Retry-After": "36000"})

    auth = harness.rt.OAuth2ClientCredentials("c", "s", token_url="https://a.test/token")
    engine = harness.engine(handler, auth=auth, timeout=2.0)
    with pytest.raises(harness.errors.InternalServerError):
        await harness.call(engine, make_op(harness.rt), path_params={"id": 1}, json_body={})
    assert harness.sleeps == []


@pytest.mark.parametrize("follow", [True, False])
async def test_a_redirected_login_is_never_followed(harness: Harness, follow: bool) -> None:
    urls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        urls.append(str(request.url))
        if request.url.host == "evil.test":
            return httpx.Response(200, json={"token": "stolen"})
        if request.url.path.endswith("/login/"):
            return httpx.Response(307, headers={"Location": "https://evil.test/collect"})
        return fresh(CREATED)

    engine = harness.engine(
        handler, auth=login_auth(harness.rt), client_kwargs={"follow_redirects": follow}
    )
    with pytest.raises(harness.errors.APIStatusError) as info:
        await harness.call(engine, make_op(harness.rt), path_params={"id": 1}, json_body={})
    assert type(info.value) is harness.errors.APIStatusError
    assert info.value.status_code == 307 and "not followed" in str(info.value)
    assert "hunter2" not in str(info.value)
    assert urls == ["https://api.example.test/base/api/token/login/"]  # never evil.test


async def test_an_api_redirect_is_still_followed_with_a_login_flow(harness: Harness) -> None:
    server = TokenServer("/base/api/token/login/")

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/base/v1/contracts/1":
            return httpx.Response(307, headers={"Location": "/base/v1/contracts/2"})
        return server(request)

    engine = harness.engine(
        handler, auth=login_auth(harness.rt), client_kwargs={"follow_redirects": True}
    )
    model, response = await harness.call(
        engine, make_op(harness.rt), path_params={"id": 1}, json_body={"x": 1}
    )
    assert model.contractNo == "C1" and response.url.path == "/base/v1/contracts/2"
    assert server.bearers() == ["Bearer tok1"] and len(server.token_requests) == 1
    assert server.api_requests[0].content == b'{"x":1}'  # a 307 keeps the body


def login_auth(rt: ModuleType, **kwargs: Any) -> Any:
    return rt.LoginAuth(
        login_url="https://api.example.test/base/api/token/login/",
        username="alice",
        password="hunter2",
        username_field="username",
        password_field="password",
        token_field="token",
        **kwargs,
    )


async def test_login_auth_caches_and_relogs_in_once(harness: Harness) -> None:
    server = TokenServer("/base/api/token/login/")
    engine = harness.engine(server, auth=login_auth(harness.rt))
    op = make_op(harness.rt)
    await harness.call(engine, op, path_params={"id": 1}, json_body={})
    await harness.call(engine, op, path_params={"id": 1}, json_body={})
    login = server.token_requests[0]
    assert json.loads(login.content) == {"username": "alice", "password": "hunter2"}
    assert login.headers["Content-Type"] == "application/json"
    assert len(server.token_requests) == 1

    server.valid.clear()  # token expired server-side
    await harness.call(engine, op, path_params={"id": 1}, json_body={})
    assert len(server.token_requests) == 2
    assert server.bearers() == ["Bearer tok1", "Bearer tok1", "Bearer tok1", "Bearer tok2"]


async def test_login_auth_second_401_is_an_authentication_error(harness: Harness) -> None:
    server = TokenServer("/base/api/token/login/")
    engine = harness.engine(server, auth=login_auth(harness.rt))
    op = make_op(harness.rt)
    await harness.call(engine, op, path_params={"id": 1}, json_body={})
    server.api_always_401 = True
    with pytest.raises(harness.errors.AuthenticationError) as info:
        await harness.call(engine, op, path_params={"id": 1}, json_body={})
    assert info.value.status_code == 401 and info.value.body == Problem(message="expired")
    assert len(server.token_requests) == 2 and len(server.api_requests) == 3


async def test_freshly_fetched_token_rejected_is_not_fetched_again(harness: Harness) -> None:
    server = TokenServer("/base/api/token/login/")
    server.api_always_401 = True
    engine = harness.engine(server, auth=login_auth(harness.rt))
    with pytest.raises(harness.errors.AuthenticationError):
        await harness.call(engine, make_op(harness.rt), path_params={"id": 1}, json_body={})
    assert len(server.token_requests) == 1 and len(server.api_requests) == 1


async def test_login_auth_token_lifetime(harness: Harness) -> None:
    server = TokenServer("/base/api/token/login/")
    clock = Clock()
    engine = harness.engine(server, auth=login_auth(harness.rt, token_lifetime=60.0, clock=clock))
    op = make_op(harness.rt)
    await harness.call(engine, op, path_params={"id": 1}, json_body={})
    clock.now += 61
    await harness.call(engine, op, path_params={"id": 1}, json_body={})
    assert len(server.token_requests) == 2


@pytest.mark.parametrize(
    ("status", "body"), [(400, {"non_field_errors": ["bad"]}), (200, {"no": "token"})]
)
async def test_failed_login(harness: Harness, status: int, body: Any) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json=body)

    engine = harness.engine(handler, auth=login_auth(harness.rt))
    with pytest.raises(harness.errors.AuthenticationError) as info:
        await harness.call(engine, make_op(harness.rt), path_params={"id": 1}, json_body={})
    assert info.value.status_code == status
    assert "hunter2" not in str(info.value) and "alice" not in str(info.value)


async def test_token_call_failure_is_not_an_unknown_outcome(harness: Harness) -> None:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        if request.url.path == "/token" and calls.count("/token") == 1:
            raise httpx.ReadTimeout("token endpoint slow", request=request)
        if request.url.path == "/token":
            return httpx.Response(200, json={"access_token": "t", "expires_in": 600})
        return fresh(CREATED)

    auth = harness.rt.OAuth2ClientCredentials("c", "s", token_url="https://a.test/token")
    engine = harness.engine(handler, auth=auth)
    model, _ = await harness.call(engine, make_op(harness.rt), path_params={"id": 1}, json_body={})
    assert model.contractNo == "C1"
    assert calls == ["/token", "/token", "/base/v1/contracts/1"]


# --------------------------------------------------------------------------- secrets


def test_reprs_hide_secrets(rt: ModuleType) -> None:
    auths = [
        rt.BearerAuth("SECRET"),
        rt.BasicAuth("user", "SECRET", password_format="{password}@{domain}", domain="D"),
        rt.OAuth2ClientCredentials("cid", "SECRET", token_url="https://a.test/token"),
        rt.LoginAuth(login_url="https://a.test/login", username="u", password="SECRET"),
    ]
    assert repr(auths[0]) == "BearerAuth(token=***)"
    for auth in auths:
        assert "SECRET" not in repr(auth) and "***" in repr(auth)
        engine = rt.SyncEngine(base_url="https://user:SECRET@api.example.test", auth=auth)
        assert "SECRET" not in repr(engine) and type(auth).__name__ in repr(engine)
        engine.close()


async def test_logs_one_line_per_attempt_without_secrets(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    handler, _ = respond(httpx.Response(503), httpx.ReadTimeout("t"), CREATED)
    logger = logging.getLogger("rtpkg.test")
    engine = harness.engine(
        handler,
        auth=harness.rt.BearerAuth("SECRET-TOKEN"),
        logger=logger,
        default_headers={"X-Api-Key": "SECRET-KEY"},
    )
    op = make_op(harness.rt, idempotency_key="contractIdent")
    with caplog.at_level(logging.DEBUG, logger="rtpkg.test"):
        await harness.call(
            engine,
            op,
            path_params={"id": 1},
            query={"api_key": "SECRET-QUERY"},
            json_body={"contractIdent": "K", "password": "SECRET-BODY"},
        )
    attempts = [r.getMessage() for r in caplog.records if "attempt" in r.getMessage()]
    assert attempts == [
        f"createContract POST {BASE}/v1/contracts/1 attempt 1/3: 503",
        f"createContract POST {BASE}/v1/contracts/1 attempt 2/3: ReadTimeout",
        f"createContract POST {BASE}/v1/contracts/1 attempt 3/3: 201",
    ]
    assert "SECRET" not in caplog.text


async def test_exception_messages_hide_secrets(harness: Harness) -> None:
    handler, _ = respond(httpx.Response(401, json={"message": "no"}), httpx.ReadTimeout("t"))
    engine = harness.engine(
        handler, auth=harness.rt.BearerAuth("SECRET-TOKEN"), default_headers={"X-Key": "SECRET"}
    )
    for _ in range(2):
        with pytest.raises(harness.errors.APIError) as info:
            await harness.call(
                engine,
                make_op(harness.rt),
                path_params={"id": 1},
                query={"k": "SECRET"},
                json_body={},
            )
        assert "SECRET" not in str(info.value) and "SECRET" not in repr(info.value)


async def test_raw_bodies_answers_and_accept(harness: Harness) -> None:
    """Binary body out, binary answer back, and an Accept header naming the answer's type."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=b"%PDF-1.7", headers={"Content-Type": "application/pdf"})

    op = harness.rt.OperationSpec(
        name="putFile",
        method="PUT",
        path="/files",
        body_kind="binary",
        accept="application/pdf",
        response_models={200: bytes},
    )
    engine = harness.engine(handler)
    result, _response = await harness.call(engine, op, json_body=b"\x00raw")
    assert result == b"%PDF-1.7"
    (request,) = seen
    assert request.content == b"\x00raw"
    assert request.headers["Content-Type"] == "application/octet-stream"
    assert request.headers["Accept"] == "application/pdf"
    await harness.close(engine)


@pytest.mark.parametrize(
    ("kind", "declared", "body", "sent_type", "sent"),
    [
        (
            "json",
            "application/merge-patch+json",
            {"a": None},
            "application/merge-patch+json",
            b'{"a":null}',
        ),
        ("binary", "image/png", b"\x89PNG", "image/png", b"\x89PNG"),
        ("text", "text/csv", "a,b", "text/csv; charset=utf-8", b"a,b"),
        ("text", "text/csv; charset=utf-8", "a,b", "text/csv; charset=utf-8", b"a,b"),
    ],
)
async def test_declared_body_media_type_is_sent(
    harness: Harness, kind: str, declared: str, body: object, sent_type: str, sent: bytes
) -> None:
    """A body goes out as the type the spec declares (merge patch, an image, CSV), not as the
    kind's generic default."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    op = harness.rt.OperationSpec(
        name="send", method="PATCH", path="/x", body_kind=kind, content_type=declared
    )
    engine = harness.engine(handler)
    await harness.call(engine, op, json_body=body)
    (request,) = seen
    assert request.headers["Content-Type"] == sent_type
    assert request.content == sent
    await harness.close(engine)


async def test_form_and_cookie_parameters(harness: Harness) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    op = harness.rt.OperationSpec(name="postForm", method="POST", path="/form", body_kind="form")
    engine = harness.engine(handler)
    await harness.call(
        engine, op, json_body={"name": "a b", "n": 2, "skip": None}, cookies={"session": "s 1"}
    )
    (request,) = seen
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert request.content == b"name=a+b&n=2"
    assert request.headers["Cookie"] == "session=s%201"
    await harness.close(engine)
