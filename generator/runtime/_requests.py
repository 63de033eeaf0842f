"""Building requests (paths, queries, bodies) and reading answers (models, errors)."""

from __future__ import annotations

import dataclasses
import datetime as _dt
import decimal
import enum
import json
import logging
import re
import time
import types
import typing
import uuid
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote, unquote, urlencode

import httpx
import pydantic
import pydantic_core

from ._common import SAFE_METHODS, NotGiven
from ._lazy import fields_of
from .errors import (
    AcceptedResponseValidationError,
    APIStatusError,
    ResponseTooLargeError,
    ResponseValidationError,
    _describe_problems,
    error_class_for,
)

__all__ = [
    "OperationSpec",
    "build_query",
    "encode_body",
    "lenient_parse",
    "render_path",
    "serialize_body",
    "serialize_header",
    "validate_parameters",
]


@dataclasses.dataclass(frozen=True)
class OperationSpec:
    """What the engine needs to know about one operation.

    ``response_models`` maps a 2xx status (or ``"2XX"``, for any status the others leave) to
    the type its body is validated against (with a
    pydantic ``TypeAdapter``), or to ``None`` for "no body"; a root model's value is returned
    unwrapped (a plain ``list``/``dict`` of models), and a body that does not validate is read
    leniently unless the call is strict (see :func:`lenient_parse`). An undeclared 2xx returns the
    decoded JSON (or ``None`` when empty). ``error_models`` maps a status, ``"4XX"``/``"5XX"``
    or ``"default"`` to the type used to parse an error body (best effort). Either table may
    be given as a function that returns it (generated clients do: the model classes then load
    when an answer is read, not when the client module is imported); read them with
    :meth:`answers` and :meth:`errors`.
    ``idempotency_key`` is the wire name of the body property that makes a resend safe.
    ``authenticated=False`` sends the operation without the client's auth (a login call).
    ``body_kind`` is how a body is sent: ``json``, ``form`` (urlencoded), ``multipart``,
    ``binary`` (bytes as they are) or ``text``; ``content_type`` is the media type the spec
    declares for a JSON, binary or text body where it is not the kind's default
    (``application/merge-patch+json``, ``image/png``, ``text/csv``). A response model of ``bytes`` or ``str`` returns
    the raw content or text. ``accept`` is the ``Accept`` header: the success answers' types.
    ``styles`` maps ``(location, wire name)`` to the parameter's ``(style, explode)`` where it
    is not the location's default (query: form/explode; path and header: simple).
    ``security`` lists the requirements any one of which authenticates the call (each the
    scheme keys needed together), when the client takes several schemes' credentials.
    """

    name: str
    method: str
    path: str
    idempotency_key: str | None = None
    outcome_unknown_hint: str | None = None
    authenticated: bool = True
    body_kind: str = "json"
    content_type: str = ""
    accept: str = "application/json"
    response_models: Mapping[int | str, Any] | Callable[[], Mapping[int | str, Any]] = (
        dataclasses.field(default_factory=dict)
    )
    error_models: Mapping[int | str, Any] | Callable[[], Mapping[int | str, Any]] = (
        dataclasses.field(default_factory=dict)
    )
    styles: Mapping[tuple[str, str], tuple[str, bool]] = dataclasses.field(default_factory=dict)
    security: tuple[tuple[str, ...], ...] = ()

    def answers(self) -> Mapping[int | str, Any]:
        """``response_models``, computed if given as a function."""
        found = self.response_models
        return found() if callable(found) else found

    def errors(self) -> Mapping[int | str, Any]:
        """``error_models``, computed if given as a function."""
        found = self.error_models
        return found() if callable(found) else found


