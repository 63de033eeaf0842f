"""Identifier rules: every spec name becomes a safe, predictable Python name.

All conversions are pure functions of their input, so the same spec gives the same names on
every machine; collisions are detected by the callers, which know the scope.
"""

from __future__ import annotations

import keyword
import re
import unicodedata
from collections.abc import Iterable

__all__ = [
    "ANNOTATION_NAMES",
    "CLIENT_ATTRIBUTES",
    "WITH_RESPONSE",
    "class_name",
    "is_safe_package_name",
    "method_name",
    "nfkc_field_name",
    "snake_case",
    "unique",
]

# Names that would shadow something a generated module or pydantic model relies on.
_RESERVED_ATTRIBUTES = frozenset(
    {
        "model_config",
        "model_fields",
        "model_computed_fields",
        "schema",
        "json",
        "dict",
        "copy",
        "validate",
        "construct",
        "parse_obj",
        "parse_raw",
        "fields",
        "self",
        "cls",
    }
)
_RESERVED_CLASSES = frozenset(
    {
        "BaseModel",
        "Field",
        "ConfigDict",
        "Any",
        "Literal",
        "Annotated",
        "Decimal",
        "UUID",
        "Enum",
        "StrEnum",
        "date",
        "datetime",
        "Client",
        "AsyncClient",
        # The rest of what a package's __init__ defines: a model named like one of them would
        # shadow it there (``from pkg import APIError`` must be the error class).
        *("AcceptedResponseValidationError", "APIConnectionError", "APIError", "APIStatusError"),
        *("APITimeoutError", "AuthenticationError", "BadRequestError", "ConflictError"),
        *("InternalServerError", "NotFoundError", "OutcomeUnknownError", "PermissionDeniedError"),
        *("RateLimitError", "ResponseValidationError", "UnprocessableEntityError", "NotGiven"),
        "ResponseTooLargeError",
        *("RetryPolicy", "ENVIRONMENTS", "WEBHOOKS"),  # (NOT_GIVEN: no class name has a "_")
        "SpecModel",
        "RootModel",
        # What models.py imports beside datamodel-code-generator's own names (typing.Self for
        # rule validators, the base classes, WireDecimal) and what it imports for formats.
        "Self",
        "RequestModel",
        "ResponseModel",
        "OpenModel",
        "WireDecimal",
        "AwareDatetime",
        "AnyUrl",
        "EmailStr",
        "Optional",
        "Union",
    }
)
# What the Client and AsyncClient classes define beside the operations
# (templates/package/src/pkg/client.py.jinja): an operation method of that name would replace
# it, and leaving ``with Client():`` would call the API instead of closing the HTTP client.
# (Names with a leading underscore cannot come out of ``snake_case``.)
CLIENT_ATTRIBUTES = frozenset({"aclose", "base_url", "close"})
ANNOTATION_NAMES = frozenset(
    {
        "bool",
        "bytes",
        "datetime",
        "decimal",
        "dict",
        "float",
        "frozenset",
        "functools",
        "httpx",
        "int",
        "list",
        "logging",
        "models",
        "object",
        "set",
        "str",
        "tuple",
        "type",
        "uuid",
    }
)
"""Types and modules the client's and resources' annotations name: a method named like one
would be what the annotations of its class name (``list[models.Pet]``, ``httpx.Response``)."""
WITH_RESPONSE = "_with_response"
"""The suffix of each operation's second method, which returns the status and headers too."""

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z0-9])|[A-Z]?[a-z0-9]+|[A-Z]+|[0-9]+")


def _ascii_words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _WORD.findall(folded)


def snake_case(name: str) -> str:
    """``chambresOfCommerceNumber`` → ``chambres_of_commerce_number``; keywords get a ``_`` suffix.

    >>> snake_case("EMail"), snake_case("class"), snake_case("2fa")
    ('e_mail', 'class_', 'field_2fa')
    """
    words = [word.lower() for word in _ascii_words(name)]
    result = "_".join(words) or "field"
    if result[0].isdigit():
        result = f"field_{result}"
    if keyword.iskeyword(result) or keyword.issoftkeyword(result) or result in _RESERVED_ATTRIBUTES:
        result += "_"
    return result


def method_name(operation_id: str) -> str:
    """The client method of an operation: ``snake_case``, with a ``_`` suffix when the client
    class already owns that name (``close`` → ``close_``; see ``CLIENT_ATTRIBUTES``) or its
    annotations use it (``list`` → ``list_``; see ``ANNOTATION_NAMES``).

    >>> method_name("listThings"), method_name("close"), method_name("baseURL")
    ('list_things', 'close_', 'base_url_')
    """
    name = snake_case(operation_id)
    return name + "_" if name in CLIENT_ATTRIBUTES | ANNOTATION_NAMES else name


def nfkc_field_name(name: str, siblings: Iterable[str]) -> str | None:
    """An ASCII attribute name for a property Python would not keep as written; ``None`` for
    the others.

    Python reads identifiers in NFKC form, so ``ﬁeld`` (with the ``ﬁ`` ligature) *is* ``field``:
    two such properties would be one attribute. The name is ``snake_case``'s, numbered away
    from what its ``siblings`` (the other properties beside it) become.

    >>> nfkc_field_name("\ufb01eld", ["field"]), nfkc_field_name("field", ["\ufb01eld"])
    ('field_2', None)
    """
    if unicodedata.normalize("NFKC", name) == name:
        return None
    taken = {form for other in siblings for form in _forms(other)} - {name}
    return unique(snake_case(name), taken)


def _forms(name: str) -> tuple[str, ...]:
    """The attribute names a property may get: the model generator's or specgen's own."""
    folded = unicodedata.normalize("NFKC", name)
    return (name, folded, folded.lower(), snake_case(name))


def class_name(name: str) -> str:
    """``create-contract_request`` → ``CreateContractRequest``; reserved names get a ``Model`` suffix."""
    words = _ascii_words(name)
    result = "".join(word[:1].upper() + word[1:] for word in words) or "Model"
    if result[0].isdigit():
        result = f"Model{result}"
    if result in _RESERVED_CLASSES or keyword.iskeyword(result):
        result += "Model"
    return result


_PACKAGE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


def is_safe_package_name(name: str) -> bool:
    """True when ``name`` is a plain lower-case identifier: no dots, slashes or ``..``."""
    return bool(_PACKAGE.match(name)) and not keyword.iskeyword(name)


def unique(name: str, taken: set[str] | dict[str, str], *, separator: str = "_") -> str:
    """``name``, or ``name_2``, ``name_3`` ... (``Name2`` with ``separator=""``): the first free one.

    Callers visit names in a sorted order, so the same spec always gets the same suffixes.
    """
    if name not in taken:
        return name
    number = 2
    while f"{name}{separator}{number}" in taken:
        number += 1
    return f"{name}{separator}{number}"
