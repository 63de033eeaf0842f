"""Derived cases are stored as a base example plus edits (``changes_between``)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from generator.testgen.plan import changes_between


def apply(base: Any, changes: list[list[Any]]) -> Any:
    """The same edits as the generated ``test_models._instance`` applies."""
    value = copy.deepcopy(base)
    for change in changes:
        # [path, value] sets, [path] deletes; an empty path is the whole instance.
        *parents, last = change[0] or [None]
        if last is None:
            value = change[1]
            continue
        node = value
        for step in parents:
            node = node[step]
        if len(change) == 1:
            del node[last]
        else:
            node[last] = change[1]
    return value


@pytest.mark.parametrize(
    ("base", "instance"),
    [
        ({"a": 1, "b": {"c": [1, 2]}}, {"a": 1, "b": {"c": [1, 3]}}),
        ({"a": 1, "b": 2}, {"b": 2}),
        ({"a": 1}, {"a": 1, "z": None}),
        ({"a": [1, 2]}, {"a": [1, 2, 3]}),
        ({"a": 1}, [1]),
        ({"a": 1}, {"a": 1.0}),
        ({"a": True}, {"a": 1}),
        ({"a": 1}, {"a": 1}),
    ],
)
def test_edits_rebuild_the_instance_exactly(base: Any, instance: Any) -> None:
    changes = changes_between(base, instance)
    rebuilt = apply(base, changes)
    assert rebuilt == instance and type(rebuilt) is type(instance)
    assert [type(v) for v in _leaves(rebuilt)] == [type(v) for v in _leaves(instance)]


def test_edits_are_minimal() -> None:
    assert changes_between({"a": 1, "b": {"c": 2}}, {"a": 1, "b": {"c": 3}}) == [[["b", "c"], 3]]
    assert changes_between({"a": 1}, {"a": 1}) == []
    assert changes_between({"a": 1, "b": 2}, {"b": 2}) == [[["a"]]]


def _leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [leaf for key in sorted(value) for leaf in _leaves(value[key])]
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item)]
    return [value]
