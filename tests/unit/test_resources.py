"""How the client's methods are grouped into resources (``generator.ir.resources``)."""

from __future__ import annotations

from pathlib import Path

import yaml
from generator.config import ApiConfig
from generator.ir import Api
from generator.ir.build import parse
from generator.ir.resources import FLAT_UP_TO, MAX_NAMES, names_of
from generator.spec.loader import load_spec

SPEC = Path(__file__).parents[1] / "regressions" / "resources.yaml"


def _api(path: Path) -> Api:
    config = ApiConfig(
        name="shop",
        spec_path=path,
        config_path=None,
        package="shop_client",
        distribution="shop-client",
        title="Shop",
        one_off=True,
    )
    return parse(load_spec(path, validate=False), config).api


def test_methods_are_grouped_by_tag_then_path_and_split_where_they_would_not_fit() -> None:
    api = _api(SPEC)
    access = {op.operation_id: op.access for op in api.operations}
    assert access["pets_create"] == "pets.create"  # the resource's name left out
    # "list" would shadow the builtin in the class's annotations (``list[models.Item]``)
    assert access["pets_list"] == "pets.pets_list"
    assert access["list"] == "pets.list_"
    assert access["health"] == "health"  # alone in its group: a method of the client
    assert access["daily_metrics"] == "metrics.daily_metrics"  # no tag: the path below /v1
    assert access["close_account"] == "close_api.close_account"  # `client.close` is taken
    assert access["list_store_orders"] == "stores.orders.list_store_orders"
    assert access["get_store_hours"] == "stores.get_store_hours"  # one operation: no child
    assert [r.path for r in api.resources] == [
        ("close_api",),
        ("metrics",),
        ("pets",),
        ("stores",),
        ("stores", "orders"),
        ("stores", "staff"),
    ]
    stores = api.resources[3]
    assert stores.children == ("orders", "staff")
    assert stores.class_name == "StoresResource" and stores.module == "_stores"
    assert api.resources[2].description == "Pets for sale."  # the tag's, first line
    for resource in api.resources:
        own = api.resource_operations(resource)
        assert names_of(own) + len(resource.children) <= MAX_NAMES
        assert {op.python_name for op in own} == set(resource.operations)


def test_an_api_of_up_to_30_operations_keeps_its_methods_on_the_client(tmp_path: Path) -> None:
    data = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    kept = 0
    for path in list(data["paths"]):
        for method in list(data["paths"][path]):
            if kept == FLAT_UP_TO:
                del data["paths"][path][method]
            else:
                kept += 1
        if not data["paths"][path]:
            del data["paths"][path]
    spec = tmp_path / "flat.yaml"
    spec.write_text(yaml.safe_dump(data), encoding="utf-8")
    api = _api(spec)
    assert len(api.operations) == FLAT_UP_TO
    assert api.resources == ()
    assert all(op.access == op.python_name for op in api.operations)


def test_grouping_does_not_depend_on_the_order_of_paths(tmp_path: Path) -> None:
    data = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    data["paths"] = dict(reversed(list(data["paths"].items())))
    spec = tmp_path / "reversed.yaml"
    spec.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    forward, backward = _api(SPEC), _api(spec)
    assert forward.resources == backward.resources
    assert sorted(op.access for op in forward.operations) == sorted(
        op.access for op in backward.operations
    )
