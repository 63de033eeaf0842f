"""The spec's operations as test data: what ``tests/client_support.py`` turns into ``Op``,
``ErrorCase`` and ``ParameterCase`` records (stored in ``tests/cases.json``; example values
as positions in its ``examples`` list, see :class:`ExampleSlots`).

Data, not code: a large API's operations are thousands of records, and as JSON they are read
at test time instead of being generated, formatted and compiled as Python. Every value here is
JSON; ``client_support.py`` adds what JSON cannot say (raw ``bytes`` bodies, tuples).
"""

from __future__ import annotations

import json
from typing import Any

from ..ir import Api, Operation, Parameter, Response
from ..runtime._requests import render_path
from .credentials import auth_expectation
from .examples import ExampleSlots

__all__ = ["operation_records", "sample_path_value"]

# The error class a status maps to in every generated package's ``errors`` module.
_STATUS_CLASSES = {
    400: "BadRequestError",
    401: "AuthenticationError",
    403: "PermissionDeniedError",
    404: "NotFoundError",
    409: "ConflictError",
    422: "UnprocessableEntityError",
    429: "RateLimitError",
}


def status_class(status: int) -> str:
    """The ``errors`` class a response of ``status`` raises."""
    if status in _STATUS_CLASSES:
        return _STATUS_CLASSES[status]
    return "InternalServerError" if 500 <= status <= 599 else "APIStatusError"


def concrete_status(op: Operation, label: str) -> int:
    """A status code to answer with for the documented response ``label`` (``404``, ``4XX``,
    ``default``) that no other documented response of ``op`` claims."""
    labels = {r.status for r in op.responses}
    if label.isdigit():
        return int(label)
    if label == "4XX":
        return 400 if "400" not in labels else 499
    if label == "5XX":
        return 500 if "500" not in labels else 599
    for candidate in ("500", "418", "599", "400"):
        if candidate not in labels and f"{candidate[0]}XX" not in labels:
            return int(candidate)
    return 599


def sample_path_value(p: Parameter) -> Any:
    """A path value that passes the client's parameter check: the parameter's example (given
    or derived from its schema), else a placeholder of the parameter's type. The client
    refuses an empty value and ``.`` or ``..`` (also percent-encoded: no ``%`` then)."""
    example = p.example
    if isinstance(example, str) and example.strip(".") and "%" not in example:
        return example
    if isinstance(example, list | dict) and example and "%" not in json.dumps(example):
        return example  # an array or object, serialised by its style
    is_number = isinstance(example, int | float) and not isinstance(example, bool)
    if is_number and (p.annotation in ("int", "float") or p.annotation.startswith("Literal[")):
        return example
    if p.annotation == "int":
        return 4711
    if p.annotation == "float":
        return 47.5
    if p.annotation == "bool":
        return True
    return "sample-" + p.python_name.replace("_", "-")


def _rendered_path(op: Operation, values: dict[str, Any]) -> str:
    """``op``'s path with ``values`` (by wire name) filled in as the client fills them (the
    runtime's own function: each parameter's style, percent-encoding, ``true`` for booleans);
    the template itself when the client would refuse them."""
    styles = {p.name: (p.style, p.explode) for p in op.path_parameters if not p.default_style}
    try:
        return render_path(op.path, values, styles)
    except ValueError:
        return op.path


