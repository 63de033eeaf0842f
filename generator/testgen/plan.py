"""What the generated test suites receive: cases derived from the spec, ready for templates.

``test_context`` is merged into the template context of every package; ``count_tests`` says
how many tests the rendered suite holds (printed by ``specgen generate``).

Everything lives under one context key, ``testplan`` (a plain dict), read by
``templates/package/tests/test_models.py.jinja``, ``test_rules.py.jinja`` and
``test_contract_prism.py.jinja``:

``examples``
    every request and response example in the spec: ``{id, model, value, response}``. The
    suite parses each into its model and checks it serialises back to the same JSON.
``cases``
    schema-derived accept/reject cases (:func:`generator.testgen.cases.derive_cases` on every
    request-body example): ``{id, model, kind, site, valid, instance}`` (``site`` is the
    ``generator.testgen.cases.Site.key`` the case exercises).
``unknown``
    an unknown property added to an object example: rejected by request models, kept when
    a response is parsed: ``{id, model, instance, response}``.
``rule_cases``
    the conditional rules (:class:`generator.ir.Rule`), each branch satisfied and each
    violation, on an instance of the rule's (possibly nested) model found in the examples:
    ``{id, model, message, valid, instance}``. Each runs twice: wire names and attribute names.
``contract``
    one call per operation and request example for the Prism contract tests:
    ``{id, method, args, has_body, body}``; plus ``auth`` (a dummy credential).
``counts``
    test items per generated test file (``count_tests`` sums them).

Determinism: examples and operations come sorted from the IR; cases are sorted by
``derive_cases``; rule cases follow rule order. No randomness.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from typing import Any

from ..ir import Api, Operation, Rule
from ..naming import class_name
from ..schema.pointer import escape_pointer, resolve_pointer
from .cases import Case, derive_cases
from .operations import operation_records

__all__ = ["TEST_FILES", "count_tests", "test_context"]

#: The generated test files this module plans (other templates may add more test files).
TEST_FILES = ("tests/test_models.py", "tests/test_rules.py", "tests/test_contract_prism.py")

#: Wire name of the property added to examples by the unknown-field tests.
UNKNOWN_FIELD = "specgenUnknownField"

_SCHEMA_PREFIX = "#/components/schemas/"

# Case kinds left out of the generated suites, with the reason. (None so far: every kind
# derive_cases emits with its default formats is enforced by the models.)
EXCLUDED_KINDS: frozenset[str] = frozenset()

# pydantic's date/datetime/time types accept numbers in lax mode (Unix timestamps), where JSON
# Schema rejects a number for ``type: string, format: date``. Such "type" cases are left out
# until the models reject non-strings there (see _lax_temporal_type_case).
_LAX_TEMPORAL_FORMATS = frozenset({"date", "date-time", "time"})


# --------------------------------------------------------------------------------------------
# Schema helpers


def _resolve(document: Mapping[str, Any], pointer: str) -> Any:
    """The node at ``pointer``, following a ``$ref`` met on the way (``requestBody: {$ref}``)."""
    return resolve_pointer(document, pointer, follow_refs=True)


def _ref_name(ref: Any) -> str | None:
    if (
        isinstance(ref, str)
        and ref.startswith(_SCHEMA_PREFIX)
        and "/" not in ref[len(_SCHEMA_PREFIX) :]
    ):
        return ref[len(_SCHEMA_PREFIX) :].replace("~1", "/").replace("~0", "~")
    return None


def _non_null_branch(schema: Mapping[str, Any]) -> Any:
    for keyword in ("anyOf", "oneOf"):
        branches = schema.get(keyword)
        if isinstance(branches, list):
            others = [
                b for b in branches if not (isinstance(b, Mapping) and b.get("type") == "null")
            ]
            if len(others) == 1 and len(others) < len(branches):
                return others[0]
    return None


def _collect(
    document: Mapping[str, Any], schema: Any, value: Any, out: dict[str, list[Any]], depth: int = 0
) -> None:
    """Record, per model class, the example sub-objects that are instances of it.

    Walks ``value`` alongside ``schema`` through ``$ref``, ``allOf``, ``properties``, ``items``
    and the non-null branch of a nullable union; never into alternatives (a sub-object there
    could belong to either branch).
    """
    if not isinstance(schema, Mapping) or depth > 64:
        return
    name = _ref_name(schema.get("$ref"))
    if name is not None:
        schemas = document.get("components", {}).get("schemas", {})
        if isinstance(value, Mapping):
            out.setdefault(class_name(name), []).append(value)
        _collect(document, schemas.get(name), value, out, depth + 1)
    for part in schema.get("allOf") or []:
        _collect(document, part, value, out, depth + 1)
    if value is not None:
        branch = _non_null_branch(schema)
        if branch is not None:
            _collect(document, branch, value, out, depth + 1)
    if isinstance(value, Mapping):
        properties = schema.get("properties")
        if isinstance(properties, Mapping):
            for prop in sorted(value):
                if prop in properties:
                    _collect(document, properties[prop], value[prop], out, depth + 1)
    elif isinstance(value, list) and isinstance(schema.get("items"), Mapping):
        for item in value:
            _collect(document, schema["items"], item, out, depth + 1)


def _object_facts(
    document: Mapping[str, Any], schema: Any, depth: int = 0
) -> tuple[set[str], dict[str, Any]]:
    """Required names and property schemas of an object schema (through $ref and allOf)."""
    required: set[str] = set()
    properties: dict[str, Any] = {}
    if not isinstance(schema, Mapping) or depth > 32:
        return required, properties
    name = _ref_name(schema.get("$ref"))
    if name is not None:
        sub = _object_facts(
            document, document.get("components", {}).get("schemas", {}).get(name), depth + 1
        )
        required |= sub[0]
        properties.update(sub[1])
    for part in schema.get("allOf") or []:
        sub = _object_facts(document, part, depth + 1)
        required |= sub[0]
        properties.update(sub[1])
    required |= {n for n in schema.get("required") or [] if isinstance(n, str)}
    for prop, sub_schema in (schema.get("properties") or {}).items():
        properties.setdefault(str(prop), sub_schema)
    return required, properties


def _is_object_schema(document: Mapping[str, Any], schema: Any, depth: int = 0) -> bool:
    """True when the schema is an object with properties: its model is a (non-root) class."""
    if not isinstance(schema, Mapping) or depth > 32:
        return False
    if any(key in schema for key in ("anyOf", "oneOf")):
        return False
    name = _ref_name(schema.get("$ref"))
    if name is not None and set(schema) == {"$ref"}:
        return _is_object_schema(
            document, document.get("components", {}).get("schemas", {}).get(name), depth + 1
        )
    return schema.get("type") == "object" or "properties" in schema or "allOf" in schema


def _model_schema_pointer(api: Api, document: Mapping[str, Any], model: str) -> str | None:
    """Where the schema of model class ``model`` lives in the spec."""
    schemas = document.get("components", {}).get("schemas", {})
    for name in sorted(schemas):
        if class_name(name) == model:
            return f"/components/schemas/{escape_pointer(name)}"
    for op in api.operations:
        if op.body_model == model and op.body_schema_pointer:
            return op.body_schema_pointer
        for response in op.responses:
            if response.model == model and response.schema_pointer:
                return response.schema_pointer
    return None


# --------------------------------------------------------------------------------------------
# Examples, derived cases, unknown fields


def _examples(api: Api) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for op in api.operations:
        if op.body_model:
            for example in op.body_examples:
                found.append(
                    {
                        "id": f"{op.operation_id}.request.{example.name}",
                        "model": op.body_model,
                        "value": example.value,
                        "response": False,
                    }
                )
        for response in op.responses:
            if not response.model:
                continue
            for example in response.examples:
                found.append(
                    {
                        "id": f"{op.operation_id}.{response.status}.{example.name}",
                        "model": response.model,
                        "value": example.value,
                        "response": True,
                    }
                )
    return found


def _unique(identifier: str, taken: set[str]) -> str:
    candidate, number = identifier, 2
    while candidate in taken:
        candidate, number = f"{identifier}#{number}", number + 1
    taken.add(candidate)
    return candidate


def _formats(document: Mapping[str, Any], schema: Any, depth: int = 0) -> set[str]:
    if not isinstance(schema, Mapping) or depth > 32:
        return set()
    found = {schema["format"]} if isinstance(schema.get("format"), str) else set()
    name = _ref_name(schema.get("$ref"))
    if name is not None:
        found |= _formats(
            document, document.get("components", {}).get("schemas", {}).get(name), depth + 1
        )
    for part in schema.get("allOf") or []:
        found |= _formats(document, part, depth + 1)
    branch = _non_null_branch(schema)
    if branch is not None:
        found |= _formats(document, branch, depth + 1)
    return found


def _value_at(instance: Any, path: tuple[str | int, ...]) -> Any:
    for item in path:
        instance = instance[item]
    return instance


def _lax_temporal_type_case(document: Mapping[str, Any], case: Case) -> bool:
    """A number where a date/date-time/time string belongs: pydantic reads it as a timestamp."""
    if case.kind != "type":
        return False
    value = _value_at(case.instance, case.path)
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return False
    return bool(_formats(document, _resolve(document, case.pointer)) & _LAX_TEMPORAL_FORMATS)


def _derived_cases(api: Api, document: Mapping[str, Any]) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    taken: set[str] = set()
    for op in api.operations:
        if not (op.body_model and op.body_schema_pointer):
            continue
        for example in op.body_examples:
            for case in derive_cases(document, op.body_schema_pointer, example.value):
                if case.kind in EXCLUDED_KINDS or _lax_temporal_type_case(document, case):
                    continue
                cases.append(
                    {
                        "id": _unique(f"{op.body_model}[{example.name}]:{case.id}", taken),
                        "model": op.body_model,
                        "kind": case.kind,
                        "site": [
                            case.pointer,
                            case.kind,
                            str(case.path[-1]) if case.kind == "required" and case.path else "",
                        ],
                        "valid": case.valid,
                        "instance": case.instance,
                        "base_id": f"{op.operation_id}.request.{example.name}",
                    }
                )
    return cases


def _unknown_cases(api: Api, document: Mapping[str, Any]) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    taken: set[str] = set()
    for op in api.operations:
        targets: list[tuple[str, str, str, Any, bool]] = []
        if op.body_model and op.body_schema_pointer:
            targets += [
                ("request", op.body_model, op.body_schema_pointer, e, False)
                for e in op.body_examples
            ]
        for response in op.responses:
            if response.model and response.schema_pointer:
                targets += [
                    (response.status, response.model, response.schema_pointer, e, True)
                    for e in response.examples
                ]
        for where, model, pointer, example, is_response in targets:
            base_id = f"{op.operation_id}.{where}.{example.name}"
            if not isinstance(example.value, Mapping) or UNKNOWN_FIELD in example.value:
                continue
            if not _is_object_schema(document, _resolve(document, pointer)):
                continue
            schema = _resolve(document, pointer)
            name = _ref_name(schema.get("$ref")) if isinstance(schema, Mapping) else None
            if name is not None:
                schema = document["components"]["schemas"][name]
            extra_members = schema.get("additionalProperties")
            if not is_response and extra_members not in (None, False):
                continue  # an open schema keeps unknown fields on both sides
            if not is_response and extra_members is None and not api.closed_objects:
                continue  # a published spec's objects are open unless they say otherwise
            if is_response and schema.get("additionalProperties") is False:
                continue  # a closed schema rejects them on both sides
            extra = schema.get("additionalProperties")
            if isinstance(extra, Mapping) and extra:
                continue  # typed additional properties (a map): a member must match them
            instance = dict(example.value)
            instance[UNKNOWN_FIELD] = "unexpected"
            cases.append(
                {
                    "id": _unique(f"{op.operation_id}.{where}.{example.name}:unknown", taken),
                    "model": model,
                    "instance": instance,
                    "response": is_response,
                    "base_id": base_id,
                }
            )
    return cases


# --------------------------------------------------------------------------------------------
# Conditional rules


def _rule_holds(rule: Rule, instance: Mapping[str, Any]) -> bool:
    """JSON Schema truth of one rule on a wire-name dict (mirrors the generated ``_rules``)."""

    def given(name: str) -> bool:
        return name in instance

    if rule.kind in ("if_then", "if_else"):
        holds = all(given(n) for n in rule.when_required) and all(
            not given(n) or any(_same(instance[n], v) for v in values) for n, values in rule.when
        )
        if holds == rule.negate:
            return True
        return all(given(n) for n in rule.require) and not any(given(n) for n in rule.forbid)
    if rule.kind in ("any_of", "one_of"):

        def has(name: str) -> bool:
            return given(name) and (name not in rule.require or instance[name] is not None)

        complete = sum(all(has(n) for n in group) for group in rule.groups)
        return complete >= 1 and not (rule.kind == "one_of" and complete > 1)
    if rule.kind == "dependent":
        trigger = rule.when[0][0]
        return not given(trigger) or all(given(n) for n in rule.require)
    if rule.kind == "forbid":
        return not all(given(n) for n in rule.forbid)
    raise ValueError(f"unknown rule kind {rule.kind!r}")


def _same(left: Any, right: Any) -> bool:
    return json.dumps(left, sort_keys=True) == json.dumps(right, sort_keys=True)


class _RulePlanner:
    def __init__(
        self, api: Api, document: Mapping[str, Any], instances: dict[str, list[Any]]
    ) -> None:
        self.api = api
        self.document = document
        self.instances = instances
        self.cases: list[dict[str, Any]] = []
        self.skipped: list[str] = []

    def pool(self, model: str, name: str) -> list[Any]:
        """Values the examples give ``name`` in instances of ``model``, in example order."""
        values: list[Any] = []
        for instance in self.instances.get(model, []):
            if (
                name in instance
                and instance[name] is not None
                and not any(_same(instance[name], v) for v in values)
            ):
                values.append(instance[name])
        return values

    def fill(self, model: str, instance: dict[str, Any], names: tuple[str, ...]) -> bool:
        for name in names:
            if name in instance and instance[name] is not None:
                continue
            values = self.pool(model, name)
            if not values:
                return False
            instance[name] = copy.deepcopy(values[0])
        return True

    def plan(self, rule: Rule) -> None:
        bases = self.instances.get(rule.model, [])
        pointer = _model_schema_pointer(self.api, self.document, rule.model)
        if not bases or pointer is None:
            self.skipped.append(f"{rule.method_name}: no example holds a {rule.model}")
            return
        required, properties = _object_facts(self.document, _resolve(self.document, pointer))
        siblings = [r for r in self.api.rules if r.model == rule.model]
        before = len(self.cases)
        for base in bases:
            made = self._candidates(rule, dict(base), properties)
            emitted = False
            for variant, valid, instance in made:
                if not required <= set(instance):
                    continue
                others_ok = all(_rule_holds(r, instance) for r in siblings if r is not rule)
                if not others_ok or _rule_holds(rule, instance) != valid:
                    continue
                self.cases.append(
                    {
                        "id": f"{rule.model}.{rule.method_name.removeprefix('_rule_')}:{variant}",
                        "model": rule.model,
                        "message": rule.message,
                        "valid": valid,
                        "instance": instance,
                    }
                )
                emitted = True
            if emitted:
                break  # the first example that yields cases is enough
        # drop duplicates of one variant (keep the first)
        seen: set[str] = set()
        kept = []
        for case in self.cases[before:]:
            if case["id"] not in seen:
                seen.add(case["id"])
                kept.append(case)
        self.cases[before:] = kept
        if not any(not c["valid"] for c in kept) or not any(c["valid"] for c in kept):
            self.skipped.append(f"{rule.method_name}: examples do not give both outcomes")

    def _other_value(
        self, model: str, name: str, values: tuple[Any, ...], properties: dict[str, Any]
    ) -> Any:
        for value in self.pool(model, name):
            if not any(_same(value, v) for v in values):
                return value
        schema = properties.get(name)
        if isinstance(schema, Mapping):
            ref = _ref_name(schema.get("$ref"))
            if ref is not None:
                schema = self.document["components"]["schemas"].get(ref, {})
            for member in schema.get("enum") or []:
                if member is not None and not any(_same(member, v) for v in values):
                    return member
        return _MISSING

    def _candidates(
        self, rule: Rule, base: dict[str, Any], properties: dict[str, Any]
    ) -> list[tuple[str, bool, dict[str, Any]]]:
        model = rule.model
        out: list[tuple[str, bool, dict[str, Any]]] = []
        if rule.kind in ("if_then", "if_else"):
            triggered = dict(base)
            for name, values in rule.when:
                if rule.negate:
                    other = self._other_value(model, name, values, properties)
                    if other is _MISSING:
                        return out
                    triggered[name] = copy.deepcopy(other)
                elif not (name in triggered and any(_same(triggered[name], v) for v in values)):
                    triggered[name] = copy.deepcopy(values[0])
            if not self.fill(model, triggered, rule.when_required):
                return out
            satisfied = dict(triggered)
            for name in rule.forbid:
                satisfied.pop(name, None)
            if not self.fill(model, satisfied, rule.require):
                return out
            out.append(("satisfied", True, satisfied))
            for name in rule.require:
                broken = dict(satisfied)
                broken.pop(name)
                out.append((f"missing-{name}", False, broken))
            for name in rule.forbid:
                broken = dict(satisfied)
                if self.fill(model, broken, (name,)):
                    out.append((f"given-{name}", False, broken))
            # the condition not met: the requirement does not apply
            if not rule.negate and rule.when:
                name, values = rule.when[0]
                other = self._other_value(model, name, values, properties)
                if other is not _MISSING:
                    relaxed = dict(satisfied)
                    relaxed[name] = copy.deepcopy(other)
                    for required in rule.require:
                        relaxed.pop(required, None)
                    out.append(("condition-unmet", True, relaxed))
        elif rule.kind in ("any_of", "one_of"):
            everything = {n for group in rule.groups for n in group}
            bare = {k: v for k, v in base.items() if k not in everything}
            for index, group in enumerate(rule.groups, start=1):
                chosen = dict(bare)
                if self.fill(model, chosen, group):
                    out.append((f"group-{index}-only", True, chosen))
            out.append(("no-group", False, dict(bare)))
            for name in rule.require:  # must not be null to count
                for index, group in enumerate(rule.groups, start=1):
                    if name in group:
                        chosen = dict(bare)
                        if self.fill(model, chosen, group):
                            chosen[name] = None
                            out.append((f"group-{index}-null-{name}", False, chosen))
            if rule.kind == "one_of":
                both = dict(bare)
                if self.fill(model, both, tuple(sorted(everything))):
                    out.append(("several-groups", False, both))
        elif rule.kind == "dependent":
            trigger = rule.when[0][0]
            given = dict(base)
            if not self.fill(model, given, (trigger, *rule.require)):
                return out
            out.append(("satisfied", True, given))
            for name in rule.require:
                broken = dict(given)
                broken.pop(name)
                out.append((f"missing-{name}", False, broken))
            absent = dict(given)
            absent.pop(trigger)
            for name in rule.require:
                absent.pop(name, None)
            out.append((f"without-{trigger}", True, absent))
        elif rule.kind == "forbid":
            together = dict(base)
            if not self.fill(model, together, rule.forbid):
                return out
            out.append(("all-given", False, together))
            for name in rule.forbid:
                fewer = dict(together)
                fewer.pop(name)
                out.append((f"without-{name}", True, fewer))
        return out


class _Missing:
    pass


_MISSING: Any = _Missing()


def _instances(api: Api, document: Mapping[str, Any]) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for op in api.operations:
        if op.body_model and op.body_schema_pointer:
            schema = _resolve(document, op.body_schema_pointer)
            for example in op.body_examples:
                if isinstance(example.value, Mapping) and _ref_name(schema.get("$ref")) is None:
                    found.setdefault(op.body_model, []).append(example.value)
                _collect(document, schema, example.value, found)
    return found


def _rule_cases(api: Api, document: Mapping[str, Any]) -> tuple[list[dict[str, Any]], list[str]]:
    planner = _RulePlanner(api, document, _instances(api, document))
    for rule in api.rules:
        planner.plan(rule)
    return planner.cases, planner.skipped


# --------------------------------------------------------------------------------------------
# Contract calls (Prism)


def _contract(api: Api) -> list[dict[str, Any]]:
    """One Prism call per operation (per body example): arguments, body and dummy credentials."""
    calls: list[dict[str, Any]] = []
    for op in api.operations:
        base = {
            "method": op.python_name,
            "args": [p.example for p in op.path_parameters],
            "kwargs": {p.python_name: p.example for p in op.keyword_parameters if p.required},
            "auth": _auth(api, op),
        }
        if op.body_model:
            for example in op.body_examples:
                calls.append(
                    {
                        **base,
                        "id": f"{op.operation_id}:{example.name}",
                        "body": example.value,
                        "has_body": True,
                    }
                )
        elif op.body_kind in ("binary", "text"):
            body: Any = b"sample bytes" if op.body_kind == "binary" else "sample text"
            calls.append({**base, "id": op.operation_id, "body": body, "has_body": True})
        else:
            calls.append({**base, "id": op.operation_id, "body": None, "has_body": False})
    return calls


def _auth(api: Api, op: Operation) -> dict[str, str] | None:
    """A dummy credential Prism's security check accepts for ``op`` (its first scheme we can
    fake); ``None`` when the operation needs none."""
    schemes = {scheme.key: scheme for scheme in api.security_schemes}
    for key in op.security:
        scheme = schemes.get(key)
        if scheme is None or scheme.kind == "custom":
            continue
        if scheme.kind == "basic":
            return {"in": "header", "name": "Authorization", "value": "Basic dXNlcjpwYXNzd29yZA=="}
        if scheme.kind == "digest":
            fields = ("username", "realm", "nonce", "uri", "response")
            value = "Digest " + ", ".join(f'{f}="x"' for f in fields)
            return {"in": "header", "name": "Authorization", "value": value}
        if scheme.kind == "api_key":
            return {
                "in": scheme.option("in", "header"),
                "name": scheme.option("name"),
                "value": "Bearer x",
            }
        prefix = scheme.option("prefix", "Bearer")
        return {"in": "header", "name": "Authorization", "value": f"{prefix} x"}
    return None


# --------------------------------------------------------------------------------------------


def changes_between(base: Any, instance: Any, at: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    """The smallest edits that turn ``base`` into ``instance``: ``{"at": path, "set": value}``
    or ``{"at": path, "delete": True}``, in a fixed order (keys sorted).

    A derived case is stored as its example plus these edits, not as a whole mutated copy.
    """
    if isinstance(base, dict) and isinstance(instance, dict):
        edits: list[dict[str, Any]] = []
        for key in sorted(set(base) | set(instance), key=str):
            if key not in instance:
                edits.append({"at": [*at, key], "delete": True})
            elif key not in base:
                edits.append({"at": [*at, key], "set": instance[key]})
            else:
                edits.extend(changes_between(base[key], instance[key], (*at, key)))
        return edits
    if isinstance(base, list) and isinstance(instance, list) and len(base) == len(instance):
        return [
            e
            for i, (b, v) in enumerate(zip(base, instance))
            for e in changes_between(b, v, (*at, i))
        ]
    if _same(base, instance) and type(base) is type(instance):
        return []
    return [{"at": list(at), "set": instance}]


def _compact(items: list[dict[str, Any]], examples: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``items`` with each ``instance`` replaced by ``base`` (an index into ``examples``) and
    ``changes`` (see :func:`changes_between`)."""
    index = {}
    for position, example in enumerate(examples):
        index.setdefault(example["id"], position)
    compact = []
    for item in items:
        base = index[item.pop("base_id")]
        instance = item.pop("instance")
        compact.append(
            {**item, "base": base, "changes": changes_between(examples[base]["value"], instance)}
        )
    return compact


