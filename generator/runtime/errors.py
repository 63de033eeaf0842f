"""Exceptions raised by this client.

Every exception derives from :class:`APIError`, so ``except APIError`` catches them all::

    APIError
    ├── APIConnectionError           no answer arrived (or none that could be read)
    │   ├── APITimeoutError          ... because a timeout expired
    │   └── OutcomeUnknownError      a create may have reached the server; it was NOT resent
    ├── APIStatusError               the server answered with a non-2xx status
    │   ├── BadRequestError          400
    │   ├── AuthenticationError      401 (also: the login / token endpoint refused the credentials)
    │   ├── PermissionDeniedError    403
    │   ├── NotFoundError            404
    │   ├── ConflictError            409
    │   ├── UnprocessableEntityError 422
    │   ├── RateLimitError           429
    │   └── InternalServerError      any 5xx
    ├── ResponseTooLargeError        the answer's body exceeds max_response_bytes (decompressed)
    └── ResponseValidationError      a 2xx body does not match its declared model (raised with
        │                            strict_response_validation=True, or when no value of the
        │                            declared type can be read at all; otherwise the client
        │                            returns a partly validated model and logs a warning)
        └── AcceptedResponseValidationError  ... of a call that changes state (a create): the
                                     server ACCEPTED it, so it must not be sent again

Status codes map to classes through one table, :data:`STATUS_ERRORS`, read by
:func:`error_class_for`.

:class:`OutcomeUnknownError` is deliberately *not* an :class:`APITimeoutError`: code that
catches timeouts in order to try again must not resend a create that may already have
taken effect. Likewise :class:`ResponseValidationError` is neither an
:class:`APIStatusError` nor an :class:`APIConnectionError`: the request succeeded on the
server, so code that retries failures must not see it as one. Nor is
:class:`ResponseTooLargeError`: the server answered, so the request reached it.

Messages never include request headers, credentials or query strings.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Self

import httpx
import pydantic

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AcceptedResponseValidationError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "NotFoundError",
    "OutcomeUnknownError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseTooLargeError",
    "ResponseValidationError",
    "STATUS_ERRORS",
    "UnprocessableEntityError",
    "error_class_for",
]

_BODY_PREVIEW = 500


def _safe_url(url: httpx.URL) -> str:
    """The URL without user info, query string or fragment (they may carry secrets)."""
    return str(url.copy_with(userinfo=b"", query=None, fragment=None))


def _preview(body: Any) -> str:
    if isinstance(body, pydantic.BaseModel):
        text = body.model_dump_json(exclude_none=True)
    elif isinstance(body, (dict, list)):
        try:
            text = json.dumps(body, ensure_ascii=False, default=str)
        except (TypeError, ValueError):
            text = repr(body)
    else:
        text = str(body)
    return text if len(text) <= _BODY_PREVIEW else text[:_BODY_PREVIEW] + "..."


class APIError(Exception):
    """Base class of every error raised by this client."""

    message: str

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class APIConnectionError(APIError):
    """No usable answer arrived: the request certainly or possibly did not reach the server.

    ``request`` is the request that failed (``None`` when it was never built). The
    underlying ``httpx`` exception is chained as ``__cause__``.
    """

    request: httpx.Request | None

    def __init__(
        self, message: str = "Connection error.", *, request: httpx.Request | None = None
    ) -> None:
        super().__init__(message)
        self.request = request


class APITimeoutError(APIConnectionError):
    """A connect, pool, read or write timeout expired (and retries, if allowed, ran out)."""

    def __init__(
        self, message: str = "Request timed out.", *, request: httpx.Request | None = None
    ) -> None:
        super().__init__(message, request=request)


class OutcomeUnknownError(APIConnectionError):
    """A request that is not safe to resend may have reached the server, and was not resent.

    The connection failed after the request was (possibly) sent, so nobody knows whether the
    server acted on it. Resending could create a duplicate, so the client stopped. ``hint``
    (from the API description) says how to find out whether it took effect.

    Attributes: ``operation`` (operationId), ``hint`` (or ``None``), ``timed_out`` (the
    failure was a read/write timeout rather than a broken connection), ``request``.
    """

    operation: str
    hint: str | None
    timed_out: bool

    def __init__(
        self,
        operation: str,
        *,
        hint: str | None = None,
        reason: str = "the connection failed",
        timed_out: bool = False,
        request: httpx.Request | None = None,
    ) -> None:
        check = hint if hint else "Check with the API provider before sending it again."
        message = (
            f"The outcome of {operation} is unknown: the request may have reached the server, "
            f"but {reason} before an answer arrived. It was NOT resent, because resending "
            f"could apply it twice. How to check whether it took effect: {check}"
        )
        super().__init__(message, request=request)
        self.operation = operation
        self.hint = hint
        self.timed_out = timed_out


class APIStatusError(APIError):
    """The server answered with a status outside 2xx.

    ``body`` is the parsed error model when the operation declares one for this status
    (and the body matches it), else the decoded JSON, else the text (``None`` when empty).
    """

    status_code: int
    response: httpx.Response
    body: Any

    def __init__(self, message: str, *, response: httpx.Response, body: Any = None) -> None:
        super().__init__(message)
        self.response = response
        self.status_code = response.status_code
        self.body = body

    @classmethod
    def from_response(
        cls, response: httpx.Response, body: Any = None, *, operation: str | None = None
    ) -> Self:
        """Build the exception for ``response`` with a message naming status, method and URL."""
        request = response.request
        what = f"{request.method} {_safe_url(request.url)}"
        if operation:
            what = f"{operation} ({what})"
        message = f"HTTP {response.status_code} {response.reason_phrase} from {what}"
        if body is not None and body != "":
            message += f": {_preview(body)}"
        return cls(message, response=response, body=body)


class BadRequestError(APIStatusError):
    """400 Bad Request."""


class AuthenticationError(APIStatusError):
    """401 Unauthorized, or the login / token endpoint refused the credentials.

    In the second case ``response`` is the login endpoint's answer and ``status_code`` its
    status (which need not be 401).
    """


class PermissionDeniedError(APIStatusError):
    """403 Forbidden."""


class NotFoundError(APIStatusError):
    """404 Not Found."""


class ConflictError(APIStatusError):
    """409 Conflict."""


class UnprocessableEntityError(APIStatusError):
    """422 Unprocessable Entity."""


class RateLimitError(APIStatusError):
    """429 Too Many Requests (raised once retries ran out)."""


class InternalServerError(APIStatusError):
    """Any 5xx status."""


class ResponseTooLargeError(APIError):
    """The answer's body is larger than the client's ``max_response_bytes`` (counted after
    decompression), so the client stopped reading it and closed the connection.

    The server *did* answer: the request reached it, and a call that changes state may have
    taken effect (``status_code`` says how the server answered). That is why this is not an
    :class:`APIConnectionError`: code that retries connection failures must not resend.
    Attributes: ``response`` (status and headers; its body was not kept), ``status_code``,
    ``limit`` (the cap in bytes) and ``operation`` (the operationId, or the auth flow's name
    for a login or token answer).
    """

    response: httpx.Response
    status_code: int
    limit: int
    operation: str

    def __init__(
        self, message: str, *, response: httpx.Response, limit: int, operation: str = ""
    ) -> None:
        super().__init__(message)
        self.response = response
        self.status_code = response.status_code
        self.limit = limit
        self.operation = operation

    @classmethod
    def from_response(cls, response: httpx.Response, *, limit: int, operation: str) -> Self:
        request = response.request
        what = f"{operation} ({request.method} {_safe_url(request.url)})"
        message = (
            f"The HTTP {response.status_code} answer of {what} is larger than "
            f"max_response_bytes={limit} bytes (decompressed); the client stopped reading it. "
            "The server answered, so the request reached it"
        )
        if request.method.upper() not in ("GET", "HEAD", "OPTIONS", "TRACE"):
            message += " and may have taken effect: check before sending it again"
        return cls(message + ".", response=response, limit=limit, operation=operation)


class ResponseValidationError(APIError):
    """A 2xx body does not match the model the operation declares for its status.

    Raised under ``strict_response_validation=True``; by default the client returns a partly
    validated model and logs a warning, unless nothing of the declared type can be read (a
    body that is not JSON, JSON nested too deeply to decode, a string where an object is
    declared): then it is raised in every mode, ``parsed`` holding the decoded JSON, if any. ``response`` is the raw answer (the request
    *did* succeed on the server); ``error`` is the ``pydantic.ValidationError``; ``parsed``
    is the best-effort model the lenient mode would have returned; ``operation`` the
    operationId. The message lists locations and reasons, not values.
    """

    response: httpx.Response
    error: pydantic.ValidationError
    parsed: Any
    operation: str
    status_code: int

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        error: pydantic.ValidationError,
        parsed: Any = None,
        operation: str = "",
    ) -> None:
        super().__init__(message)
        self.response = response
        self.status_code = response.status_code
        self.error = error
        self.parsed = parsed
        self.operation = operation

    @classmethod
    def from_error(
        cls,
        response: httpx.Response,
        error: pydantic.ValidationError,
        *,
        operation: str,
        parsed: Any = None,
        model_name: str | None = None,
    ) -> Self:
        message = (
            f"The HTTP {response.status_code} answer of {operation} does not match its declared "
            f"model ({model_name or error.title}): {_describe_problems(error)}"
        )
        return cls(message, response=response, error=error, parsed=parsed, operation=operation)


class AcceptedResponseValidationError(ResponseValidationError):
    """The server ACCEPTED a state-changing call (a create), but its 2xx answer does not match
    the declared model.

    The request took effect: sending it again may apply it twice (a second record). The
    message says so, with the status and any identifier the answer carried
    (``identifiers``: wire name → value, e.g. ``{"contractNo": "C-1"}``, plus a ``Location``
    header). ``parsed`` holds what could be read of the answer.
    """

    identifiers: Mapping[str, Any]

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        error: pydantic.ValidationError,
        parsed: Any = None,
        operation: str = "",
        identifiers: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(
            message, response=response, error=error, parsed=parsed, operation=operation
        )
        self.identifiers = dict(identifiers or {})

    @classmethod
    def from_error(
        cls,
        response: httpx.Response,
        error: pydantic.ValidationError,
        *,
        operation: str,
        parsed: Any = None,
        model_name: str | None = None,
    ) -> Self:
        identifiers = _find_identifiers(response)
        returned = (
            "it returned " + ", ".join(f"{k}={v!r}" for k, v in identifiers.items())
            if identifiers
            else "its answer names no identifier"
        )
        message = (
            f"{operation}: the server ACCEPTED the request (HTTP {response.status_code}; "
            f"{returned}), so it took effect and must NOT be sent again. Only its answer does "
            f"not match the declared model ({model_name or error.title}): "
            f"{_describe_problems(error)}. The raw "
            f"answer is in .response, what could be read of it in .parsed."
        )
        return cls(
            message,
            response=response,
            error=error,
            parsed=parsed,
            operation=operation,
            identifiers=identifiers,
        )


def _describe_problems(error: pydantic.ValidationError, limit: int = 10) -> str:
    """``loc: reason; ...`` of the first ``limit`` problems (never the input values)."""
    problems = error.errors(include_url=False, include_input=False)
    listed = "; ".join(
        f"{'.'.join(str(part) for part in problem['loc']) or '(body)'}: {problem['msg']}"
        for problem in problems[:limit]
    )
    more = f" (and {len(problems) - limit} more)" if len(problems) > limit else ""
    return listed + more


_ID_SUFFIXES = ("Id", "ID", "_id", "Ident", "_ident", "No", "_no", "Number", "_number")


def _find_identifiers(response: httpx.Response) -> dict[str, Any]:
    """Identifier-like members of a JSON object answer (``id``, ``contractNo``,
    ``contractIdent``, ...; scalar values only) and a ``Location`` header."""
    found: dict[str, Any] = {}
    try:
        data = response.json() if response.content else None
    except (ValueError, RecursionError):  # not JSON, or nested too deeply to decode
        data = None
    if isinstance(data, dict):
        for key, value in data.items():
            if not isinstance(key, str) or isinstance(value, (dict, list)) or value in (None, ""):
                continue
            if key.lower() in ("id", "ident") or key.endswith(_ID_SUFFIXES):
                found[key] = value
    location = response.headers.get("Location")
    if location:
        found["Location"] = location
    return found


STATUS_ERRORS: Mapping[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
    500: InternalServerError,
}


def error_class_for(status: int) -> type[APIStatusError]:
    """The exception class for ``status``: the table entry, any 5xx → InternalServerError."""
    found = STATUS_ERRORS.get(status)
    if found is not None:
        return found
    if 500 <= status <= 599:
        return InternalServerError
    return APIStatusError
