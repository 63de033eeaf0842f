"""Sending an operation: ``SyncEngine`` and ``AsyncEngine`` with retries, auth and error mapping."""

from __future__ import annotations

import asyncio
import logging
import random as _random
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Self
from urllib.parse import quote

import httpx
import pydantic

from ._auth import AllOf, _TokenAuth, credential_fields
from ._client_auth import SchemeAuths
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
from ._deadline import bounded_by, deadline_transport
from ._requests import (
    _LIMIT_EXTENSION,
    OperationSpec,
    _aread_capped,
    _format_scalar,
    _read_capped,
    _safe_url,
    _status_error,
    _success,
    build_query,
    encode_body,
    render_path,
    serialize_header,
)
from ._retry import Action, RetryPolicy, classify_failure, decide
from .errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    OutcomeUnknownError,
)

__all__ = [
    "AsyncEngine",
    "Extras",
    "SyncEngine",
]


class _Call:
    """One logical call: the prepared request and the decisions between attempts.

    Both engines drive the same object, so their retry loops cannot drift apart.

    ``budget`` is the whole call's time in seconds (``None``: unbounded); the deadline runs
    from construction, on ``time.monotonic``.
    """

    def __init__(
        self,
        op: OperationSpec,
        request: httpx.Request,
        *,
        resend_safe: bool,
        retry: RetryPolicy,
        logger: logging.Logger,
        random: Callable[[], float],
        strict: bool = False,
        budget: float | None = None,
        max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        self.op = op
        self.request = request
        self.strict = strict
        self.resend_safe = resend_safe
        self.retry = retry
        self.logger = logger
        self.random = random
        self.url = _safe_url(request.url)
        self.budget = budget
        self.deadline = None if budget is None else time.monotonic() + budget
        self.max_response_bytes = max_response_bytes
        # For the login and token flows, which read their answers themselves (None: no cap).
        request.extensions[_LIMIT_EXTENSION] = max_response_bytes
        self._phases = dict(request.extensions.get("timeout", {}))

    def _remaining(self) -> float | None:
        return None if self.deadline is None else self.deadline - time.monotonic()

    def _deadline_error(self, attempt: int, why: str) -> APITimeoutError:
        tries = f" after {attempt + 1} attempts" if attempt else ""
        return APITimeoutError(
            f"{self.op.name} ({self.request.method} {self.url}) failed{tries}: {why} "
            f"(the whole call may take timeout={self.budget:g}s)",
            request=self.request,
        )

    def start(self, attempt: int) -> float | None:
        """Prepare attempt ``attempt``: raise :class:`APITimeoutError` when the deadline has
        passed, else bound each phase's timeout by the time left and return that time (the
        first attempt keeps phases that fit the whole budget, as the caller set them)."""
        remaining = self._remaining()
        if remaining is None or self.budget is None:
            return None
        if remaining <= 0:
            raise self._deadline_error(attempt, "the deadline passed")
        limit = self.budget if attempt == 0 else remaining
        self.request.extensions["timeout"] = {
            phase: limit if value is None or value > limit else value
            for phase, value in self._phases.items()
        }
        return remaining

    def _fits(self, delay: float) -> bool:
        remaining = self._remaining()
        return remaining is None or delay < remaining

    def read(self, response: httpx.Response) -> None:
        _read_capped(
            response,
            limit=self.max_response_bytes,
            operation=self.op.name,
            deadline=self.deadline,
        )

    async def aread(self, response: httpx.Response) -> None:
        await _aread_capped(
            response,
            limit=self.max_response_bytes,
            operation=self.op.name,
            deadline=self.deadline,
        )

    def _log(self, attempt: int, outcome: str) -> None:
        self.logger.debug(
            "%s %s %s attempt %d/%d: %s",
            self.op.name,
            self.request.method,
            self.url,
            attempt + 1,
            self.retry.max_retries + 1,
            outcome,
        )

    def after_response(self, response: httpx.Response, attempt: int) -> float | None:
        """Seconds to wait before retrying, or ``None`` when ``response`` is final."""
        self._log(attempt, str(response.status_code))
        action = decide(
            attempt=attempt,
            max_retries=self.retry.max_retries,
            resend_safe=self.resend_safe,
            status=response.status_code,
            unsafe_retry_statuses=self.retry.unsafe_retry_statuses,
        )
        if action is Action.RETURN:
            return None
        delay = self.retry.backoff(attempt, response.headers.get("Retry-After"), self.random())
        if not self._fits(delay):
            # Sleeping past the deadline could only end in a timeout: hand over this answer.
            self.logger.debug(
                "%s: not retrying, a %.2fs wait would pass the deadline", self.op.name, delay
            )
            return None
        self.logger.debug("%s: retrying in %.2fs", self.op.name, delay)
        return delay

    def after_failure(self, exc: httpx.HTTPError, attempt: int) -> float:
        """Seconds to wait before retrying; raises the mapped error when not retrying."""
        self._log(attempt, type(exc).__name__)
        failure = classify_failure(exc, self.request)
        action = decide(
            attempt=attempt,
            max_retries=self.retry.max_retries,
            resend_safe=self.resend_safe,
            failure=failure,
        )
        timed_out = isinstance(exc, httpx.TimeoutException)
        if action is Action.OUTCOME_UNKNOWN:
            reason = (
                "the answer timed out"
                if timed_out
                else f"the connection failed ({type(exc).__name__})"
            )
            raise OutcomeUnknownError(
                self.op.name,
                hint=self.op.outcome_unknown_hint,
                reason=reason,
                timed_out=timed_out,
                request=self.request,
            ) from exc
        if action is Action.FAIL:
            tries = f" after {attempt + 1} attempts" if attempt else ""
            message = f"{self.op.name} ({self.request.method} {self.url}) failed{tries}: {type(exc).__name__}"
            detail = str(exc)
            if detail:
                message += f": {detail}"
            if timed_out:
                raise APITimeoutError(message, request=self.request) from exc
            raise APIConnectionError(message, request=self.request) from exc
        delay = self.retry.backoff(attempt, None, self.random())
        if not self._fits(delay):
            raise self._deadline_error(
                attempt, f"{type(exc).__name__}, and no time is left to try again"
            ) from exc
        self.logger.debug("%s: retrying in %.2fs", self.op.name, delay)
        return delay

    def after_token_error(self, exc: APIStatusError, attempt: int) -> float:
        """Seconds to wait after the login or token endpoint answered ``exc``'s status; raises
        ``exc`` when not retrying. The API request itself was not sent, so a 408, 429, 502,
        503 or 504 there is retried for any call, within ``max_retries`` and the deadline."""
        self._log(attempt, f"token or login answer {exc.status_code}")
        if exc.status_code not in RETRIABLE_STATUSES or attempt >= self.retry.max_retries:
            raise exc
        delay = self.retry.backoff(attempt, exc.response.headers.get("Retry-After"), self.random())
        if not self._fits(delay):
            raise exc
        self.logger.debug("%s: retrying in %.2fs", self.op.name, delay)
        return delay

    def result(self, response: httpx.Response) -> tuple[Any, httpx.Response]:
        if not response.is_success:
            raise _status_error(self.op, response)
        return _success(self.op, response, strict=self.strict, logger=self.logger), response


class _EngineBase:
    """Settings and request building shared by :class:`SyncEngine` and :class:`AsyncEngine`."""

    def __init__(
        self,
        *,
        base_url: str,
        auth: httpx.Auth | None,
        timeout: TimeoutTypes | NotGiven,
        retry: RetryPolicy,
        default_headers: Mapping[str, str] | None,
        logger: logging.Logger | None,
        random: Callable[[], float],
        strict_response_validation: bool = False,
        max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        if max_response_bytes is not None and max_response_bytes < 0:
            raise ValueError("max_response_bytes must be >= 0 (or None for no cap)")
        self.strict_response_validation = strict_response_validation
        self.max_response_bytes = max_response_bytes
        self.base_url = base_url.rstrip("/")
        self.auth = auth
        self.timeout = timeout
        self.retry = retry
        self.default_headers = dict(default_headers or {})
        self.logger = (
            logger if logger is not None else logging.getLogger(__name__.rpartition(".")[0])
        )
        self.random = random

    def _prepare(
        self,
        client: httpx.Client | httpx.AsyncClient,
        op: OperationSpec,
        *,
        path_params: Mapping[str, Any] | None,
        query: Mapping[str, Any] | None,
        headers: Mapping[str, Any] | None,
        cookies: Mapping[str, Any] | None,
        json_body: Any,
        timeout: TimeoutTypes | NotGiven,
        strict_response_validation: bool | NotGiven = NOT_GIVEN,
        extras: Extras | None = None,
        auth: Any = None,
    ) -> _Call:
        styles = op.styles
        extras = extras or Extras()
        extras.refuse_credentials(auth, client)
        json_body = extras.merged_body(json_body)

        def located(where: str) -> dict[str, tuple[str, bool]]:
            return {name: style for (loc, name), style in styles.items() if loc == where}

        url = self.base_url + render_path(op.path, path_params or {}, located("path"))
        # A path written with a query of its own (freetv's ``/services?funcs=...``) keeps it:
        # httpx would replace the URL's query with ``params``. Values are percent-encoded, so
        # a ``?`` here is the spec's.
        url, _, literal = url.partition("?")
        merged = {"Accept": op.accept, **self.default_headers}
        # Header parameters are serialised in the ``simple`` style: scalars as text (booleans
        # as true/false), arrays comma-separated; NOT_GIVEN and None leave the header out.
        header_styles = located("header")
        merged.update(
            (k, serialize_header(v, header_styles.get(k, ("simple", False))[1]))
            for k, v in (headers or {}).items()
            if not isinstance(v, NotGiven) and v is not None
        )
        crumbs = [
            f"{k}={quote(_format_scalar(v), safe='')}"
            for k, v in (cookies or {}).items()
            if not isinstance(v, NotGiven) and v is not None
        ]
        if crumbs:
            merged["Cookie"] = "; ".join(crumbs)
        merged.update(extras.headers)
        body = encode_body(json_body, op.body_kind, op.content_type)
        content: bytes | None = None
        resend_safe = op.method.upper() in SAFE_METHODS
        if body is not None:
            content, media_type, jsonable = body
            merged.setdefault("Content-Type", media_type)
            key = op.idempotency_key
            if key is not None and isinstance(jsonable, dict) and jsonable.get(key) is not None:
                resend_safe = True
        if isinstance(timeout, NotGiven):
            timeout = self.timeout
        # A number bounds the whole call; an httpx.Timeout bounds each phase only, None nothing.
        budget: float | None = None
        if isinstance(timeout, NotGiven):
            budget = DEFAULT_DEADLINE
        elif isinstance(timeout, (int, float)) and not isinstance(timeout, bool):
            budget = float(timeout)
        request = client.build_request(
            op.method.upper(),
            url,
            params=tuple(httpx.QueryParams(literal).multi_items())
            + extras.merged_query(build_query(query, located("query"))),
            headers=merged,
            content=content,
            timeout=httpx.USE_CLIENT_DEFAULT if isinstance(timeout, NotGiven) else timeout,
        )
        strict = (
            self.strict_response_validation
            if isinstance(strict_response_validation, NotGiven)
            else strict_response_validation
        )
        return _Call(
            op,
            request,
            resend_safe=resend_safe,
            retry=self.retry,
            logger=self.logger,
            random=self.random,
            strict=strict,
            budget=budget,
            max_response_bytes=self.max_response_bytes,
        )

    def _follows(self, client: httpx.Client | httpx.AsyncClient, auth: Any) -> bool:
        """Whether to let ``client`` follow redirects itself. Not with a login or token flow:
        httpx would follow a redirected token request too, sending the credentials on; the
        engine then follows the API answer's redirect itself (see ``SyncEngine._send``)."""
        token_flow = isinstance(auth, _TokenAuth) or (
            isinstance(auth, AllOf) and auth.has_token_flow
        )
        return client.follow_redirects and not token_flow

    def __repr__(self) -> str:
        base = _safe_url(httpx.URL(self.base_url))
        return f"{type(self).__name__}(base_url={base!r}, auth={self.auth!r}, retry={self.retry!r})"


class SyncEngine(_EngineBase):
    """Sends operations with an ``httpx.Client``: retries, auth, parsing, error mapping.

    ``timeout`` applies to every call unless a call overrides it. A number is a deadline for
    the whole call (every attempt, every sleep between them, the login or token call) and
    each phase's limit; an ``httpx.Timeout`` sets each phase's limit only; ``None`` sets no
    limit. Left at ``NOT_GIVEN`` the phases are the injected client's own timeout, or
    :data:`DEFAULT_TIMEOUT` for the engine's client, and the deadline is
    :data:`DEFAULT_DEADLINE`. Past the deadline :class:`APITimeoutError` is raised
    (:class:`OutcomeUnknownError` when a call that is not safe to resend may have been sent);
    a retry whose wait would end past it is not made. The async engine cancels an attempt
    at the deadline; the synchronous engine bounds every socket wait of its own client by
    the time left (a server trickling its headers is cut at the deadline), and with an
    injected ``http_client`` checks the deadline between attempts and between the pieces of
    an answer, each socket wait bounded by the time left at the attempt's start.

    ``max_response_bytes`` caps every answer's body, counted after decompression (default
    :data:`DEFAULT_MAX_RESPONSE_BYTES`, ``None`` for no cap); a larger one raises
    :class:`ResponseTooLargeError` as soon as the cap is passed: while reading, at most the
    cap and one decompressed piece are held in memory.

    With a login or token flow (``LoginAuth``, ``OAuth2ClientCredentials``) requests are sent
    with redirects off, so credentials never follow a redirect; when the injected client
    follows redirects, the API answer's redirect is then followed without the flow.
    An injected ``http_client`` is not closed by :meth:`close`. ``sleep`` waits between
    attempts; left at ``None`` it is ``time.sleep`` (``asyncio.sleep`` for the async engine),
    looked up at each call so tests can patch it.
    """

    def __init__(
        self,
        *,
        base_url: str,
        auth: httpx.Auth | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        retry: RetryPolicy = RetryPolicy(),
        http_client: httpx.Client | None = None,
        default_headers: Mapping[str, str] | None = None,
        logger: logging.Logger | None = None,
        sleep: Callable[[float], None] | None = None,
        random: Callable[[], float] = _random.random,
        strict_response_validation: bool = False,
        max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        super().__init__(
            base_url=base_url,
            auth=auth,
            timeout=timeout,
            retry=retry,
            default_headers=default_headers,
            logger=logger,
            random=random,
            strict_response_validation=strict_response_validation,
            max_response_bytes=max_response_bytes,
        )
        self._owns_client = http_client is None
        if http_client is None:
            chosen = DEFAULT_TIMEOUT if isinstance(timeout, NotGiven) else timeout
            http_client = httpx.Client(timeout=chosen, transport=deadline_transport())
        self.http_client = http_client
        self.sleep = sleep

    def request(
        self,
        op: OperationSpec,
        *,
        path_params: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, Any] | None = None,
        cookies: Mapping[str, Any] | None = None,
        json_body: Any = NOT_GIVEN,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        strict_response_validation: bool | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
    ) -> tuple[Any, httpx.Response]:
        """Send ``op``; return ``(parsed success body, raw response)``.

        A 2xx body that does not match its model is returned as far as it can be read, with
        one warning logged; with ``strict_response_validation`` (the call's, else the
        engine's) it raises :class:`ResponseValidationError` instead
        (:class:`AcceptedResponseValidationError` for a call that changes state).

        Raises the :mod:`errors` tree: APIStatusError subclasses, APIConnectionError,
        APITimeoutError, OutcomeUnknownError, ResponseValidationError, ResponseTooLargeError;
        ``ValueError`` for a missing path parameter or one that is ``.`` or ``..``, and for an
        extra header or query parameter where the call's credentials go (see :class:`Extras`).
        """
        auth = _auth_for(op, self.auth)
        call = self._prepare(
            self.http_client,
            op,
            path_params=path_params,
            query=query,
            headers=headers,
            cookies=cookies,
            json_body=json_body,
            timeout=timeout,
            strict_response_validation=strict_response_validation,
            extras=Extras(extra_headers, extra_query, extra_body),
            auth=auth,
        )
        attempt = 0
        while True:
            call.start(attempt)
            try:
                response = self._send(call, auth)
            except httpx.HTTPError as exc:
                delay = call.after_failure(exc, attempt)
            except APIStatusError as exc:  # only the login or token flow raises one here
                delay = call.after_token_error(exc, attempt)
            else:
                answer = call.after_response(response, attempt)
                if answer is None:
                    return call.result(response)
                response.close()
                delay = answer
            if self.sleep is not None:
                self.sleep(delay)
            else:
                time.sleep(delay)  # looked up per call, so tests can patch ``time.sleep``
            attempt += 1

    def _send(self, call: _Call, auth: Any) -> httpx.Response:
        """One attempt: send, follow a redirect the flow left alone, read the capped body."""
        client = self.http_client
        follows = self._follows(client, auth)
        with bounded_by(call.deadline):
            response = client.send(call.request, auth=auth, stream=True, follow_redirects=follows)
            try:
                if response.next_request is not None and client.follow_redirects and not follows:
                    # As httpx does: the redirected request keeps the headers (Authorization
                    # is dropped for another origin) and is not re-authenticated.
                    response.close()
                    response = client.send(
                        response.next_request, auth=None, stream=True, follow_redirects=True
                    )
                call.read(response)
            except BaseException:
                response.close()
                raise
        return response

    def close(self) -> None:
        if self._owns_client:
            self.http_client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class Extras:
    """A call's ``extra_headers=``, ``extra_query=`` and ``extra_body=``: what the spec does not
    declare (a vendor feature newer than the spec). They are sent as given, over a declared
    parameter or body field of the same name, but never where the call's credentials go: an
    extra header or query parameter there raises ``ValueError`` instead of replacing them."""

    def __init__(
        self,
        headers: Mapping[str, str] | None = None,
        query: Mapping[str, Any] | None = None,
        body: Mapping[str, Any] | None = None,
    ) -> None:
        self.headers = dict(headers or {})
        self.query = dict(query or {})
        self.body = dict(body or {})

    def refuse_credentials(self, auth: Any, client: httpx.Client | httpx.AsyncClient) -> None:
        """``ValueError`` when an extra would replace a credential of ``auth`` (the client's
        own auth where it is ``USE_CLIENT_DEFAULT``)."""
        if auth is httpx.USE_CLIENT_DEFAULT:
            auth = client.auth
        fields = credential_fields(auth)
        wanted = {("header", name.lower()) for name in self.headers}
        wanted |= {("query", str(name)) for name in self.query}
        for location, name in sorted(fields & wanted):
            raise ValueError(
                f"extra_{'headers' if location == 'header' else 'query'}= names {name!r}, "
                "where this call's credentials go: pass auth= to authenticate differently"
            )

    def merged_body(self, body: Any) -> Any:
        if not self.body:
            return body
        if isinstance(body, NotGiven) or body is None:
            return dict(self.body)
        if isinstance(body, pydantic.BaseModel):  # a multipart body: file fields stay bytes
            body = body.model_dump(by_alias=True, exclude_unset=True)
        if not isinstance(body, Mapping):
            raise ValueError("extra_body= adds fields to an object body; this body is not one")
        return {**body, **self.body}

    def merged_query(self, params: Any) -> tuple[tuple[str, Any], ...]:
        """The declared query pairs, those the extras name replaced by the extras."""
        kept = tuple((k, v) for k, v in params if k not in self.query)
        return kept + tuple(build_query(self.query, {}))


def _auth_for(op: OperationSpec, auth: httpx.Auth | None) -> Any:
    """The auth for one call: none at all for an operation the spec leaves unauthenticated,
    and with credentials for several schemes, those of a requirement the operation accepts."""
    if not op.authenticated:
        return None
    if isinstance(auth, SchemeAuths):
        return auth.for_requirements(op.name, op.security)
    return auth if auth is not None else httpx.USE_CLIENT_DEFAULT


class AsyncEngine(_EngineBase):
    """The ``httpx.AsyncClient`` twin of :class:`SyncEngine` (same arguments, same rules)."""

    def __init__(
        self,
        *,
        base_url: str,
        auth: httpx.Auth | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        retry: RetryPolicy = RetryPolicy(),
        http_client: httpx.AsyncClient | None = None,
        default_headers: Mapping[str, str] | None = None,
        logger: logging.Logger | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        random: Callable[[], float] = _random.random,
        strict_response_validation: bool = False,
        max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        super().__init__(
            base_url=base_url,
            auth=auth,
            timeout=timeout,
            retry=retry,
            default_headers=default_headers,
            logger=logger,
            random=random,
            strict_response_validation=strict_response_validation,
            max_response_bytes=max_response_bytes,
        )
        self._owns_client = http_client is None
        if http_client is None:
            chosen = DEFAULT_TIMEOUT if isinstance(timeout, NotGiven) else timeout
            http_client = httpx.AsyncClient(timeout=chosen)
        self.http_client = http_client
        self.sleep = sleep

    async def request(
        self,
        op: OperationSpec,
        *,
        path_params: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, Any] | None = None,
        cookies: Mapping[str, Any] | None = None,
        json_body: Any = NOT_GIVEN,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        strict_response_validation: bool | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
    ) -> tuple[Any, httpx.Response]:
        """Send ``op``; see :meth:`SyncEngine.request`."""
        auth = _auth_for(op, self.auth)
        call = self._prepare(
            self.http_client,
            op,
            path_params=path_params,
            query=query,
            headers=headers,
            cookies=cookies,
            json_body=json_body,
            timeout=timeout,
            strict_response_validation=strict_response_validation,
            extras=Extras(extra_headers, extra_query, extra_body),
            auth=auth,
        )
        attempt = 0
        while True:
            deadline = asyncio.timeout(call.start(attempt))
            try:
                async with deadline:
                    response = await self._send(call, auth)
            except TimeoutError:
                if not deadline.expired():
                    raise  # not the deadline's: someone else's error to report
                # The deadline cancelled the attempt: the request may have been sent.
                timed_out = httpx.ReadTimeout("the call's deadline passed", request=call.request)
                delay = call.after_failure(timed_out, attempt)
            except httpx.HTTPError as exc:
                delay = call.after_failure(exc, attempt)
            except APIStatusError as exc:  # only the login or token flow raises one here
                delay = call.after_token_error(exc, attempt)
            else:
                answer = call.after_response(response, attempt)
                if answer is None:
                    return call.result(response)
                await response.aclose()
                delay = answer
            if self.sleep is not None:
                await self.sleep(delay)
            else:
                await asyncio.sleep(delay)  # looked up per call, so tests can patch it
            attempt += 1

    async def _send(self, call: _Call, auth: Any) -> httpx.Response:
        """One attempt; see :meth:`SyncEngine._send`."""
        client = self.http_client
        follows = self._follows(client, auth)
        response = await client.send(call.request, auth=auth, stream=True, follow_redirects=follows)
        try:
            if response.next_request is not None and client.follow_redirects and not follows:
                await response.aclose()
                response = await client.send(
                    response.next_request, auth=None, stream=True, follow_redirects=True
                )
            await call.aread(response)
        except BaseException:
            await response.aclose()
            raise
        return response

    async def aclose(self) -> None:
        if self._owns_client:
            await self.http_client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()
