"""Compile JSON Schema conditional rules into :class:`~generator.ir.Rule` records.

datamodel-code-generator drops ``if``/``then`` and turns required-only ``anyOf`` groups into
``Model1 | Model2`` unions. specgen instead lifts these constructs out of each object schema
before the models are generated (so every schema stays one class) and renders each as a
model validator with a readable message.

Supported, on an object schema or inside its ``allOf`` parts:

- ``if: {properties: {x: {const|enum}}, required: [x]}`` with ``then``/``else`` of
  ``{required: [...]}`` and/or ``{not: {required: [...]}}``;
- ``anyOf`` / ``oneOf`` whose every branch is only ``{required: [...]}``;
- ``dependentRequired``;
- ``not: {required: [...]}``.

Any other use of ``if``, ``not`` or ``dependentSchemas`` is reported as unsupported with its
location: a rule is never silently dropped.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

from ..errors import Location, UnsupportedError
from .records import Rule, RuleKind

__all__ = ["extract_rules", "is_required_group"]

_NOTE_KEYS = frozenset({"description", "title", "$comment"})


def _is_note(key: str) -> bool:
    return key in _NOTE_KEYS or key.startswith("x-")


def is_required_group(branch: Any) -> bool:
    """True for a branch that only says ``required: [...]`` (plus notes).

    The branch may also type its required names with a non-null ``type``
    (``properties: {debtorId: {type: integer}}``), which means "given and not null".
    """
    if not (isinstance(branch, dict) and isinstance(branch.get("required"), list)):
        return False
    for key, value in branch.items():
        if key == "properties":
            if not isinstance(value, dict) or not set(value) <= set(branch["required"]):
                return False
            for sub in value.values():
                if not (
                    isinstance(sub, dict)
                    and set(sub) - _NOTE_KEYS == {"type"}
                    and sub["type"] != "null"
                    and not (isinstance(sub["type"], list) and "null" in sub["type"])
                ):
                    return False
        elif key != "required" and not _is_note(key):
            return False
    return True


def _non_null(branch: dict[str, Any]) -> tuple[str, ...]:
    return tuple(sorted((branch.get("properties") or {})))


def _words(names: tuple[str, ...] | list[str], joiner: str = "and") -> str:
    names = list(names)
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + f" {joiner} {names[-1]}"


def _describe_when(when: tuple[tuple[str, tuple[Any, ...]], ...], negate: bool) -> str:
    parts = []
    for name, values in when:
        shown = [str(v) if not isinstance(v, str) else v for v in values]
        if len(shown) == 1:
            parts.append(f"{name} is {'not ' if negate else ''}{shown[0]}")
        else:
            parts.append(f"{name} is {'not ' if negate else ''}one of {', '.join(shown)}")
    return " and ".join(parts)


def _method_name(model: str, kind: str, index: int) -> str:
    stem = re.sub(r"[^a-z0-9]+", "_", model.lower()).strip("_")
    return f"_rule_{stem}_{kind}_{index}"


class _Extractor:
    def __init__(self, model: str, pointer: str, locate: Callable[[str], Location]) -> None:
        self.model = model
        self.pointer = pointer
        self.locate = locate
        self.rules: list[Rule] = []

    def add(self, kind: str, message: str, pointer: str, **fields: Any) -> None:
        self.rules.append(
            Rule(
                model=self.model,
                kind=RuleKind(kind),
                method_name=_method_name(self.model, kind, len(self.rules) + 1),
                message=message,
                pointer=pointer,
                **fields,
            )
        )

    def unsupported(self, pointer: str, what: str) -> UnsupportedError:
        error = UnsupportedError(
            f"{what} cannot be compiled into a model rule; supported: if/then/else on const or "
            "enum conditions, anyOf/oneOf of required lists, dependentRequired, not: {required}",
            self.locate(pointer),
        )
        error.schema_pointer = pointer  # type: ignore[attr-defined]
        return error

    def condition(
        self, schema: Any, pointer: str
    ) -> tuple[tuple[tuple[str, tuple[Any, ...]], ...], tuple[str, ...]]:
        if not isinstance(schema, dict):
            raise self.unsupported(pointer, "this 'if'")
        when: list[tuple[str, tuple[Any, ...]]] = []
        for key in schema:
            if key not in ("properties", "required") and not _is_note(key):
                raise self.unsupported(f"{pointer}/{key}", f"'if' keyword {key!r}")
        for name, sub in sorted((schema.get("properties") or {}).items()):
            if isinstance(sub, dict) and set(sub) - _NOTE_KEYS == {"const"}:
                when.append((name, (sub["const"],)))
            elif isinstance(sub, dict) and set(sub) - _NOTE_KEYS == {"enum"}:
                when.append((name, tuple(sub["enum"])))
            else:
                raise self.unsupported(
                    f"{pointer}/properties/{name}", "a condition other than const/enum"
                )
        if not when:
            raise self.unsupported(pointer, "an 'if' without a const/enum condition")
        return tuple(when), tuple(schema.get("required") or ())

    def consequence(self, schema: Any, pointer: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        if not isinstance(schema, dict):
            raise self.unsupported(pointer, "this 'then'/'else'")
        require = tuple(schema.get("required") or ())
        forbid: tuple[str, ...] = ()
        for key in schema:
            if key == "not" and is_required_group(schema["not"]):
                forbid = tuple(schema["not"]["required"])
            elif key != "required" and not _is_note(key):
                raise self.unsupported(f"{pointer}/{key}", f"'then'/'else' keyword {key!r}")
        return require, forbid

    def if_then(self, holder: dict[str, Any], pointer: str) -> None:
        when, when_required = self.condition(holder["if"], f"{pointer}/if")
        for branch, negate in (("then", False), ("else", True)):
            if branch not in holder:
                continue
            require, forbid = self.consequence(holder[branch], f"{pointer}/{branch}")
            condition = _describe_when(when, negate)
            bits = []
            if require:
                verb = "is" if len(require) == 1 else "are"
                bits.append(f"{_words(require)} {verb} required")
            if forbid:
                bits.append(f"{_words(forbid)} must not be given")
            self.add(
                "if_then" if not negate else "if_else",
                f"{' and '.join(bits)} when {condition}",
                f"{pointer}/{branch}",
                when=when,
                when_required=when_required,
                negate=negate,
                require=require,
                forbid=forbid,
            )

    def groups(self, kind: str, branches: list[Any], pointer: str) -> None:
        groups = tuple(tuple(branch["required"]) for branch in branches)
        non_null = tuple(sorted({name for branch in branches for name in _non_null(branch)}))
        shown = [g[0] if len(g) == 1 else f"all of ({_words(g)})" for g in groups]
        if kind == "any_of":
            message = f"at least one of {_words(shown, 'or')} is required"
        else:
            message = f"exactly one of {_words(shown, 'or')} must be given"
        if non_null:
            message += f" ({_words(non_null)} must not be null to count)"
        self.add(kind, message, pointer, groups=groups, require=non_null)


_RULE_KEYWORDS = ("if", "then", "else", "not", "dependentSchemas")


def extract_rules(
    document: dict[str, Any],
    locate: Callable[[str], Location],
    class_names: dict[str, str],
    *,
    strict: bool = True,
    notes: list[tuple[Location | None, str]] | None = None,
) -> tuple[dict[str, Any], tuple[Rule, ...]]:
    """Return a copy of ``document`` without rule keywords, and the rules they expressed.

    ``class_names`` maps component schema names to the model class names they become. A rule
    that cannot be compiled is an error when ``strict``; otherwise its keyword is left out of
    the models (not enforced) and a warning goes to ``notes``.
    """
    stripped = copy.deepcopy(document)
    rules: list[Rule] = []
    schemas = (stripped.get("components") or {}).get("schemas") or {}
    for name in sorted(schemas):
        if not isinstance(schemas[name], dict):
            continue
        pointer = f"/components/schemas/{name}"
        original = copy.deepcopy(schemas[name])
        while True:
            schema = schemas[name] = copy.deepcopy(original)
            extractor = _Extractor(class_names.get(name, name), pointer, locate)
            try:
                _strip(schema, pointer, extractor)
            except UnsupportedError as exc:
                bad = getattr(exc, "schema_pointer", "")
                if strict or not _drop_rule_keyword(original, bad[len(pointer) :]):
                    raise
                if notes is not None:
                    notes.append(
                        (exc.location, f"{exc.message.split(';')[0]}: not enforced by the models")
                    )
                continue
            break
        rules.extend(extractor.rules)
    return stripped, tuple(rules)


def _drop_rule_keyword(schema: dict[str, Any], relative: str) -> bool:
    """Remove the innermost rule keyword on ``relative``'s path (``if`` with its ``then`` and
    ``else``); False when there is none to remove."""
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in relative.split("/") if t]
    nodes: list[tuple[Any, str]] = []
    node: Any = schema
    for token in tokens:
        nodes.append((node, token))
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            break
    for parent, token in reversed(nodes):
        if isinstance(parent, dict) and token in _RULE_KEYWORDS:
            for key in ("if", "then", "else") if token in ("if", "then", "else") else (token,):
                parent.pop(key, None)
            return True
    # The error names the schema holding the rule (an inline property): drop its rule keywords.
    if isinstance(node, dict) and any(key in node for key in _RULE_KEYWORDS):
        for key in _RULE_KEYWORDS:
            node.pop(key, None)
        return True
    return False


def _strip(schema: dict[str, Any], pointer: str, extractor: _Extractor) -> None:
    if "if" in schema:
        extractor.if_then(schema, pointer)
        for key in ("if", "then", "else"):
            schema.pop(key, None)
    elif "then" in schema or "else" in schema:
        raise extractor.unsupported(pointer, "'then'/'else' without 'if'")
    for kind, key in (("any_of", "anyOf"), ("one_of", "oneOf")):
        branches = schema.get(key)
        if isinstance(branches, list) and branches and all(map(is_required_group, branches)):
            extractor.groups(kind, branches, f"{pointer}/{key}")
            del schema[key]
    dependent = schema.pop("dependentRequired", None)
    if isinstance(dependent, dict):
        for trigger in sorted(dependent):
            needed = tuple(dependent[trigger])
            verb = "is" if len(needed) == 1 else "are"
            extractor.add(
                "dependent",
                f"{_words(needed)} {verb} required when {trigger} is given",
                f"{pointer}/dependentRequired/{trigger}",
                when=((trigger, ()),),
                require=needed,
            )
    if "not" in schema:
        if is_required_group(schema["not"]):
            names = tuple(schema.pop("not")["required"])
            message = (
                f"{names[0]} must not be given"
                if len(names) == 1
                else f"{_words(names)} must not all be given together"
            )
            extractor.add("forbid", message, f"{pointer}/not", forbid=names)
        else:
            raise extractor.unsupported(f"{pointer}/not", "this 'not'")
    if "dependentSchemas" in schema:
        raise extractor.unsupported(f"{pointer}/dependentSchemas", "'dependentSchemas'")
    parts = schema.get("allOf")
    if isinstance(parts, list):
        kept = []
        for index, part in enumerate(parts):
            part_pointer = f"{pointer}/allOf/{index}"
            if (
                isinstance(part, dict)
                and "$ref" not in part
                and "properties" not in part
                and "type" not in part
            ):
                _strip(part, part_pointer, extractor)
                if all(_is_note(key) for key in part):
                    continue
            kept.append(part)
        if kept:
            schema["allOf"] = kept
        else:
            del schema["allOf"]
    for key in ("properties",):
        for prop_name, prop in sorted((schema.get(key) or {}).items()):
            if isinstance(prop, dict) and any(
                k in prop for k in ("if", "dependentRequired", "not")
            ):
                raise extractor.unsupported(
                    f"{pointer}/{key}/{prop_name}",
                    "a conditional rule on an inline property schema (move it to a named component)",
                )
