"""The conditional rules' test cases: each branch satisfied and each violation, on an
instance of the rule's model found in the examples. ``rule_holds`` is the planner's truth
table (checked against the runtime's rule checks by ``tests/unit/test_rule_semantics.py``).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from typing import Any

from ..ir import Api, Rule
from ..schema.view import SchemaNode
from .examples import collect_instances, model_schema_pointer

__all__ = ["json_same", "plan_rule_cases", "rule_holds"]


def rule_holds(rule: Rule, instance: Mapping[str, Any]) -> bool:
    """JSON Schema truth of one rule on a wire-name dict (mirrors the generated ``_rules``)."""

    def given(name: str) -> bool:
        return name in instance

    if rule.kind in ("if_then", "if_else"):
        holds = all(given(n) for n in rule.when_required) and all(
            not given(n) or any(json_same(instance[n], v) for v in values)
            for n, values in rule.when
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


def json_same(left: Any, right: Any) -> bool:
    return json.dumps(left, sort_keys=True) == json.dumps(right, sort_keys=True)


class _RulePlanner:
    def __init__(self, api: Api, instances: dict[str, list[Any]]) -> None:
        self.api = api
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
                and not any(json_same(instance[name], v) for v in values)
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
        pointer = model_schema_pointer(self.api, rule.model)
        if not bases or pointer is None:
            self.skipped.append(f"{rule.method_name}: no example holds a {rule.model}")
            return
        schemas = self.api.schemas
        properties, required = schemas.members(schemas.at(pointer))
        siblings = [r for r in self.api.rules if r.model == rule.model]
        before = len(self.cases)
        for base in bases:
            made = self._candidates(rule, dict(base), properties)
            emitted = False
            for variant, valid, instance in made:
                if not required <= set(instance):
                    continue
                others_ok = all(rule_holds(r, instance) for r in siblings if r is not rule)
                if not others_ok or rule_holds(rule, instance) != valid:
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
        self, model: str, name: str, values: tuple[Any, ...], properties: dict[str, SchemaNode]
    ) -> Any:
        for value in self.pool(model, name):
            if not any(json_same(value, v) for v in values):
                return value
        schema = properties.get(name)
        if schema is not None:
            members = self.api.schemas.constraints(self.api.schemas.deref(schema)).enum
            for member in members or ():
                if member is not None and not any(json_same(member, v) for v in values):
                    return member
        return _MISSING

    def _candidates(
        self, rule: Rule, base: dict[str, Any], properties: dict[str, SchemaNode]
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
                elif not (name in triggered and any(json_same(triggered[name], v) for v in values)):
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


def _instances(api: Api) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for op in api.operations:
        if op.body_model and op.body_schema_pointer:
            schema = api.schemas.at(op.body_schema_pointer)
            for example in op.body_examples:
                if isinstance(example.value, Mapping) and api.schemas.reference(schema) is None:
                    found.setdefault(op.body_model, []).append(example.value)
                collect_instances(api.schemas, schema, example.value, found)
    return found


def plan_rule_cases(api: Api) -> tuple[list[dict[str, Any]], list[str]]:
    planner = _RulePlanner(api, _instances(api))
    for rule in api.rules:
        planner.plan(rule)
    return planner.cases, planner.skipped
