"""Path rendering, query encoding, body serialisation and the NOT_GIVEN sentinel."""

from __future__ import annotations

import copy
import datetime as dt
import enum
import pickle
import uuid
from types import ModuleType
from typing import Annotated, Literal

import pydantic
import pytest
from pydantic import Field
from typing_extensions import TypedDict


def test_not_given_is_a_falsy_singleton(rt: ModuleType) -> None:
    assert rt.NotGiven() is rt.NOT_GIVEN
    assert not rt.NOT_GIVEN
    assert repr(rt.NOT_GIVEN) == "NOT_GIVEN"
    assert copy.deepcopy(rt.NOT_GIVEN) is rt.NOT_GIVEN
    assert pickle.loads(pickle.dumps(rt.NOT_GIVEN)) is rt.NOT_GIVEN
    assert "null" in (rt.NotGiven.__doc__ or "")


def test_render_path_percent_encodes(rt: ModuleType) -> None:
    assert rt.render_path("/v1/ServiceContract/{id}", {"id": 42}) == "/v1/ServiceContract/42"
    assert rt.render_path("/c/{ident}/x", {"ident": "a/b c?d#e%"}) == "/c/a%2Fb%20c%3Fd%23e%25/x"
    assert rt.render_path("/{a}/{b}", {"a": True, "b": "~_.-"}) == "/true/~_.-"


@pytest.mark.parametrize("params", [{}, {"id": ""}, {"id": None}, {"id": "NOT_GIVEN"}])
def test_render_path_rejects_missing_values(rt: ModuleType, params: dict[str, object]) -> None:
    if params.get("id") == "NOT_GIVEN":
        params = {"id": rt.NOT_GIVEN}
    with pytest.raises(ValueError, match="id"):
        rt.render_path("/x/{id}", params)


@pytest.mark.parametrize("value", [".", "..", "%2E", "%2e%2E", "%252E%252E", ".%2E"])
def test_render_path_refuses_dot_segments(rt: ModuleType, value: str) -> None:
    """``.``/``..`` (also percent-encoded, once or more) would be resolved to another resource."""
    with pytest.raises(ValueError, match="'id'.*another resource"):
        rt.render_path("/v1/things/{id}", {"id": value})


def test_render_path_refuses_dot_segments_formed_by_several_values(rt: ModuleType) -> None:
    with pytest.raises(ValueError, match="another resource"):
        rt.render_path("/v1/{a}{b}", {"a": ".", "b": "."})
    with pytest.raises(ValueError, match="another resource"):
        rt.render_path("/v1/{id}", {"id": "."}, {"id": ("label", False)})
    # Dots inside a longer segment are ordinary characters.
    assert rt.render_path("/v1/{id}", {"id": "..."}) == "/v1/..."
    assert rt.render_path("/v1/{id}.json", {"id": "a.b"}) == "/v1/a.b.json"


def test_build_query_form_explode(rt: ModuleType) -> None:
    class Color(enum.Enum):
        RED = "red"

    pairs = rt.build_query(
        {
            "skip": rt.NOT_GIVEN,
            "none": None,
            "tags": ["a", "b"],
            "ids": (1, 2),
            "flag": True,
            "off": False,
            "color": Color.RED,
            "day": dt.date(2024, 1, 31),
            "n": 3,
        }
    )
    assert pairs == [
        ("tags", "a"),
        ("tags", "b"),
        ("ids", "1"),
        ("ids", "2"),
        ("flag", "true"),
        ("off", "false"),
        ("color", "red"),
        ("day", "2024-01-31"),
        ("n", "3"),
    ]
    assert rt.build_query(None) == []


