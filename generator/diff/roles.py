"""Which side of the wire each model class is on: built by callers, read by them, or both.

The judgement of a change depends on it (see :mod:`.change`); it is computed from the model
document's ``$ref`` graph (the IR's :attr:`~generator.ir.model_facts.ModelFacts.references`),
starting at the operations' bodies and responses in the IR.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..ir import Api
from ..ir.model_facts import ModelFacts

__all__ = ["model_roles"]


def model_roles(
    api: Api, references: Mapping[str, tuple[str, ...]], models: Mapping[str, ModelFacts]
) -> dict[str, str]:
    """Class → ``input``, ``output``, ``both`` or ``none``, by walking ``$ref``s from request
    bodies (and their schemas' references) and from responses and webhook payloads.
    ``references``: each class's referenced schemas; ``models``: each class's records."""
    class_of_schema = {model.schema: cls for cls, model in models.items()}

    def walk(roots: list[str]) -> set[str]:
        seen: set[str] = set()
        stack = [models[c].schema for c in roots if c in models]
        while stack:
            name = stack.pop()
            if name in seen or name not in class_of_schema:
                continue
            seen.add(name)
            stack.extend(references[class_of_schema[name]])
        return {class_of_schema[n] for n in seen}

    inputs = walk([op.body_model for op in api.operations if op.body_model])
    outputs = walk([r.model for op in api.operations for r in op.responses if r.model])
    outputs |= walk([model for _name, model in api.webhooks])
    roles = {}
    for cls in models:
        roles[cls] = (
            "both"
            if cls in inputs and cls in outputs
            else "input" if cls in inputs else "output" if cls in outputs else "none"
        )
    return roles
