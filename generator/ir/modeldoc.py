"""The schema document handed to datamodel-code-generator: prepared so it renders faithfully.

Every ``$ref`` points at ``#/components/schemas/<name>``; constructs the model generator
would render unfaithfully or not at all are rewritten or dropped, each with a warning.
"""

from __future__ import annotations

import copy
import json
import math
import re
from collections.abc import Callable, Iterator
from typing import Any

from ..errors import Location, SpecValidationError, UnsupportedError
from ..naming import class_name
from ..schema.pointer import escape_pointer, ref_pointer, resolve_pointer
from ..schema.samples import TYPED_STRING_FORMATS
from ..schema.walk import all_schema_roots, iter_schemas
from ..spec.loader import LoadedSpec, iter_refs

__all__ = [
    "MAX_DEFAULT_CHARS",
    "REF_ANNOTATIONS",
    "backtracking_patterns",
    "component_name",
    "local_refs_only",
    "needs_backtracking",
    "prepare_for_models",
    "reachable",
    "ref_holders",
    "regex_problem",
    "unusable_numbers",
]


def reachable(document: dict[str, Any], roots: list[str]) -> set[str]:
    schemas = (document.get("components") or {}).get("schemas") or {}
    seen: set[str] = set()
    stack = list(roots)
    while stack:
        name = stack.pop()
        if name in seen or name not in schemas:
            continue
        seen.add(name)
        for _pointer, ref in iter_refs(schemas[name]):
            if ref.startswith("#/components/schemas/"):
                stack.append(ref.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~"))
    return seen


def component_name(ref: str) -> str | None:
    ref = "#" + ref_pointer(ref)
    prefix = "#/components/schemas/"
    if ref.startswith(prefix) and "/" not in ref[len(prefix) :]:
        return ref[len(prefix) :].replace("~1", "/").replace("~0", "~")
    return None


# Formats whose pydantic types need packages beyond pydantic and httpx (email-validator), or
# that would mask the value on the wire (SecretStr dumps as "**********"), or that would
# reject or rewrite it: ``byte`` (base64 of any bytes) is pydantic's ``Base64Str``, which
# refuses what does not decode to UTF-8 text, and its ``Base64Bytes`` re-encodes
# non-canonical padding bits; the base64 text is kept as sent. The shipped spec keeps
# them; the models treat them as plain strings.
_PLAIN_STRING_FORMATS = frozenset({"byte", "email", "idn-email", "password"})


# Keywords whose value must have one JSON type for datamodel-code-generator to read the schema
# at all. An invalid spec may carry anything there; such a keyword is dropped with a warning.
_KEYWORD_TYPES: dict[str, tuple[type, ...]] = {
    "type": (str, list),
    "format": (str,),
    "pattern": (str,),
    "required": (list,),
    "enum": (list,),
    "properties": (dict,),
    "items": (dict, bool),
    "additionalProperties": (dict, bool),
    "minLength": (int,),
    "maxLength": (int,),
    "minItems": (int,),
    "maxItems": (int,),
    "minimum": (int, float),
    "maximum": (int, float),
    "multipleOf": (int, float),
    "allOf": (list,),
    "anyOf": (list,),
    "oneOf": (list,),
    "description": (str,),
    "title": (str,),
}


# Keys datamodel-code-generator reads as code-generation directives (use this Python type,
# import that module, make the field a ClassVar or the class a base): in a vendor's spec they
# were written for someone else's generator, and would make the models import modules that do
# not exist here. They are dropped, with a warning.
_GENERATOR_DIRECTIVES = (
    "customBasePath",
    "customTypePath",
    "x-enum-field-as-literal",
    "x-is-base-class",
    "x-is-classvar",
    "x-python-import",
    "x-python-type",
)
# Names and descriptions of enum members, one per ``enum`` value, which
# datamodel-code-generator expects as a list of strings.
_ENUM_MEMBER_LISTS = ("x-enum-descriptions", "x-enum-varnames", "x-enumNames")

# Python-only regex syntax: datamodel-code-generator switches the model to Python's engine itself.
_PYTHON_ONLY_REGEX = re.compile(r"\(\?<?[=!]|\\[1-9]")


def prepare_for_models(
    schemas: dict[str, Any], locate: Callable[[str], Location]
) -> list[tuple[Location | None, str]]:
    """Rewrite, in place, constructs datamodel-code-generator renders unfaithfully; warnings.

    - ``items`` on a schema whose ``type`` is not ``array`` is dropped (JSON Schema ignores it
      there; the models would otherwise be lists), and so are ``properties`` on a schema whose
      ``type`` is not ``object`` (the models would otherwise be objects);
    - formats needing extra packages become plain strings (see ``_PLAIN_STRING_FORMATS``),
      and so does a ``uri`` with a length limit (``AnyUrl`` cannot hold one);
    - a nullable enum (``type: [string, "null"], enum: [null, ...]``) becomes
      ``anyOf: [{enum without null}, {type: "null"}]``: otherwise the enum class rejects null;
    - a ``discriminator`` one of whose members cannot carry its tag value (its tag property
      is an enum or const without it) is dropped, with a warning: the union stays, and the
      member's model keeps its own definition of the property;
    - a keyword of the wrong JSON type, a bound no float can hold (see ``unusable_numbers``)
      and a pattern no regex engine pydantic offers can compile are dropped (the model would
      not build), each with a warning.

    Only schema objects are visited (a property *named* ``format`` or ``enum`` is data).
    """
    notes: list[tuple[Location | None, str]] = []
    compiled: dict[str, str] = {}
    notes += _drop_impossible_discriminators(schemas, locate)
    _flatten_conflicting_inheritance(schemas)
    _inline_scalar_refs(schemas)
    _merge_defaulted_scalar_parts(schemas)
    nodes = [
        (f"/components/schemas/{escape_pointer(name)}{pointer}", node)
        for name in sorted(schemas)
        for pointer, node in iter_schemas(schemas[name], "")
    ]
    for pointer, node in nodes:
        notes += _misplaced_keywords(node, pointer, locate)
        if node.get("nullable") is False:
            # The default anyway; datamodel-code-generator then types an optional field ``str``
            # with a ``None`` default, which type checkers reject.
            del node["nullable"]
        if "default" in node and _json_size(node["default"]) > MAX_DEFAULT_CHARS:
            raise UnsupportedError(
                f"default is longer than {MAX_DEFAULT_CHARS:,} characters of JSON: the model "
                "module would carry it as one line of code (leave it out, or describe it)",
                locate(f"{pointer}/default"),
            )
        if "default" in node and not _default_fits(node, schemas):
            notes.append(
                (
                    locate(f"{pointer}/default"),
                    f"default {node['default']!r} does not fit the schema (its type, enum or model) and is left out",
                )
            )
            del node["default"]
        for keyword, types in _KEYWORD_TYPES.items():
            if keyword in node and (
                not isinstance(node[keyword], types)
                or isinstance(node[keyword], bool)
                and bool not in types
            ):
                notes.append(
                    (
                        locate(f"{pointer}/{keyword}"),
                        f"{keyword} {node[keyword]!r} is not valid here and is left out",
                    )
                )
                del node[keyword]
        notes.extend(_drop_foreign_extensions(node, pointer, locate))
        required = node.get("required")
        if isinstance(required, list) and not all(isinstance(name, str) for name in required):
            notes.append(
                (locate(f"{pointer}/required"), "required names that are not strings are left out")
            )
            node["required"] = [name for name in required if isinstance(name, str)]
        for keyword, reason in unusable_numbers(node):
            notes.append((locate(f"{pointer}/{keyword}"), reason))
            del node[keyword]
        pattern = node.get("pattern")
        if isinstance(pattern, str):
            if pattern not in compiled:
                compiled[pattern] = regex_problem(pattern)
            if compiled[pattern]:
                notes.append(
                    (locate(f"{pointer}/pattern"), f"pattern is not enforced: {compiled[pattern]}")
                )
                del node["pattern"]
        fmt = node.get("format")
        if isinstance(fmt, str) and fmt in _PLAIN_STRING_FORMATS:
            del node["format"]
        elif fmt == "uri" and ("maxLength" in node or "minLength" in node):
            # pydantic's URL type takes no length limit (datamodel-code-generator drops it):
            # a plain string keeps the limits the spec sets, which the tests check.
            del node["format"]
        enum = node.get("enum")
        if isinstance(enum, list) and None in enum:
            kind = node.get("type")
            kinds = [
                k for k in (kind if isinstance(kind, list) else [kind]) if k not in (None, "null")
            ]
            branch: dict[str, Any] = {"enum": [v for v in enum if v is not None]}
            if kinds:
                branch["type"] = kinds[0] if len(kinds) == 1 else kinds
            del node["enum"]
            node.pop("type", None)
            node["anyOf"] = [branch, {"type": "null"}]
    return notes


def _drop_foreign_extensions(
    node: dict[str, Any], pointer: str, locate: Callable[[str], Location]
) -> list[tuple[Location | None, str]]:
    """Drop ``node``'s code-generation directives meant for other tools, and adapt or drop its
    enum member names and descriptions unless they are one string per ``enum`` value."""
    notes: list[tuple[Location | None, str]] = []
    for key in _GENERATOR_DIRECTIVES:
        if key in node:
            notes.append((locate(f"{pointer}/{escape_pointer(key)}"), f"{key} is ignored"))
            del node[key]
    enum = node.get("enum")
    for key in _ENUM_MEMBER_LISTS:
        if key not in node:
            continue
        value = node[key]
        if isinstance(value, dict) and isinstance(enum, list):
            # Written as a map from value to text: the same information, in enum order.
            value = node[key] = [_text_or_none(value.get(str(member))) for member in enum]
        if not (
            isinstance(value, list)
            and isinstance(enum, list)
            and len(value) == len(enum)
            and all(item is None or isinstance(item, str) for item in value)
        ):
            notes.append(
                (
                    locate(f"{pointer}/{escape_pointer(key)}"),
                    f"{key} is not one text per enum value and is ignored",
                )
            )
            del node[key]
    return notes


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


_JSON_TYPE_CHECKS: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "null": lambda v: v is None,
}


