"""Building requests (paths, queries, bodies) and reading answers (models, errors)."""

from __future__ import annotations

import dataclasses
import datetime as _dt
import enum
import json
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlencode

import httpx
import pydantic
import pydantic_core

from ._common import NotGiven
from .errors import (
    APIStatusError,
    ResponseValidationError,
    error_class_for,
)

__all__ = [
    "OperationSpec",
    "build_query",
    "encode_body",
    "render_path",
    "serialize_body",
]


@dataclasses.dataclass(frozen=True)
class OperationSpec:
    """What the engine needs to know about one operation.

    ``response_models`` maps a 2xx status to the type its body is validated against (with a
    pydantic ``TypeAdapter``), or to ``None`` for "no body". An undeclared 2xx returns the
    decoded JSON (or ``None`` when empty). ``error_models`` maps a status, ``"4XX"``/``"5XX"``
    or ``"default"`` to the type used to parse an error body (best effort).
    ``idempotency_key`` is the wire name of the body property that makes a resend safe.
    ``authenticated=False`` sends the operation without the client's auth (a login call).
    ``body_kind`` is how a body is sent: ``json``, ``form`` (urlencoded), ``multipart``,
    ``binary`` (bytes as they are) or ``text``. A response model of ``bytes`` or ``str`` returns
    the raw content or text. ``accept`` is the ``Accept`` header: the success answers' types.
    """

    name: str
    method: str
    path: str
    idempotency_key: str | None = None
    outcome_unknown_hint: str | None = None
    authenticated: bool = True
    body_kind: str = "json"
    accept: str = "application/json"
    response_models: Mapping[int, Any] = dataclasses.field(default_factory=dict)
    error_models: Mapping[int | str, Any] = dataclasses.field(default_factory=dict)


_PATH_PARAM = re.compile(r"\{([^{}]+)\}")


def _format_scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return _format_scalar(value.value)
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    return str(value)


def render_path(template: str, params: Mapping[str, Any]) -> str:
    """Fill ``{name}`` placeholders, percent-encoding each value (``/`` included).

    Raises ``ValueError`` for a missing or empty value.
    """

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in params or isinstance(params[name], NotGiven) or params[name] is None:
            raise ValueError(f"path parameter {name!r} is required")
        text = _format_scalar(params[name])
        if text == "":
            raise ValueError(f"path parameter {name!r} must not be empty")
        return quote(text, safe="")

    return _PATH_PARAM.sub(substitute, template)


def build_query(params: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """Query pairs in OpenAPI's default style (form, explode).

    ``NOT_GIVEN`` and ``None`` are dropped (a query string cannot carry null); a list or
    tuple becomes one pair per item; booleans are ``true``/``false``.
    """
    pairs: list[tuple[str, str]] = []
    for name, value in (params or {}).items():
        if isinstance(value, NotGiven) or value is None:
            continue
        items = value if isinstance(value, (list, tuple)) else [value]
        pairs.extend((name, _format_scalar(item)) for item in items if item is not None)
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


def encode_body(body: Any, kind: str) -> tuple[bytes, str, Any] | None:
    """``(bytes, content type, jsonable)`` of a request body, or ``None`` for ``NOT_GIVEN``.

    ``json``: see :func:`serialize_body`. ``form``: the fields urlencoded (nested values as
    JSON). ``multipart``: ``bytes`` fields become file parts, the rest form fields. ``binary``
    and ``text``: the value as it is. ``jsonable`` is the field mapping (``None`` for raw bodies).
    """
    if isinstance(body, NotGiven):
        return None
    if kind in ("binary", "text"):
        raw = body.encode("utf-8") if isinstance(body, str) else bytes(body)
        media = "text/plain; charset=utf-8" if kind == "text" else "application/octet-stream"
        return raw, media, None
    if kind == "json":
        serialized = serialize_body(body)
        if serialized is None:  # pragma: no cover - NOT_GIVEN handled above
            return None
        return serialized[0], "application/json", serialized[1]
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


def _decode_body(response: httpx.Response) -> Any:
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return response.text


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
    for key in (status, f"{status // 100}XX", "default"):
        if key in op.error_models:
            return op.error_models[key]
    return None


def _status_error(op: OperationSpec, response: httpx.Response) -> APIStatusError:
    body = _decode_body(response)
    model = _error_model(op, response.status_code)
    if model is not None and body is not None:
        try:
            body = _adapter(model).validate_python(body, context=_RESPONSE_CONTEXT)
        except pydantic.ValidationError:
            pass  # best effort: keep the decoded JSON
    cls = error_class_for(response.status_code)
    return cls.from_response(response, body, operation=op.name)


def _auth_for(op: OperationSpec, auth: httpx.Auth | None) -> Any:
    """The auth for one call: none at all for an operation the spec leaves unauthenticated."""
    if not op.authenticated:
        return None
    return auth if auth is not None else httpx.USE_CLIENT_DEFAULT


# Models shared by requests and responses reject unknown fields only when a caller builds
# them; a response parsed here keeps them (see ``_base.SpecModel``).
_RESPONSE_CONTEXT: dict[str, Any] = {"specgen_response": True}


def _success(op: OperationSpec, response: httpx.Response) -> Any:
    if response.status_code not in op.response_models:
        return _decode_body(response)
    model = op.response_models[response.status_code]
    if model is None:
        return None
    if model is bytes:
        return response.content
    if model is str:
        return response.text
    try:
        return _adapter(model).validate_json(response.content, context=_RESPONSE_CONTEXT)
    except pydantic.ValidationError as exc:
        raise ResponseValidationError.from_error(response, exc, operation=op.name) from None
