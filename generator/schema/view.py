"""The one reading of JSON Schema's composition that every stage after the IR shares.

``$ref``, ``allOf``, ``anyOf`` and ``oneOf`` are read here and only here (a test checks that no
module outside ``spec/``, ``ir/`` and ``schema/`` spells them): the test planner, the models'
checks and the diff ask a :class:`SchemaView` (or the functions beside it) what applies to a
value, what an object's members are, whether null is admitted and which components a schema
reaches, so they cannot read one schema two ways. Nodes handed out are the document's own
(never mutated); their leaf keywords (``type``, ``maxLength``, ...) are read into a
:class:`~.constraints.Constraints` record (:attr:`Conjunct.constraints`), which
:mod:`.truth` judges values against.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable, NamedTuple, Protocol, cast

from .constraints import Constraints, constraints_of
from .keywords import (
    ANNOTATIONS,
    CONDITIONAL_KEYWORDS,
    LEAF_KEYWORDS,
    PRESENCE_KEYWORDS,
    UNION_KEYWORDS,
)
from .node import SchemaNode
from .pointer import escape_pointer, ref_pointer, resolve_pointer, unescape_pointer

__all__ = [
    "COMPONENTS",
    "Conjunct",
    "NullableUnion",
    "SchemaNode",
    "SchemaReader",
    "SchemaView",
    "admits_null",
    "all_of",
    "all_understood",
    "alternatives",
    "child",
    "class_members",
    "component_name",
    "component_pointer",
    "component_ref",
    "declared_type",
    "has_alternatives",
    "is_bare_ref",
    "non_null_branch",
    "nullable_as_json_schema",
    "nullable_union",
    "references",
    "refers",
    "rename_components",
    "says_nullable",
    "target_name",
]

#: The pointer of the component schemas' object; ``COMPONENTS + escape(name)`` is one of them.
COMPONENTS = "/components/schemas/"
_REF_PREFIX = "#" + COMPONENTS
_CONSTRAINING = frozenset({"type", "$ref", "enum", "const", "allOf", "anyOf", "oneOf", "not"})
_MAX_DEPTH = 32


def component_pointer(name: str) -> str:
    """The JSON pointer of component schema ``name``."""
    return COMPONENTS + escape_pointer(name)


def component_ref(name: str) -> str:
    """The local ``$ref`` to component schema ``name``."""
    return "#" + component_pointer(name)


def component_name(ref: Any) -> str | None:
    """The component schema a local ``$ref`` names directly (``#/components/schemas/X``), else
    ``None`` (another kind of reference, or a node inside a component)."""
    if not isinstance(ref, str):
        return None
    ref = "#" + ref_pointer(ref)
    if ref.startswith(_REF_PREFIX) and "/" not in ref[len(_REF_PREFIX) :]:
        return unescape_pointer(ref[len(_REF_PREFIX) :])
    return None


def target_name(schema: Any) -> str | None:
    """The component schema ``schema``'s ``$ref`` names, if it is one."""
    return component_name(schema.get("$ref")) if isinstance(schema, Mapping) else None


def is_bare_ref(schema: Any) -> bool:
    """Whether ``schema`` is a ``$ref`` and nothing else."""
    return isinstance(schema, Mapping) and set(schema) == {"$ref"}


def all_of(schema: Any) -> list[Any]:
    """The ``allOf`` parts of ``schema`` (``[]`` when absent or malformed)."""
    parts = schema.get("allOf") if isinstance(schema, Mapping) else None
    return parts if isinstance(parts, list) else []


def alternatives(schema: Any) -> list[Any]:
    """The branches of ``schema``'s ``anyOf`` and ``oneOf`` (in that order)."""
    if not isinstance(schema, Mapping):
        return []
    return [part for key in UNION_KEYWORDS for part in _list(schema.get(key))]


def has_alternatives(schema: Mapping[str, Any]) -> bool:
    """Whether ``schema`` has ``anyOf``/``oneOf`` alternatives other than a nullable union's."""
    return any(key in schema for key in UNION_KEYWORDS) and nullable_union(schema) is None


_OBJECT_KEYWORDS = frozenset({"properties", "additionalProperties"})
_TYPING_KEYWORDS = frozenset({"type", "$ref", "allOf", "anyOf", "oneOf", "enum", "const", "not"})


def declared_type(schema: Mapping[str, Any]) -> Any:
    """The ``type`` a value of ``schema`` must have, as the models read it: its ``type``, else
    ``"object"`` for a schema that describes members (``properties``, ``additionalProperties``)
    and says nothing else of its type (datamodel-code-generator makes it a class or a dict,
    which refuse null and any other type, where JSON Schema would let them pass); else
    ``None``, any type."""
    if "type" in schema:
        return schema["type"]
    if set(schema) & _OBJECT_KEYWORDS and not set(schema) & _TYPING_KEYWORDS:
        return "object"
    return None


def child(pointer: str, *tokens: str | int) -> str:
    """``pointer`` extended by ``tokens`` (each escaped)."""
    return pointer + "".join("/" + escape_pointer(str(token)) for token in tokens)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _is_annotation(key: str) -> bool:
    return key in ANNOTATIONS or key.startswith("x-")


def _is_null_schema(schema: Any) -> bool:
    if not isinstance(schema, Mapping):
        return False
    if schema.get("type") not in ("null", ["null"]):
        return False
    return all(key == "type" or _is_annotation(key) for key in schema)


class NullableUnion(NamedTuple):
    """``anyOf``/``oneOf: [X, null]``: where its non-null branch is and what it is."""

    keyword: str
    position: str
    branch: Any

    @property
    def exclusive(self) -> bool:
        """Whether exactly one branch may hold (``oneOf``): null must then fail the other."""
        return self.keyword == "oneOf"


def nullable_union(schema: Mapping[str, Any]) -> NullableUnion | None:
    """The non-null branch of ``anyOf``/``oneOf: [X, {type: null}]``, else ``None``."""
    for keyword in UNION_KEYWORDS:
        branches = schema.get(keyword)
        if not isinstance(branches, list) or len(branches) != 2:
            continue
        nulls = [i for i, branch in enumerate(branches) if _is_null_schema(branch)]
        if len(nulls) == 1:
            other = 1 - nulls[0]
            return NullableUnion(keyword, str(other), branches[other])
    return None


def non_null_branch(schema: Mapping[str, Any]) -> Any:
    """The one branch of ``anyOf``/``oneOf`` besides ``{type: null}`` ones, else ``None``: a
    value that is not null is an instance of it."""
    for keyword in UNION_KEYWORDS:
        branches = schema.get(keyword)
        if isinstance(branches, list):
            others = [
                b for b in branches if not (isinstance(b, Mapping) and b.get("type") == "null")
            ]
            if len(others) == 1 and len(others) < len(branches):
                return others[0]
    return None


def admits_null(schema: Any) -> bool:
    """Whether ``schema`` admits null, read as the models read it (3.0's ``nullable`` too): no
    type at all (see :func:`declared_type`), a ``null`` type, const or enum member, or a union
    branch that admits it."""
    if not isinstance(schema, dict):
        return True
    if not (set(schema) & _CONSTRAINING) and declared_type(schema) is None:
        return True  # no type at all (``{}``): null is a value like any other
    kind = schema.get("type")
    if kind == "null" or (isinstance(kind, list) and "null" in kind):
        return True
    if schema.get("nullable") is True or ("const" in schema and schema["const"] is None):
        return True
    if isinstance(schema.get("enum"), list) and None in schema["enum"]:
        return True
    return any(admits_null(part) for key in UNION_KEYWORDS for part in _list(schema.get(key)))


def all_understood(conjuncts: Sequence[Conjunct]) -> bool:
    """Every keyword of every schema that applies to a value is a leaf keyword (see
    :data:`~.keywords.LEAF_KEYWORDS`), an annotation or a nullable union."""
    for conjunct in conjuncts:
        if not conjunct.resolved:
            return False
        schema = conjunct.mapping
        for key in schema:
            if _is_annotation(key) or key in LEAF_KEYWORDS:
                continue
            if key in UNION_KEYWORDS and nullable_union(schema) is not None:
                continue
            return False
    return True


def class_members(
    schema: Any, components: Mapping[str, Any], depth: int = 0
) -> tuple[dict[str, Any], set[str]]:
    """Properties and required names of a model class's schema (``components``: the component
    schemas by name), ``allOf`` parts merged in as the generated class inherits them (a later
    declaration wins)."""
    if not isinstance(schema, Mapping) or depth > 8:
        return {}, set()
    name = target_name(schema)
    if name is not None:
        return class_members(components.get(name), components, depth + 1)
    props: dict[str, Any] = {}
    required: set[str] = set()
    for part in all_of(schema):
        more, more_required = class_members(part, components, depth + 1)
        props.update(more)
        required |= more_required
    if isinstance(schema.get("properties"), dict):
        props.update(schema["properties"])
    if isinstance(schema.get("required"), list):
        required |= {str(r) for r in schema["required"]}
    return props, required


def refers(schema: Any) -> bool:
    """Whether ``schema`` holds a ``$ref`` (beside whatever else)."""
    return isinstance(schema, Mapping) and "$ref" in schema


def references(node: Any) -> Iterator[str]:
    """The component schemas named by a ``$ref`` anywhere inside ``node``, depth first."""
    nodes = [node]
    while nodes:
        current = nodes.pop()
        if isinstance(current, dict):
            name = component_name(current.get("$ref"))
            if name is not None:
                yield name
            nodes.extend(current.values())
        elif isinstance(current, list):
            nodes.extend(current)


def rename_components(document: Mapping[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    """A copy of ``document`` whose component schemas are renamed by ``names`` (old → new),
    with every ``$ref`` and discriminator mapping to them rewritten."""
    renamed = {component_ref(old): component_ref(new) for old, new in names.items()}

    def rewrite(node: Any) -> Any:
        if isinstance(node, dict):
            result = {key: rewrite(value) for key, value in node.items()}
            ref = result.get("$ref")
            if isinstance(ref, str) and ref in renamed:
                result["$ref"] = renamed[ref]
            mapping = result.get("mapping")
            if "propertyName" in result and isinstance(mapping, dict):
                result["mapping"] = {
                    k: renamed.get(v, v) if isinstance(v, str) else v for k, v in mapping.items()
                }
            return result
        if isinstance(node, list):
            return [rewrite(value) for value in node]
        return node

    copied: dict[str, Any] = rewrite(document)
    components = copied.get("components") or {}
    schemas = components.get("schemas") or {}
    components["schemas"] = {names.get(name, name): schema for name, schema in schemas.items()}
    return copied


def nullable_as_json_schema(node: Any) -> Any:
    """A copy of an OpenAPI 3.0 document whose ``nullable: true`` schemas say so in JSON
    Schema terms (``type: [X, "null"]``, or ``anyOf`` with ``{type: null}``), as 3.1 does."""
    if isinstance(node, list):
        return [nullable_as_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    copied = {key: nullable_as_json_schema(value) for key, value in node.items()}
    if copied.get("nullable") is not True:
        return copied
    del copied["nullable"]
    kind = copied.get("type")
    if isinstance(kind, str):
        copied["type"] = [kind, "null"]
        if isinstance(copied.get("enum"), list) and None not in copied["enum"]:
            copied["enum"] = [*copied["enum"], None]
        return copied
    if isinstance(kind, list):
        copied["type"] = kind if "null" in kind else [*kind, "null"]
        return copied
    return {UNION_KEYWORDS[0]: [copied, {"type": "null"}]}


def says_nullable(node: Any, depth: int = 0) -> bool:
    """Whether ``nullable: true`` appears anywhere in ``node``."""
    if depth > 200:
        return False
    if isinstance(node, dict):
        return node.get("nullable") is True or any(
            says_nullable(value, depth + 1) for value in node.values()
        )
    if isinstance(node, list):
        return any(says_nullable(item, depth + 1) for item in node)
    return False


@dataclass(slots=True)
class Conjunct:
    """One schema that applies to a value, and where it is. Its keywords are read through
    :attr:`constraints`; ``node`` is the schema itself, for the view to walk."""

    pointer: str
    node: SchemaNode
    resolved: bool = True  # False: holds a $ref we could not follow
    _constraints: Constraints | None = field(default=None, repr=False, compare=False)

    @property
    def mapping(self) -> Mapping[str, Any]:
        """The schema's keywords (for this package's readings only)."""
        return cast(Mapping[str, Any], self.node)

    @property
    def constraints(self) -> Constraints:
        """What the schema says about a value here (read on first use)."""
        if self._constraints is None:
            self._constraints = constraints_of(
                self.mapping,
                declared=declared_type(self.mapping),
                alternatives=has_alternatives(self.mapping),
            )
        return self._constraints


class SchemaReader(Protocol):
    """What the stages after the IR may ask of a document's schemas (``Api.schemas``): every
    answer is a typed record, a name or an opaque :data:`SchemaNode`, so no later stage reads
    a schema itself. :class:`SchemaView` is the one implementation."""

    def at(self, pointer: str) -> SchemaNode: ...
    def component_names(self) -> tuple[str, ...]: ...
    def deref(self, schema: SchemaNode) -> SchemaNode: ...
    def reference(self, schema: SchemaNode) -> str | None: ...
    def members(self, schema: SchemaNode) -> tuple[dict[str, SchemaNode], set[str]]: ...
    def constraints(self, schema: SchemaNode) -> Constraints: ...
    def is_object(self, schema: SchemaNode) -> bool: ...
    def formats(self, schema: SchemaNode) -> set[str]: ...
    def expand(self, pointer: str, schema: SchemaNode, nonnull: bool) -> list[Conjunct]: ...
    def expand_all(
        self, roots: Sequence[tuple[str, SchemaNode]], nonnull: bool
    ) -> list[Conjunct]: ...
    def mentioned(self, conjuncts: Sequence[Conjunct]) -> set[str] | None: ...
    def instances(
        self,
        schema: SchemaNode,
        value: Any,
        record: Callable[[str, Mapping[str, Any]], None],
    ) -> None: ...


class SchemaView:
    """A document's schemas, read one way.

    ``document`` is read, never changed. With ``null_types`` the view reads OpenAPI 3.0's
    ``nullable: true`` as JSON Schema's null type (as the models do; a 3.1 document that still
    says it means it too), so every reader sees one kind of nullability.
    """

    def __init__(self, document: Mapping[str, Any], *, null_types: bool = False) -> None:
        self._given = document
        self._null_types = null_types

    @cached_property
    def document(self) -> Mapping[str, Any]:
        """The document as read (nullability in JSON Schema terms with ``null_types``); made on
        first use, as only the test planner needs the converted copy."""
        if self._null_types and says_nullable(self._given):
            converted: Mapping[str, Any] = nullable_as_json_schema(self._given)
            return converted
        return self._given

    # ---- places

    def at(self, pointer: str) -> Any:
        """The node at ``pointer``, following a ``$ref`` met on the way (``requestBody: {$ref}``);
        ``KeyError`` (or ``IndexError``/``ValueError``) when there is none."""
        if pointer in ("", "/"):
            return self.document if pointer == "" else self.document[""]
        if not pointer.startswith("/"):
            raise KeyError(pointer)
        return resolve_pointer(self.document, pointer, follow_refs=True)

    def components(self) -> Mapping[str, Any]:
        """Component schemas by name (empty when the document has none)."""
        schemas = (self.document.get("components") or {}).get("schemas")
        return schemas if isinstance(schemas, Mapping) else {}

    def component(self, name: str) -> Any:
        """Component schema ``name``, or ``None``."""
        return self.components().get(name)

    def resolve_ref(self, ref: Any) -> tuple[str, Any] | None:
        """``(pointer, node)`` a local ``$ref`` points at; ``None`` when it cannot be followed."""
        if not isinstance(ref, str) or not ref.startswith("#"):
            return None
        pointer = ref_pointer(ref)
        try:
            return pointer, self.at(pointer)
        except (KeyError, IndexError, ValueError, TypeError):
            return None

    def component_names(self) -> tuple[str, ...]:
        """The component schemas' names, sorted."""
        return tuple(sorted(self.components()))

    def reference(self, schema: Any) -> str | None:
        """The component schema ``schema``'s ``$ref`` names, if it is one."""
        return target_name(schema)

    def members(self, schema: Any) -> tuple[dict[str, Any], set[str]]:
        """Properties and required names of a model class's schema (see
        :func:`class_members`)."""
        return class_members(schema, self.components())

    def constraints(self, schema: Any) -> Constraints:
        """What ``schema`` (a node of this document) says about a value at its place; nothing
        for what is not a schema (a reference that could not be followed)."""
        if not isinstance(schema, Mapping):
            return Constraints(present=frozenset())
        return Conjunct("", SchemaNode(schema)).constraints

    def deref(self, schema: Any) -> Any:
        """``schema``, or the component it names when it is a reference to one."""
        name = target_name(schema)
        return self.component(name) if name is not None else schema

    # ---- what applies to a value

    def expand(self, pointer: str, schema: Any, nonnull: bool) -> list[Conjunct]:
        """Every schema that applies to a value at ``schema``: follows ``$ref`` and ``allOf``;
        with ``nonnull`` also the non-null branch of a nullable union (for a value that is not
        null, only that branch can hold)."""
        found: list[Conjunct] = []
        self._expand(pointer, schema, nonnull, found, set())
        return found

    def expand_all(self, roots: Sequence[tuple[str, Any]], nonnull: bool) -> list[Conjunct]:
        """:meth:`expand` of every root, each schema once."""
        found: list[Conjunct] = []
        seen: set[str] = set()
        for pointer, schema in roots:
            self._expand(pointer, schema, nonnull, found, seen)
        return found

    def _expand(
        self, pointer: str, schema: Any, nonnull: bool, found: list[Conjunct], seen: set[str]
    ) -> None:
        if not isinstance(schema, Mapping) or pointer in seen:
            return
        seen.add(pointer)
        conjunct = Conjunct(pointer, SchemaNode(schema))
        found.append(conjunct)
        if "$ref" in schema:
            target = self.resolve_ref(schema["$ref"])
            if target is None:
                conjunct.resolved = False
            else:
                self._expand(target[0], target[1], nonnull, found, seen)
        for index, part in enumerate(all_of(schema)):
            self._expand(child(pointer, "allOf", index), part, nonnull, found, seen)
        if nonnull:
            union = nullable_union(schema)
            if union is not None:
                where = child(pointer, union.keyword, union.position)
                self._expand(where, union.branch, nonnull, found, seen)

    def mentioned(self, conjuncts: Sequence[Conjunct]) -> set[str] | None:
        """Property names that a conditional rule of these object schemas looks at the value
        of; ``None`` means "any property"."""
        names: set[str] = set()
        for conjunct in conjuncts:
            schema = conjunct.mapping
            for keyword in CONDITIONAL_KEYWORDS:
                if keyword not in schema:
                    continue
                if keyword in UNION_KEYWORDS and nullable_union(schema) is not None:
                    continue
                value = schema[keyword]
                subschemas: Iterable[Any]
                if keyword in UNION_KEYWORDS:
                    subschemas = value if isinstance(value, list) else [value]
                elif keyword == "dependentSchemas":
                    subschemas = value.values() if isinstance(value, Mapping) else [value]
                else:
                    subschemas = [value]
                for sub in subschemas:
                    if not self._mentions(sub, names, set()):
                        return None
        return names

    def _mentions(self, schema: Any, names: set[str], seen: set[str]) -> bool:
        """Add the names ``schema`` looks at; False when it may look at any property."""
        if isinstance(schema, bool):
            return True
        if not isinstance(schema, Mapping):
            return False
        for key, value in schema.items():
            if _is_annotation(key) or key in PRESENCE_KEYWORDS:
                continue
            if key == "properties" and isinstance(value, Mapping):
                names.update(str(name) for name in value)
            elif key == "$ref":
                target = self.resolve_ref(value)
                if target is None:
                    return False
                if target[0] in seen:
                    continue
                seen.add(target[0])
                if not self._mentions(target[1], names, seen):
                    return False
            elif key in ("allOf", *UNION_KEYWORDS) and isinstance(value, list):
                if not all(self._mentions(part, names, seen) for part in value):
                    return False
            elif key in ("not", "if", "then", "else"):
                if not self._mentions(value, names, seen):
                    return False
            elif key == "dependentSchemas" and isinstance(value, Mapping):
                if not all(self._mentions(part, names, seen) for part in value.values()):
                    return False
            else:
                # enum/const on the whole object, additionalProperties, unevaluatedProperties,
                # patternProperties, items, contains, an unknown keyword ...
                return False
        return True

    # ---- objects

    def is_object(self, schema: Any, depth: int = 0) -> bool:
        """Whether ``schema`` is an object with properties: its model is a (non-root) class."""
        if not isinstance(schema, Mapping) or depth > _MAX_DEPTH:
            return False
        if any(key in schema for key in UNION_KEYWORDS):
            return False
        name = target_name(schema)
        if name is not None and is_bare_ref(schema):
            return self.is_object(self.component(name), depth + 1)
        return schema.get("type") == "object" or "properties" in schema or "allOf" in schema

    def formats(self, schema: Any, depth: int = 0) -> set[str]:
        """The ``format``s that apply to a value of ``schema`` that is not null."""
        if not isinstance(schema, Mapping) or depth > _MAX_DEPTH:
            return set()
        found = {schema["format"]} if isinstance(schema.get("format"), str) else set()
        name = target_name(schema)
        if name is not None:
            found |= self.formats(self.component(name), depth + 1)
        for part in all_of(schema):
            found |= self.formats(part, depth + 1)
        branch = non_null_branch(schema)
        if branch is not None:
            found |= self.formats(branch, depth + 1)
        return found

    def instances(
        self,
        schema: Any,
        value: Any,
        record: Callable[[str, Mapping[str, Any]], None],
        depth: int = 0,
    ) -> None:
        """Call ``record(component, sub_value)`` for every object in ``value`` that is an
        instance of a component schema, walking ``value`` alongside ``schema`` through ``$ref``,
        ``allOf``, ``properties``, ``items`` and the non-null branch of a nullable union; never
        into alternatives (a sub-object there could belong to either branch)."""
        if not isinstance(schema, Mapping) or depth > 64:
            return
        name = target_name(schema)
        if name is not None:
            if isinstance(value, Mapping):
                record(name, value)
            self.instances(self.component(name), value, record, depth + 1)
        for part in all_of(schema):
            self.instances(part, value, record, depth + 1)
        if value is not None:
            branch = non_null_branch(schema)
            if branch is not None:
                self.instances(branch, value, record, depth + 1)
        if isinstance(value, Mapping):
            properties = schema.get("properties")
            if isinstance(properties, Mapping):
                for prop in sorted(value):
                    if prop in properties:
                        self.instances(properties[prop], value[prop], record, depth + 1)
        elif isinstance(value, list) and isinstance(schema.get("items"), Mapping):
            for item in value:
                self.instances(schema["items"], item, record, depth + 1)
