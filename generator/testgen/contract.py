"""The Prism contract calls: one per operation (per request example), with a dummy
credential Prism's security check accepts.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from ..ir import Api, BodyKind, Operation, Parameter, SecurityScheme
from .examples import ExampleSlots

__all__ = ["contract_calls", "prism_cannot"]


def contract_calls(api: Api, slots: ExampleSlots) -> list[dict[str, Any]]:
    """One Prism call per operation (per body example): arguments, body (an example slot, see
    :class:`ExampleSlots`) and dummy credentials. An operation no valid arguments exist for is
    left out: the client refuses every call to it."""
    calls: list[dict[str, Any]] = []
    shapes = Counter((op.method.upper(), _route(op.path)) for op in api.operations)
    for op in api.operations:
        if not op.arguments_valid:
            continue
        ambiguous = shapes[(op.method.upper(), _route(op.path))] > 1
        base = {
            "method": op.access,
            "args": [p.example for p in op.path_parameters],
            "kwargs": {
                p.python_name: p.example
                for p in op.keyword_parameters
                if p.required or _transport_default(p)
            },
            "auth": _auth(api, op),
            "prism_cannot": prism_cannot(op, ambiguous=ambiguous),
            "answer_refused": _answer_refused(op),
        }
        if op.body_model:
            for example in op.body_examples:
                calls.append(
                    {
                        **base,
                        "prism_cannot": base["prism_cannot"] or _unread_fields(op, example.value),
                        "id": f"{op.operation_id}:{example.name}",
                        "body": slots.slot(op, "request", example.name, example.value),
                        "has_body": True,
                    }
                )
        elif op.body_kind == "binary":
            # JSON cannot hold bytes: the test module sends this text's UTF-8 for the marker.
            calls.append(
                {
                    **base,
                    "id": op.operation_id,
                    "body": {"value": op.body_sample},
                    "has_body": True,
                    "binary": True,
                }
            )
        elif op.body_kind == "text":
            calls.append(
                {
                    **base,
                    "id": op.operation_id,
                    "body": {"value": op.body_sample},
                    "has_body": True,
                }
            )
        else:
            calls.append(
                {**base, "id": op.operation_id, "body": {"value": None}, "has_body": False}
            )
    return calls


# Headers httpx writes on every request unless told otherwise (``Accept`` aside: OpenAPI
# says a parameter of that name is ignored, and the client leaves it out).
_TRANSPORT_HEADERS = frozenset({"accept-encoding", "connection", "user-agent"})


def _transport_default(parameter: Parameter) -> bool:
    """Whether ``parameter`` is an optional header the transport would otherwise write with
    its own value (httpx's ``Accept-Encoding: gzip, deflate``), which the spec's schema may
    not allow (conjur's ``enum: [application/json, base64]``): the call passes a valid one."""
    return (
        parameter.location == "header"
        and parameter.name.lower() in _TRANSPORT_HEADERS
        and parameter.example_valid
    )


def _route(path: str) -> str:
    """``path`` as a router matches it: every ``{name}`` alike."""
    return re.sub(r"\{[^}]*\}", "{}", path)


def prism_cannot(op: Operation, *, ambiguous: bool = False) -> str:
    """Why Prism cannot mock ``op`` (``""``: it can). Such a call is still listed, and the
    test skips with this reason instead of failing for what the mock server cannot do.
    ``ambiguous``: another operation has the same method and path but for the names of its
    path parameters (OpenAPI forbids such paths), so a router cannot tell them apart."""
    key = op.path_key or op.path
    if "#" in key or "?" in key:
        return (
            f"Prism cannot route the path {key!r}: a '#' or '?' in a path key "
            "(an AWS-style operation key, a query written into it) is not part of a URL path "
            "it matches"
        )
    if ambiguous:
        return (
            f"another {op.method.upper()} path differs from {op.path!r} only in the names of "
            "its parameters (OpenAPI forbids that): Prism may answer as the other operation"
        )
    if not op.success_responses:
        return "the operation declares no success (2xx) answer: Prism can only answer an error"
    nested = [
        p.name for p in op.parameters if p.annotation.startswith(("list[list[", "list[dict["))
    ]
    if nested:
        return (
            f"parameter {nested[0]!r} is an array of arrays or objects, which OpenAPI's "
            "parameter styles do not define: Prism reads it otherwise than the client writes it"
        )
    split = _split_value(op)
    if split:
        return (
            f"path parameter {split[0]!r}'s test value contains {split[1]!r}, the text that "
            "follows it in its path segment: a router (Prism's too) splits the value there"
        )
    shared = _shared_query_keys(op)
    if shared:
        return (
            f"query parameter {shared[0]!r} is an object sent as one query key per member, and "
            f"its member {shared[1]!r} has the name of another query parameter: Prism (as any "
            "server) reads that key as both"
        )
    unsent = [name for name, _ in op.required_headers_left_out if not _sent_anyway(op, name)]
    if unsent:
        return (
            f"the spec requires header {unsent[0]!r}, which OpenAPI says a client does not take "
            "as a parameter, and this request does not carry it: Prism refuses the request"
        )
    if op.body_kind in (BodyKind.TEXT, BodyKind.BINARY) and op.body_is_object:
        return (
            f"the {op.body_content_type} body's schema describes an object, but the body is "
            "text or raw bytes: Prism reads it as a string and refuses it"
        )
    shadow = next((m for m in op.body_media_before if _prism_reads_as(op.body_content_type, m)), "")
    if shadow:
        return (
            f"Prism checks the {op.body_content_type} body against the schema of {shadow!r}, "
            "which the spec lists before it and which matches it (a wildcard or a +suffix): "
            "not the schema of what the client sends"
        )
    if op.method.upper() == "HEAD" and any(r.content_type for r in op.success_responses):
        return (
            "a HEAD operation that declares a response body: Prism's answer to HEAD has none, "
            "and its own check of that answer against the declared media type fails"
        )
    return ""


def _unread_fields(op: Operation, value: Any) -> str:
    """Why Prism cannot read form or multipart ``value`` as the client sends it (``""``: it
    can): it takes each field as one string (a repeated field's last), so an array or object
    field fails its schema's type there; and it reads only the fields the schema declares."""
    if op.body_kind not in (BodyKind.FORM, BodyKind.MULTIPART) or not isinstance(value, dict):
        return ""
    nested = sorted(str(k) for k, v in value.items() if isinstance(v, (list, dict)))
    if nested:
        return (
            f"Prism reads each field of the {op.body_content_type} body as one string, so it "
            f"refuses field {nested[0]!r}, an array or object as its schema says"
        )
    undeclared = sorted(str(k) for k in value if op.body_fields and k not in op.body_fields)
    if undeclared:
        return (
            f"Prism reads only the fields the {op.body_content_type} body's schema declares, "
            f"so it misses {undeclared[0]!r}, which the schema requires without declaring it"
        )
    return ""


_MEDIA_TYPE = re.compile(r"^(.+)/(?:(.+)\+)?(.+)$")


def _split_value(op: Operation) -> tuple[str, str] | None:
    """``(parameter, literal)`` where a path parameter shares its segment with a literal after
    it (``{position}.{ext}``) that its test value contains; else ``None``."""
    values = {p.name: str(p.example) for p in op.path_parameters}
    for segment in op.path.split("/"):
        for name, literal in re.findall(r"\{([^}]+)\}([^{]+)", segment):
            if literal in values.get(name, ""):
                return name, literal
    return None


def _shared_query_keys(op: Operation) -> tuple[str, str] | None:
    """``(object parameter, member)`` where a form-exploded object query parameter has a
    member named like another query parameter; else ``None``."""
    query = [p for p in op.parameters if p.location == "query"]
    names = {p.name for p in query}
    for parameter in query:
        if parameter.style == "form" and parameter.explode:
            clash = sorted(set(parameter.members) & (names - {parameter.name}))
            if clash:
                return parameter.name, clash[0]
    return None


def _prism_reads_as(sent: str, declared: str) -> bool:
    """Whether Prism takes a body sent as ``sent`` for ``declared`` content: it checks a body
    against the first content entry whose type and subtype equal the sent one's or are ``*``,
    a ``+suffix`` standing for the subtype (``application/x+json`` is ``application/json``)."""
    a, b = _MEDIA_TYPE.match(_bare(sent)), _MEDIA_TYPE.match(_bare(declared))
    if a is None or b is None:
        return False
    return b[1] in (a[1], "*") and b[3] in (a[3], "*")


def _bare(media_type: str) -> str:
    return media_type.split(";")[0].strip().lower()


def _answer_refused(op: Operation) -> bool:
    """Whether Prism's answer, the spec's first example of the first success response, does
    not match its schema: the client must refuse it (the test then expects that)."""
    first = next(iter(op.success_responses), None)
    return first is not None and first.example_refused


def _sent_anyway(op: Operation, header: str) -> bool:
    """Whether the request carries ``header`` though no argument sets it: ``Content-Type`` with
    a body, ``Authorization`` with credentials, ``Accept`` always, any other header the client
    or HTTP sets (an API key's header, ``Content-Length``)."""
    name = header.lower()
    if name == "content-type":
        return op.body_kind != BodyKind.NONE
    if name == "authorization":
        return op.authenticated
    return True


def _auth(api: Api, op: Operation) -> list[dict[str, str]] | None:
    """Dummy credentials Prism's security check accepts for ``op``: one per scheme of its first
    requirement whose schemes can all be faked (a requirement may name several schemes, each
    needed); ``None`` when the operation needs none, or none can be faked."""
    schemes = {scheme.key: scheme for scheme in api.security_schemes}
    alternatives = op.security_alternatives or tuple((key,) for key in op.security)
    for alternative in alternatives:
        faked = [_fake(schemes.get(key)) for key in alternative]
        if all(credential is not None for credential in faked):
            return [credential for credential in faked if credential is not None] or None
    return _declared_authorization(op)


def _declared_authorization(op: Operation) -> list[dict[str, str]] | None:
    """A required ``Authorization`` header parameter (which OpenAPI says the client ignores:
    ``auth=`` sets it) no security scheme fakes: the credential ``auth=`` would send, a value
    of the parameter's schema (payrun.io declares its OAuth 1 header this way)."""
    if not op.authenticated:
        return None
    for name, value in op.required_headers_left_out:
        if name.lower() == "authorization" and value:
            return [{"in": "header", "name": "Authorization", "value": value}]
    return None


def _fake(scheme: SecurityScheme | None) -> dict[str, str] | None:
    """A credential of ``scheme``'s shape (``None``: one specgen cannot fake)."""
    if scheme is None or scheme.kind == "custom":
        return None
    if scheme.kind == "basic":
        return {"in": "header", "name": "Authorization", "value": "Basic dXNlcjpwYXNzd29yZA=="}
    if scheme.kind == "digest":
        fields = ("username", "realm", "nonce", "uri", "response")
        value = "Digest " + ", ".join(f'{f}="x"' for f in fields)
        return {"in": "header", "name": "Authorization", "value": value}
    if scheme.kind == "api_key":
        return {
            "in": scheme.option("in", "header"),
            "name": scheme.option("name"),
            "value": "Bearer x",
        }
    prefix = scheme.option("prefix", "Bearer")
    return {"in": "header", "name": "Authorization", "value": f"{prefix} x"}
