"""Pieces of ``client.py`` decided in Python, rendered by its template: the declarations laid
out as black lays them out (``_AUTH``, each operation's ``OperationSpec``) and the words of
its docstrings that depend on the spec.

The constructor's credential arguments are the IR's (``SecurityScheme.arguments``) and the
auth is built by the runtime (``_client_auth.build_client_auth``).
"""

from __future__ import annotations

from typing import Any

from ..ir import Api, BodyKind, Operation, SchemeKind, SecurityScheme
from ..literals import Code, python_call
from .inert import docstring_text

__all__ = ["auth_doc", "auth_spec", "operation_notes", "operation_spec", "parameter_docs"]


def operation_spec(op: Operation) -> str:
    """The ``_NAME = OperationSpec(...)`` statement of ``op``: what the runtime needs to send it
    and read its answers (settings at their defaults left out)."""
    arguments: list[tuple[str | None, Any]] = [
        ("name", op.operation_id),
        ("method", op.method),
        ("path", op.path),
        ("authenticated", op.authenticated),
    ]
    if op.body_kind not in (BodyKind.NONE, BodyKind.JSON):
        arguments.append(("body_kind", op.body_kind))
    if op.content_type:
        arguments.append(("content_type", op.content_type))
    if op.accept != "application/json":
        arguments.append(("accept", op.accept))
    arguments += [
        ("idempotency_key", op.idempotency_key or None),
        ("outcome_unknown_hint", op.outcome_unknown_hint or None),
    ]
    parsed = {
        int(r.status): Code(r.parse_type)
        for r in op.success_responses
        if r.status.isdigit() and (r.model or r.kind != "json")
    }
    if parsed:
        arguments.append(("response_models", parsed))
    errors = {
        (int(r.status) if r.status.isdigit() else r.status): Code(f"models.{r.model}")
        for r in op.error_responses
        if r.model
    }
    if errors:
        arguments.append(("error_models", errors))
    if op.styled_parameters:
        styles = {(p.location, p.name): (p.style, p.explode) for p in op.styled_parameters}
        arguments.append(("styles", styles))
    return python_call(f"_{op.python_name.upper()} = OperationSpec", arguments, indent=0)


def parameter_docs(op: Operation) -> tuple[str, ...]:
    """The method docstring's ``Args:`` lines: each parameter's description and limits, where
    it is sent, spec text made inert (what ``help()`` and an IDE show)."""
    if not op.parameters and not op.body_kind:
        return ()
    lines = ["", "Args:"]
    for p in op.parameters:
        words = [docstring_text(p.description)] if p.description.strip() else []
        facts = [f"{p.location} parameter ``{docstring_text(p.name)}``"]
        facts += [docstring_text(limit) for limit in p.limits]
        if p.deprecated:
            facts.append("deprecated")
        words.append(f"({'; '.join(facts)})")
        lines.append(f"    {p.python_name}: {' '.join(words)}")
    if op.body_kind:
        body = (
            f"``models.{op.body_model}`` or a dict of its fields" if op.body_model else "the body"
        )
        lines.append(f"    body: the request body, {body}.")
    return tuple(lines)


def operation_notes(op: Operation) -> tuple[str, ...]:
    """The method docstring's lines on deprecation and resending."""
    notes: list[str] = []
    if op.deprecated:
        notes.append("Deprecated by the API.")
    if op.idempotency_key:
        notes.append(
            "Safe to retry: every attempt carries the same "
            f"``{docstring_text(op.idempotency_key)}``."
        )
    elif op.method == "POST":
        notes += [
            "Never resent once it may have reached the server; a lost answer raises",
            "``OutcomeUnknownError``.",
        ]
    return tuple(notes)


def auth_spec(api: Api) -> str:
    """The ``_AUTH = ClientAuthSpec(...)`` statement of ``client.py`` (laid out as black lays
    it out), or ``""`` when the client builds no auth (no scheme, or one it cannot build)."""
    scheme = api.client_scheme
    if scheme is None or not scheme.arguments:
        return ""
    arguments: list[tuple[str | None, object]] = [
        ("kind", scheme.kind.value),
        ("settings", dict(scheme.options)),
    ]
    token_urls = {server.name: server.token_url for server in api.servers if server.token_url}
    if token_urls:
        arguments.append(("token_urls", token_urls))
    return python_call("_AUTH = ClientAuthSpec", arguments, indent=0)


def _also(scheme: SecurityScheme) -> str:
    return "".join(f" and ``{name}=``" for name in scheme.extra_arguments)


def auth_doc(scheme: SecurityScheme | None) -> str:
    """The client docstring's paragraph on authentication (continuation lines indented for
    the class docstring), spec text made inert."""
    if scheme is None:
        return "The spec declares no authentication."
    option = scheme.option
    if scheme.kind is SchemeKind.BEARER and option("flows"):
        return (
            "Authentication: ``token=``, an access token obtained through "
            f"{docstring_text(option('flows'))}\n"
            "    (or a callable returning a fresh one per request); it is sent as a bearer token."
        )
    if scheme.kind is SchemeKind.OAUTH2_CLIENT_CREDENTIALS:
        scopes = option("required_scopes")
        default = (
            f"``{docstring_text(scopes)}``, the scopes the spec requires"
            if scopes
            else "none (the spec requires no scope)"
        )
        return (
            "Authentication: OAuth2 client credentials, ``client_id=`` and ``client_secret=``"
            f"{_also(scheme)};\n"
            "    the token is fetched from the token URL (``token_url=``, else the "
            "environment's, else\n"
            f"    ``{docstring_text(option('token_url'))}``), cached until shortly before it "
            "expires\n"
            "    and fetched again once when the API answers 401. ``scope=`` (space-separated) "
            "defaults to\n"
            f"    {default}."
        )
    sentences = {
        SchemeKind.BEARER: "Authentication: ``token=`` (a "
        f"{docstring_text(option('prefix', 'bearer'))} token, or a callable returning one per "
        "request).",
        SchemeKind.DIGEST: "Authentication: HTTP Digest with ``username=`` and ``password=``.",
        SchemeKind.CUSTOM: f"Authentication: the spec's scheme ``{docstring_text(scheme.key)}`` "
        "is not one specgen knows; pass ``auth=``.",
        SchemeKind.LOGIN: "Authentication: ``username=`` and ``password=``. The client calls "
        f"``{option('operation_id')}``\n"
        "    once, caches the token, and logs in again once if the API answers 401. Or pass "
        "``token=``.",
        SchemeKind.BASIC: "Authentication: HTTP Basic with ``username=`` and ``password=``"
        f"{_also(scheme)}.",
        SchemeKind.API_KEY: "Authentication: ``api_key=``, sent in the "
        f"``{docstring_text(option('name'))}`` {option('in')}.",
    }
    return sentences[scheme.kind]
