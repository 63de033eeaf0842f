"""Pieces of ``client.py`` decided in Python, rendered by its template: the declarations laid
out as black lays them out (``_AUTH``, each operation's ``OperationSpec``) and the words of
its docstrings that depend on the spec.

The constructor's credential arguments are the IR's (``Api.credentials``) and the auth is
built by the runtime (``_client_auth.build_client_auths``).
"""

from __future__ import annotations

from typing import Any

from ..ir import Api, BodyKind, Operation, SchemeKind, SecurityScheme
from ..literals import Code, Deferred, python_call, python_literal
from .inert import docstring_text

__all__ = [
    "auth_doc",
    "auth_spec",
    "example_credentials",
    "extra_arguments",
    "other_schemes",
    "operation_notes",
    "operation_spec",
    "pagination_doc",
    "pagination_spec",
    "parameter_docs",
]


def operation_spec(op: Operation, api: Api) -> str:
    """The ``_NAME = OperationSpec(...)`` statement of ``op``: what the runtime needs to send it
    and read its answers (settings at their defaults left out; the requirements only where
    the client takes several schemes' credentials, to choose among them)."""
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
        (int(r.status) if r.status.isdigit() else r.status.upper()): Code(r.parse_type)
        for r in op.success_responses
        if r.model or r.kind != "json"
    }
    if parsed:
        arguments.append(("response_models", Deferred(parsed)))
    errors = {
        (int(r.status) if r.status.isdigit() else r.status): Code(f"models.{r.model}")
        for r in op.error_responses
        if r.model
    }
    if errors:
        arguments.append(("error_models", Deferred(errors)))
    if op.styled_parameters:
        styles = {(p.location, p.name): (p.style, p.explode) for p in op.styled_parameters}
        arguments.append(("styles", styles))
    if len(api.credentials) > 1 and op.security_alternatives:
        arguments.append(("security", op.security_alternatives))
    return python_call(f"_{op.python_name.upper()} = OperationSpec", arguments, indent=0)


def pagination_spec(op: Operation) -> str:
    """The ``_NAME_PAGES = Pagination(...)`` statement of a paginated ``op``: how its
    ``<method>_all`` iterator walks the pages (settings at their defaults left out)."""
    pages = op.pagination
    if pages is None:
        return ""
    arguments: list[tuple[str | None, Any]] = [("style", pages.style)]
    for name, value in (("items", pages.items), ("next", pages.next), ("total", pages.total)):
        if value:
            arguments.append((name, value))
    if pages.start:
        arguments.append(("start", pages.start))
    return python_call(f"_{op.python_name.upper()}_PAGES = Pagination", arguments, indent=0)


def pagination_doc(op: Operation) -> str:
    """How ``op``'s pages are walked, in words for its ``<method>_all`` docstring."""
    pages = op.pagination
    if pages is None:
        return ""
    where = {
        "cursor": f"the answer's ``{'.'.join(pages.next)}`` sent back as ``{pages.parameter}``",
        "next_url": f"the URL in the answer's ``{'.'.join(pages.next)}``",
        "link": 'the ``Link`` header\'s ``rel="next"`` URL',
        "offset": f"``{pages.parameter}`` advanced by each page's length",
        "page": f"``{pages.parameter}`` counted up from {pages.start}",
    }[pages.style]
    source = "as the spec declares" if pages.declared else "as specgen recognised it"
    return f"Pages follow {where} ({source})."


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
        if not op.body_model:
            body = "the body"
        elif op.body_alternative == "Mapping[str, Any]":
            body = f"``models.{op.body_model}`` or a dict of its fields"
        else:
            body = f"``models.{op.body_model}`` or its value (``{op.body_alternative}``)"
        if op.body_model and op.body_nullable:
            body += ", or ``None`` (sent as ``null``)"
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
    """The ``_AUTH = {...}`` statement of ``client.py``: a ``ClientAuthSpec`` per scheme the
    client takes credentials for, by key (laid out as black lays it out), or ``""`` when the
    client builds no auth (no scheme, or none it can build)."""
    if not api.credentials:
        return ""
    token_urls = {server.name: server.token_url for server in api.servers if server.token_url}
    lines = ["_AUTH: Mapping[str, ClientAuthSpec] = {"]
    for credentials in api.credentials:
        scheme = credentials.scheme
        arguments: list[tuple[str | None, object]] = [
            ("kind", scheme.kind.value),
            ("settings", dict(scheme.options)),
        ]
        if token_urls and scheme.kind is SchemeKind.OAUTH2_CLIENT_CREDENTIALS:
            arguments.append(("token_urls", token_urls))
        renamed = {a.key: a.name for a in credentials.arguments if a.name != a.key}
        if renamed:
            arguments.append(("arguments", renamed))
        call = python_call(f"{python_literal(scheme.key)}: ClientAuthSpec", arguments, indent=4)
        lines.append(call + ",")
    return "\n".join([*lines, "}"])


