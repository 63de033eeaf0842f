"""Which list operations page, and how: each gets a ``<method>_all`` iterator.

What an operation says with ``x-specgen-pagination`` wins; otherwise a ``GET`` whose JSON
answer holds a list of items is recognised by the names the common schemes use, in this
order:

* ``cursor``: a query parameter named like a cursor (``cursor``, ``page_token``, ``after``,
  ``marker``, ...) and a string member of the answer carrying the next one (``next_cursor``,
  ``nextPageToken``, ``cursor`` in ``meta`` or ``pagination``, ...); when that member holds a
  URL (``format: uri``, or a name saying ``url``/``link``) it is ``next_url``;
* ``next_url``: a member holding the next page's URL (``next``, ``nextLink``, ...);
* ``link``: the answer declares a ``Link`` header (RFC 8288, ``rel="next"``);
* ``offset``: an ``offset``/``skip``/``start`` query parameter;
* ``page``: a ``page``/``page_number`` query parameter.

A total (``total``, ``total_count``; ``total_pages`` for pages) is used where the answer has
one. Only names are read: an API whose names say nothing can declare its scheme.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from ..errors import SpecValidationError
from ..schema.pointer import escape_pointer
from ..schema.samples import NO_SAMPLE, ExampleChecker
from ..schema.view import SchemaView, class_members, declared_type, target_name
from ..spec.loader import LoadedSpec
from .records import Api, Operation, Pagination, Parameter, ResponseKind

__all__ = ["paginate"]

_STYLES = ("cursor", "next_url", "link", "offset", "page")
_ITEMS = (
    "data",
    "items",
    "results",
    "records",
    "entries",
    "values",
    "elements",
    "list",
    "content",
    "nodes",
)
_CURSOR_PARAMETERS = (
    "cursor",
    "pagetoken",
    "pagecursor",
    "nextpagetoken",
    "nexttoken",
    "continuationtoken",
    "continuation",
    "startcursor",
    "after",
    "marker",
)
_CURSOR_MEMBERS = (
    "nextcursor",
    "nextpagetoken",
    "nexttoken",
    "nextpagecursor",
    "continuationtoken",
    "continuation",
    "nextmarker",
    "endcursor",
    "cursor",
    "after",
    "next",
)
_URL_MEMBERS = ("next", "nexturl", "nextlink", "nextpage", "nextpageurl", "odatanextlink")
_OFFSET_PARAMETERS = ("offset", "skip", "start", "startindex", "from")
_PAGE_PARAMETERS = ("page", "pagenumber", "pageno", "pageindex", "pagenum")
_TOTALS = ("total", "totalcount", "totalresults", "totalitems", "totalrecords", "count")
_PAGE_TOTALS = ("totalpages", "pagecount", "pages", "lastpage", "numpages")
# Where a paging member may sit below the answer's top level (``meta.next_cursor``).
_CONTAINERS = (
    "meta",
    "metadata",
    "pagination",
    "paging",
    "pageinfo",
    "page",
    "cursors",
    "links",
    "nextpage",
    "responsemetadata",
)
_SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


def paginate(
    spec: LoadedSpec,
    api: Api,
    class_of_schema: Mapping[str, str],
    checker: ExampleChecker,
    view: SchemaView,
) -> Api:
    """``api`` with :attr:`Operation.pagination` set on every operation that pages; ``view``:
    the schemas ``api.schemas`` reads (the IR reads their nodes, later stages may not)."""
    finder = _Finder(spec, view, class_of_schema, checker)
    return replace(api, operations=tuple(finder.operation(op) for op in api.operations))


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


class _Finder:
    def __init__(
        self,
        spec: LoadedSpec,
        schemas: SchemaView,
        class_of_schema: Mapping[str, str],
        checker: ExampleChecker,
    ) -> None:
        self.spec = spec
        self.schemas = schemas
        self.class_of_schema = class_of_schema
        self.checker = checker
        self._item: Any = None

    def operation(self, op: Operation) -> Operation:
        self._item = None
        declared = self._declared(op)
        found = declared or self._recognised(op)
        if found is None:
            return op
        sample = self.checker.sample(self._item) if self._item is not None else NO_SAMPLE
        example = None if sample is NO_SAMPLE else sample
        return replace(op, pagination=replace(found, item_example=example))

    # ----------------------------------------------------------------- the answer's shape

    def _answer(self, op: Operation) -> tuple[Any, str] | None:
        """The first success answer's schema and its status, when it is JSON with a schema."""
        for response in op.success_responses:
            if response.kind is ResponseKind.JSON and response.model:
                try:
                    return self._deref(self.schemas.at(response.schema_pointer)), response.status
                except (KeyError, IndexError, ValueError):
                    return None
        return None

    def _deref(self, schema: Any, depth: int = 0) -> Any:
        name = target_name(schema)
        if name is not None and depth < 8:
            return self._deref(self.schemas.component(name), depth + 1)
        return schema if isinstance(schema, Mapping) else {}

    def _members(self, schema: Any) -> dict[str, Any]:
        members, _required = class_members(schema, self.schemas.components())
        return {str(k): self._deref(v) for k, v in members.items()}

    def _kind(self, schema: Any) -> Any:
        schema = self._deref(schema)
        kind = declared_type(schema)
        if isinstance(kind, list):
            kinds = [k for k in kind if k != "null"]
            return kinds[0] if len(kinds) == 1 else None
        if kind is None and self._members(schema):  # allOf parts with members: an object
            return "object"
        return kind

    def _items(self, answer: Any) -> tuple[tuple[str, ...], Any] | None:
        """The path to the answer's list of items and the schema of one item."""
        if self._kind(answer) == "array":
            return (), answer.get("items")
        members = self._members(answer)
        lists = [name for name, schema in members.items() if self._kind(schema) == "array"]
        preferred = [name for key in _ITEMS for name in lists if _norm(name) == key]
        chosen = preferred[0] if preferred else (lists[0] if len(lists) == 1 else None)
        if chosen is None:
            return None
        return (chosen,), members[chosen].get("items")

    def _find(
        self, answer: Any, wanted: tuple[str, ...], kinds: tuple[str, ...], depth: int = 2
    ) -> tuple[str, ...] | None:
        """The path to the member named first in ``wanted`` (normalised names) whose type is
        one of ``kinds``: a member of the answer, or of a paging container in it (``meta``,
        ``pagination``, ``links``, ...), ``depth`` levels down."""
        found: list[tuple[int, int, tuple[str, ...]]] = []

        def visit(schema: Any, path: tuple[str, ...]) -> None:
            for name, member in self._members(schema).items():
                kind = self._kind(member)
                if _norm(name) in wanted and kind in kinds:
                    found.append((wanted.index(_norm(name)), len(path), (*path, name)))
                elif kind == "object" and len(path) + 1 < depth and _norm(name) in _CONTAINERS:
                    visit(member, (*path, name))

        if self._kind(answer) == "object":
            visit(answer, ())
        return min(found)[2] if found else None

    def _is_url(self, answer: Any, path: tuple[str, ...]) -> bool:
        schema = answer
        for name in path:
            schema = self._members(schema).get(name, {})
        name = _norm(path[-1])
        sample = schema.get("example", schema.get("default"))
        description = str(schema.get("description") or "")
        return (
            schema.get("format") in ("uri", "url", "uri-reference")
            or any(word in name for word in ("url", "link", "href"))
            or isinstance(sample, str)
            and sample.startswith(("http://", "https://", "/"))
            or re.search(r"\b(URL|URI|link)\b", description) is not None
        )

    def _item_type(self, item: Any) -> str:
        self._item = item  # its schema, for the item the tests page through
        name = target_name(item)
        if name is not None and name in self.class_of_schema:
            return f"models.{self.class_of_schema[name]}"
        kind = self._kind(item) if isinstance(item, Mapping) else None
        return _SCALARS.get(kind, "Any") if isinstance(kind, str) else "Any"

    # ----------------------------------------------------------------- recognised schemes

    def _recognised(self, op: Operation) -> Pagination | None:
        if op.method.upper() != "GET":
            return None
        answered = self._answer(op)
        if answered is None:
            return None
        answer, status = answered
        items = self._items(answer)
        if items is None:
            return None
        path, item = items
        query = {_norm(p.name): p for p in op.parameters if p.location == "query"}
        item_type = self._item_type(item)

        def found(style: str, **more: Any) -> Pagination:
            return Pagination(style=style, items=path, item_type=item_type, **more)

        # An offset or page "number" that is a string is a cursor (Asana's offset, Stripe's
        # search page): the answer says what to send next.
        tokens = [key for key in (*_OFFSET_PARAMETERS, *_PAGE_PARAMETERS) if key in query]
        tokens = [key for key in tokens if query[key].annotation == "str"]
        cursor = next((query[key] for key in (*_CURSOR_PARAMETERS, *tokens) if key in query), None)
        if cursor is not None:
            wanted = ("next" + _norm(cursor.name), *_CURSOR_MEMBERS, _norm(cursor.name))
            following = self._find(answer, wanted, ("string",))
            if following is not None and self._is_url(answer, following):
                return found("next_url", next=following)
            if following is not None:
                return found("cursor", parameter=cursor.python_name, next=following)
        url = self._find(answer, _URL_MEMBERS, ("string",))
        if url is not None and self._is_url(answer, url):
            return found("next_url", next=url)
        if self._declares_link(op, status):
            return found("link")
        offset = next((query[key] for key in _OFFSET_PARAMETERS if key in query), None)
        if offset is not None and offset.annotation == "int":
            total = self._find(answer, _TOTALS, ("integer",)) or ()
            return found("offset", parameter=offset.python_name, total=total, start=0)
        page = next((query[key] for key in _PAGE_PARAMETERS if key in query), None)
        if page is not None and page.annotation == "int":
            total = self._find(answer, _PAGE_TOTALS, ("integer",)) or ()
            start = self._first_page(op, page)
            return found("page", parameter=page.python_name, total=total, start=start)
        return None

    def _first_page(self, op: Operation, page: Parameter) -> int:
        """The first page's number: the parameter's ``minimum`` (or ``default``) if 0 or 1."""
        for at in (f"{op.pointer}/parameters", f"{op.pointer.rsplit('/', 1)[0]}/parameters"):
            listed = self._raw(at)
            for raw in listed if isinstance(listed, list) else ():
                raw = self._deref_raw(raw)
                if isinstance(raw, Mapping) and raw.get("name") == page.name:
                    schema = self._deref(raw.get("schema"))
                    for key in ("minimum", "default"):
                        if schema.get(key) in (0, 1) and not isinstance(schema[key], bool):
                            return int(schema[key])
                    return 1
        return 1

    def _deref_raw(self, node: Any) -> Any:
        if isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
            found = self.schemas.resolve_ref(node["$ref"])
            return found[1] if found else None
        return node

    def _declares_link(self, op: Operation, status: str) -> bool:
        response = self._deref_raw(self._raw(f"{op.pointer}/responses/{escape_pointer(status)}"))
        headers = response.get("headers") if isinstance(response, Mapping) else None
        return isinstance(headers, Mapping) and any(str(name).lower() == "link" for name in headers)

    def _raw(self, pointer: str) -> Any:
        try:
            return self.schemas.at(pointer)
        except (KeyError, IndexError, ValueError):
            return None

    # ----------------------------------------------------------------- declared schemes

    def _declared(self, op: Operation) -> Pagination | None:
        """``x-specgen-pagination`` of ``op``: ``style`` and the wire names it needs."""
        at = f"{op.pointer}/x-specgen-pagination"
        raw = self._raw(at)
        if raw is None:
            return None

        def fail(message: str) -> SpecValidationError:
            return SpecValidationError(f"x-specgen-pagination: {message}", self.spec.location(at))

        if not isinstance(raw, Mapping) or raw.get("style") not in _STYLES:
            raise fail(f"style must be one of {', '.join(_STYLES)}")
        style = str(raw["style"])
        parameter: Parameter | None = None
        if style in ("cursor", "offset", "page") or "parameter" in raw:
            wire = raw.get("parameter")
            parameter = next(
                (p for p in op.parameters if p.location == "query" and p.name == wire), None
            )
            if parameter is None:
                raise fail(f"parameter {wire!r} is not a query parameter of the operation")
        if style in ("cursor", "next_url") and not isinstance(raw.get("next"), str):
            raise fail(f"a {style} style needs next: the member holding the next page's")
        found = self._answer(op)
        items = _path(raw.get("items", ""))
        item: Any = None
        if found is not None:
            schema = found[0]
            for name in items:
                schema = self._members(schema).get(name, {})
            item = schema.get("items") if isinstance(schema, Mapping) else None
        start = raw.get("start", 1 if style == "page" else 0)
        if not isinstance(start, int) or isinstance(start, bool):
            raise fail("start must be an integer")
        return Pagination(
            style=style,
            items=items,
            item_type=self._item_type(item),
            parameter=parameter.python_name if parameter else "",
            next=_path(raw.get("next", "")),
            total=_path(raw.get("total", "")),
            start=start,
            declared=True,
        )


def _path(dotted: Any) -> tuple[str, ...]:
    return tuple(part for part in str(dotted).split(".") if part) if dotted else ()
