"""Positions of a JSON spec's pointers, found on demand (``generator.spec.positions``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from generator.spec.loader import escape_pointer
from generator.spec.positions import JsonPositions

TEXT = """{
  "openapi": "3.1.0",
  "paths": {
    "/pets/{id}": {"get": {"tags": ["a", "b"], "x~y": null}},
    "say \\"hi\\"": [ 1 , {"é": true} ,[]]
  },
  "empty": {}
}"""


def _pointers(node: Any, pointer: str = "") -> Iterator[str]:
    yield pointer
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _pointers(value, f"{pointer}/{escape_pointer(key)}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _pointers(value, f"{pointer}/{index}")


def _by_search(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    offset = -1
    for _ in range(nth + 1):
        offset = text.index(needle, offset + 1)
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


@pytest.mark.parametrize(
    ("pointer", "needle"),
    [
        ("", "{"),
        ("/openapi", '"openapi"'),
        ("/paths/~1pets~1{id}", '"/pets/{id}"'),
        ("/paths/~1pets~1{id}/get/tags/1", '"b"'),
        ("/paths/~1pets~1{id}/get/x~0y", '"x~y"'),
        ('/paths/say "hi"/0', "1 ,"),
        ('/paths/say "hi"/1/é', '"é"'),
        ('/paths/say "hi"/2', "[]"),
        ("/empty", '"empty"'),
    ],
)
def test_a_member_is_at_its_key_and_an_item_at_its_value(pointer: str, needle: str) -> None:
    assert JsonPositions(TEXT).get(pointer) == _by_search(TEXT, needle)


@pytest.mark.parametrize(
    "pointer",
    ["/nothing", "/openapi/deeper", "/paths/~1pets~1{id}/get/tags/2", "no-slash", "/empty/x"],
)
def test_a_place_the_text_does_not_have_has_no_position(pointer: str) -> None:
    positions = JsonPositions(TEXT)
    assert positions.get(pointer) is None and pointer not in positions


def test_every_pointer_is_listed_in_document_order() -> None:
    assert list(JsonPositions(TEXT)) == list(_pointers(json.loads(TEXT)))


def test_compact_and_spread_texts_agree_on_pointers() -> None:
    data = json.loads(TEXT)
    compact = JsonPositions(json.dumps(data, separators=(",", ":")))
    spread = JsonPositions(json.dumps(data, indent=4))
    assert list(compact) == list(spread) == list(_pointers(data))
    assert all(spread.get(p) is not None for p in _pointers(data))
