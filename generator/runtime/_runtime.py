"""Private runtime shared by ``Client`` and ``AsyncClient``: auth, retries, request building.

Nothing here is part of the public API except what ``client.py`` re-exports. The module is
the same, byte for byte, in every generated package.

Retry rules (see :func:`decide`):

* the request certainly did not reach the server (connect error, connect or pool timeout):
  retried, whatever the method;
* the server answered 408, 429, 502, 503 or 504: retried when resending is safe (an
  idempotent HTTP method, or an operation whose body carries an idempotency key). A call
  that is not safe to resend (a create without an idempotency key) is sent once whatever
  the answer: a gateway's 502, 503 or 504 does not prove the server did nothing
  (``RetryPolicy.unsafe_retry_statuses`` opts into resending after chosen statuses). Other
  statuses, including 500, are never retried: a 500 may come after the work was done;
* the connection failed after the request may have been sent (read/write timeout or error,
  the server closing the connection, an unreadable answer): retried only when resending is
  safe (an idempotent HTTP method, or an operation whose body carries an idempotency key,
  so every attempt sends the same key). Otherwise :class:`OutcomeUnknownError` is raised at
  once and the request is not resent.

A 2xx body that does not match its declared model is returned as far as it can be read (one
warning logged); ``strict_response_validation=True`` raises :class:`ResponseValidationError`
instead, :class:`AcceptedResponseValidationError` for a call that changes state. When nothing
of the declared type can be read (a body that is not JSON, JSON nested too deeply to decode,
a string where an object is declared) the same error is raised in every mode: a method never
returns a value its signature does not promise.

When retries run out the last error is raised: the status error for the last answer, or
:class:`APITimeoutError` / :class:`APIConnectionError` for the last transport failure.
"""

from __future__ import annotations

from ._auth import ApiKeyAuth, BasicAuth, BearerAuth, LoginAuth, OAuth2ClientCredentials
from ._common import (
    DEFAULT_TIMEOUT,
    NOT_GIVEN,
    RETRIABLE_STATUSES,
    SAFE_METHODS,
    NotGiven,
    TimeoutTypes,
)
from ._engine import AsyncEngine, SyncEngine
from ._requests import (
    OperationSpec,
    build_query,
    encode_body,
    lenient_parse,
    render_path,
    serialize_body,
    serialize_header,
    validate_parameters,
)
from ._retry import Action, Failure, RetryPolicy, classify_failure, decide, parse_retry_after

__all__ = [
    "Action",
    "ApiKeyAuth",
    "AsyncEngine",
    "BasicAuth",
    "BearerAuth",
    "DEFAULT_TIMEOUT",
    "Failure",
    "LoginAuth",
    "NOT_GIVEN",
    "NotGiven",
    "OAuth2ClientCredentials",
    "OperationSpec",
    "RETRIABLE_STATUSES",
    "RetryPolicy",
    "SAFE_METHODS",
    "SyncEngine",
    "TimeoutTypes",
    "build_query",
    "classify_failure",
    "decide",
    "encode_body",
    "lenient_parse",
    "parse_retry_after",
    "render_path",
    "serialize_body",
    "serialize_header",
    "validate_parameters",
]
