"""``Extras``: a call's ``extra_headers=``, ``extra_query=`` and ``extra_body=``."""

from __future__ import annotations

import httpx
import pydantic
import pytest
from generator.runtime._auth import AllOf, ApiKeyAuth, BearerAuth
from generator.runtime._common import NOT_GIVEN
from generator.runtime._engine import Extras


def test_extras_replace_what_they_name_and_add_the_rest() -> None:
    extras = Extras(query={"page": 2, "trace": True}, body={"note": "x"})
    declared = [("page", "1"), ("size", "10")]
    assert extras.merged_query(declared) == (("size", "10"), ("page", "2"), ("trace", "true"))
    assert extras.merged_body({"note": "a", "name": "n"}) == {"note": "x", "name": "n"}
    assert extras.merged_body(NOT_GIVEN) == {"note": "x"}  # an optional body left out
    assert Extras().merged_body([1, 2]) == [1, 2]
    # A multipart body arrives as its model (file fields stay bytes).
    upload = pydantic.create_model("Upload", file=(bytes, ...), note=(str | None, None))
    assert extras.merged_body(upload(file=b"%PDF")) == {"file": b"%PDF", "note": "x"}
    with pytest.raises(ValueError, match="adds fields to an object body"):
        extras.merged_body([1, 2])


@pytest.mark.parametrize(
    "auth, extras",
    [
        (BearerAuth("t"), Extras(headers={"authorization": "forged"})),
        (ApiKeyAuth("k", name="X-Key"), Extras(headers={"x-key": "forged"})),
        (ApiKeyAuth("k", name="key", location="query"), Extras(query={"key": "forged"})),
        (ApiKeyAuth("k", name="sid", location="cookie"), Extras(headers={"Cookie": "sid=1"})),
        (
            AllOf([ApiKeyAuth("k", name="X-A"), ApiKeyAuth("k", name="X-B")]),
            Extras(headers={"X-B": "forged"}),
        ),
    ],
)
def test_an_extra_where_credentials_go_is_refused(auth: httpx.Auth, extras: Extras) -> None:
    with httpx.Client() as client, pytest.raises(ValueError, match="credentials go"):
        extras.refuse_credentials(auth, client)


def test_extras_beside_the_credentials_pass() -> None:
    with httpx.Client() as client:
        Extras(headers={"X-Other": "1"}, query={"q": 1}).refuse_credentials(BearerAuth("t"), client)
        # No auth at all (unauthenticated call, or no client auth): Authorization is the caller's.
        Extras(headers={"Authorization": "mine"}).refuse_credentials(None, client)
        Extras(headers={"Authorization": "mine"}).refuse_credentials(
            httpx.USE_CLIENT_DEFAULT, client
        )
    with httpx.Client(auth=("u", "p")) as client, pytest.raises(ValueError):
        Extras(headers={"Authorization": "mine"}).refuse_credentials(
            httpx.USE_CLIENT_DEFAULT, client
        )