def _default_fits(node: dict[str, Any], schemas: dict[str, Any]) -> bool:
    """Whether ``node["default"]`` is a value of the node's own type (as the model types it),
    and one of the enum a ``$ref`` beside it names (visma's ``default: Case`` for an enum of
    ``Project``, ``Contact``, ...: ``Case`` is the member's name, not its value)."""
    value = node["default"]
    name = component_name(node["$ref"]) if isinstance(node.get("$ref"), str) else None
    target = schemas.get(name) if name is not None else None
    if isinstance(target, dict) and isinstance(target.get("enum"), list):
        if value is not None and value not in target["enum"]:
            return False
    kinds = node.get("type")
    kinds = [kinds] if isinstance(kinds, str) else list(kinds) if isinstance(kinds, list) else []
    if value is None:
        return (
            "null" in kinds
            or node.get("nullable") is True
            or (isinstance(node.get("enum"), list) and None in node["enum"])
            or not kinds
        )
    if kinds and not any(_JSON_TYPE_CHECKS.get(str(k), lambda v: True)(value) for k in kinds):
        return False
    if not kinds and isinstance(value, (dict, list)) and _refers_to_model(node):
        # A model-typed field cannot hold a plain dict or list default (`= {}`): type checkers
        # reject it, and pydantic would have to validate it on every construction.
        return False
    if isinstance(node.get("enum"), list) and value not in node["enum"]:
        return False  # the enum class has no member for it (the spec contradicts itself)
    if isinstance(value, dict) and value and not _free_form(node):
        return False  # a model class, not a dict: `= {"a": 1}` is the wrong type
    if isinstance(value, list) and value and not _plain_items(node.get("items")):
        return False  # a list of models or enum members, not of dicts or strings
    return not (isinstance(value, str) and node.get("format") in TYPED_STRING_FORMATS)


