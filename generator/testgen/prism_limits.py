"""What Prism (the contract tests' mock server) cannot read or answer, and why.

Each check names one limit, found in Prism 5's own code or behaviour: a call it applies to
is still listed, and its test skips with the reason instead of failing for what the mock
server cannot do. The reasons are counted in the bench.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..ir import BodyKind, Operation

__all__ = ["prism_cannot", "route", "unread_fields"]


def route(path: str) -> str:
    """``path`` as a router matches it: every ``{name}`` alike."""
    return re.sub(r"\{[^}]*\}", "{}", path)


def prism_cannot(op: Operation, *, ambiguous: bool = False) -> str:
    """Why Prism cannot mock ``op`` (``""``: it can). ``ambiguous``: another operation has the
    same method and path but for the names of its path parameters (OpenAPI forbids such
    paths), so a router cannot tell them apart."""
    reason = _path_key(op)
    if reason:
        return reason
    if ambiguous:
        return (
            f"another {op.method.upper()} path differs from {op.path!r} only in the names of "
            "its parameters (OpenAPI forbids that): Prism may answer as the other operation"
        )
    return next(filter(None, (check(op) for check in _CHECKS)), "")


def _path_key(op: Operation) -> str:
    key = op.path_key or op.path
    if "#" not in key and "?" not in key:
        return ""
    return (
        f"Prism cannot route the path {key!r}: a '#' or '?' in a path key "
        "(an AWS-style operation key, a query written into it) is not part of a URL path "
        "it matches"
    )


def _no_success(op: Operation) -> str:
    if op.success_responses:
        return ""
    return "the operation declares no success (2xx) answer: Prism can only answer an error"


def _nested_parameter(op: Operation) -> str:
    nested = [
        p.name for p in op.parameters if p.annotation.startswith(("list[list[", "list[dict["))
    ]
    if not nested:
        return ""
    return (
        f"parameter {nested[0]!r} is an array of arrays or objects, which OpenAPI's "
        "parameter styles do not define: Prism reads it otherwise than the client writes it"
    )


def _split_value(op: Operation) -> str:
    """A path parameter sharing its segment with a literal after it (``{position}.{ext}``)
    that its test value contains."""
    values = {p.name: str(p.example) for p in op.path_parameters}
    for segment in op.path.split("/"):
        for name, literal in re.findall(r"\{([^}]+)\}([^{]+)", segment):
            if literal in values.get(name, ""):
                return (
                    f"path parameter {name!r}'s test value contains {literal!r}, the text "
                    "that follows it in its path segment: a router (Prism's too) splits the "
                    "value there"
                )
    return ""


def _shared_query_key(op: Operation) -> str:
    """A form-exploded object query parameter with a member named like another query
    parameter (Prism gathers the object from every query key its members name)."""
    query = [p for p in op.parameters if p.location == "query"]
    names = {p.name for p in query}
    for parameter in query:
        clash = sorted(set(parameter.members) & (names - {parameter.name}))
        if parameter.style == "form" and parameter.explode and clash:
            return (
                f"query parameter {parameter.name!r} is an object sent as one query key per "
                f"member, and its member {clash[0]!r} has the name of another query parameter: "
                "Prism (as any server) reads that key as both"
            )
    return ""


def _unsent_header(op: Operation) -> str:
    unsent = [name for name, _ in op.required_headers_left_out if not _sent_anyway(op, name)]
    if not unsent:
        return ""
    return (
        f"the spec requires header {unsent[0]!r}, which OpenAPI says a client does not take "
        "as a parameter, and this request does not carry it: Prism refuses the request"
    )


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


def _object_as_text(op: Operation) -> str:
    if op.body_kind not in (BodyKind.TEXT, BodyKind.BINARY) or not op.body_is_object:
        return ""
    return (
        f"the {op.body_content_type} body's schema describes an object, but the body is "
        "text or raw bytes: Prism reads it as a string and refuses it"
    )


def _shadowed_media(op: Operation) -> str:
    """A media type listed before the one the client sends that Prism takes it for (Prism
    checks a body against the first content entry whose type and subtype equal the sent
    one's or are ``*``, a ``+suffix`` standing for the subtype)."""
    sent = _MEDIA_TYPE.match(_bare(op.body_content_type))
    for listed in op.body_media_before:
        declared = _MEDIA_TYPE.match(_bare(listed))
        if sent and declared and declared[1] in (sent[1], "*") and declared[3] in (sent[3], "*"):
            return (
                f"Prism checks the {op.body_content_type} body against the schema of "
                f"{listed!r}, which the spec lists before it and which matches it (a wildcard "
                "or a +suffix): not the schema of what the client sends"
            )
    return ""


_MEDIA_TYPE = re.compile(r"^(.+)/(?:(.+)\+)?(.+)$")


def _bare(media_type: str) -> str:
    return media_type.split(";")[0].strip().lower()


def _head_with_body(op: Operation) -> str:
    if op.method.upper() != "HEAD" or not any(r.content_type for r in op.success_responses):
        return ""
    return (
        "a HEAD operation that declares a response body: Prism's answer to HEAD has none, "
        "and its own check of that answer against the declared media type fails"
    )


# In this order after the path key and an ambiguous route (see ``prism_cannot``).
_CHECKS: tuple[Callable[[Operation], str], ...] = (
    _no_success,
    _nested_parameter,
    _split_value,
    _shared_query_key,
    _unsent_header,
    _object_as_text,
    _shadowed_media,
    _head_with_body,
)


def unread_fields(op: Operation, value: Any) -> str:
    """Why Prism cannot read form or multipart body ``value`` as the client sends it (``""``:
    it can): it takes each field as one string (a repeated field's last), so an array or
    object field fails its schema's type there; and it reads only the fields the schema
    declares."""
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
