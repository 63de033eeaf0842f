"""Names carried over instead of generated: exactly what the model generator gives, or none.

``specgen diff`` learns a changed spec's model names from the other side's when the model
documents differ only by plain properties (``generator.schema.skeleton``). These tests hold
the carried names against datamodel-code-generator's own on our five specs, and check that
every name it could decide differently is refused rather than guessed.
"""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

import pytest
from generator.config import load_api_config, load_project_config
from generator.diff.names import ModelNames, carried_names, model_names
from generator.schema.skeleton import GENERATOR_EXTENSIONS, property_delta
from generator.surfaces import _parsed

from conftest import REPO_ROOT

APIS = ["harmony", "instellix", "odyssee", "salesforce_insurance", "shopctrl"]

#: Properties whose attributes the carrying predicts (each style of name it accepts).
CARRIED = {
    "bench_note": {"type": "string"},
    "contractNote": {"type": ["string", "null"], "format": "date-time"},
    "HTTPStatusCode": {"type": "integer"},
    "v2Name": {"type": "array", "items": {"type": "string"}},
    "note_2": {"type": "boolean", "description": "plain", "x-decision": "ours"},
}
#: One each of the names the carrying leaves to the generator.
REFUSED = {
    "class": {"type": "string"},  # a keyword: ``class_``
    "schema": {"type": "string"},  # a pydantic attribute: ``schema_``
    "model_name": {"type": "string"},  # pydantic's protected namespace
    "2fa": {"type": "string"},  # a leading digit: ``field_2fa``
    "_private": {"type": "string"},  # a leading underscore
    "e-mail": {"type": "string"},  # not a word character
    "inline": {"type": "object", "properties": {"a": {"type": "string"}}},  # a class
    "choice": {"type": "string", "enum": ["a", "b"]},  # an enum class
    "typed": {"type": "string", "x-python-type": "int"},  # read by the generator
}


def _committed_names(api: str, package: str) -> ModelNames:
    """The names of the committed package's models (what generating the spec's models names:
    ``test_cli.py`` holds the two equal)."""
    models = REPO_ROOT / "generated" / api / "src" / package / "models"
    return model_names(
        "\n".join(path.read_text(encoding="utf-8") for path in sorted(models.glob("*.py")))
    )


