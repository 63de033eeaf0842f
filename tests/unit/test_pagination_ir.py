"""Which operations page and how (``generator.ir.pagination``), on the regression spec."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from generator.config import ApiConfig
from generator.errors import SpecValidationError
from generator.ir import Api
from generator.ir.build import parse
from generator.spec.loader import load_spec

PAGES = Path(__file__).parents[1] / "regressions" / "pagination.yaml"


def _api(path: Path) -> Api:
    config = ApiConfig(
        name="pages",
        spec_path=path,
        config_path=None,
        package="pages_client",
        distribution="pages-client",
        title="Pages",
        one_off=True,
    )
    return parse(load_spec(path, validate=False), config).api


def test_each_scheme_is_recognised_by_its_names() -> None:
    found = {op.operation_id: op.pagination for op in _api(PAGES).operations}
    cursor = found["listByCursor"]
    assert cursor is not None and (cursor.style, cursor.parameter, cursor.next) == (
        "cursor",
        "cursor",
        ("meta", "next_cursor"),
    )
    assert cursor.items == ("data",) and cursor.item_type == "models.Item"
    assert cursor.item_example == {"id": "it-1"}
    url = found["listByUrl"]
    assert url is not None and (url.style, url.next) == ("next_url", ("next",))
    link = found["listByLink"]
    assert link is not None and (link.style, link.items) == ("link", ())
    offset = found["listByOffset"]
    assert offset is not None and (offset.style, offset.total, offset.start) == (
        "offset",
        ("total",),
        0,
    )
    page = found["listByPage"]
    assert page is not None and (page.style, page.total, page.start) == (
        "page",
        ("total_pages",),
        1,
    )
    declared = found["listDeclared"]
    assert declared is not None and declared.declared
    assert (declared.items, declared.next) == (("batch", "things"), ("batch", "continue_from"))


def test_a_declared_pagination_naming_no_query_parameter_is_refused_with_its_place(
    tmp_path: Path,
) -> None:
    data = yaml.safe_load(PAGES.read_text(encoding="utf-8"))
    data["paths"]["/declared-items"]["get"]["x-specgen-pagination"]["parameter"] = "nope"
    spec = tmp_path / "pages.yaml"
    spec.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(SpecValidationError) as raised:
        _api(spec)
    assert "'nope' is not a query parameter" in str(raised.value)
    assert raised.value.location is not None
    assert "/paths/~1declared-items/get/x-specgen-pagination" in str(raised.value.location)
