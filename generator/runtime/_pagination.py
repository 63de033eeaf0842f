"""Walking a paginated list operation page by page: ``<method>_all(...)`` of the clients.

A :class:`Pagination` says how the operation pages (what the spec declares with
``x-specgen-pagination``, or what specgen recognised in it):

* ``cursor``: the answer carries the next page's cursor (``next``, a path of member names),
  sent back as the ``parameter`` argument; the last page has none;
* ``next_url``: the answer carries the next page's URL (``next``), and ``link``: the ``Link``
  header does (``rel="next"``); the operation is called again with that URL's query
  (``extra_query=``), so its path, credentials and checks stay the client's;
* ``offset``: the ``parameter`` argument counts the items already read (it grows by each
  page's length); ``page``: it numbers the pages (it grows by one, from ``start``).

Every style stops at an empty page, at a ``total`` the answer gives (items for ``offset``,
pages for ``page``) and when the server sends a cursor or URL it has sent before (a server
that never says "last" cannot make the loop endless), and after ``max_pages`` pages. Pages are
fetched as the iteration reaches them, never ahead.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx
import pydantic

from ._common import NOT_GIVEN, NotGiven
from ._lazy import fields_of

__all__ = ["PageStep", "Pagination", "aiterate_pages", "iterate_pages"]


@dataclass(frozen=True)
class Pagination:
    """How one operation pages (see the module's docstring)."""

    style: str
    items: tuple[str, ...] = ()
    """Member names from the answer down to the list of items (``()``: the answer is it)."""
    next: tuple[str, ...] = ()
    """Member names down to the next cursor (``cursor``) or URL (``next_url``)."""
    total: tuple[str, ...] = ()
    """Member names down to the number of items (``offset``) or pages (``page``), if any."""
    start: int = 0
    """The first page's number (``page``) or offset (``offset``)."""
    max_pages: int = 100_000


@dataclass(frozen=True)
class PageStep:
    """What the next call sends: ``value`` for the paging argument (``None``: none, the
    server's first page), ``query`` for ``extra_query=``."""

    value: Any = None
    query: Mapping[str, str] = field(default_factory=dict)

    def argument(self) -> Any:
        """The paging argument (``NOT_GIVEN`` when there is none to send)."""
        return NOT_GIVEN if self.value is None else self.value

    def extra_query(self, given: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
        """``extra_query=``: the caller's, with the next URL's query over it."""
        if not self.query:
            return given
        return {**(given or {}), **self.query}


def iterate_pages(
    fetch: Callable[[PageStep], tuple[Any, httpx.Response]],
    pagination: Pagination,
    *,
    start: Any = None,
) -> Iterator[Any]:
    """Every item of every page, each page fetched with ``fetch`` when the iteration
    reaches it (``fetch`` returns what ``<method>_with_response`` does). ``start``: the
    caller's own paging argument (a cursor to resume from, a first offset or page), if any."""
    step: PageStep | None = _first(start)
    seen: set[str] = set()
    for _ in range(pagination.max_pages):
        if step is None:
            return
        parsed, response = fetch(step)
        items = _items(parsed, response, pagination)
        yield from items
        step = _next(pagination, step, response, len(items), seen)


async def aiterate_pages(
    fetch: Callable[[PageStep], Awaitable[tuple[Any, httpx.Response]]],
    pagination: Pagination,
    *,
    start: Any = None,
) -> AsyncIterator[Any]:
    """:func:`iterate_pages` for the async client."""
    step: PageStep | None = _first(start)
    seen: set[str] = set()
    for _ in range(pagination.max_pages):
        if step is None:
            return
        parsed, response = await fetch(step)
        items = _items(parsed, response, pagination)
        for item in items:
            yield item
        step = _next(pagination, step, response, len(items), seen)


def _first(start: Any) -> PageStep:
    """The first call: the caller's paging argument as given (``NOT_GIVEN``: none)."""
    return PageStep(value=None if isinstance(start, NotGiven) else start)


def _items(parsed: Any, response: httpx.Response, pagination: Pagination) -> list[Any]:
    """The page's items as the client parsed them (models), found by their wire names."""
    value = parsed
    for name in pagination.items:
        value = _member(value, name)
    if isinstance(value, pydantic.RootModel):  # a list schema of its own (influxdata's Labels)
        value = value.root
    return list(value) if isinstance(value, list | tuple) else []


def _member(value: Any, name: str) -> Any:
    """Member ``name`` (a wire name) of a parsed model or of decoded JSON; ``None`` if absent."""
    if isinstance(value, pydantic.RootModel):
        value = value.root
    if isinstance(value, pydantic.BaseModel):
        # fields_of: a model validated inside another's validator has no aliases read yet.
        for attribute, info in fields_of(type(value)).items():
            if (info.alias or attribute) == name:
                return getattr(value, attribute)
        return (value.model_extra or {}).get(name)
    if isinstance(value, Mapping):
        return value.get(name)
    return None


def _next(
    pagination: Pagination,
    step: PageStep,
    response: httpx.Response,
    count: int,
    seen: set[str],
) -> PageStep | None:
    """The step after a page of ``count`` items, or ``None`` when that page was the last."""
    style = pagination.style
    data = _json(response)
    if style == "cursor":
        cursor = _dig(data, pagination.next)
        if cursor in (None, "") or isinstance(cursor, dict | list) or str(cursor) in seen:
            return None
        seen.add(str(cursor))
        return PageStep(value=cursor)
    if style in ("next_url", "link"):
        url = _dig(data, pagination.next) if style == "next_url" else _link_next(response)
        if not isinstance(url, str) or not url or url in seen:
            return None
        seen.add(url)
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
        return PageStep(value=None, query=query) if query else None
    if count == 0:
        return None
    position = (step.value if step.value is not None else pagination.start) + (
        count if style == "offset" else 1
    )
    total = _dig(data, pagination.total)
    if isinstance(total, int) and not isinstance(total, bool):
        last = total - 1 if style == "offset" else total + pagination.start - 1
        if position > last:
            return None
    return PageStep(value=position)


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _dig(data: Any, names: tuple[str, ...]) -> Any:
    if not names:
        return None
    for name in names:
        data = data.get(name) if isinstance(data, Mapping) else None
    return data


def _link_next(response: httpx.Response) -> str | None:
    """The ``rel="next"`` URL of the ``Link`` header, resolved against the request's URL."""
    link = response.links.get("next")
    url = link.get("url") if link else None
    return str(response.request.url.join(url)) if url else None