def _target(document: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The first component schema with properties of its own, and those properties."""
    for name, schema in document["components"]["schemas"].items():
        if isinstance(schema.get("properties"), dict) and len(schema["properties"]) > 1:
            return name, schema["properties"]
    raise AssertionError("no component with properties")


def _enum_classes(names: ModelNames) -> dict[tuple[str, str], str]:
    return {
        (cls, attribute): names.enum_class(cls, attribute)
        for cls, fields in names.fields.items()
        for attribute in fields.values()
    }


@pytest.mark.parametrize("api", APIS)
def test_carried_names_are_the_generators_names(api: str) -> None:
    """Plain properties of every accepted style added to a component and one removed: the
    carried names equal those datamodel-code-generator gives the changed document."""
    config = load_api_config(load_project_config(REPO_ROOT), api)
    side = _parsed(config, config.spec_path, api)
    parsed = side.parsed
    changed = copy.deepcopy(parsed.model_document)
    name, properties = _target(changed)
    removed = next(wire for wire in properties if _removable(parsed.model_document, name, wire))
    del properties[removed]
    properties.update(copy.deepcopy(CARRIED))

    delta = property_delta(parsed.model_document, changed)
    assert delta is not None and delta.removed == {name: (removed,)}
    assert [prop.name for prop in delta.added[name]] == list(CARRIED)
    carried = carried_names(_committed_names(api, config.package), delta, parsed.class_of_schema)
    assert carried is not None
    generated = dataclasses.replace(
        side, parsed=dataclasses.replace(parsed, model_document=changed)
    ).names()
    assert generated is not None
    assert carried.fields == generated.fields
    assert carried.enum_members == generated.enum_members
    assert carried.literals == generated.literals
    assert _enum_classes(carried) == _enum_classes(generated)


def _removable(document: dict[str, Any], name: str, wire: str) -> bool:
    """Whether property ``wire`` of component ``name`` is a plain one (its removal carries)."""
    changed = copy.deepcopy(document)
    del changed["components"]["schemas"][name]["properties"][wire]
    return property_delta(document, changed) is not None


@pytest.mark.parametrize("wire", sorted(REFUSED))
def test_names_the_generator_may_decide_otherwise_are_refused(wire: str) -> None:
    config = load_api_config(load_project_config(REPO_ROOT), "instellix")
    parsed = _parsed(config, config.spec_path, "instellix").parsed
    changed = copy.deepcopy(parsed.model_document)
    _, properties = _target(changed)
    properties[wire] = REFUSED[wire]
    delta = property_delta(parsed.model_document, changed)
    names = _committed_names("instellix", config.package)
    assert delta is None or carried_names(names, delta, parsed.class_of_schema) is None


def test_a_collision_or_a_numbered_attribute_is_refused() -> None:
    names = ModelNames(fields={"Pet": {"fooBar": "foo_bar", "foo_bar": "foo_bar_1"}})
    old = {"components": {"schemas": {"Pet": {"type": "object", "properties": {}}}}}
    old["components"]["schemas"]["Pet"]["properties"] = {
        "fooBar": {"type": "string"},
        "foo_bar": {"type": "string"},
    }
    added = copy.deepcopy(old)
    added["components"]["schemas"]["Pet"]["properties"]["FooBar"] = {"type": "string"}
    removed = copy.deepcopy(old)
    del removed["components"]["schemas"]["Pet"]["properties"]["fooBar"]
    for new in (added, removed):
        delta = property_delta(old, new)
        assert delta is not None and carried_names(names, delta, {}) is None


def test_what_names_nothing_leaves_the_skeleton_alone() -> None:
    old = {
        "components": {
            "schemas": {
                "Pet": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {"name": {"type": "string", "maxLength": 5}},
                }
            }
        }
    }
    new = copy.deepcopy(old)
    pet = new["components"]["schemas"]["Pet"]
    pet.update({"description": "a pet", "x-decision": "why", "required": []})
    pet["properties"]["name"].update({"maxLength": 9, "pattern": "^a", "example": "Rex"})
    assert property_delta(old, new) == property_delta(old, old)
    pet["properties"]["name"]["format"] = "date"  # may change a type: not ignored
    assert property_delta(old, new) is None


def test_a_new_order_of_what_makes_classes_is_refused() -> None:
    made = {"type": "object", "properties": {"a": {"type": "string", "enum": ["x", "y"]}}}
    plain = {"type": "object", "properties": {"b": {"type": "string"}}}
    old = {"components": {"schemas": {"A": made, "B": made, "C": plain}}}
    assert (
        property_delta(old, {"components": {"schemas": {"B": made, "A": made, "C": plain}}}) is None
    )
    moved = property_delta(old, {"components": {"schemas": {"C": plain, "A": made, "B": made}}})
    assert moved is not None and not moved.added and not moved.removed


def test_the_generator_extensions_listed_are_the_pinned_generators() -> None:
    """Every ``x-`` keyword datamodel-code-generator's source spells is one the skeleton
    keeps, so an upgrade that reads a new one fails here rather than carrying wrong names."""
    import re
    from pathlib import Path

    import datamodel_code_generator

    root = Path(datamodel_code_generator.__file__).parent
    spelled = {
        match
        for path in root.rglob("*.py")
        for match in re.findall(r"[\"'](x-[A-Za-z][A-Za-z-]*)", path.read_text(encoding="utf-8"))
    }
    assert spelled and all(extension.startswith(GENERATOR_EXTENSIONS) for extension in spelled)


def _enum_property(document: dict[str, Any]) -> tuple[str, str, list[Any]]:
    """The first component property whose schema is an enum of two strings or more, or a
    nullable one (``anyOf`` of the enum and null, as the model document writes it)."""
    for name, schema in document["components"]["schemas"].items():
        for wire, prop in (schema.get("properties") or {}).items():
            for node in [prop, *(prop.get("anyOf") or [])]:
                values = node.get("enum") if isinstance(node, dict) else None
                if isinstance(values, list) and len([v for v in values if isinstance(v, str)]) > 2:
                    return name, wire, values
    raise AssertionError("no enum property")


def test_enum_values_added_and_removed_carry_their_members() -> None:
    """An enum property's values changed (one added in camelCase, one removed): the carried
    members equal the generator's; a value it would name otherwise is refused."""
    config = load_api_config(load_project_config(REPO_ROOT), "instellix")
    side = _parsed(config, config.spec_path, "instellix")
    parsed = side.parsed
    changed = copy.deepcopy(parsed.model_document)
    name, wire, values = _enum_property(changed)
    removed = next(v for v in reversed(values) if isinstance(v, str))
    values.remove(removed)
    values.append("zzNewValue")
    delta = property_delta(parsed.model_document, changed)
    assert delta is not None and delta.enums == {(name, wire): (("zzNewValue",), (removed,))}
    carried = carried_names(
        _committed_names("instellix", config.package), delta, parsed.class_of_schema
    )
    generated = dataclasses.replace(
        side, parsed=dataclasses.replace(parsed, model_document=changed)
    ).names()
    assert carried is not None and generated is not None
    assert carried.enum_members == generated.enum_members
    assert carried.fields == generated.fields

    first = next(v for v in values if isinstance(v, str))
    for odd in ("in-progress", "2fa", "mro", first.lower() if first.lower() != first else "X"):
        refused = copy.deepcopy(parsed.model_document)
        _, _, odd_values = _enum_property(refused)
        odd_values.append(odd)
        odd_delta = property_delta(parsed.model_document, refused)
        names = _committed_names("instellix", config.package)
        assert odd_delta is None or carried_names(names, odd_delta, parsed.class_of_schema) is None