class Body(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(populate_by_name=True)

    contract_ident: str = pydantic.Field(alias="contractIdent")
    note: str | None = None
    when: dt.date | None = None
    id: uuid.UUID | None = None


def test_serialize_model_by_alias_without_unset_fields(rt: ModuleType) -> None:
    data, jsonable = rt.serialize_body(Body(contractIdent="C-1", note=None))
    assert data == b'{"contractIdent":"C-1","note":null}'
    assert jsonable == {"contractIdent": "C-1", "note": None}


def test_serialize_mapping_drops_not_given(rt: ModuleType) -> None:
    ident = uuid.UUID("12345678-1234-5678-1234-567812345678")
    data, _ = rt.serialize_body(
        {"a": 1, "b": rt.NOT_GIVEN, "c": None, "d": dt.date(2024, 2, 1), "id": ident, "é": "ü"}
    )
    assert (
        data
        == (
            '{"a":1,"c":null,"d":"2024-02-01","id":"12345678-1234-5678-1234-567812345678","é":"ü"}'
        ).encode()
    )
    assert rt.serialize_body(rt.NOT_GIVEN) is None
    assert rt.serialize_body([Body(contractIdent="x")])[0] == b'[{"contractIdent":"x"}]'


def test_query_styles(rt: ModuleType) -> None:
    styles = {
        "a": ("form", False),
        "s": ("spaceDelimited", False),
        "p": ("pipeDelimited", False),
        "d": ("deepObject", True),
        "o": ("form", False),
    }
    pairs = rt.build_query(
        {
            "a": [1, 2],
            "s": ["x", "y"],
            "p": ["x", "y"],
            "d": {"k": "v", "n": 1},
            "o": {"k": "v"},
            "e": {"k": "v"},
            "plain": [True, False],
        },
        styles,
    )
    assert pairs == [
        ("a", "1,2"),
        ("s", "x y"),
        ("p", "x|y"),
        ("d[k]", "v"),
        ("d[n]", "1"),
        ("o", "k,v"),
        ("k", "v"),
        ("plain", "true"),
        ("plain", "false"),
    ]


def test_path_and_header_styles(rt: ModuleType) -> None:
    assert rt.render_path("/x/{ids}", {"ids": [1, "a/b"]}) == "/x/1,a%2Fb"
    assert rt.render_path("/x/{ids}", {"ids": [1, 2]}, {"ids": ("label", False)}) == "/x/.1,2"
    assert rt.render_path("/x/{ids}", {"ids": [1, 2]}, {"ids": ("label", True)}) == "/x/.1.2"
    assert rt.render_path("/x{ids}", {"ids": [1, 2]}, {"ids": ("matrix", False)}) == "/x;ids=1,2"
    assert rt.render_path("/x{ids}", {"ids": [1, 2]}, {"ids": ("matrix", True)}) == "/x;ids=1;ids=2"
    assert rt.serialize_header(["a", "b"]) == "a,b"
    assert rt.serialize_header({"k": 1}, True) == "k=1"
    assert rt.serialize_header(False) == "false"


class Parameters(TypedDict, total=False):
    limit: Annotated[int, Field(ge=1, le=100)]
    species: Literal["dog", "cat"]
    code: Annotated[str, Field(pattern="^[A-Z]{2}$")]
    since: dt.datetime


def test_validate_parameters_names_the_parameter(rt: ModuleType) -> None:
    checked = rt.validate_parameters(
        Parameters, "list_pets parameters", {"limit": "10", "species": rt.NOT_GIVEN}
    )
    assert checked == {"limit": 10, "species": rt.NOT_GIVEN}
    # A date-time given as text is checked, and sent as the caller wrote it (not as +00:00).
    written = {"since": "2024-01-31T12:00:00.000Z"}
    assert rt.validate_parameters(Parameters, "list_pets parameters", written) == written
    given = {"since": dt.datetime(2024, 1, 31, tzinfo=dt.timezone.utc)}
    assert rt.validate_parameters(Parameters, "list_pets parameters", given) == given
    with pytest.raises(pydantic.ValidationError):
        rt.validate_parameters(Parameters, "list_pets parameters", {"since": "yesterday"})
    for values, name in [
        ({"limit": 0}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"species": "horse"}, "species"),
        ({"code": "nl"}, "code"),
    ]:
        with pytest.raises(pydantic.ValidationError) as info:
            rt.validate_parameters(Parameters, "list_pets parameters", values)
        assert info.value.title == "list_pets parameters"
        assert info.value.errors()[0]["loc"] == (name,)
