"""Parameter schemas as pydantic annotations: what a client checks before it sends a call.

A body field is validated by its model (datamodel-code-generator turns the schema's keywords
into ``Field`` constraints); a path, query, header or cookie parameter gets the same keywords
as an annotation of its own, checked by ``validate_parameters`` in the runtime:

- ``type`` (with ``null``), ``enum`` and ``const`` (``Literal[...]``);
- strings: ``minLength``, ``maxLength``, ``pattern`` (skipped, like in models, when no regex
  engine pydantic offers can run it), formats ``date``, ``date-time`` and ``uuid``;
- numbers (checked as ``Decimal``, so ``5`` is sent as ``5``): ``minimum``, ``maximum``, ``exclusiveMinimum``/``exclusiveMaximum`` (3.0 booleans
  and 3.1 numbers), ``multipleOf``;
- arrays: ``items``, ``minItems``, ``maxItems``; objects: ``dict[str, Any]``;
- ``anyOf``/``oneOf`` as a union, ``allOf`` of one part as that part, ``$ref`` followed.
"""

from __future__ import annotations

import math
from typing import Any, TypeGuard

from ..literals import python_literal
from ..schema.samples import matches
from ..spec.loader import LoadedSpec, deref
from .modeldoc import regex_problem

__all__ = ["enum_literal", "invalid_value", "limits", "validation_annotation"]

_SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}
_FORMATS = {"date": "datetime.date", "date-time": "datetime.datetime", "uuid": "uuid.UUID"}


def _number(value: Any) -> TypeGuard[int | float]:
    # YAML's .inf and .nan are floats too, but no Python literal spells them.
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def enum_literal(values: list[Any]) -> str:
    """``Literal[...]`` of an enum's values (``| None`` when null is one of them); ``Any`` when
    a value is not a string, number or boolean."""
    options = [v for v in values if v is not None]
    parts = [
        python_literal(v)
        for v in options
        if isinstance(v, (str, int, bool)) or (isinstance(v, float) and math.isfinite(v))
    ]
    if not parts or len(parts) != len(options):
        return "Any"
    text = f"Literal[{', '.join(parts)}]"
    return f"{text} | None" if None in values else text


def validation_annotation(schema: Any, spec: LoadedSpec, depth: int = 0) -> str:
    """The annotation checking a parameter value against ``schema`` (``Any`` when the schema
    constrains nothing specgen can express)."""
    if depth > 8:
        return "Any"
    node = deref(spec, schema)
    if not node:
        return "Any"
    if "enum" in node and isinstance(node["enum"], list) and node["enum"]:
        return enum_literal(node["enum"])
    if "const" in node:
        return enum_literal([node["const"]])
    for combinator in ("anyOf", "oneOf"):
        parts = node.get(combinator)
        if isinstance(parts, list) and parts:
            options: list[str] = []
            for part in parts:
                text = validation_annotation(part, spec, depth + 1)
                if text == "Any":
                    return "Any"
                if text not in options:
                    options.append(text)
            return " | ".join(options)
    all_of = node.get("allOf")
    if isinstance(all_of, list) and len(all_of) == 1 and "type" not in node:
        return validation_annotation(all_of[0], spec, depth + 1)
    kind = node.get("type")
    nullable = node.get("nullable") is True
    if isinstance(kind, list):
        nullable = nullable or "null" in kind
        kinds = [k for k in kind if k != "null"]
        if len(kinds) != 1:
            text = " | ".join(_SCALARS.get(str(k), "Any") for k in kinds) or "None"
            return "Any" if "Any" in text else text
        kind = kinds[0]
    if kind is None:
        return "Any"
    text = _typed(node, str(kind), spec, depth)
    return f"{text} | None" if nullable and text != "Any" else text


