from __future__ import annotations

import pytest
from generator.naming import class_name, is_safe_package_name, snake_case


@pytest.mark.parametrize(
    ("wire", "attribute"),
    [
        ("chambresOfCommerceNumber", "chambres_of_commerce_number"),
        ("EMail", "e_mail"),
        ("e_mail", "e_mail"),
        ("class", "class_"),
        ("match", "match_"),
        ("model_config", "model_config_"),
        ("2fa", "field_2fa"),
        ("X-Request-Id", "x_request_id"),
        ("", "field"),
        ("élan", "elan"),
    ],
)
def test_snake_case(wire: str, attribute: str) -> None:
    assert snake_case(wire) == attribute


@pytest.mark.parametrize(
    ("schema", "cls"),
    [
        ("create-contract_request", "CreateContractRequest"),
        ("my-model", "MyModel"),
        ("BaseModel", "BaseModelModel"),
        ("None", "NoneModel"),
        ("2fa", "Model2fa"),
        ("Client", "ClientModel"),
    ],
)
def test_class_name(schema: str, cls: str) -> None:
    assert class_name(schema) == cls


@pytest.mark.parametrize("name", ["../evil", "Evil", "a.b", "import", "", "a-b", "x" * 65])
def test_unsafe_package_names(name: str) -> None:
    assert not is_safe_package_name(name)


def test_safe_package_name() -> None:
    assert is_safe_package_name("harmony_client")


def test_the_package_own_names_are_reserved_for_classes() -> None:
    """A model named like an error class (or anything else a package's ``__init__`` defines)
    would shadow it there; the reserved list must follow the runtime's error classes."""
    from generator.runtime import errors

    own = [name for name in errors.__all__ if name[:1].isupper() and name != "STATUS_ERRORS"]
    own += ["Client", "AsyncClient", "NotGiven", "RetryPolicy", "ENVIRONMENTS", "WEBHOOKS"]
    assert [class_name(name) for name in own] == [f"{name}Model" for name in own]