def _free_form(node: dict[str, Any]) -> bool:
    """Whether an object schema becomes a plain ``dict`` (no class of its own)."""
    return not node.get("properties") and not _refers_to_model(node)


def _plain_items(items: Any) -> bool:
    """Whether array items are plain JSON scalars in the model (no class, no enum)."""
    if not isinstance(items, dict):
        return items is None or items is True
    if _refers_to_model(items) or "enum" in items or "const" in items:
        return False
    if any(key in items for key in ("anyOf", "oneOf", "properties")):
        return False
    kinds = items.get("type")
    kinds = [kinds] if isinstance(kinds, str) else kinds if isinstance(kinds, list) else []
    return (
        all(str(kind) in _SCALAR_TYPES for kind in kinds)
        and items.get("format") not in TYPED_STRING_FORMATS
    )


def _flatten_conflicting_inheritance(schemas: dict[str, Any]) -> None:
    """Inline the ``$ref``'d parents of an ``allOf`` whose own properties redefine one of theirs.

    datamodel-code-generator turns ``allOf: [{$ref: Parent}, {properties: ...}]`` into a
    subclass; a property the child declares differently (another enum, another type) becomes
    an override no type checker accepts. A copy of the parents' schemas in place of the
    references gives one standalone class with the child's definitions, as the schema means.
    """
    discriminated = _discriminator_targets(schemas)
    for name in sorted(schemas):
        schema = schemas[name]
        parts = schema.get("allOf") if isinstance(schema, dict) else None
        if not isinstance(parts, list):
            continue
        own: dict[str, Any] = dict(schema.get("properties") or {})
        for part in parts:
            if isinstance(part, dict) and "$ref" not in part:
                own.update(part.get("properties") or {})
        inherited: dict[str, Any] = {}
        for part in parts:
            if isinstance(part, dict) and isinstance(part.get("$ref"), str):
                inherited.update(_properties_of(schemas, part["$ref"], depth=0))
        # A discriminator's target gets its tag retyped as a Literal: an override as well.
        tags = discriminated.get(name, set()) & set(inherited)
        if tags or any(key in inherited and inherited[key] != value for key, value in own.items()):
            schema["allOf"] = [
                _inlined(schemas, part) if isinstance(part, dict) and "$ref" in part else part
                for part in parts
            ]


