"""The model document under construction: the schemas datamodel-code-generator is handed.

It starts as a copy of the spec's component schemas; inline body and response schemas are
hoisted into it as they are met (:meth:`ModelDocument.hoist`), each schema gets the Python
class name it will have (:meth:`ModelDocument.claim_class`), and every schema remembers where
in the spec it came from, so messages about it name the spec's place (:meth:`locate`).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from ..errors import Location, NameCollisionError, SpecValidationError
from ..naming import class_name, snake_case, unique
from ..schema.pointer import escape_pointer, ref_pointer
from ..schema.samples import NO_SAMPLE, ExampleChecker
from ..spec.loader import LoadedSpec
from .modeldoc import REF_ANNOTATIONS, component_name
from .records import Example

__all__ = ["Context", "ModelDocument"]


@dataclass
class Context:
    """What every step of building the IR shares: the spec, its strictness, one example
    checker, and the warnings so far (in the order they were found)."""

    spec: LoadedSpec
    strict: bool
    checker: ExampleChecker
    notes: list[tuple[Location | None, str]] = field(default_factory=list)

    def collision(self, message: str, pointer: str) -> None:
        """Two names became one: an error in a strict spec, else numbered with a warning."""
        if self.strict:
            raise NameCollisionError(message, self.spec.location(pointer))
        self.notes.append((self.spec.location(pointer), message + "; a numbered name is used"))

    def checked(
        self, examples: tuple[Example, ...], schema: Any, pointer: str, what: str
    ) -> tuple[Example, ...]:
        """The examples that match ``schema``; else one derived from it (tests need a value)."""
        kept: list[Example] = []
        for example in examples:
            problems = self.checker.errors(schema, example.value)
            if not problems:
                kept.append(example)
                continue
            message = f"{what} example {example.name!r} does not match its schema ({problems[0]})"
            if self.strict:
                raise SpecValidationError(message, self.spec.location(pointer))
            self.notes.append(
                (self.spec.location(pointer), message + "; generated tests use a derived instance")
            )
        if not kept:
            value = self.checker.sample(schema)
            if value is not NO_SAMPLE:
                kept.append(
                    Example(
                        name="derived",
                        summary="derived from the schema by specgen",
                        value=value,
                        derived=True,
                    )
                )
        return tuple(kept)


class ModelDocument:
    """The schemas the models are generated from, their classes and their places in the spec.

    ``schemas`` (name → schema), ``class_of_schema`` (name → class), ``owner`` (class → name)
    and ``schema_pointer`` (name → the spec pointer it came from) grow together.
    """

    def __init__(self, context: Context) -> None:
        self.context = context
        data = context.spec.data
        raw = (data.get("components") or {}).get("schemas")
        self.document: dict[str, Any] = {
            "openapi": data.get("openapi"),
            "info": {"title": "models", "version": "0"},
            "paths": {},
            "components": {"schemas": copy.deepcopy(raw if isinstance(raw, dict) else {})},
        }
        self.schemas: dict[str, Any] = self.document["components"]["schemas"]
        self.schema_pointer = {
            name: f"/components/schemas/{escape_pointer(name)}" for name in self.schemas
        }
        self.class_of_schema: dict[str, str] = {}
        self.owner: dict[str, str] = {}
        self._hoisted_at: dict[str, str] = {}
        for name in sorted(self.schemas):
            self.claim_class(name, self.schema_pointer[name])

    def claim_class(self, name: str, pointer: str) -> str:
        """The class of component schema ``name`` (numbered, with a warning, if taken)."""
        cls = class_name(name)
        if cls in self.owner:
            self.context.collision(
                f"schemas {self.owner[cls]!r} and {name!r} both become the Python class {cls!r}",
                pointer,
            )
            cls = unique(cls, self.owner, separator="")
        self.owner[cls] = name
        self.class_of_schema[name] = cls
        return cls

    def hoist(self, schema: Any, pointer: str, hoisted_name: str) -> str:
        """Add ``schema`` to the model document under a fresh name; its component name.

        A schema hoisted once (from its place in the spec) is reused by every reference to it.
        """
        if pointer in self._hoisted_at:
            return self._hoisted_at[pointer]
        name = unique(hoisted_name, self.schemas)
        self._hoisted_at[pointer] = name
        self.schemas[name] = copy.deepcopy(schema) if isinstance(schema, (dict, bool)) else {}
        self.schema_pointer[name] = pointer
        cls = class_name(name)
        if cls in self.owner:
            if self.context.strict:
                raise NameCollisionError(
                    f"the inline schema here becomes class {cls!r}, which schema "
                    f"{self.owner[cls]!r} already is; give the schema a name in components.schemas",
                    self.context.spec.location(pointer),
                )
            cls = unique(cls, self.owner, separator="")
        self.owner[cls] = name
        self.class_of_schema[name] = cls
        return name

    def body_model(self, schema: Any, pointer: str, hoisted_name: str) -> str:
        """The class for a body schema, hoisting inline schemas into components."""
        if (
            isinstance(schema, dict)
            and isinstance(schema.get("$ref"), str)
            and set(schema) - {"$ref"} <= REF_ANNOTATIONS
        ):
            name = component_name(schema["$ref"])
            if name is not None and name in self.class_of_schema:
                return self.class_of_schema[name]
            target = self.context.spec.resolve(schema["$ref"])
            return self.class_of_schema[
                self.hoist(target, ref_pointer(schema["$ref"]), hoisted_name)
            ]
        return self.class_of_schema[self.hoist(schema, pointer, hoisted_name)]

    def claim_shared(self, base: str, holder: str, pointer: str) -> str:
        """A component name for an inline schema that ``holder`` shares with others (see
        ``sharing``); the caller fills the reserved entry."""
        cls = class_name(base)
        number = 1
        name = cls
        while name in self.owner or name in self.schemas or class_name(name) != name:
            number += 1
            name = f"{cls}{number}"
        self.schemas[name] = {}  # held until the caller fills it, so the next claim skips it
        self.schema_pointer[name] = self.schema_pointer[holder] + pointer
        self.owner[name] = name
        self.class_of_schema[name] = name
        return name

    def locate(self, pointer: str) -> Location:
        """Where a model-document pointer's schema is in the spec (hoisted schemas included)."""
        for name, origin in self.schema_pointer.items():
            prefix = f"/components/schemas/{escape_pointer(name)}"
            if pointer == prefix or pointer.startswith(prefix + "/"):
                return self.context.spec.location(origin + pointer[len(prefix) :])
        return self.context.spec.location(pointer)

    def check_attribute_names(self) -> None:
        """Strict specs only: two properties of a schema that become one attribute are an
        error (the models would number one of them)."""
        for name, schema in sorted(self.schemas.items()):
            if not (isinstance(schema, dict) and isinstance(schema.get("properties"), dict)):
                continue
            seen: dict[str, str] = {}
            for prop in schema["properties"]:
                attr = snake_case(str(prop))
                if attr in seen:
                    raise NameCollisionError(
                        f"properties {seen[attr]!r} and {prop!r} of schema {name!r} both "
                        f"become attribute {attr!r}",
                        self.context.spec.location(
                            f"{self.schema_pointer[name]}/properties/{escape_pointer(str(prop))}"
                        ),
                    )
                seen[attr] = str(prop)
