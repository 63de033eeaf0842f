"""The Python names a user imports, read from the generated ``models.py`` source.

datamodel-code-generator decides attribute names (snake_case, keyword suffixes, numbering) and
the names of enum classes and members; rather than re-implementing its rules, the diff reads
them back from its output with :mod:`ast` (nothing is imported or executed).
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass, field

__all__ = ["ModelNames", "model_names"]


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
