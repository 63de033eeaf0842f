"""Shared values of the runtime: the "not given" sentinel, default timeout, method and status sets."""

from __future__ import annotations

from typing import Literal

import httpx

__all__ = [
    "DEFAULT_DEADLINE",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_TIMEOUT",
    "NOT_GIVEN",
    "NotGiven",
    "RETRIABLE_STATUSES",
    "SAFE_METHODS",
    "TimeoutTypes",
]


class NotGiven:
    """Marks an argument the caller did not pass; :data:`NOT_GIVEN` is the only instance.

    ``None`` is not enough because ``None`` is a value: it means "send null". An argument
    left at ``NOT_GIVEN`` is not sent at all (field omitted, query parameter dropped, client
    default used), which the server may treat differently from an explicit null.
    """

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __reduce__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven()

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
"""Each phase's limit (connect, read, write, pool) when the caller sets no timeout."""

DEFAULT_DEADLINE = 120.0
"""Seconds a whole call may take (every attempt and the sleeps between them) when the caller
sets no timeout. A number given as ``timeout=`` replaces it; an ``httpx.Timeout`` or ``None``
removes it (see ``_runtime``)."""

DEFAULT_MAX_RESPONSE_BYTES = 100_000_000
"""The largest answer body the client reads, in bytes after decompression (100 MB)."""

TimeoutTypes = httpx.Timeout | float | None

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})
"""Methods HTTP defines as idempotent: resending them cannot apply a change twice."""

RETRIABLE_STATUSES = frozenset({408, 429, 502, 503, 504})
"""Answers taken to mean "the request was not processed; try again later"."""
