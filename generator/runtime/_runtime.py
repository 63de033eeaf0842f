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

Time: ``timeout=`` given as a number is a deadline for the whole call, every attempt, the
login or token call and the sleeps between attempts included, and each phase's limit;
``httpx.Timeout`` sets each phase's limit only (the caller's opt-out of the deadline), and
``None`` no limit at all. Without ``timeout=`` the phases are :data:`DEFAULT_TIMEOUT` and the
deadline :data:`DEFAULT_DEADLINE` (120 s). Past the deadline :class:`APITimeoutError` is
raised (:class:`OutcomeUnknownError` for a call that may have been sent and is not safe to
resend). A retry whose wait (backoff or ``Retry-After``, capped at
``RetryPolicy.retry_after_cap``) would end past the deadline is not made: the answer in hand
is raised as its status error, or the failure as :class:`APITimeoutError`.

Size: every answer body, the login and token answers included, is read by streaming and
counted after decompression; past ``max_response_bytes`` (default
:data:`DEFAULT_MAX_RESPONSE_BYTES`, 100 MB; ``None`` for no cap) reading stops and
:class:`ResponseTooLargeError` is raised, so a compression bomb costs at most the cap.

Paths: a path parameter that would make a whole segment ``.`` or ``..`` (also
percent-encoded) raises ``ValueError`` before anything is sent (see :func:`render_path`).

Redirects: with a login or token flow, requests are sent with redirects off, so the
credentials in a login or token request never follow one; a 3xx from the token endpoint
raises :class:`APIStatusError`. Only 400, 401 and 403 from it raise
:class:`AuthenticationError` ("refused the credentials"); any other failure raises its own
status error, after retries for a 408, 429, 502, 503 or 504 (the API request was not sent,
so this holds for a create too).
"""

from __future__ import annotations

from ._auth import (
    AllOf,
    ApiKeyAuth,
    BasicAuth,
    BearerAuth,
    LoginAuth,
    OAuth2ClientCredentials,
    credential_fields,
)
from ._common import (
    DEFAULT_DEADLINE,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_TIMEOUT,
    NOT_GIVEN,
    RETRIABLE_STATUSES,
    SAFE_METHODS,
    NotGiven,
    TimeoutTypes,
)
from ._engine import AsyncEngine, Extras, SyncEngine
from ._pagination import PageStep, Pagination, aiterate_pages, iterate_pages
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
    "AllOf",
    "ApiKeyAuth",
    "AsyncEngine",
    "BasicAuth",
    "BearerAuth",
    "DEFAULT_DEADLINE",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_TIMEOUT",
    "Extras",
    "Failure",
    "LoginAuth",
    "NOT_GIVEN",
    "NotGiven",
    "OAuth2ClientCredentials",
    "OperationSpec",
    "PageStep",
    "Pagination",
    "RETRIABLE_STATUSES",
    "RetryPolicy",
    "SAFE_METHODS",
    "SyncEngine",
    "TimeoutTypes",
    "aiterate_pages",
    "build_query",
    "classify_failure",
    "credential_fields",
    "decide",
    "encode_body",
    "iterate_pages",
    "lenient_parse",
    "parse_retry_after",
    "render_path",
    "serialize_body",
    "serialize_header",
    "validate_parameters",
]
