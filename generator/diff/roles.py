"""Which side of the wire each model class is on: built by callers, read by them, or both.

The judgement of a change depends on it (see :mod:`.change`); it is computed from the model
document's ``$ref`` graph, starting at the operations' bodies and responses in the IR.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..ir import Api
from ..schema.view import references

__all__ = ["model_roles"]


def model_roles(
    api: Api, schemas: Mapping[str, Any], class_of_schema: Mapping[str, str]
) -> dict[str, str]:
    """Class → ``input``, ``output``, ``both`` or ``none``, by walking ``$ref``s from request
    bodies (and their schemas' references) and from responses and webhook payloads."""
    schema_of_class = {cls: name for name, cls in class_of_schema.items()}

    def walk(roots: list[str]) -> set[str]:
        seen: set[str] = set()
        stack = [schema_of_class[c] for c in roots if c in schema_of_class]
        while stack:
            name = stack.pop()
            if name in seen or name not in schemas:
                continue
            seen.add(name)
            stack.extend(references(schemas[name]))
        return {class_of_schema[n] for n in seen}

    inputs = walk([op.body_model for op in api.operations if op.body_model])
    outputs = walk([r.model for op in api.operations for r in op.responses if r.model])
    outputs |= walk([model for _name, model in api.webhooks])
    roles = {}
    for cls in class_of_schema.values():
        roles[cls] = (
            "both"
            if cls in inputs and cls in outputs
            else "input" if cls in inputs else "output" if cls in outputs else "none"
        )
    return roles
