"""The Prism contract calls: one per operation (per request example), with a dummy
credential Prism's security check accepts (:mod:`.prism_limits` says which calls Prism
cannot read or answer).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..ir import Api, Operation, Parameter, SecurityScheme
from .examples import ExampleSlots
from .prism_limits import prism_cannot, route, unread_fields

__all__ = ["contract_calls"]


def contract_calls(api: Api, slots: ExampleSlots) -> list[dict[str, Any]]:
    """One Prism call per operation (per body example): arguments, body (an example slot, see
    :class:`ExampleSlots`) and dummy credentials. An operation no valid arguments exist for is
    left out: the client refuses every call to it."""
    calls: list[dict[str, Any]] = []
    shapes = Counter((op.method.upper(), route(op.path)) for op in api.operations)
    for op in api.operations:
        if not op.arguments_valid:
            continue
        ambiguous = shapes[(op.method.upper(), route(op.path))] > 1
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
                        "prism_cannot": base["prism_cannot"] or unread_fields(op, example.value),
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


# Headers httpx writes on every request unless an argument sets them (``Accept`` and
# ``Connection`` aside: the client takes no argument for those).
_TRANSPORT_DEFAULTS = frozenset({"accept-encoding", "user-agent"})


def _transport_default(parameter: Parameter) -> bool:
    """Whether ``parameter`` is an optional header the transport would otherwise write with
    its own value (httpx's ``Accept-Encoding: gzip, deflate``), which the spec's schema may
    not allow (conjur's ``enum: [application/json, base64]``): the call passes a valid one."""
    return (
        parameter.location == "header"
        and parameter.name.lower() in _TRANSPORT_DEFAULTS
        and parameter.example_valid
    )


def _answer_refused(op: Operation) -> bool:
    """Whether Prism's answer, the spec's first example of the first success response, does
    not match its schema: the client must refuse it (the test then expects that)."""
    first = next(iter(op.success_responses), None)
    return first is not None and first.example_refused


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