def _nullable_as_json_schema(node: Any) -> Any:
    """A copy of an OpenAPI 3.0 document whose ``nullable: true`` schemas say so in JSON
    Schema terms (``type: [X, "null"]``, or ``anyOf`` with ``{type: null}``), as 3.1 does: the
    case derivation reads JSON Schema, and the models accept null there."""
    if isinstance(node, list):
        return [_nullable_as_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    copied = {key: _nullable_as_json_schema(value) for key, value in node.items()}
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
    return {"anyOf": [copied, {"type": "null"}]}


def test_context(api: Api) -> dict[str, Any]:
    """Extra template context for ``templates/package/tests/``: ``{"testplan": {...}}``."""
    document = api.document
    if api.is_openapi_30:
        document = _nullable_as_json_schema(document)
    examples = _examples(api)
    cases = _compact(_derived_cases(api, document), examples)
    unknown = _compact(_unknown_cases(api, document), examples)
    rule_cases, skipped = _rule_cases(api, document)
    contract = _contract(api)
    counts = {
        "tests/test_models.py": len(examples) + len(cases) + len(unknown),
        "tests/test_rules.py": 2 * len(rule_cases),
        "tests/test_contract_prism.py": len(contract),
    }
    # What the generated tests read (cases.json): a case names its base example (whose model it
    # tests), its edits and its expected outcome; the rest stays here for the planner's checks.
    data = {
        "examples": examples,
        "cases": [{k: c[k] for k in ("id", "base", "changes", "valid")} for c in cases],
        "unknown": [{k: c[k] for k in ("id", "base", "changes")} for c in unknown],
        "rule_cases": rule_cases,
    }
    return {
        "testplan": {
            "data": data,
            "examples": examples,
            "cases": cases,
            "unknown": unknown,
            "unknown_field": UNKNOWN_FIELD,
            "rule_cases": rule_cases,
            "rules_skipped": skipped,
            "contract": contract,
            "operations": operation_records(api),
            "counts": counts,
        }
    }


test_context.__test__ = False  # type: ignore[attr-defined]  # not a pytest test
changes_between.__test__ = False  # type: ignore[attr-defined]


def count_tests(context: dict[str, Any]) -> int:
    """Number of test items the files planned here collect (see ``TEST_FILES``).

    Per-file numbers are in ``context["testplan"]["counts"]``; test files rendered by other
    templates are not counted here.
    """
    plan = context.get("testplan")
    if not plan:
        return 0
    return sum(plan["counts"].values())
