"""What specgen checks and adds around datamodel-code-generator's output
(``generator.models.generate_models``), with its output stubbed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from generator.errors import Location, UnsupportedError
from generator.models import generate_models

DOCUMENT = {
    "openapi": "3.1.0",
    "info": {"title": "t", "version": "1"},
    "paths": {},
    "components": {"schemas": {"Pet": {"type": "object"}, "Pets": {"type": "array"}}},
}


def _stub(source: str) -> Any:
    def generate(document: Any, **options: Any) -> str:
        return source

    return generate


def _models(monkeypatch: pytest.MonkeyPatch, source: str) -> Any:
    import datamodel_code_generator

    monkeypatch.setattr(datamodel_code_generator, "generate", _stub(source))
    return generate_models(
        DOCUMENT,
        header="# header",
        bases={},
        rules=(),
        class_of_schema={"Pet": "Pet", "Pets": "Pets"},
        location=Location(Path("spec.yaml")),
    )


def test_a_class_the_client_needs_must_exist(monkeypatch: pytest.MonkeyPatch) -> None:
    source = "from specgen_placeholder_pkg._base import RequestModel\n\n\nclass Pet(RequestModel):\n    pass\n"
    with pytest.raises(UnsupportedError, match="did not produce the expected model class.*Pets"):
        _models(monkeypatch, source)


def test_root_types_and_wire_decimal_come_from_one_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    source = (
        "from decimal import Decimal\n\n"
        "from pydantic import RootModel\n\n"
        "from specgen_placeholder_pkg._base import RequestModel\n\n\n"
        'class Pet(RequestModel):\n    """Décor: a Decimal in a docstring stays."""\n\n'
        "    price: Decimal | None = None\n"
        # ast counts columns in UTF-8 bytes: text before the name on its line must not shift it.
        '    tag: Literal["é"] | Decimal | None = None\n\n\n'
        "class Pets(RootModel[list[Pet]]):\n    root: list[Pet]\n"
    )
    models = _models(monkeypatch, source)
    assert models.root_types == {"Pets": "list[models.Pet]"}
    assert "    price: WireDecimal | None = None\n" in models.source
    assert '    tag: Literal["é"] | WireDecimal | None = None\n' in models.source
    assert "a Decimal in a docstring stays" in models.source
    assert "from decimal import" not in models.source
    assert "from ._base import WireDecimal, RootModel, SpecModel, RequestModel\n" in models.source
    assert "from pydantic import RootModel" not in models.source  # ._base's builds on first use


def test_models_are_left_to_build_on_first_use(monkeypatch: pytest.MonkeyPatch) -> None:
    """A rebuild at import builds the model and everything it refers to: a large spec's package
    took seconds and hundreds of MB to import. None is left; root models come from ``._base``
    (built on first use, as every other model); nothing else moves."""
    source = (
        "from pydantic import ConfigDict, RootModel\n\n\n"
        "class Pets(RootModel[list[Pet]]):\n    root: list[Pet]\n\n\n"
        "class Pet(RootModel[str]):\n    root: str\n\n\n"
        "Pets.model_rebuild()\n"
        "Pet.model_rebuild()\n"
    )
    models = _models(monkeypatch, source)
    assert "model_rebuild" not in models.source
    assert "from ._base import RootModel\nfrom pydantic import ConfigDict\n" in models.source
    assert "class Pets(RootModel[list[Pet]]):\n    root: list[Pet]\n" in models.source


def test_a_root_model_of_the_runtime_builds_on_first_use() -> None:
    from generator.runtime._base import RootModel

    class Names(RootModel[list[str]]):
        root: list[str]

    assert not Names.__pydantic_complete__  # nothing built at class creation
    assert Names.model_validate(["a"]).root == ["a"]
    assert Names.__pydantic_complete__


def test_the_typed_string_formats_are_one_table() -> None:
    """The formats whose string defaults the models leave out are those the example checker
    reads as Python types (and ``binary``, bytes): one table, not two that drift apart."""
    from generator.schema.samples import TYPED_STRING_FORMATS, _format_types

    assert set(_format_types()) | {"binary"} == TYPED_STRING_FORMATS


def test_required_entries_that_are_not_names_are_left_out_with_a_warning() -> None:
    """``required: [a, {b: 1}]`` ended in exit 3 (an unhashable entry); the name stays."""
    from generator.ir.modeldoc import prepare_for_models

    schemas = {"Thing": {"type": "object", "required": ["a", {"b": 1}], "properties": {}}}
    notes = prepare_for_models(
        schemas, lambda pointer: Location(Path("spec.yaml"), pointer=pointer)
    )
    assert schemas["Thing"]["required"] == ["a"]
    assert [text for _where, text in notes] == ["required names that are not strings are left out"]


def test_a_property_referring_to_a_scalar_component_takes_its_type_not_a_root_model() -> None:
    """``$ref`` to a constrained string (or an array of scalars) is copied into the property:
    the model's field is ``Annotated[str, Field(max_length=40)]``, not ``Id(root=...)``. An
    enum, an object and a composition keep their reference (their class is the type)."""
    from generator.ir.modeldoc import prepare_for_models

    schemas: dict[str, Any] = {
        "Id": {"type": "string", "maxLength": 40},
        "Tags": {"type": "array", "items": {"type": "string"}},
        "Colour": {"type": "string", "enum": ["red", "blue"]},
        "Either": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
        "Thing": {
            "type": "object",
            "properties": {
                "id": {"$ref": "#/components/schemas/Id", "description": "its id"},
                "tags": {"$ref": "#/components/schemas/Tags"},
                "colour": {"$ref": "#/components/schemas/Colour"},
                "either": {"$ref": "#/components/schemas/Either"},
            },
        },
    }
    prepare_for_models(schemas, lambda pointer: Location(Path("spec.yaml"), pointer=pointer))
    properties = schemas["Thing"]["properties"]
    assert properties["id"] == {"type": "string", "maxLength": 40, "description": "its id"}
    assert properties["tags"] == {"type": "array", "items": {"type": "string"}}
    assert properties["colour"] == {"$ref": "#/components/schemas/Colour"}
    assert properties["either"] == {"$ref": "#/components/schemas/Either"}
    assert schemas["Id"] == {"type": "string", "maxLength": 40}  # its class stays
