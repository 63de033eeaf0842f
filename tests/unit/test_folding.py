"""A level of the client that the API's own grouping leaves with more than ``MAX_NAMES`` names
(``generator.ir.folding``): what shares a leading word is nested, and what still does not fit
goes under ``more``; every level then shows at most ``MAX_NAMES``."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
import yaml
from generator.config import one_off_config
from generator.ir import Api
from generator.ir.build import parse
from generator.ir.resources import CLIENT_OWN_NAMES, MAX_NAMES, names_of
from generator.spec.loader import load_spec

WORDS = ["".join(pair) for pair in itertools.product("bcdfghjk", "aeiou")]
"""Forty distinct one-word names (``ba``, ``be``, ...) that share no leading word."""


def _spec(tmp_path: Path, operations: list[tuple[str, str, str | None, str | None]]) -> Path:
    """A spec of ``(path, method, operationId or None, tag or None)`` operations."""
    paths: dict[str, Any] = {}
    for path, method, operation_id, tag in operations:
        operation: dict[str, Any] = {"responses": {"204": {"description": "done"}}}
        if operation_id:
            operation["operationId"] = operation_id
        if tag:
            operation["tags"] = [tag]
        paths.setdefault(path, {})[method] = operation
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "Many", "version": "1"},
        "servers": [{"url": "https://api.example.test"}],
        "paths": paths,
    }
    target = tmp_path / "many.yaml"
    target.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return target


def _api(spec: Path) -> Api:
    return parse(load_spec(spec, validate=False), one_off_config(spec, "many")).api


def _tagged(tag: str, count: int = 2) -> list[tuple[str, str, str | None, str | None]]:
    """``count`` operations tagged ``tag`` (``list_<tag>``, ``get_<tag>_2``, ...)."""
    slug = tag.replace("_", "-")
    found: list[tuple[str, str, str | None, str | None]] = [(f"/{slug}", "get", f"list_{tag}", tag)]
    found += [(f"/{slug}/{{id}}/x{n}", "get", f"get_{tag}_{n}", tag) for n in range(2, count + 1)]
    return found


def _levels(api: Api) -> dict[str, int]:
    """The names completion shows on the client (its own ``base_url`` and ``close`` too) and
    on each resource."""
    return {
        ".".join(resource.path) if resource else "client": len(api.child_resources(resource))
        + names_of(api.resource_operations(resource))
        + (0 if resource else CLIENT_OWN_NAMES)
        for resource in [None, *api.resources]
    }


def _access(api: Api) -> dict[str, str]:
    return {op.operation_id: op.access for op in api.operations}


def test_resources_sharing_a_leading_word_are_nested_under_it(tmp_path: Path) -> None:
    families = ["payment_intents", "payment_links", "issues", "issue_comments"]
    operations = [op for tag in [*WORDS[:36], *families] for op in _tagged(tag)]
    api = _api(_spec(tmp_path, operations))  # 40 resources and base_url, close: two too many
    access = _access(api)
    assert access["list_payment_intents"] == "payment.intents.list_payment_intents"
    assert access["list_payment_links"] == "payment.links.list_payment_links"
    assert access["list_issues"] == "issues.list_issues"  # the family's own resource
    assert access["list_issue_comments"] == "issues.comments.list_issue_comments"
    assert access["list_ba"] == "ba.list_ba"  # the rest as the API names them
    assert max(_levels(api).values()) == MAX_NAMES


def test_a_level_that_fits_keeps_the_apis_own_names(tmp_path: Path) -> None:
    families = ["payment_intents", "payment_links"]
    api = _api(_spec(tmp_path, [op for tag in [*WORDS[:36], *families] for op in _tagged(tag)]))
    assert _access(api)["list_payment_intents"] == "payment_intents.list_payment_intents"
    assert _levels(api)["client"] == MAX_NAMES


def test_rpc_methods_are_nested_by_their_leading_word(tmp_path: Path) -> None:
    """Telegram-like: every path its own, no tags, no operationIds (``post_send_message``)."""
    verbs = {"send": WORDS[:20], "get": WORDS[20:35]}
    operations: list[tuple[str, str, str | None, str | None]] = [
        (f"/{verb}{word.title()}", "post", None, None)
        for verb, words in verbs.items()
        for word in words
    ]
    operations += [(f"/{word}Now", "post", None, None) for word in WORDS[35:40]]
    api = _api(_spec(tmp_path, operations))
    access = {op.path: op.access for op in api.operations}
    assert access["/sendBa"] == "send.ba"  # the verb every name began with passed over
    assert access["/getHi"] == "get.hi"
    assert access["/kaNow"] == "post_ka_now"  # alone in its word: stays on the client
    assert _levels(api)["client"] == 2 + 5 * 2 + CLIENT_OWN_NAMES


def test_what_still_does_not_fit_goes_under_more_smallest_first(tmp_path: Path) -> None:
    sizes = {word: 2 + index % 3 for index, word in enumerate(WORDS)}  # 2, 3 or 4 operations
    operations = [op for word, size in sizes.items() for op in _tagged(word, size)]
    operations += [op for word in ["zu", "zy"] for op in _tagged(word, 5)]
    operations.append(("/ba-stats", "get", "get_ba_stats", None))  # alone: on the client
    api = _api(_spec(tmp_path, operations))
    access = _access(api)
    assert access["get_ba_stats"] == "ba.get_stats"  # its leading words name a resource
    moved = {op.resource[1] for op in api.operations if op.resource[:1] == ("more",)}
    # 42 resources: 37 stay beside `more`, base_url and close; five of two operations go, by
    # name (`ba` has three now)
    assert sorted(moved) == ["bo", "ce", "cu", "di", "fa"]
    assert access["list_zu"] == "zu.list_zu"
    assert _levels(api)["client"] == MAX_NAMES
    assert max(_levels(api).values()) <= MAX_NAMES


@pytest.mark.parametrize("reverse", [False, True])
def test_folding_does_not_depend_on_the_order_of_paths(tmp_path: Path, reverse: bool) -> None:
    families = ["payment_intents", "payment_links", "issues", "issue_comments"]
    operations = [op for tag in [*WORDS, *families] for op in _tagged(tag)]
    forward = _api(_spec(tmp_path, operations))
    backward = _api(_spec(tmp_path, operations[::-1] if reverse else operations))
    assert forward.resources == backward.resources
    assert sorted(_access(forward).items()) == sorted(_access(backward).items())


def test_the_clients_own_names_are_the_ones_counted() -> None:
    """Besides its methods and resources, a client shows ``CLIENT_OWN_NAMES`` names."""
    import harmony_client

    spec = Path(__file__).parents[2] / "specs" / "harmony" / "openapi.yaml"
    api = _api(spec)
    methods = {
        op.python_name + suffix for op in api.operations for suffix in ("", "_with_response")
    }
    for client in (harmony_client.Client, harmony_client.AsyncClient):
        own = {name for name in dir(client) if not name.startswith("_")} - methods
        assert len(own) == CLIENT_OWN_NAMES, own