_SCALAR_TYPES = frozenset({"string", "integer", "number", "boolean", "null"})


def _inline_scalar_refs(schemas: dict[str, Any]) -> None:
    """Replace a property's ``$ref`` to a scalar component (a string, number, integer or
    boolean with constraints, not an enum), or to an array of such scalars, by a copy of it.

    The component becomes a root model (``class Id(RootModel[str])``): a property typed by it
    holds ``Id(root="...")``, whose ``str()`` is ``"root='...'"``, and the component's default
    on such a property would be the raw value, which no type checker accepts. The copy types
    the property as the plain annotated type (``Annotated[str, Field(max_length=40)]``), with
    the same constraints and default; the component's class stays for whoever names it.
    """
    for properties, key, prop in _properties(schemas):
        if not isinstance(prop, dict) or not isinstance(prop.get("$ref"), str):
            continue
        target = schemas.get(component_name(prop["$ref"]) or "")
        if not isinstance(target, dict):
            continue
        items = target.get("items")
        if _plain_scalar(target) or _kinds(target) == ["array"] and _plain_scalar(items):
            siblings = {k: v for k, v in prop.items() if k != "$ref"}
            properties[key] = {**copy.deepcopy(target), **siblings}


def _kinds(schema: dict[str, Any]) -> list[str] | None:
    kinds = schema.get("type")
    kinds = [kinds] if isinstance(kinds, str) else kinds
    return kinds if isinstance(kinds, list) and kinds else None


def _plain_scalar(schema: Any) -> bool:
    """A string, number, integer or boolean schema (nullable or not) that is no enum and
    composes nothing."""
    if not isinstance(schema, dict):
        return False
    kinds = _kinds(schema)
    return (
        kinds is not None
        and set(kinds) <= _SCALAR_TYPES
        and "enum" not in schema
        and not any(k in schema for k in ("allOf", "anyOf", "oneOf", "$ref", "not"))
    )


def _properties(schemas: dict[str, Any]) -> list[tuple[dict[str, Any], str, Any]]:
    """``(properties, key, property)`` of every schema object's properties, in a fixed order
    (listed first: the caller may replace a property in its ``properties``)."""
    return [
        (properties, key, prop)
        for name in sorted(schemas)
        for _pointer, node in iter_schemas(schemas[name], "")
        if isinstance(properties := node.get("properties"), dict)
        for key, prop in list(properties.items())
    ]


# Keywords that describe a property without constraining it: its own may replace a part's.
_ANNOTATIONS = frozenset({"description", "title"})
_SUBSCHEMA_KEYWORDS = frozenset(
    {"$ref", "allOf", "anyOf", "oneOf", "not", "properties", "items", "additionalProperties"}
)


