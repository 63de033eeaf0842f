"""The Python names a user imports, read from the generated ``models.py`` source.

datamodel-code-generator decides attribute names (snake_case, keyword suffixes, numbering) and
the names of enum classes and members; rather than re-implementing its rules, the diff reads
them back from its output with :mod:`ast` (nothing is imported or executed). Where a document
differs from one whose names are known only by plain properties, :func:`carried_names` adds
or drops their attributes, and only where the generator's own ``camel_to_snake`` is all its
rules would do; anything else is left to generating the models.
"""

from __future__ import annotations

import ast
import json
import keyword
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from ..schema.skeleton import PlainProperty, PropertyDelta

__all__ = ["ModelNames", "carried_names", "model_names"]


@dataclass(frozen=True, slots=True)
class ModelNames:
    """``fields[class][wire name]`` → attribute; ``enum_members[enum class][JSON value]`` →
    member; ``field_types[class][attribute]`` → class names its annotation mentions;
    ``literals[class][attribute]`` → the values its ``Literal[...]`` allows (a discriminator
    value, a single-valued enum)."""

    fields: dict[str, dict[str, str]] = field(default_factory=dict)
    enum_members: dict[str, dict[str, str]] = field(default_factory=dict)
    field_types: dict[str, dict[str, frozenset[str]]] = field(default_factory=dict)
    literals: dict[str, dict[str, frozenset[str]]] = field(default_factory=dict)

    def literal(self, cls: str, attribute: str) -> frozenset[str] | None:
        return self.literals.get(cls, {}).get(attribute)

    def attribute(self, cls: str, wire: str, fallback: str) -> str:
        return self.fields.get(cls, {}).get(wire, fallback)

    def enum_class(self, cls: str, attribute: str) -> str:
        """The enum class of field ``cls.attribute`` (``cls`` itself for a root enum model), or
        ``""`` when its values have none (one value alone is a ``Literal``)."""
        if cls in self.enum_members:
            return cls
        for name in sorted(self.field_types.get(cls, {}).get(attribute, frozenset())):
            if name in self.enum_members:
                return name
        return ""

    def enum_member(self, cls: str, attribute: str, value_json: str) -> str:
        """``EnumClass.MEMBER`` for a value of field ``cls.attribute``, or ``""``."""
        if cls in self.enum_members:  # a root enum model
            member = self.enum_members[cls].get(value_json)
            return f"{cls}.{member}" if member else ""
        for name in sorted(self.field_types.get(cls, {}).get(attribute, frozenset())):
            member = self.enum_members.get(name, {}).get(value_json)
            if member:
                return f"{name}.{member}"
        return ""


def _alias(node: ast.AST) -> str | None:
    for call in ast.walk(node):
        if isinstance(call, ast.Call) and getattr(call.func, "id", "") == "Field":
            for keyword in call.keywords:
                if keyword.arg == "alias" and isinstance(keyword.value, ast.Constant):
                    return str(keyword.value.value)
    return None


def _literal_values(annotation: ast.expr) -> frozenset[str] | None:
    """The values of the ``Literal[...]`` in ``annotation`` (as source text), or ``None``."""
    for node in ast.walk(annotation):
        if isinstance(node, ast.Subscript) and getattr(node.value, "id", "") == "Literal":
            elements = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            return frozenset(ast.unparse(element) for element in elements)
    return None


