"""The JSON Schema keywords the stages after the IR tell apart: which never affect validity,
which a leaf's check models, which make conditional rules. One vocabulary, so the case
derivation and the schema view (:mod:`.view`) classify a keyword alike.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "ANNOTATIONS",
    "CONDITIONAL_KEYWORDS",
    "LEAF_KEYWORDS",
    "NAMELESS_KEYWORDS",
    "PRESENCE_KEYWORDS",
    "RISKY_ARRAY_KEYWORDS",
    "SCHEMA_LIST_KEYWORDS",
    "SCHEMA_MAP_KEYWORDS",
    "SUBSCHEMA_KEYWORDS",
    "UNION_KEYWORDS",
]


#: The keywords whose branches are alternatives (a nullable union is one of them with null).
UNION_KEYWORDS: Final[tuple[str, ...]] = ("anyOf", "oneOf")


# Where a schema holds other schemas, as a document walk follows them: keywords whose value
# maps names to schemas, keywords whose value is one schema, keywords whose value is a list.
SCHEMA_MAP_KEYWORDS: Final[tuple[str, ...]] = (
    "properties",
    "patternProperties",
    "$defs",
    "dependentSchemas",
)
SUBSCHEMA_KEYWORDS: Final[tuple[str, ...]] = (
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
)
SCHEMA_LIST_KEYWORDS: Final[tuple[str, ...]] = ("allOf", "anyOf", "oneOf", "prefixItems")


# Keywords that never affect validity.
ANNOTATIONS: Final[frozenset[str]] = frozenset(
    {
        "title",
        "description",
        "default",
        "examples",
        "example",
        "deprecated",
        "readOnly",
        "writeOnly",
        "$comment",
        "$id",
        "$schema",
        "$anchor",
        "$defs",
        "definitions",
        "discriminator",
        "xml",
        "externalDocs",
        "contentEncoding",
        "contentMediaType",
        "contentSchema",
        "nullable",
    }
)


# Keywords whose effect on a new value of a leaf is modelled by ``accepts``.
LEAF_KEYWORDS: Final[frozenset[str]] = frozenset(
    {
        "$ref",
        "allOf",
        "type",
        "enum",
        "const",
        "maxLength",
        "minLength",
        "pattern",
        "format",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "minItems",
        "maxItems",
        "items",
        # object keywords: only ever met with non-object new values, where they do not apply
        "properties",
        "required",
        "additionalProperties",
        "patternProperties",
        "propertyNames",
        "minProperties",
        "maxProperties",
        "dependentRequired",
        "unevaluatedProperties",
    }
)


# Keywords of an object schema that make a rule on some of its properties' values.
CONDITIONAL_KEYWORDS: Final[tuple[str, ...]] = (
    "if",
    "then",
    "else",
    "not",
    "anyOf",
    "oneOf",
    "dependentSchemas",
)


# Keywords of an array schema under which changing one item may change the array's validity.
RISKY_ARRAY_KEYWORDS: Final[frozenset[str]] = frozenset(
    {"contains", "uniqueItems", "prefixItems", "unevaluatedItems", "if", "then", "else", "not"}
)


# Inside a conditional rule: keywords that only look at which properties are present.
PRESENCE_KEYWORDS: Final[frozenset[str]] = frozenset(
    {
        "required",
        "dependentRequired",
        "minProperties",
        "maxProperties",
        "propertyNames",
        "type",
        "minItems",
        "maxItems",
        "maxLength",
        "minLength",
        "pattern",
        "format",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
    }
)


# Keywords that change no Python name of the models made from a schema (classes, attributes,
# enum members, ``Literal`` values): prose, examples and constraints on a value. Kept out on
# purpose: ``title``, ``format``, ``nullable``, ``readOnly``/``writeOnly``, ``default`` and
# extensions, which a model generator may read when it names or splits a class.
NAMELESS_KEYWORDS: Final[frozenset[str]] = frozenset(
    {
        "description",
        "example",
        "examples",
        "externalDocs",
        "deprecated",
        "$comment",
        "required",
        "maxLength",
        "minLength",
        "pattern",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "minItems",
        "maxItems",
        "uniqueItems",
        "minProperties",
        "maxProperties",
    }
)