def _merge_defaulted_scalar_parts(schemas: dict[str, Any]) -> None:
    """Replace a defaulted property's one inline scalar ``allOf`` part by the part itself.

    ``{allOf: [{type: string, enum: [a, b]}], default: a}`` (a part written to hold a
    description or default beside it) becomes a root model of the part, and
    datamodel-code-generator gives the property the default as is (``x: X = "a"``), which no
    type checker accepts. The merged schema means the same (one part: its constraints and the
    property's own) and types the property as the scalar, the default with it. Only where no
    constraint is written twice with different values, so nothing is lost.
    """
    for properties, key, prop in _properties(schemas):
        parts = prop.get("allOf") if isinstance(prop, dict) else None
        if not isinstance(parts, list) or len(parts) != 1 or "default" not in prop:
            continue
        part = parts[0]
        kinds = part.get("type") if isinstance(part, dict) else None
        kinds = [kinds] if isinstance(kinds, str) else kinds
        siblings = {k: v for k, v in prop.items() if k != "allOf"}
        if (
            isinstance(kinds, list)
            and kinds
            and set(kinds) <= _SCALAR_TYPES
            and not _SUBSCHEMA_KEYWORDS & set(part)
            and all(
                keyword in _ANNOTATIONS or part[keyword] == siblings[keyword]
                for keyword in set(part) & set(siblings)
            )
        ):
            properties[key] = {**copy.deepcopy(part), **siblings}


def _misplaced_keywords(
    node: dict[str, Any], pointer: str, locate: Callable[[str], Location]
) -> list[tuple[Location | None, str]]:
    """Drop ``items`` beside a ``type`` other than ``array``, ``properties`` beside one other
    than ``object``, and any keyword of one type beside a ``type`` that does not allow it
    (JSON Schema applies them to those types only), with warnings; and give ``items`` without
    a ``type`` its reading: arrays of them, or anything that is not an array."""
    notes: list[tuple[Location | None, str]] = []
    kind = node.get("type")
    if "items" in node and isinstance(kind, str) and kind != "array":
        # datamodel-code-generator would make a list of it (flat.io's user count: ``{type:
        # integer, items: ...}``) while every other reader, the generated tests', sees an
        # integer.
        del node["items"]
        notes.append(
            (
                locate(f"{pointer}/items"),
                f"items on a schema of type {kind!r} is left out: it applies to arrays only",
            )
        )
    kinds = _declared_kinds(kind)
    for applies_to, keywords in _TYPE_KEYWORDS.items():
        misplaced = [k for k in keywords if k in node] if kinds and applies_to not in kinds else []
        for keyword in misplaced:
            # Jira's ``{type: array, minLength: 1}``: datamodel-code-generator would make the
            # list refuse to be empty, while JSON Schema (and the generated tests) ignore it.
            del node[keyword]
            notes.append(
                (
                    locate(f"{pointer}/{keyword}"),
                    f"{keyword} on a schema of type {kind!r} is left out: it applies to "
                    f"{applies_to}s only",
                )
            )
    if "items" in node and kind is None:
        _place_untyped_items(node)
    if "properties" in node and isinstance(kind, str) and kind != "object":
        # xtrf's ``{type: array, items: ..., properties: {empty: ...}}`` became an object
        # model, while the schema (and the tests derived from it) take a list.
        for keyword in ("properties", "required", "additionalProperties"):
            node.pop(keyword, None)
        notes.append(
            (
                locate(f"{pointer}/properties"),
                f"properties on a schema of type {kind!r} are left out: they apply to "
                "objects only",
            )
        )
    return notes


_TYPE_KEYWORDS = {
    "string": ("minLength", "maxLength", "pattern"),
    "array": ("minItems", "maxItems", "uniqueItems"),
    "object": ("minProperties", "maxProperties"),
    "number": ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"),
}
"""Keywords JSON Schema applies to values of one type only (``integer`` counts as a number)."""

_TYPED_BY = frozenset(
    {"$ref", "allOf", "anyOf", "oneOf", "enum", "const", "properties", "additionalProperties"}
)
"""Keywords beside which a schema without ``type`` is not left to ``items`` alone to shape."""


def _place_untyped_items(node: dict[str, Any]) -> None:
    """``items`` beside no ``type`` applies to arrays only, while datamodel-code-generator
    would make a list of the whole schema. Alone, it becomes ``anyOf: [{type: array, items},
    {}]`` (Slack's ``{items: {...}}`` holds strings in its own example); beside ``oneOf`` or
    ``anyOf`` it moves into their array branches that leave items open (Slack's ``{items:
    {type: object}, oneOf: [{type: object}, {type: array, items: {}}]}``)."""
    branches = [
        branch
        for keyword in ("oneOf", "anyOf")
        if isinstance(node.get(keyword), list)
        for branch in node[keyword]
        if isinstance(branch, dict)
    ]
    if branches:
        items = node.pop("items")
        for branch in branches:
            if "array" in _declared_kinds(branch.get("type")) and branch.get("items", {}) in (
                {},
                True,
            ):
                branch["items"] = copy.deepcopy(items)
    elif not _TYPED_BY.intersection(node):
        moved = {k: node.pop(k) for k in ("items", *_TYPE_KEYWORDS["array"]) if k in node}
        node["anyOf"] = [{"type": "array", **moved}, {}]