def validate_parameters(schema: Any, title: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a call's parameters before anything is sent; return them, converted (but for
    dates and times given as text, see :func:`_sent`).

    ``schema`` is a ``TypedDict`` (``total=False``) whose fields carry the spec's constraints
    (types, ranges, lengths, patterns, enums); ``values`` maps each argument name to what the
    caller passed (``NOT_GIVEN`` when left out: not validated, kept as ``NOT_GIVEN``). Raises
    ``pydantic.ValidationError`` titled ``title`` (``"list_pets parameters"``), each problem
    located at the argument's name.
    """
    given = {name: value for name, value in values.items() if not isinstance(value, NotGiven)}
    try:
        checked = _adapter(schema).validate_python(given)
    except pydantic.ValidationError as exc:
        raise pydantic.ValidationError.from_exception_data(
            title, typing.cast(Any, exc.errors()), hide_input=False
        ) from None
    return {name: _sent(value, checked.get(name, value)) for name, value in values.items()}


def _sent(given: Any, checked: Any) -> Any:
    """What is sent for an argument: the checked value, but a date or time the caller wrote as
    text stays as written (converted and back, ``Z`` would become ``+00:00``)."""
    if isinstance(given, str) and isinstance(checked, (_dt.datetime, _dt.date, _dt.time)):
        return given
    return checked


_PATH_PARAM = re.compile(r"\{([^{}]+)\}")


def _format_scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return _format_scalar(value.value)
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    return str(value)


def _items(value: Any) -> list[tuple[str, str]] | None:
    """``(key, text)`` pairs of a mapping or model value, ``None`` for anything else."""
    if isinstance(value, pydantic.BaseModel):
        value = value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, Mapping):
        return [(str(k), _format_scalar(v)) for k, v in value.items() if v is not None]
    return None


def _simple(value: Any, explode: bool, quote_each: bool) -> str:
    """OpenAPI ``simple`` style: arrays ``a,b``; objects ``k,v,k2,v2`` (``k=v,k2=v2`` exploded)."""

    def q(text: str) -> str:
        return quote(text, safe="") if quote_each else text

    pairs = _items(value)
    if pairs is not None:
        if explode:
            return ",".join(f"{q(k)}={q(v)}" for k, v in pairs)
        return ",".join(q(part) for pair in pairs for part in pair)
    if isinstance(value, (list, tuple)):
        return ",".join(q(_format_scalar(item)) for item in value if item is not None)
    return q(_format_scalar(value))


def render_path(
    template: str,
    params: Mapping[str, Any],
    styles: Mapping[str, tuple[str, bool]] | None = None,
) -> str:
    """Fill ``{name}`` placeholders, percent-encoding each value (``/`` included).

    ``styles`` maps a name to a non-default ``(style, explode)``: ``label`` (``.a.b``) or
    ``matrix`` (``;name=a,b``); the default is ``simple`` (``a,b`` for arrays). Raises
    ``ValueError`` for a missing or empty value, and for a value that would make a whole path
    segment ``.`` or ``..`` (also once percent-decoded, any number of times): URL
    normalisation, in httpx or on the way to the server, would resolve it to another
    resource (``delete_thing("..")`` would send ``DELETE /v1``). Such a value is refused
    rather than sent as ``%2E%2E``, because a server or proxy that decodes before resolving
    dot segments would still reach the other resource.
    """

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in params or isinstance(params[name], NotGiven) or params[name] is None:
            raise ValueError(f"path parameter {name!r} is required")
        value = params[name]
        style, explode = (styles or {}).get(name, ("simple", False))
        if style == "label":
            text = _simple(value, explode, True)
            return "." + (text.replace(",", ".") if explode else text)
        if style == "matrix":
            if isinstance(value, (list, tuple)) and explode:
                return "".join(f";{name}={quote(_format_scalar(v), safe='')}" for v in value)
            return f";{name}=" + _simple(value, explode, True)
        text = _simple(value, explode, True)
        if text == "":
            raise ValueError(f"path parameter {name!r} must not be empty")
        if _is_dot_segment(text):
            raise ValueError(
                f"path parameter {name!r} must not be {_format_scalar(value)!r}: a path "
                "segment '.' or '..' would address another resource"
            )
        return text

    path = _PATH_PARAM.sub(substitute, template)
    # Values next to each other or to literal dots can still form a dot segment ("{a}{b}").
    if any(_is_dot_segment(segment) for segment in path.split("?", 1)[0].split("/")):
        raise ValueError(
            f"the path parameters of {template!r} would form a '.' or '..' segment, which "
            "addresses another resource"
        )
    return path


def _is_dot_segment(text: str) -> bool:
    """``text`` is ``.`` or ``..`` as it is or once percent-decoded, any number of times."""
    if text in (".", ".."):
        return True
    while "%" in text:
        decoded = unquote(text)
        if decoded == text:
            break
        text = decoded
        if text in (".", ".."):
            return True
    return False


def serialize_header(value: Any, explode: bool = False) -> str:
    """A header parameter in the ``simple`` style: scalars as text (booleans ``true``/``false``),
    arrays ``a,b``, objects ``k,v`` (``k=v`` exploded)."""
    return _simple(value, explode, False)


_DELIMITERS = {"form": ",", "spaceDelimited": " ", "pipeDelimited": "|"}


def build_query(
    params: Mapping[str, Any] | None,
    styles: Mapping[str, tuple[str, bool]] | None = None,
) -> list[tuple[str, str]]:
    """Query pairs, per parameter style (default: OpenAPI's form, explode).

    ``NOT_GIVEN`` and ``None`` are dropped (a query string cannot carry null); booleans are
    ``true``/``false``. Arrays: one pair per item (form, explode), or one pair with the items
    joined by ``,`` (form, explode false), a space (``spaceDelimited``) or ``|``
    (``pipeDelimited``). Objects: ``k=v`` pairs (form, explode), ``name=k,v`` (form, explode
    false), ``name[k]=v`` (``deepObject``).
    """
    pairs: list[tuple[str, str]] = []
    for name, value in (params or {}).items():
        if isinstance(value, NotGiven) or value is None:
            continue
        style, explode = (styles or {}).get(name, ("form", True))
        members = _items(value)
        if members is not None:
            if style == "deepObject":
                pairs.extend((f"{name}[{k}]", v) for k, v in members)
            elif explode:
                pairs.extend(members)
            else:
                pairs.append((name, ",".join(part for pair in members for part in pair)))
            continue
        items = list(value) if isinstance(value, (list, tuple)) else [value]
        texts = [_format_scalar(item) for item in items if item is not None]
        if explode or not isinstance(value, (list, tuple)):
            pairs.extend((name, text) for text in texts)
        else:
            pairs.append((name, _DELIMITERS.get(style, ",").join(texts)))
    return pairs


def _jsonable(value: Any) -> Any:
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, Mapping):
        return {
            str(key): _jsonable(item)
            for key, item in value.items()
            if not isinstance(item, NotGiven)
        }
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    return pydantic_core.to_jsonable_python(value)


def serialize_body(body: Any) -> tuple[bytes, Any] | None:
    """Serialise a JSON body once: ``(bytes, jsonable)``, or ``None`` for ``NOT_GIVEN``.

    Pydantic models (at any depth) are dumped by alias with unset fields left out, so an
    explicit ``None`` is sent as null and an omitted field is not sent; ``NOT_GIVEN`` values
    in mappings are dropped. Dates, UUIDs, decimals and enums become their JSON forms.
    """
    if isinstance(body, NotGiven):
        return None
    jsonable = _jsonable(body)
    data = json.dumps(jsonable, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return data, jsonable


def _form_value(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return _format_scalar(value)


def encode_body(body: Any, kind: str, content_type: str = "") -> tuple[bytes, str, Any] | None:
    """``(bytes, content type, jsonable)`` of a request body, or ``None`` for ``NOT_GIVEN``.

    ``json``: see :func:`serialize_body`. ``form``: the fields urlencoded (nested values as
    JSON). ``multipart``: ``bytes`` fields become file parts, the rest form fields. ``binary``
    and ``text``: the value as it is. ``jsonable`` is the field mapping (``None`` for raw bodies).
    ``content_type``, when given, replaces the JSON, binary or text default (form and multipart
    bodies always say their own encoding).
    """
    if isinstance(body, NotGiven):
        return None
    if kind in ("binary", "text"):
        raw = body.encode("utf-8") if isinstance(body, str) else bytes(body)
        media = "text/plain; charset=utf-8" if kind == "text" else "application/octet-stream"
        if content_type:
            media = content_type
            if kind == "text" and "charset=" not in content_type.lower():
                media += "; charset=utf-8"  # str bodies are sent as UTF-8
        return raw, media, None
    if kind == "json":
        serialized = serialize_body(body)
        if serialized is None:  # pragma: no cover - NOT_GIVEN handled above
            return None
        return serialized[0], content_type or "application/json", serialized[1]
    if isinstance(body, pydantic.BaseModel):
        fields = body.model_dump(by_alias=True, exclude_unset=True)
    else:
        fields = {str(k): v for k, v in dict(body).items() if not isinstance(v, NotGiven)}
    jsonable = {k: _jsonable(v) for k, v in fields.items() if not isinstance(v, (bytes, bytearray))}
    if kind == "form":
        pairs = [(k, _form_value(v)) for k, v in jsonable.items() if v is not None]
        return urlencode(pairs).encode("ascii"), "application/x-www-form-urlencoded", jsonable
    # httpx sends a ``(None, text)`` part as a plain form field, ``(filename, bytes)`` as a file.
    parts: list[tuple[str, tuple[str | None, bytes | str]]] = []
    for name, value in fields.items():
        if isinstance(value, (bytes, bytearray)):
            parts.append((name, (name, bytes(value))))
        elif jsonable.get(name) is not None:
            parts.append((name, (None, _form_value(jsonable[name]))))
    if not parts:
        return b"", "application/x-www-form-urlencoded", jsonable
    request = httpx.Request("POST", "http://multipart.invalid/", files=parts)
    return request.read(), request.headers["Content-Type"], jsonable


def _safe_url(url: httpx.URL) -> str:
    return str(url.copy_with(userinfo=b"", query=None, fragment=None))


_LIMIT_EXTENSION = "max_response_bytes"
"""The request extension carrying the engine's cap to the auth flows, which read the login
and token answers themselves."""


class _Body:
    """An answer's body, decompressed, collected up to ``limit`` bytes and until ``deadline``
    (``time.monotonic()``); ``None`` for no cap or no deadline."""

    def __init__(
        self,
        response: httpx.Response,
        *,
        limit: int | None,
        operation: str,
        deadline: float | None = None,
    ) -> None:
        self.response = response
        self.limit = limit
        self.operation = operation
        self.deadline = deadline
        # Pieces, not one growing buffer: growing would copy, briefly holding twice the size.
        self.pieces: list[bytes] = []
        self.size = 0
        length = response.headers.get("Content-Length", "")
        # A plain body that says it is too large is refused before any of it is read.
        if "Content-Encoding" not in response.headers and length.isdigit():
            self._check(int(length))

    def _check(self, size: int) -> None:
        if self.limit is not None and size > self.limit:
            raise ResponseTooLargeError.from_response(
                self.response, limit=self.limit, operation=self.operation
            )

    def add(self, chunk: bytes) -> None:
        # Checked before the chunk is kept: a compression bomb never grows past the cap.
        self._check(self.size + len(chunk))
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise httpx.ReadTimeout(
                "the call's deadline passed while the answer was being read",
                request=self.response.request,
            )
        self.pieces.append(chunk)
        self.size += len(chunk)

    def keep(self) -> None:
        """Make the collected bytes the response's ``content`` (as ``response.read()`` would)."""
        self.response._content = b"".join(self.pieces)
        self.pieces.clear()


def _read_capped(
    response: httpx.Response,
    *,
    limit: int | None,
    operation: str,
    deadline: float | None = None,
) -> None:
    """Read a streamed ``response``'s body into ``response.content``, decompressing as it
    goes; past ``limit`` bytes raise :class:`ResponseTooLargeError`, past ``deadline`` raise
    ``httpx.ReadTimeout`` (the response is closed either way)."""
    try:
        body = _Body(response, limit=limit, operation=operation, deadline=deadline)
        for chunk in response.iter_bytes():
            body.add(chunk)
    except BaseException:
        response.close()
        raise
    body.keep()


async def _aread_capped(
    response: httpx.Response,
    *,
    limit: int | None,
    operation: str,
    deadline: float | None = None,
) -> None:
    """The async twin of :func:`_read_capped`."""
    try:
        body = _Body(response, limit=limit, operation=operation, deadline=deadline)
        async for chunk in response.aiter_bytes():
            body.add(chunk)
    except BaseException:
        await response.aclose()
        raise
    body.keep()


def _decode_body(response: httpx.Response, *, too_deep: str = "text") -> Any:
    """The decoded JSON of ``response``, its text when it is not JSON, ``None`` when empty.

    JSON nested deeper than Python's parser allows (it raises ``RecursionError``) is read as
    text for ``too_deep="text"`` (an error answer: best effort) and raises
    :class:`_TooDeep` for ``too_deep="raise"`` (a success answer, which must not come back
    as a string).
    """
    if not response.content:
        return None
    try:
        return response.json()
    except RecursionError:
        if too_deep == "raise":
            raise _TooDeep from None
        return response.text
    except ValueError:
        return response.text


class _TooDeep(Exception):
    """A JSON answer nested too deeply to decode (Python's parser raised ``RecursionError``)."""


def _json_error(title: str, reason: str) -> pydantic.ValidationError:
    """A ``pydantic.ValidationError`` saying the body is not readable JSON, for the
    ``ResponseValidationError`` raised when no value could be read at all."""
    return pydantic.ValidationError.from_exception_data(
        title, [{"type": "json_invalid", "loc": (), "input": "", "ctx": {"error": reason}}]
    )


_ADAPTERS: dict[Any, pydantic.TypeAdapter[Any]] = {}


def _adapter(model: Any) -> pydantic.TypeAdapter[Any]:
    try:
        found = _ADAPTERS.get(model)
    except TypeError:  # unhashable type expression
        return pydantic.TypeAdapter(model)
    if found is None:
        found = _ADAPTERS[model] = pydantic.TypeAdapter(model)
    return found


def _error_model(op: OperationSpec, status: int) -> Any:
    models = op.errors()
    for key in (status, f"{status // 100}XX", "default"):
        if key in models:
            return models[key]
    return None


def _status_error(op: OperationSpec, response: httpx.Response) -> APIStatusError:
    body = _decode_body(response)
    model = _error_model(op, response.status_code)
    if model is not None and body is not None:
        try:
            body = _adapter(model).validate_python(body, context=_RESPONSE_CONTEXT)
        except (pydantic.ValidationError, RecursionError):
            pass  # best effort: keep the decoded JSON
    cls = error_class_for(response.status_code)
    return cls.from_response(response, body, operation=op.name)


# Models shared by requests and responses reject unknown fields only when a caller builds
# them; a response parsed here keeps them (see ``_base.SpecModel``).
_RESPONSE_CONTEXT: dict[str, Any] = {"specgen_response": True}


def _unwrap(value: Any) -> Any:
    """A root model's value (``list[Model]``, ``dict[str, Model]``, ...), anything else as is."""
    return value.root if isinstance(value, pydantic.RootModel) else value


def _model_class(annotation: Any) -> type[pydantic.BaseModel] | None:
    """The model class of ``Model`` or ``Model | None``, else ``None``."""
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        return annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(options) == 1:
            return _model_class(options[0])
    if typing.get_origin(annotation) is typing.Annotated:
        return _model_class(typing.get_args(annotation)[0])
    return None


def _list_item(annotation: Any) -> Any:
    """The item type of ``list[X]`` (or ``list[X] | None``), else ``None``."""
    if typing.get_origin(annotation) is typing.Annotated:
        return _list_item(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _list_item(options[0]) if len(options) == 1 else None
    if typing.get_origin(annotation) is list:
        args = typing.get_args(annotation)
        return args[0] if args else None
    return None


def _lenient_value(annotation: Any, value: Any) -> Any:
    """``value`` validated as ``annotation``; where that fails, models are built field by field
    and anything else is kept raw."""
    try:
        return _adapter(annotation).validate_python(value, context=_RESPONSE_CONTEXT)
    except (pydantic.ValidationError, TypeError):
        pass
    model = _model_class(annotation)
    if model is not None and isinstance(value, dict):
        return _construct(model, value)
    item = _list_item(annotation)
    if item is not None and isinstance(value, list):
        return [_lenient_value(item, v) for v in value]
    return value


def _construct(model: type[pydantic.BaseModel], data: dict[str, Any]) -> Any:
    """``model`` built without failing: each field validated on its own (nested models
    likewise); a malformed value is kept raw, a missing field is ``None`` and not in
    ``model_fields_set``; unknown members stay as extras. Model-level rules are not run."""
    if issubclass(model, pydantic.RootModel):
        root = fields_of(model)["root"].rebuild_annotation()
        return model.model_construct(_lenient_value(root, data))
    values: dict[str, Any] = {}
    fields_set: set[str] = set()
    used: set[str] = set()
    for name, info in fields_of(model).items():
        for key in (info.alias, name):
            if key is not None and key in data:
                used.add(key)
                values[name] = _lenient_value(info.rebuild_annotation(), data[key])
                fields_set.add(name)
                break
        else:
            if info.is_required():
                values[name] = None
    extras = {k: v for k, v in data.items() if k not in used}
    built = model.model_construct(_fields_set=fields_set, **values)
    if extras and model.model_config.get("extra") == "allow":
        if built.__pydantic_extra__ is None:
            object.__setattr__(built, "__pydantic_extra__", {})
        assert built.__pydantic_extra__ is not None
        built.__pydantic_extra__.update(extras)
    return built


def lenient_parse(model: Any, data: Any) -> Any:
    """What the lenient mode reads from a 2xx ``data`` that failed validation as ``model``:
    a model built field by field (see :func:`_construct`), a list or mapping of them, or the
    decoded JSON when even that is impossible (for example a string where an object was
    declared). The engine returns it only when it has the declared shape (see
    :func:`_fits`); otherwise it raises ``ResponseValidationError``."""
    cls = _model_class(model)
    if cls is not None and issubclass(cls, pydantic.RootModel):
        return _unwrap(_construct(cls, data))
    if cls is not None:
        return _construct(cls, data) if isinstance(data, dict) else data
    return _lenient_value(model, data)


_SCALAR_TYPES = (str, int, float, bool, decimal.Decimal)
# Read from a JSON string (or number): a list or an object stands for none of them.
_TEXT_TYPES = (uuid.UUID, _dt.date, _dt.time, _dt.timedelta, enum.Enum, pydantic.AnyUrl)


def _fits(annotation: Any, value: Any) -> bool:
    """Whether ``value`` has the shape a method returning ``annotation`` promises: a model (or
    the mapping a union of models keeps) where an object is declared, a ``list`` where an
    array is, a ``dict`` where a map is, a scalar where a string, number or boolean is (its
    value is not checked: ``"5"`` may stand for an ``int``, but ``[]`` stands for no ``str``)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _fits(typing.get_args(annotation)[0], value)
    if origin in (typing.Union, types.UnionType):
        return any(_fits(option, value) for option in typing.get_args(annotation))
    if annotation is type(None):
        return value is None
    if isinstance(annotation, type) and issubclass(annotation, pydantic.RootModel):
        return _fits(fields_of(annotation)["root"].rebuild_annotation(), value)
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        return isinstance(value, (annotation, dict))
    if annotation is list or origin is list:
        return isinstance(value, list)
    if annotation is dict or origin is dict:
        return isinstance(value, dict)
    if annotation in _SCALAR_TYPES or (
        isinstance(annotation, type) and issubclass(annotation, _TEXT_TYPES)
    ):
        return not isinstance(value, (list, dict))
    return True


def _rejected(
    op: OperationSpec,
    response: httpx.Response,
    error: pydantic.ValidationError,
    *,
    parsed: Any,
    model_name: str,
) -> ResponseValidationError:
    """The error for a 2xx answer not returned: ``AcceptedResponseValidationError`` when the
    call changes state (the server accepted it), else ``ResponseValidationError``."""
    accepted = op.method.upper() not in SAFE_METHODS
    cls = AcceptedResponseValidationError if accepted else ResponseValidationError
    return cls.from_error(response, error, operation=op.name, parsed=parsed, model_name=model_name)


def _success(
    op: OperationSpec,
    response: httpx.Response,
    *,
    strict: bool = False,
    logger: logging.Logger | None = None,
) -> Any:
    """The value a 2xx answer returns, or the ``ResponseValidationError`` it raises.

    Lenient mode returns what could be read only when it has the declared shape (see
    :func:`_fits`): a body that is not JSON, JSON nested too deeply to decode, or a string
    where an object is declared raises even without ``strict``, since no value of the
    promised type exists (``AcceptedResponseValidationError`` for a call that changes state).
    """
    answers = op.answers()
    status = response.status_code
    key: int | str = status if status in answers else f"{status // 100}XX"
    if key not in answers:
        try:
            return _decode_body(response, too_deep="raise")
        except _TooDeep:
            error = _json_error("JSON", "nested too deeply to decode")
            raise _rejected(op, response, error, parsed=None, model_name="JSON") from None
    model = answers[key]
    if model is None:
        return None
    if model is bytes:
        return response.content
    if model is str:
        return response.text
    try:
        return _unwrap(_adapter(model).validate_json(response.content, context=_RESPONSE_CONTEXT))
    except pydantic.ValidationError as exc:
        error = exc
    model_name = getattr(model, "__name__", None) or error.title
    try:
        data = _decode_body(response, too_deep="raise")
        parsed = lenient_parse(model, data)
    except (_TooDeep, RecursionError):
        error = _json_error(model_name, "nested too deeply to decode")
        raise _rejected(op, response, error, parsed=None, model_name=model_name) from None
    if strict or not _fits(model, parsed):
        raise _rejected(op, response, error, parsed=parsed, model_name=model_name) from None
    (logger or logging.getLogger(__name__.rpartition(".")[0])).warning(
        "%s: the HTTP %d answer does not match its declared model (%s): %s. Returning what "
        "could be read (strict_response_validation=True raises instead).",
        op.name,
        response.status_code,
        model_name,
        _describe_problems(error),
    )
    return parsed
