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

from typing import Any

from ..ir import Api
from ..schema.samples import TYPED_STRING_FORMATS
from .contract import contract_calls
from .credentials import auth_path_patterns, other_credentials
from .examples import UNKNOWN_FIELD, ExampleSlots, derived_cases, example_records, unknown_cases
from .operations import operation_records
from .rule_cases import json_same, plan_rule_cases

__all__ = ["TEST_FILES", "changes_between", "count_tests", "test_context"]


#: The generated test files this module plans (other templates may add more test files).
TEST_FILES = ("tests/test_models.py", "tests/test_rules.py", "tests/test_contract_prism.py")


def changes_between(base: Any, instance: Any, at: tuple[Any, ...] = ()) -> list[list[Any]]:
    """The smallest edits that turn ``base`` into ``instance``: ``[path, value]`` sets the
    value at ``path`` (a list of keys and indexes; ``[]`` is the whole instance), ``[path]``
    deletes it; in a fixed order (keys sorted).

    A derived case is stored as its example plus these edits, not as a whole mutated copy.
    """
    if isinstance(base, dict) and isinstance(instance, dict):
        edits: list[list[Any]] = []
        for key in sorted(set(base) | set(instance), key=str):
            if key not in instance:
                edits.append([[*at, key]])
            elif key not in base:
                edits.append([[*at, key], instance[key]])
            else:
                edits.extend(changes_between(base[key], instance[key], (*at, key)))
        return edits
    if isinstance(base, list) and isinstance(instance, list) and len(base) == len(instance):
        return [
            e
            for i, (b, v) in enumerate(zip(base, instance))
            for e in changes_between(b, v, (*at, i))
        ]
    if json_same(base, instance) and type(base) is type(instance):
        return []
    return [[list(at), instance]]


def _compact(items: list[dict[str, Any]], examples: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``items`` with each ``instance`` replaced by ``base`` (an index into ``examples``) and
    ``changes`` (see :func:`changes_between`)."""
    index: dict[str, int] = {}
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


def test_context(api: Api) -> dict[str, Any]:
    """Extra template context for ``templates/package/tests/``: ``{"testplan": {...}}``."""
    examples = example_records(api)
    cases = _compact(derived_cases(api), examples)
    unknown = _compact(unknown_cases(api), examples)
    rule_cases, skipped = plan_rule_cases(api)
    slots = ExampleSlots(examples)
    contract = contract_calls(api, slots)
    operations = operation_records(api, slots)
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
        "contract": contract,
        # Formats the models check (as a Python type): Prism checks others too (``url``,
        # ``email`` ...), which JSON Schema makes annotations only and the models read as text.
        "checked_formats": sorted(TYPED_STRING_FORMATS),
        **operations,
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
            "counts": counts,
            "other_credentials": other_credentials(api),
            "auth_paths": auth_path_patterns(api),
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