def _declared_kinds(kind: Any) -> set[str]:
    """The types ``type`` allows other than null (``integer`` as ``number``); empty when it
    declares none."""
    kinds = kind if isinstance(kind, list) else [kind]
    named = {k for k in kinds if isinstance(k, str) and k != "null"}
    return {"number" if k == "integer" else k for k in named}


def _drop_impossible_discriminators(
    schemas: dict[str, Any], locate: Callable[[str], Location]
) -> list[tuple[Location | None, str]]:
    """Drop each ``discriminator`` that names a value a member's tag cannot hold.

    Without a ``mapping`` a member's tag value is its schema name (OpenAPI's implicit
    mapping); datamodel-code-generator retypes the member's tag property as that one value,
    so a member whose tag is an enum of other values (linode's ``Domain.type``: ``master``
    or ``slave``, tagged ``Domain``) would reject every real instance wherever it is used.
    """
    notes: list[tuple[Location | None, str]] = []
    for name, pointer, node, tag, members in _discriminated_unions(schemas):
        mapping = node["discriminator"].get("mapping")
        values: dict[str, set[str]] = {}
        for value, ref in (mapping.items() if isinstance(mapping, dict) else ()):
            values.setdefault(str(ref), set()).add(str(value))
        for ref in members:
            allowed = _allowed_values(_properties_of(schemas, ref, depth=0).get(tag))
            wanted = values.get(ref) or {component_name(ref) or ""}
            if allowed is not None and not wanted <= allowed:
                del node["discriminator"]
                at = f"/components/schemas/{escape_pointer(name)}{pointer}/discriminator"
                notes.append(
                    (
                        locate(at),
                        f"discriminator {tag!r} is left out: member {component_name(ref)!r} "
                        f"cannot have {tag} {sorted(wanted - allowed)[0]!r} (its {tag} is "
                        "one of its own values); the union's members are told apart by "
                        "their schemas",
                    )
                )
                break
    return notes


def _discriminated_unions(
    schemas: dict[str, Any],
) -> Iterator[tuple[str, str, dict[str, Any], str, list[str]]]:
    """``(component, pointer within it, node, tag property, member refs)`` of every
    ``oneOf``/``anyOf`` with a ``discriminator`` naming its tag."""
    for name in sorted(schemas):
        for pointer, node in iter_schemas(schemas[name], ""):
            discriminator = node.get("discriminator")
            tag = discriminator.get("propertyName") if isinstance(discriminator, dict) else None
            if not isinstance(tag, str):
                continue
            members = [
                part["$ref"]
                for key in ("oneOf", "anyOf")
                for part in node.get(key) or []
                if isinstance(part, dict) and isinstance(part.get("$ref"), str)
            ]
            yield name, pointer, node, tag, members


def _allowed_values(schema: Any) -> set[str] | None:
    """The string values ``schema`` allows when it lists them (``enum``, ``const``)."""
    if not isinstance(schema, dict):
        return None
    if "const" in schema:
        return {str(schema["const"])}
    if isinstance(schema.get("enum"), list):
        return {str(value) for value in schema["enum"]}
    return None


def _discriminator_targets(schemas: dict[str, Any]) -> dict[str, set[str]]:
    """Component name -> the discriminator property names some ``oneOf``/``anyOf`` tags it by."""
    targets: dict[str, set[str]] = {}
    for _name, _pointer, node, tag, members in _discriminated_unions(schemas):
        mapping = node["discriminator"].get("mapping")
        if isinstance(mapping, dict):
            members += [ref for ref in mapping.values() if isinstance(ref, str)]
        for ref in members:
            target = component_name(ref)
            if target:
                targets.setdefault(target, set()).add(tag)
    for name, tags in _inherited_discriminators(schemas).items():
        targets.setdefault(name, set()).update(tags)
    return targets