def _typed(node: dict[str, Any], kind: str, spec: LoadedSpec, depth: int) -> str:
    constraints: list[str] = []
    if kind == "array":
        base = f"list[{validation_annotation(node.get('items'), spec, depth + 1)}]"
        for keyword, argument in (("minItems", "min_length"), ("maxItems", "max_length")):
            if isinstance(node.get(keyword), int) and not isinstance(node.get(keyword), bool):
                constraints.append(f"{argument}={node[keyword]}")
    elif kind == "object":
        return "dict[str, Any]"
    elif kind == "string":
        base = _FORMATS.get(str(node.get("format")), "str")
        if base == "str":
            for keyword, argument in (("minLength", "min_length"), ("maxLength", "max_length")):
                value = node.get(keyword)
                if isinstance(value, int) and not isinstance(value, bool):
                    constraints.append(f"{argument}={value}")
            pattern = node.get("pattern")
            if isinstance(pattern, str) and not regex_problem(pattern):
                constraints.append(f"pattern={python_literal(pattern)}")
    elif kind in ("integer", "number"):
        # A number is checked as a Decimal: exact, and sent as the caller wrote it (5 stays
        # "5", not "5.0").
        base = "int" if kind == "integer" else "decimal.Decimal"
        low, high = node.get("minimum"), node.get("maximum")
        ex_low, ex_high = node.get("exclusiveMinimum"), node.get("exclusiveMaximum")
        if ex_low is True and _number(low):
            constraints.append(f"gt={python_literal(low)}")
        elif _number(low):
            constraints.append(f"ge={python_literal(low)}")
        if _number(ex_low):
            constraints.append(f"gt={python_literal(ex_low)}")
        if ex_high is True and _number(high):
            constraints.append(f"lt={python_literal(high)}")
        elif _number(high):
            constraints.append(f"le={python_literal(high)}")
        if _number(ex_high):
            constraints.append(f"lt={python_literal(ex_high)}")
        step = node.get("multipleOf")
        if _number(step) and step is not None and step > 0:  # 0: below a float (1e-400)
            exact = (
                f"decimal.Decimal({python_literal(str(step))})"
                if kind == "number"
                else python_literal(step)
            )
            constraints.append(f"multiple_of={exact}")
    elif kind == "boolean":
        base = "bool"
    else:
        return "Any"
    if not constraints:
        return base
    return f"Annotated[{base}, Field({', '.join(constraints)})]"


_LIMIT_WORDS = (
    ("minimum", "at least {}"),
    ("exclusiveMinimum", "more than {}"),
    ("maximum", "at most {}"),
    ("exclusiveMaximum", "less than {}"),
    ("multipleOf", "a multiple of {}"),
    ("minLength", "at least {} characters"),
    ("maxLength", "at most {} characters"),
    ("minItems", "at least {} items"),
    ("maxItems", "at most {} items"),
)


def limits(schema: Any, spec: LoadedSpec) -> tuple[str, ...]:
    """What a parameter's schema allows, in words for its method's docstring: the allowed
    values, bounds, lengths, pattern, format and default (spec text still raw)."""
    node = deref(spec, schema)
    if not node:
        return ()
    found: list[str] = []
    values = node.get("enum")
    if isinstance(values, list) and values:
        found.append("one of " + ", ".join(f"``{python_literal(v)}``" for v in values[:20]))
        if len(values) > 20:
            found[-1] += f" ({len(values)} values)"
    for keyword, words in _LIMIT_WORDS:
        value = node.get(keyword)
        if _number(value):
            found.append(words.format(python_literal(value)))
        elif value is True and keyword.startswith("exclusive"):  # 3.0: a flag on the bound
            found.append("bound excluded")
    if isinstance(node.get("pattern"), str):
        found.append(f"matching ``{node['pattern']}``")
    if isinstance(node.get("format"), str):
        found.append(f"format {node['format']}")
    if node.get("type") == "array":
        inner = limits(node.get("items"), spec)
        if inner:
            found.append("each item " + ", ".join(inner))
    if "default" in node:
        found.append(f"default ``{python_literal(node['default'])}``")
    return tuple(found)


def invalid_value(schema: Any, spec: LoadedSpec) -> Any:
    """A value ``validation_annotation(schema)`` rejects, for the generated tests; ``None``
    when there is none specgen can name (an untyped or nullable-anything parameter)."""
    node = deref(spec, schema)
    if not node or validation_annotation(schema, spec) == "Any":
        return None
    values = node.get("enum") if isinstance(node.get("enum"), list) else None
    if values is None and "const" in node:
        values = [node["const"]]
    if values:
        text = "__not_an_allowed_value__"
        return text if text not in values else None
    kind = node.get("type")
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        kind = kinds[0] if len(kinds) == 1 else None
    if kind in ("integer", "number"):
        low, high = node.get("minimum"), node.get("maximum")
        ex_low, ex_high = node.get("exclusiveMinimum"), node.get("exclusiveMaximum")
        if _number(ex_low):
            return ex_low
        if _number(low):
            return low if ex_low is True else low - 1
        if _number(ex_high):
            return ex_high
        if _number(high):
            return high if ex_high is True else high + 1
        return "not-a-number"
    if kind == "boolean":
        return "not-a-boolean"
    if kind == "string":
        fmt = node.get("format")
        if fmt in _FORMATS:
            return f"not-a-{fmt}"
        if isinstance(node.get("maxLength"), int):
            return "x" * (node["maxLength"] + 1)
        if isinstance(node.get("minLength"), int) and node["minLength"] > 0:
            return ""
        pattern = node.get("pattern")
        if isinstance(pattern, str) and not regex_problem(pattern):
            # Linear time: Python's re backtracks (``^(x+x+)+y$`` against 300 x's never ends).
            # A pattern only Python compiles is taken to match, so none is chosen then.
            for candidate in ("", " ", "!", "invalid value", "/", "x" * 300):
                if not matches(pattern, candidate):
                    return candidate
        return 12345  # not a string: pydantic does not turn numbers into strings
    if kind == "array":
        return 12345
    return None
