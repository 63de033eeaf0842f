"""Pure retry logic: the decision table, failure classification, backoff and Retry-After."""

from __future__ import annotations

import email.utils
import itertools
from types import ModuleType

import httpx
import pytest

STATUSES = [200, 201, 204, 400, 401, 403, 404, 408, 409, 422, 429, 500, 501, 502, 503, 504]


def expected_for_status(status: int, retries_left: bool, resend_safe: bool) -> str:
    # A call that is not safe to resend is sent once whatever the answer (502-504 from a
    # gateway do not prove the server did nothing).
    retriable = resend_safe and status in {408, 429, 502, 503, 504}
    return "retry" if retriable and retries_left else "return"


def expected_for_failure(failure: str, retries_left: bool, resend_safe: bool) -> str:
    if failure == "fatal":
        return "fail"
    if failure == "maybe_sent" and not resend_safe:
        return "outcome_unknown"
    return "retry" if retries_left else "fail"


@pytest.mark.parametrize(
    ("status", "attempt", "resend_safe"),
    list(itertools.product(STATUSES, [0, 1, 2], [False, True])),
)
def test_decide_after_an_answer(
    rt: ModuleType, status: int, attempt: int, resend_safe: bool
) -> None:
    action = rt.decide(attempt=attempt, max_retries=2, resend_safe=resend_safe, status=status)
    assert action.value == expected_for_status(status, attempt < 2, resend_safe)


@pytest.mark.parametrize("status", STATUSES)
def test_unsafe_retry_statuses_opt_into_resending_an_unsafe_call(
    rt: ModuleType, status: int
) -> None:
    action = rt.decide(
        attempt=0,
        max_retries=2,
        resend_safe=False,
        status=status,
        unsafe_retry_statuses=frozenset({429, 503}),
    )
    assert action.value == ("retry" if status in {429, 503} else "return")


@pytest.mark.parametrize(
    ("failure", "attempt", "max_retries", "resend_safe"),
    list(itertools.product(["not_sent", "maybe_sent", "fatal"], [0, 1, 2], [0, 2], [False, True])),
)
def test_decide_after_a_transport_failure(
    rt: ModuleType, failure: str, attempt: int, max_retries: int, resend_safe: bool
) -> None:
    action = rt.decide(
        attempt=attempt,
        max_retries=max_retries,
        resend_safe=resend_safe,
        failure=rt.Failure(failure),
    )
    assert action.value == expected_for_failure(failure, attempt < max_retries, resend_safe)


@pytest.mark.parametrize(
    ("exc_type", "expected"),
    [
        (httpx.ConnectError, "not_sent"),
        (httpx.ConnectTimeout, "not_sent"),
        (httpx.PoolTimeout, "not_sent"),
        (httpx.ProxyError, "not_sent"),
        (httpx.ReadTimeout, "maybe_sent"),
        (httpx.WriteTimeout, "maybe_sent"),
        (httpx.ReadError, "maybe_sent"),
        (httpx.WriteError, "maybe_sent"),
        (httpx.RemoteProtocolError, "maybe_sent"),
        (httpx.DecodingError, "maybe_sent"),
        (httpx.NetworkError, "maybe_sent"),
        (httpx.UnsupportedProtocol, "fatal"),
        (httpx.LocalProtocolError, "fatal"),
    ],
)
def test_classify_failure(rt: ModuleType, exc_type: type[Exception], expected: str) -> None:
    request = httpx.Request("POST", "https://x.test/")
    assert rt.classify_failure(exc_type("boom", request=request), request).value == expected
    assert rt.classify_failure(exc_type("boom"), request).value == expected


def test_failure_of_another_request_means_not_sent(rt: ModuleType) -> None:
    api = httpx.Request("POST", "https://x.test/create")
    token = httpx.Request("POST", "https://x.test/token")
    exc = httpx.ReadTimeout("token call timed out", request=token)
    assert rt.classify_failure(exc, api) is rt.Failure.NOT_SENT


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"])
def test_safe_methods(rt: ModuleType, method: str) -> None:
    assert method in rt.SAFE_METHODS
    assert "POST" not in rt.SAFE_METHODS and "PATCH" not in rt.SAFE_METHODS


@pytest.mark.parametrize(
    ("attempt", "random_value", "expected"),
    [
        (0, 0.0, 0.5),
        (1, 0.0, 1.0),
        (2, 0.0, 2.0),
        (3, 0.0, 4.0),
        (4, 0.0, 8.0),
        (9, 0.0, 8.0),
        (0, 1.0, 0.375),
        (4, 1.0, 6.0),
        (1, 0.5, 0.875),
    ],
)
def test_exponential_backoff_with_jitter(
    rt: ModuleType, attempt: int, random_value: float, expected: float
) -> None:
    assert rt.RetryPolicy().backoff(attempt, None, random_value) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("3", 3.0),
        (" 2.5 ", 2.5),
        ("0", 0.0),
        ("60", 60.0),
        ("61", 60.0),
        ("120", 60.0),
        ("-1", 0.5),  # unreadable: exponential backoff
        ("soon", 0.5),
        ("", 0.5),
        ("inf", 0.5),
        ("nan", 0.5),
    ],
)
def test_retry_after_seconds_honoured_up_to_the_cap(
    rt: ModuleType, header: str, expected: float
) -> None:
    assert rt.RetryPolicy().backoff(0, header, 0.0) == pytest.approx(expected)


def test_retry_after_http_date(rt: ModuleType) -> None:
    now = 1_700_000_000.0
    in_ten = email.utils.formatdate(now + 10, usegmt=True)
    in_an_hour = email.utils.formatdate(now + 3600, usegmt=True)
    past = email.utils.formatdate(now - 100, usegmt=True)
    policy = rt.RetryPolicy()
    assert policy.backoff(0, in_ten, 0.0, now=now) == pytest.approx(10.0)
    assert policy.backoff(0, in_an_hour, 0.0, now=now) == pytest.approx(60.0)
    assert policy.backoff(0, past, 0.0, now=now) == 0.0
    assert rt.parse_retry_after(None) is None
    assert rt.parse_retry_after("Mon, 99 Foo 2024 99:99:99 GMT") is None


def test_retry_policy_is_frozen_and_validated(rt: ModuleType) -> None:
    policy = rt.RetryPolicy()
    assert (policy.max_retries, policy.initial_backoff, policy.max_backoff) == (2, 0.5, 8.0)
    assert (policy.retry_after_cap, policy.jitter) == (60.0, 0.25)
    assert policy.unsafe_retry_statuses == frozenset()
    with pytest.raises(AttributeError):
        policy.max_retries = 5
    with pytest.raises(ValueError):
        rt.RetryPolicy(max_retries=-1)
    with pytest.raises(ValueError):
        rt.RetryPolicy(jitter=1.5)