def _inherited_discriminators(schemas: dict[str, Any]) -> dict[str, set[str]]:
    """Component name -> the discriminator property names of the components it extends
    (``allOf: [{$ref: Base}]``, at any depth) that declare a ``discriminator`` themselves: the
    inheritance form, in which every such schema is a target, tagged by its own name (which
    datamodel-code-generator writes as a ``Literal`` override of the base's tag)."""
    parents: dict[str, list[str]] = {}
    tag_of: dict[str, str] = {}
    for name, schema in schemas.items():
        if not isinstance(schema, dict):
            continue
        parents[name] = [
            component_name(part["$ref"]) or ""
            for part in schema.get("allOf") or []
            if isinstance(part, dict) and isinstance(part.get("$ref"), str)
        ]
        discriminator = schema.get("discriminator")
        if isinstance(discriminator, dict) and isinstance(discriminator.get("propertyName"), str):
            tag_of[name] = discriminator["propertyName"]
    found: dict[str, set[str]] = {}
    for name in sorted(parents):
        seen: set[str] = set()
        todo = list(parents[name])
        while todo:
            ancestor = todo.pop()
            if ancestor in seen or ancestor not in parents:
                continue
            seen.add(ancestor)
            todo += parents[ancestor]
        tags = {tag_of[ancestor] for ancestor in seen if ancestor in tag_of}
        if tags:
            found[name] = tags
    return found


def _properties_of(schemas: dict[str, Any], ref: str, *, depth: int) -> dict[str, Any]:
    """Every property a component declares, its own ``allOf`` parents' included."""
    target = schemas.get(component_name(ref) or "")
    if not isinstance(target, dict) or depth > 16:
        return {}
    found: dict[str, Any] = {}
    for part in target.get("allOf") or []:
        if isinstance(part, dict) and isinstance(part.get("$ref"), str):
            found.update(_properties_of(schemas, part["$ref"], depth=depth + 1))
        elif isinstance(part, dict):
            found.update(part.get("properties") or {})
    found.update(target.get("properties") or {})
    return found


def _inlined(schemas: dict[str, Any], part: dict[str, Any], depth: int = 0) -> Any:
    """A copy of the component ``part`` refers to, its own ``allOf`` parents inlined too: a
    class flattened for a conflict must not inherit the conflict from a grandparent."""
    target = schemas.get(component_name(str(part["$ref"])) or "")
    if not isinstance(target, dict):
        return part
    copied = copy.deepcopy(target)
    parents = copied.get("allOf")
    if isinstance(parents, list) and depth < 16:
        copied["allOf"] = [
            (
                _inlined(schemas, parent, depth + 1)
                if isinstance(parent, dict) and isinstance(parent.get("$ref"), str)
                else parent
            )
            for parent in parents
        ]
    return copied


def _refers_to_model(node: dict[str, Any]) -> bool:
    """Whether a model class types the node: a ``$ref``, or an ``allOf`` with such a part or
    an object part (an inline object is a class of its own, as in dereferenced specs)."""
    if isinstance(node.get("$ref"), str):
        return True
    parts = node.get("allOf")
    return isinstance(parts, list) and any(
        isinstance(part, dict)
        and (
            _refers_to_model(part)
            or part.get("type") == "object"
            or isinstance(part.get("properties"), dict)
        )
        for part in parts
    )


def needs_backtracking(pattern: str) -> bool:
    """Whether ``pattern`` uses syntax only a backtracking engine runs (lookarounds,
    backreferences): pydantic's linear-time engine refuses it."""
    return bool(_PYTHON_ONLY_REGEX.search(pattern))


