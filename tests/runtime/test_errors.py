"""The exception tree, the status table and the templates' plain-Python contract."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from types import ModuleType

import httpx
import pydantic
import pytest

from .conftest import PROVENANCE, TEMPLATES


@pytest.mark.parametrize("name", ["errors.py.jinja", "_runtime.py.jinja"])
def test_template_is_plain_python_after_the_provenance_line(name: str) -> None:
    lines = (TEMPLATES / name).read_text().splitlines()
    assert lines[0] == "{{ provenance }}"
    rest = "\n".join(lines[1:])
    assert re.search(r"\{\{|\{%|\{#|\}\}|%\}|#\}", rest) is None


def test_rendered_file_starts_with_provenance(rtpkg_dir: Path) -> None:
    for name in ("errors.py", "_runtime.py"):
        assert (rtpkg_dir / name).read_text().splitlines()[0] == PROVENANCE


@pytest.mark.parametrize("module_name", ["errors", "rt"])
def test_all_lists_exactly_the_public_names(
    module_name: str, request: pytest.FixtureRequest
) -> None:
    module: ModuleType = request.getfixturevalue(module_name)
    tree = ast.parse(Path(module.__file__ or "").read_text())
    defined: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef)):
            defined.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            defined.update(t.id for t in targets if isinstance(t, ast.Name))
    public = {name for name in defined if not name.startswith("_")}
    assert sorted(module.__all__) == sorted(public)
    assert module.__all__ == sorted(module.__all__)


def test_tree(errors: ModuleType) -> None:
    e = errors
    assert issubclass(e.APIConnectionError, e.APIError)
    assert issubclass(e.APITimeoutError, e.APIConnectionError)
    assert issubclass(e.OutcomeUnknownError, e.APIConnectionError)
    # Deliberate: a handler that retries on timeouts must not catch an unknown outcome.
    assert not issubclass(e.OutcomeUnknownError, e.APITimeoutError)
    assert issubclass(e.APIStatusError, e.APIError)
    assert issubclass(e.ResponseValidationError, e.APIError)
    assert not issubclass(e.ResponseValidationError, e.APIStatusError)
    for cls in e.STATUS_ERRORS.values():
        assert issubclass(cls, e.APIStatusError)


@pytest.mark.parametrize(
    ("status", "name"),
    [
        (400, "BadRequestError"),
        (401, "AuthenticationError"),
        (403, "PermissionDeniedError"),
        (404, "NotFoundError"),
        (409, "ConflictError"),
        (422, "UnprocessableEntityError"),
        (429, "RateLimitError"),
        (500, "InternalServerError"),
        (501, "InternalServerError"),
        (503, "InternalServerError"),
        (599, "InternalServerError"),
        (302, "APIStatusError"),
        (405, "APIStatusError"),
        (418, "APIStatusError"),
    ],
)
def test_error_class_for(errors: ModuleType, status: int, name: str) -> None:
    assert errors.error_class_for(status) is getattr(errors, name)


def test_outcome_unknown_message(errors: ModuleType) -> None:
    exc = errors.OutcomeUnknownError(
        "createContract", hint="GET /v2/contracts/{contractIdent} and look for it.", timed_out=True
    )
    text = str(exc)
    assert "createContract" in text and "unknown" in text and "NOT resent" in text
    assert "GET /v2/contracts/{contractIdent} and look for it." in text
    assert exc.hint.startswith("GET") and exc.timed_out and exc.operation == "createContract"
    assert "Check with the API provider" in str(errors.OutcomeUnknownError("op"))


def test_status_error_message_has_no_query_or_headers(errors: ModuleType) -> None:
    request = httpx.Request(
        "POST",
        "https://user:pw@api.example.test/v1/x?api_key=SECRET",
        headers={"Authorization": "Bearer SECRET"},
    )
    response = httpx.Response(400, json={"message": "bad"}, request=request)
    exc = errors.BadRequestError.from_response(response, {"message": "bad"}, operation="op")
    assert str(exc) == (
        'HTTP 400 Bad Request from op (POST https://api.example.test/v1/x): {"message": "bad"}'
    )
    assert exc.status_code == 400 and exc.response is response
    assert "SECRET" not in str(exc) and "pw" not in str(exc)


def test_response_validation_error_lists_locations_not_values(errors: ModuleType) -> None:
    class Out(pydantic.BaseModel):
        n: int

    with pytest.raises(pydantic.ValidationError) as info:
        Out.model_validate({"n": "SECRET-VALUE"})
    response = httpx.Response(201, request=httpx.Request("POST", "https://x.test/"))
    exc = errors.ResponseValidationError.from_error(response, info.value, operation="create")
    assert "n: Input should be a valid integer" in str(exc)
    assert "SECRET-VALUE" not in str(exc)
    assert exc.error is info.value and exc.response is response
