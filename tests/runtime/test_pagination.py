"""Walking pages (``_pagination``): what ends the walk, and what each step sends."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

import httpx
import pydantic
from generator.runtime._common import NOT_GIVEN
from generator.runtime._pagination import PageStep, Pagination, aiterate_pages, iterate_pages

URL = "https://api.example.test/v1/things"


class Item(pydantic.BaseModel):
    item_id: str = pydantic.Field(alias="itemId")


class Page(pydantic.BaseModel):
    data: list[Item]


def _answer(body: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(200, json=body, headers=headers, request=httpx.Request("GET", URL))


def _walk(
    pagination: Pagination, bodies: list[Any], start: Any = NOT_GIVEN
) -> tuple[list[Any], list[PageStep]]:
    """The items ``iterate_pages`` yields over ``bodies`` (one per call; the last repeats),
    and the step of every call."""
    steps: list[PageStep] = []

    def fetch(step: PageStep) -> tuple[Any, httpx.Response]:
        body = bodies[min(len(steps), len(bodies) - 1)]
        steps.append(step)
        parsed = Page.model_validate(body) if isinstance(body, dict) and "data" in body else body
        return parsed, _answer(body)

    return list(iterate_pages(fetch, pagination, start=start)), steps


def test_a_cursor_is_sent_back_until_the_answer_has_none() -> None:
    pages = Pagination(style="cursor", items=("data",), next=("meta", "next"))
    bodies = [
        {"data": [{"itemId": "a"}], "meta": {"next": "c2"}},
        {"data": [{"itemId": "b"}], "meta": {"next": None}},
    ]
    items, steps = _walk(pages, bodies)
    assert [item.item_id for item in items] == ["a", "b"]  # the parsed models, by alias
    assert [step.argument() for step in steps] == [NOT_GIVEN, "c2"]


def test_a_cursor_sent_before_ends_the_walk_instead_of_looping() -> None:
    pages = Pagination(style="cursor", items=("data",), next=("next",))
    items, steps = _walk(pages, [{"data": [{"itemId": "a"}], "next": "same"}])
    assert len(steps) == 2 and len(items) == 2  # the first page, then "same" once


def test_max_pages_bounds_a_server_that_never_says_last() -> None:
    pages = Pagination(style="offset", items=("data",), max_pages=5)
    items, steps = _walk(pages, [{"data": [{"itemId": "a"}]}])
    assert len(steps) == 5 and len(items) == 5


def test_offset_grows_by_each_page_and_stops_at_the_total() -> None:
    pages = Pagination(style="offset", items=("data",), total=("total",))
    body = {"data": [{"itemId": "a"}, {"itemId": "b"}], "total": 5}
    _items, steps = _walk(pages, [body], start=1)
    assert [step.argument() for step in steps] == [1, 3]  # 1 + 2 = 3; 3 + 2 = 5 = the total


def test_page_numbers_count_from_the_first_and_stop_at_an_empty_page() -> None:
    pages = Pagination(style="page", items=(), start=1)
    items, steps = _walk(pages, [["x"], ["y"], []])
    assert items == ["x", "y"]
    assert [step.argument() for step in steps] == [NOT_GIVEN, 2, 3]


def test_the_next_url_gives_its_query_over_the_callers_extra_query() -> None:
    pages = Pagination(style="next_url", items=("data",), next=("next",))
    bodies = [{"data": [], "next": URL + "?page=2&per_page=10"}, {"data": [], "next": None}]
    _items, steps = _walk(pages, bodies)
    assert steps[1].extra_query({"per_page": "5", "x": "1"}) == {
        "per_page": "10",
        "x": "1",
        "page": "2",
    }
    assert steps[0].extra_query(None) is None


def test_a_link_header_is_read_relative_to_the_request() -> None:
    pages = Pagination(style="link")
    seen: list[PageStep] = []

    async def fetch(step: PageStep) -> tuple[Any, httpx.Response]:
        seen.append(step)
        link = {"Link": '</v1/things?page=2>; rel="next"'} if len(seen) == 1 else {}
        return ["item"], _answer(["item"], link)

    async def walk() -> list[Any]:
        return [item async for item in aiterate_pages(fetch, pages)]

    assert asyncio.run(walk()) == ["item", "item"]
    assert seen[1].query == {"page": "2"}


class LatePage(pydantic.BaseModel):
    """A page whose items' class is defined after it (another module's, in a package): its
    field's alias is unknown until the class builds itself."""

    model_config = pydantic.ConfigDict(defer_build=True)
    late: "Annotated[list[LateItem], pydantic.Field(alias='lateItems')]"


class LateItem(pydantic.BaseModel):
    name: str


def test_items_are_found_by_wire_name_on_a_page_not_built_yet() -> None:
    page = LatePage.model_construct(late=[LateItem(name="a"), LateItem(name="b")])
    assert not LatePage.__pydantic_complete__
    pages = Pagination(style="page", items=("lateItems",), start=1, max_pages=1)
    items = list(iterate_pages(lambda step: (page, _answer({})), pages))
    assert [item.name for item in items] == ["a", "b"]


class Items(pydantic.RootModel[list[Item]]):
    """A list schema of its own, referenced by the page (influxdata's ``Labels``)."""


class RootPage(pydantic.BaseModel):
    data: Items


def test_items_held_by_a_root_model_are_walked() -> None:
    page = RootPage.model_validate({"data": [{"itemId": "a"}, {"itemId": "b"}]})
    pages = Pagination(style="page", items=("data",), start=1, max_pages=1)
    items = list(iterate_pages(lambda step: (page, _answer({})), pages))
    assert [item.item_id for item in items] == ["a", "b"]