def auth_doc(api: Api) -> str:
    """The client docstring's paragraph on authentication (continuation lines indented for
    the class docstring), spec text made inert."""
    if api.client_scheme is None:
        return "The spec declares no authentication."
    if len(api.credentials) <= 1:
        names = {a.key: a.name for c in api.credentials for a in c.arguments}
        return "Authentication: " + _scheme_doc(api.client_scheme, names)
    lines = ["Authentication: the credentials of any scheme below, as the operations called need."]
    for credentials in api.credentials:
        names = {a.key: a.name for a in credentials.arguments}
        lines.append(
            f"``{docstring_text(credentials.scheme.key)}``: "
            + _scheme_doc(credentials.scheme, names)
        )
    lines.append(
        "Each call is sent with the credentials of one requirement of its operation (the first\n"
        "    scheme's where it may); one no credentials given can meet raises ``ValueError``."
    )
    return "\n    ".join(lines)


def _scheme_doc(scheme: SecurityScheme, names: dict[str, str]) -> str:
    """What authenticating with ``scheme`` takes (``names``: each credential's argument)."""

    def arg(key: str) -> str:
        return f"``{names.get(key, key)}=``"

    also = "".join(f" and {arg(name)}" for name in scheme.extra_arguments)
    option = scheme.option
    if scheme.kind is SchemeKind.BEARER and option("flows"):
        return (
            f"{arg('token')}, an access token obtained through "
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
            f"OAuth2 client credentials, {arg('client_id')} and {arg('client_secret')}"
            f"{also};\n"
            f"    the token is fetched from the token URL ({arg('token_url')}, else the "
            "environment's, else\n"
            f"    ``{docstring_text(option('token_url'))}``), cached until shortly before it "
            "expires\n"
            f"    and fetched again once when the API answers 401. {arg('scope')} "
            "(space-separated) defaults to\n"
            f"    {default}."
        )
    sentences = {
        SchemeKind.BEARER: f"{arg('token')} (a "
        f"{docstring_text(option('prefix', 'bearer'))} token, or a callable returning one per "
        "request).",
        SchemeKind.DIGEST: f"HTTP Digest with {arg('username')} and {arg('password')}.",
        SchemeKind.CUSTOM: f"the spec's scheme ``{docstring_text(scheme.key)}`` "
        "is not one specgen knows; pass ``auth=``.",
        SchemeKind.LOGIN: f"{arg('username')} and {arg('password')}. The client calls "
        f"``{option('operation_id')}``\n"
        "    once, caches the token, and logs in again once if the API answers 401. Or pass "
        f"{arg('token')}.",
        SchemeKind.BASIC: f"HTTP Basic with {arg('username')} and {arg('password')}{also}.",
        SchemeKind.API_KEY: f"{arg('api_key')}, sent in the "
        f"``{docstring_text(option('name'))}`` {option('in')}.",
    }
    return sentences[scheme.kind]


def example_credentials(api: Api) -> tuple[tuple[str, str], ...]:
    """``(argument, environment variable)`` of each credential the README's examples pass:
    the client's first scheme's, and those of every other scheme the example operation's
    requirement needs beside it (or instead of it)."""
    if not api.credentials:
        return ()
    first = api.credentials[0]
    needed = {first.scheme.key}
    primary = api.primary or (api.operations[0] if api.operations else None)
    if primary is not None and len(api.credentials) > 1:
        held = {c.scheme.key for c in api.credentials}
        needed |= set(api.requirement_for(primary, held) or ())
    prefix = api.name.upper()
    found: list[tuple[str, str]] = []
    for credentials in api.credentials:
        if credentials.scheme.key not in needed:
            continue
        for argument in credentials.arguments:
            if argument.key in credentials.scheme.required_keys:
                found.append((argument.name, f"{prefix}_{argument.name.upper()}"))
    return tuple(found)


_KIND_WORDS = {
    SchemeKind.BEARER: "a bearer token",
    SchemeKind.LOGIN: "a token, or the user name and password for its login call",
    SchemeKind.BASIC: "HTTP Basic",
    SchemeKind.DIGEST: "HTTP Digest",
    SchemeKind.OAUTH2_CLIENT_CREDENTIALS: "OAuth2 client credentials",
    SchemeKind.API_KEY: "an API key",
}


def other_schemes(api: Api) -> tuple[tuple[str, tuple[str, ...], str, str, str], ...]:
    """``(scheme key, arguments, what, name, place)`` of each scheme beside the client's first
    (the README lists them): an API key's header, query parameter or cookie in ``name`` and
    ``place``, empty for the other kinds."""
    found = []
    for credentials in api.credentials[1:]:
        scheme = credentials.scheme
        is_key = scheme.kind is SchemeKind.API_KEY
        found.append(
            (
                scheme.key,
                tuple(argument.name for argument in credentials.arguments),
                _KIND_WORDS[scheme.kind],
                scheme.option("name") if is_key else "",
                scheme.option("in") if is_key else "",
            )
        )
    return tuple(found)


def extra_arguments(op: Operation) -> tuple[tuple[str, str], ...]:
    """``(name, annotation)`` of the per-call extras every method takes: headers and query
    parameters the spec does not declare, and fields added to an object body."""
    extras = [("extra_headers", "Mapping[str, str]"), ("extra_query", "Mapping[str, Any]")]
    if op.body_model and op.body_is_object:
        extras.append(("extra_body", "Mapping[str, Any]"))
    return tuple(extras)
