"""One rule semantics: the test planner's truth table (``generator.testgen.rule_cases.rule_holds``)
agrees with the runtime checks the generated validators call (``generator/runtime/_rules.py``),
rule kind by rule kind, on every combination of given and missing members.

The validators are built from the same source the model stage writes into ``models.py``
(``generator.models._render_rule``), so the three places a rule's meaning lives are checked
against one table.
"""

from __future__ import annotations

import itertools
import typing
from typing import Any

import pydantic
import pytest
from generator.ir import Rule, RuleKind
from generator.models import _render_rule
from generator.runtime import _rules
from generator.testgen.rule_cases import rule_holds

NAMES = ("country", "initials", "firstname", "a", "b", "c")

RULES = {
    "if-then": Rule(
        model="M",
        kind=RuleKind.IF_THEN,
        method_name="_rule",
        message="initials are required in NL",
        pointer="/components/schemas/M/allOf/0",
        when=(("country", ("NL",)),),
        when_required=("country",),
        require=("initials",),
    ),
    "if-then-forbid": Rule(
        model="M",
        kind=RuleKind.IF_THEN,
        method_name="_rule",
        message="no firstname in NL",
        pointer="/p",
        when=(("country", ("NL", "BE")),),
        when_required=("country",),
        forbid=("firstname",),
    ),
    "if-else": Rule(
        model="M",
        kind=RuleKind.IF_ELSE,
        method_name="_rule",
        message="firstname unless NL",
        pointer="/p",
        when=(("country", ("NL",)),),
        when_required=("country",),
        negate=True,
        require=("firstname",),
    ),
    "any-of": Rule(
        model="M",
        kind=RuleKind.ANY_OF,
        method_name="_rule",
        message="a, or b and c",
        pointer="/p",
        groups=(("a",), ("b", "c")),
    ),
    "any-of-non-null": Rule(
        model="M",
        kind=RuleKind.ANY_OF,
        method_name="_rule",
        message="a (not null) or b",
        pointer="/p",
        groups=(("a",), ("b",)),
        require=("a",),
    ),
    "one-of": Rule(
        model="M",
        kind=RuleKind.ONE_OF,
        method_name="_rule",
        message="exactly one of a, b",
        pointer="/p",
        groups=(("a",), ("b",)),
    ),
    "dependent": Rule(
        model="M",
        kind=RuleKind.DEPENDENT,
        method_name="_rule",
        message="a needs b and c",
        pointer="/p",
        when=(("a", ()),),
        require=("b", "c"),
    ),
    "forbid": Rule(
        model="M",
        kind=RuleKind.FORBID,
        method_name="_rule",
        message="not a and b together",
        pointer="/p",
        forbid=("a", "b"),
    ),
}

VALUES: dict[str, tuple[Any, ...]] = {
    "country": ("NL", "BE", "DE"),
    "initials": ("A",),
    "firstname": ("Ann",),
    "a": (1, None),
    "b": (2,),
    "c": (3,),
}


def _instances() -> list[dict[str, Any]]:
    """Every member given or missing, each given one with every listed value."""
    out: list[dict[str, Any]] = []
    for given in itertools.product((False, True), repeat=len(NAMES)):
        chosen = [name for name, on in zip(NAMES, given) if on]
        for values in itertools.product(*(VALUES[name] for name in chosen)):
            out.append(dict(zip(chosen, values)))
    return out


INSTANCES = _instances()


def _model(rule: Rule) -> type[pydantic.BaseModel]:
    source = (
        "class M(BaseModel):\n"
        + "".join(f"    {name}: Any = None\n" for name in NAMES)
        + _render_rule(rule)
    )
    namespace: dict[str, Any] = {
        "Any": Any,
        "BaseModel": pydantic.BaseModel,
        "model_validator": pydantic.model_validator,
        "_typing": typing,
        **{name: getattr(_rules, name) for name in _rules.__all__},
    }
    exec(compile(source, f"<rule {rule.kind}>", "exec", dont_inherit=True), namespace)
    model: type[pydantic.BaseModel] = namespace["M"]
    return model


def _runtime_accepts(model: type[pydantic.BaseModel], instance: dict[str, Any]) -> bool:
    try:
        model.model_validate(instance)
    except pydantic.ValidationError:
        return False
    return True


def test_the_table_covers_every_rule_kind() -> None:
    assert {rule.kind for rule in RULES.values()} == set(RuleKind)
    # country missing or one of 3 values (4) x initials (2) x firstname (2) x a missing, 1 or
    # null (3) x b (2) x c (2)
    assert len(INSTANCES) == 4 * 2 * 2 * 3 * 2 * 2


@pytest.mark.parametrize("name", sorted(RULES))
def test_planner_and_runtime_agree(name: str) -> None:
    rule = RULES[name]
    model = _model(rule)
    disagreements = [
        (instance, rule_holds(rule, instance))
        for instance in INSTANCES
        if rule_holds(rule, instance) != _runtime_accepts(model, instance)
    ]
    assert not disagreements, f"{name}: planner says (instance, holds) {disagreements[:5]}"
    # Both outcomes occur: the table exercises the rule, not only one side of it.
    outcomes = {rule_holds(rule, instance) for instance in INSTANCES}
    assert outcomes == {True, False}