def backtracking_patterns(document: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """``(JSON pointer, pattern)`` of every schema pattern that needs a backtracking engine,
    sorted: the models and the parameter checks leave these out (see ``regex_problem``), and
    the package README lists them."""
    found = {
        (pointer, node["pattern"])
        for root_pointer, root in all_schema_roots(document)
        for pointer, node in iter_schemas(root, root_pointer)
        if isinstance(node.get("pattern"), str) and needs_backtracking(node["pattern"])
    }
    return tuple(sorted(found))


_BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")

# A default is written into the model module as one line; the model generator's formatter
# takes time growing with the square of a line's length (2 MB: minutes). Real defaults are
# a few characters.
MAX_DEFAULT_CHARS = 65_536


def _json_size(value: Any) -> int:
    """The length of ``value`` as JSON text (a string's without the escapes: close enough)."""
    if isinstance(value, str):
        return len(value) + 2
    if isinstance(value, (dict, list)):
        return len(json.dumps(value, ensure_ascii=False, default=str))
    return len(repr(value))


def unusable_numbers(node: dict[str, Any]) -> list[tuple[str, str]]:
    """``(keyword, warning)`` for each numeric keyword of ``node`` no model can enforce.

    A number beyond a float's range loads as infinity (``1e309``) and one too small as zero
    (``multipleOf: 1e-400``): pydantic refuses an infinite bound on an integer and a zero
    step on anything, on the model's first use. An infinite bound bounds nothing and a step
    that is not a positive finite number is no step, so both are left out, with a warning.
    """
    found = []
    for keyword in _BOUNDS:
        value = node.get(keyword)
        if isinstance(value, float) and not math.isfinite(value):
            found.append((keyword, f"{keyword} {value!r} is not a finite number and is left out"))
    step = node.get("multipleOf")
    if (
        isinstance(step, (int, float))
        and not isinstance(step, bool)
        and not (math.isfinite(step) and step > 0)
    ):
        found.append(
            (
                "multipleOf",
                f"multipleOf {step!r} is not a positive finite number (beyond a float's range?) "
                "and is left out",
            )
        )
    return found


def regex_problem(pattern: str) -> str:
    """Why pydantic cannot enforce ``pattern`` (``""``: it can), trying the engine it will use."""
    try:
        re.compile(pattern)
    except (re.error, RecursionError, OverflowError) as exc:
        return f"not a valid regular expression ({exc})"
    if needs_backtracking(pattern):
        # Only Python's backtracking engine runs it, in time exponential in the value on some
        # patterns and values: a server (or caller) could hang the client with one string.
        return (
            "it needs a backtracking regex engine (a lookaround or a backreference), which a "
            "crafted value can keep busy for hours; the models check patterns in linear time"
        )
    import pydantic_core

    try:
        pydantic_core.SchemaValidator(pydantic_core.core_schema.str_schema(pattern=pattern))
    except pydantic_core.SchemaError as exc:
        return f"pydantic's regex engine refuses it ({' '.join(str(exc).split())[-120:]})"
    return ""


# Keywords beside a body's ``$ref`` that do not change what it accepts: the body is the
# referenced model itself (datamodel-code-generator makes no new class for such a schema).
REF_ANNOTATIONS = frozenset(
    {
        "type",
        "description",
        "title",
        "example",
        "examples",
        "summary",
        "deprecated",
        "readOnly",
        "writeOnly",
        "externalDocs",
        "xml",
        "x-examples",
    }
)


def local_refs_only(
    spec: LoadedSpec, schemas: dict[str, Any], hoist: Callable[[Any, str, str], str]
) -> None:
    """Point every ``$ref`` in the model document at ``#/components/schemas/<name>``.

    datamodel-code-generator sees only the schemas: a reference into ``paths`` or
    ``components/parameters`` (or a percent-encoded one) is resolved against the spec and its
    target added under a name derived from the pointer.
    """
    hoisted: dict[str, str] = {}
    pending = sorted(schemas)
    while pending:
        name = pending.pop(0)
        for node in ref_holders(schemas[name]):
            ref = node["$ref"]
            pointer = ref_pointer(ref)
            component = component_name("#" + pointer)
            if component is not None and component in schemas:
                node["$ref"] = "#/components/schemas/" + escape_pointer(component)
                continue
            if pointer not in hoisted:
                try:
                    target = resolve_pointer(spec.data, pointer)
                except (KeyError, IndexError, ValueError, TypeError):
                    raise SpecValidationError(
                        f"unresolved $ref {ref!r}", spec.location(pointer)
                    ) from None
                tokens = [
                    t
                    for t in pointer.split("/")
                    if t
                    and t
                    not in ("components", "schemas", "paths", "content", "schema", "properties")
                ]
                base = class_name("_".join(tokens[-3:]) or "Ref")
                hoisted[pointer] = hoist(target, pointer, base)
                pending.append(hoisted[pointer])
            node["$ref"] = "#/components/schemas/" + escape_pointer(hoisted[pointer])


def ref_holders(node: Any) -> list[dict[str, Any]]:
    """Every dict with a string ``$ref`` inside ``node`` (iteratively; no recursion limit)."""
    found: list[dict[str, Any]] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            if isinstance(current.get("$ref"), str):
                found.append(current)
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
    return found