def model_names(source: str) -> ModelNames:
    """Names found in ``source``; an unparsable source gives empty tables (names fall back)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return ModelNames()
    names = ModelNames()
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        bases = {getattr(base, "id", "") for base in node.bases}
        if "Enum" in bases or "StrEnum" in bases:
            members: dict[str, str] = {}
            for stmt in node.body:
                if (
                    isinstance(stmt, ast.Assign)
                    and len(stmt.targets) == 1
                    and isinstance(stmt.targets[0], ast.Name)
                    and isinstance(stmt.value, ast.Constant)
                ):
                    members[json.dumps(stmt.value.value, sort_keys=True)] = stmt.targets[0].id
            names.enum_members[node.name] = members
            continue
        fields: dict[str, str] = {}
        types: dict[str, frozenset[str]] = {}
        for stmt in node.body:
            if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                attribute = stmt.target.id
                alias = _alias(stmt.annotation) or (_alias(stmt.value) if stmt.value else None)
                fields[alias or attribute] = attribute
                types[attribute] = frozenset(
                    n.id for n in ast.walk(stmt.annotation) if isinstance(n, ast.Name)
                )
                allowed = _literal_values(stmt.annotation)
                if allowed is not None:
                    names.literals.setdefault(node.name, {})[attribute] = allowed
        names.fields[node.name] = fields
        names.field_types[node.name] = types
    return names


_PLAIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def _plain_attribute(wire: str) -> str | None:
    """The attribute datamodel-code-generator gives a property named ``wire`` when nothing
    else in its class competes for it, for names where its rules come down to its
    ``camel_to_snake``: ASCII letters, digits and underscores, not starting with a digit or an
    underscore, not a keyword nor a pydantic attribute once converted. ``None`` otherwise."""
    if not _PLAIN_NAME.fullmatch(wire):
        return None
    from datamodel_code_generator.util import camel_to_snake
    from pydantic import BaseModel

    attribute: str = camel_to_snake(wire)
    if (
        not attribute.isidentifier()
        or keyword.iskeyword(attribute)
        or keyword.issoftkeyword(attribute)
        or attribute.startswith(("_", "model_"))
        or hasattr(BaseModel, attribute)
    ):
        return None
    return attribute


def _numbered_after(attribute: str, others: set[str]) -> bool:
    """Whether another attribute is ``attribute`` numbered away from a collision (``x_2``)."""
    pattern = re.compile(re.escape(attribute) + r"_[0-9]+")
    return any(pattern.fullmatch(other) for other in others)


def carried_names(
    names: ModelNames, delta: PropertyDelta, class_of_schema: Mapping[str, str]
) -> ModelNames | None:
    """The names of the models of a document that differs from the one ``names`` were read
    from by ``delta`` (:func:`~generator.schema.skeleton.property_delta`), or ``None`` where
    the models must be generated to know them: an added property whose attribute could
    collide or take a number, a removed one another attribute was numbered away from.

    Each plain property is one attribute and makes no class, enum or ``Literal``, so every
    other name stays as it was; a new order of plain properties, where no attribute of their
    class is another's numbered. A string value added to or removed from an enum class is one
    member, named from its value alone where nothing competes for it."""
    fields = {cls: dict(attributes) for cls, attributes in names.fields.items()}
    field_types = {cls: dict(types) for cls, types in names.field_types.items()}
    literals = {cls: dict(values) for cls, values in names.literals.items()}
    enum_members = {cls: dict(members) for cls, members in names.enum_members.items()}
    for (schema, wire), (more, gone) in sorted(delta.enums.items()):
        cls = class_of_schema.get(schema, schema)
        attribute = fields.get(cls, {}).get(wire) if wire else None
        enum_cls = cls if not wire else names.enum_class(cls, attribute) if attribute else ""
        if enum_cls not in enum_members or not _carry_members(enum_members[enum_cls], more, gone):
            return None
    for schema in sorted(set(delta.added) | set(delta.removed) | delta.reordered):
        cls = class_of_schema.get(schema, schema)
        if cls not in fields:
            return None
        attributes = fields[cls]
        if schema in delta.reordered and any(
            _numbered_after(attribute, set(attributes.values()))
            for attribute in attributes.values()
        ):
            return None
        for wire in delta.removed.get(schema, ()):
            attribute = attributes.pop(wire, None)
            if attribute is None or _numbered_after(attribute, set(attributes.values())):
                return None
            field_types.get(cls, {}).pop(attribute, None)
            literals.get(cls, {}).pop(attribute, None)
        for prop in delta.added.get(schema, ()):
            attribute = _plain_attribute(prop.name)
            taken = set(attributes.values())
            if attribute is None or attribute in taken or _numbered_after(attribute, taken):
                return None
            attributes[prop.name] = attribute
            field_types.setdefault(cls, {})[attribute] = _mentions(prop, class_of_schema)
    return replace(
        names,
        fields=fields,
        field_types=field_types,
        literals=literals,
        enum_members=enum_members,
    )


def _carry_members(members: dict[str, str], more: tuple[str, ...], gone: tuple[str, ...]) -> bool:
    """``members`` (JSON value → member name) with the values ``gone`` taken out and ``more``
    added, in place; ``False`` where the model generator could name one otherwise."""
    for value in gone:
        member = members.pop(json.dumps(value, sort_keys=True), None)
        if member is None or _numbered_after(member, set(members.values())):
            return False
    for value in more:
        member = _plain_member(value)
        taken = set(members.values())
        if member is None or member in taken or _numbered_after(member, taken):
            return False
        members[json.dumps(value, sort_keys=True)] = member
    return True


def _plain_member(value: str) -> str | None:
    """The member datamodel-code-generator names a string enum value (``inProgress`` →
    ``IN_PROGRESS``: its ``camel_to_snake``, capitalised) when nothing competes for it, for
    values of ASCII letters, digits and underscores that start with a letter; ``None`` for
    any other."""
    if not _PLAIN_NAME.fullmatch(value) or value.lower() == "mro":
        return None
    from datamodel_code_generator.util import camel_to_snake

    member = str(camel_to_snake(value)).upper()
    return member if member.isidentifier() and not keyword.iskeyword(member) else None


def _mentions(prop: PlainProperty, class_of_schema: Mapping[str, str]) -> frozenset[str]:
    """The class names a plain property's annotation mentions, as far as the enum lookups
    care: the referenced component's class."""
    if not prop.refers_to:
        return frozenset()
    return frozenset({class_of_schema.get(prop.refers_to, prop.refers_to)})