def _success(op: Operation, slots: ExampleSlots) -> dict[str, Any]:
    ok: Response | None = next(iter(op.success_responses), None)
    if ok is None:
        return {
            "success_status": 200,
            "success_kind": "json",
            "success_model": None,
            "success_item_model": None,
            "success_example": {"value": None},
            "success_example_valid": True,
        }
    item_model = None
    inner = ok.annotation[len("list[models.") : -1]
    if ok.annotation.startswith("list[models.") and "[" not in inner and "|" not in inner:
        item_model = inner  # one class (a union of classes is no class to look up)
    valid = True
    if ok.examples:
        first = ok.examples[0]
        example: Any = slots.slot(op, ok.status, first.name, first.value)
    else:
        example = {"value": {} if ok.model else None}
        # ``{}`` stands in for an answer no instance of the model could be derived for.
        valid = not ok.model or ok.empty_answer_valid
    return {
        "success_status": int(ok.status) if ok.status.isdigit() else 200,
        "success_kind": str(ok.kind),  # a range (2XX) is read by its kind too
        "success_model": ok.model or None,
        "success_item_model": item_model,
        "success_example": example,
        "success_example_valid": valid,
    }


def _errors(op: Operation, slots: ExampleSlots) -> list[dict[str, Any]]:
    cases = []
    for response in op.error_responses:
        status = concrete_status(op, response.status)
        for example in response.examples or (None,):
            cases.append(
                {
                    "label": response.status,
                    "status": status,
                    "expected_class": status_class(status),
                    "model": response.model or None,
                    "example_name": example.name if example is not None else "no-example",
                    "example": (
                        slots.slot(op, response.status, example.name, example.value)
                        if example is not None
                        else {"value": None}
                    ),
                }
            )
    return cases


def _record(api: Api, op: Operation, slots: ExampleSlots) -> dict[str, Any]:
    args = [sample_path_value(p) for p in op.path_parameters]
    path = _rendered_path(op, {p.name: value for p, value in zip(op.path_parameters, args)})
    required = [p for p in op.keyword_parameters if p.required]
    return {
        "name": op.access,
        "operation_id": op.operation_id,
        "method": op.method.upper(),
        "path": op.path,
        "rendered_path": path,
        "path_args": args,
        "path_names": [p.python_name for p in op.path_parameters],
        "authenticated": op.authenticated,
        **auth_expectation(api, op),
        "body_model": op.body_model or None,
        "examples": {e.name: slots.slot(op, "request", e.name, e.value) for e in op.body_examples},
        "body_kind": str(op.body_kind),
        "accept": op.accept,
        "content_type": op.content_type,
        "arguments_valid": op.arguments_valid,
        "kwargs": {p.python_name: p.example for p in required},
        "query": {p.name: p.example for p in required if p.location == "query"},
        "query_styles": {
            p.name: [p.style, p.explode]
            for p in required
            if p.location == "query" and not p.default_style
        },
        **_success(op, slots),
        "idempotency_key": op.idempotency_key or None,
        "outcome_unknown_hint": op.outcome_unknown_hint or None,
        "errors": _errors(op, slots),
        "pagination": _pagination(op),
    }


def _pagination(op: Operation) -> dict[str, Any] | None:
    """How ``op``'s ``<method>_all`` walks pages, for the test that serves it three; the
    paging argument by its wire name (the fake server reads it from the query) and whether
    a call must give it (the test then cannot choose the first page)."""
    pages = op.pagination
    if pages is None:
        return None
    parameter = next((p for p in op.parameters if p.python_name == pages.parameter), None)
    return {
        "style": pages.style,
        "items": list(pages.items),
        "next": list(pages.next),
        "total": list(pages.total),
        "start": pages.start,
        "parameter": parameter.name if parameter else "",
        "required": bool(parameter and parameter.required),
        "numeric": bool(parameter and parameter.annotation in ("int", "float")),
        "item": pages.item_example,
    }


def operation_records(api: Api, slots: ExampleSlots) -> dict[str, list[Any]]:
    """``{"operations": [...], "parameter_cases": [...]}``: one record per operation, in IR
    order, and one ``[operation, argument, location, invalid value]`` per constrained
    parameter."""
    return {
        "operations": [_record(api, op, slots) for op in api.operations],
        "parameter_cases": [
            [op.access, p.python_name, p.location, p.invalid_example]
            for op in api.operations
            for p in op.parameters
            if p.invalid_example is not None and op.arguments_valid_but(p)
        ],
    }
