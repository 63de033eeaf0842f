"""When to retry: failure classification, ``Retry-After``, backoff (see ``_runtime`` for the rules)."""

from __future__ import annotations

import dataclasses
import datetime as _dt
import email.utils
import enum
import re
import time

import httpx

from ._common import RETRIABLE_STATUSES

__all__ = [
    "Action",
    "Failure",
    "RetryPolicy",
    "classify_failure",
    "decide",
    "parse_retry_after",
]


_SECONDS = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*$")


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delay seconds or HTTP-date).

    Returns ``None`` when the header is absent or unreadable; a date in the past gives 0.
    ``now`` is the current Unix time (default ``time.time()``).
    """
    if value is None:
        return None
    match = _SECONDS.match(value)
    if match:
        return float(match.group(1))
    try:
        when = email.utils.parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=_dt.timezone.utc)
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


@dataclasses.dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to retry (see the module docstring for *what* is retried).

    ``max_retries`` counts resends, so a request is sent at most ``1 + max_retries`` times.

    ``unsafe_retry_statuses`` lists the answers after which a request that is *not* safe to
    resend (a create or other non-idempotent call without an idempotency key) is sent again
    anyway. It is empty by default: such a request is sent once whatever the server answers,
    since even a 502, 503 or 504 from a gateway does not prove the server did nothing. Add a
    status (``frozenset({429})``, say) only if the API documents that it means "not
    processed".
    """

    max_retries: int = 2
    initial_backoff: float = 0.5
    max_backoff: float = 8.0
    retry_after_cap: float = 60.0
    jitter: float = 0.25
    unsafe_retry_statuses: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        if not 0.0 <= self.jitter <= 1.0:
            raise ValueError("jitter must be between 0 and 1")
        if min(self.initial_backoff, self.max_backoff, self.retry_after_cap) < 0:
            raise ValueError("backoff values must be >= 0")

    def backoff(
        self,
        attempt: int,
        retry_after_header: str | None,
        random_value: float,
        *,
        now: float | None = None,
    ) -> float:
        """Seconds to sleep before the next attempt.

        ``attempt`` is the number of the attempt that just failed, from 0. A readable
        ``Retry-After`` wins, capped at ``retry_after_cap``; otherwise the delay is
        ``initial_backoff * 2**attempt`` capped at ``max_backoff``, reduced by up to
        ``jitter`` (a fraction) using ``random_value`` in [0, 1).
        """
        server = parse_retry_after(retry_after_header, now=now)
        if server is not None:
            return min(server, self.retry_after_cap)
        delay = min(self.initial_backoff * (2.0**attempt), self.max_backoff)
        return delay * (1.0 - self.jitter * random_value)


class Failure(enum.Enum):
    """Where a transport failure leaves the request."""

    NOT_SENT = "not_sent"
    """The request certainly did not reach the server."""
    MAYBE_SENT = "maybe_sent"
    """The request may have reached the server; no answer was read."""
    FATAL = "fatal"
    """A configuration or local protocol error: trying again cannot help."""


class Action(enum.Enum):
    RETURN = "return"
    """Hand the answer to the caller (success model or status error)."""
    RETRY = "retry"
    FAIL = "fail"
    """Raise APIConnectionError / APITimeoutError."""
    OUTCOME_UNKNOWN = "outcome_unknown"
    """Raise OutcomeUnknownError; do not resend."""


def classify_failure(exc: Exception, request: httpx.Request) -> Failure:
    """Classify an ``httpx`` exception raised while sending ``request``.

    A failure on another request (a token or login call made by the auth flow) means
    ``request`` itself was not sent in this attempt.
    """
    if isinstance(exc, httpx.RequestError):
        try:
            failed: httpx.Request | None = exc.request
        except RuntimeError:  # raised outside a client: no request attached
            failed = None
        if failed is not None and failed is not request:
            return Failure.NOT_SENT
    if isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)):
        return Failure.NOT_SENT
    if isinstance(exc, httpx.ProxyError):
        return Failure.NOT_SENT
    if isinstance(exc, (httpx.UnsupportedProtocol, httpx.LocalProtocolError)):
        return Failure.FATAL
    # ReadTimeout, WriteTimeout, ReadError, WriteError, RemoteProtocolError, DecodingError and
    # anything unforeseen: the bytes may have arrived, so assume they did.
    return Failure.MAYBE_SENT


def decide(
    *,
    attempt: int,
    max_retries: int,
    resend_safe: bool,
    status: int | None = None,
    failure: Failure | None = None,
    unsafe_retry_statuses: frozenset[int] = frozenset(),
) -> Action:
    """The retry decision after ``attempt`` (from 0) ended with ``status`` or ``failure``.

    Exactly one of ``status`` and ``failure`` is given. ``resend_safe`` says whether the
    operation may be sent twice (idempotent method, or idempotency key in the body); an
    answer is retried for an operation that is not only when its status is in
    ``unsafe_retry_statuses`` (see :class:`RetryPolicy`).
    """
    retries_left = attempt < max_retries
    if status is not None:
        retriable = RETRIABLE_STATUSES if resend_safe else unsafe_retry_statuses
        return Action.RETRY if status in retriable and retries_left else Action.RETURN
    if failure is Failure.NOT_SENT:
        return Action.RETRY if retries_left else Action.FAIL
    if failure is Failure.MAYBE_SENT:
        if not resend_safe:
            return Action.OUTCOME_UNKNOWN
        return Action.RETRY if retries_left else Action.FAIL
    return Action.FAIL
