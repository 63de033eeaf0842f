"""Issue 12 end to end, on the regression specs ``client_behaviours.yaml`` (no security
scheme, constrained parameters, list and map answers) and ``oauth_token_urls.yaml`` (a token
URL per server): each is generated, imported and driven through ``httpx.MockTransport``.

(Each generated package also runs its own ``tests/test_behaviours.py``; see
``test_real_world.py``.) These tests pin the wire details a template test cannot see.
"""

from __future__ import annotations

import importlib
import logging
import sys
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs

import httpx
import pydantic
import pytest
from generator.config import one_off_config
from generator.output.writer import write_fileset
from generator.pipeline import build_api

from conftest import TEMPLATES_DIR

REGRESSIONS = Path(__file__).parent / "regressions"


def _package(name: str, tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    built = build_api(
        one_off_config(REGRESSIONS / f"{name}.yaml", name), templates_dir=TEMPLATES_DIR
    )
    out = tmp_path_factory.mktemp(name) / name
    write_fileset(built.files, out, output_root=out.parent)
    sys.path.insert(0, str(out / "src"))
    return importlib.import_module(built.api.package)


@pytest.fixture(scope="module")
def pets(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return _package("client_behaviours", tmp_path_factory)


@pytest.fixture(scope="module")
def orders(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return _package("oauth_token_urls", tmp_path_factory)


class Recorder:
    def __init__(self, answer: Any = None, status: int = 200) -> None:
        self.requests: list[httpx.Request] = []
        self.answer = answer
        self.status = status

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path.endswith("/oauth2/token"):
            return httpx.Response(200, json={"access_token": "tok-1", "expires_in": 3600})
        return httpx.Response(self.status, json=self.answer)


def _client(package: ModuleType, recorder: Recorder, **kwargs: Any) -> Any:
    http_client = httpx.Client(transport=httpx.MockTransport(recorder))
    return package.Client(http_client=http_client, **kwargs)


PET = {"id": 1, "name": "Rex", "species": "dog"}


def test_environments_and_default(pets: ModuleType) -> None:
    assert list(pets.ENVIRONMENTS) == ["staging_area_integrators", "production"]
    client = _client(pets, Recorder([PET]))
    assert client.base_url == "https://staging.pets.example.test/v1"


def test_auth_argument_reaches_a_server_of_a_spec_without_security(pets: ModuleType) -> None:
    recorder = Recorder([PET])
    client = _client(pets, recorder, auth=httpx.BasicAuth("me", "pw"))
    client.list_pets()
    assert recorder.requests[0].headers["Authorization"].startswith("Basic ")
    unauthenticated = Recorder([PET])
    _client(pets, unauthenticated).list_pets()
    assert "Authorization" not in unauthenticated.requests[0].headers


def test_parameters_are_serialised_per_style(pets: ModuleType) -> None:
    recorder = Recorder([PET])
    client = _client(pets, recorder)
    client.list_pets(limit=5, species="dog", tags=["a", "b"], x_request_id="0123abcd")
    (request,) = recorder.requests
    assert parse_qs(request.url.query.decode()) == {
        "limit": ["5"],
        "species": ["dog"],
        "tags": ["a,b"],  # form, explode: false
    }
    assert request.headers["X-Request-Id"] == "0123abcd"


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"species": "horse"}, "species"),
        ({"tags": ["a", "b", "c", "d"]}, "tags"),
        ({"tags": ["far-too-long-tag"]}, "tags"),
        ({"x_request_id": "XYZ"}, "x_request_id"),
    ],
)
def test_bad_parameters_raise_before_anything_is_sent(
    pets: ModuleType, kwargs: dict[str, Any], argument: str
) -> None:
    recorder = Recorder([PET])
    client = _client(pets, recorder)
    with pytest.raises(pydantic.ValidationError) as info:
        client.list_pets(**kwargs)
    assert info.value.errors()[0]["loc"][0] == argument
    assert info.value.title == "list_pets parameters"
    assert recorder.requests == []


def test_bad_path_parameter_raises_before_anything_is_sent(pets: ModuleType) -> None:
    recorder = Recorder(PET)
    with pytest.raises(pydantic.ValidationError, match="pet_id"):
        _client(pets, recorder).get_pet(0)
    assert recorder.requests == []


def test_list_and_map_answers_are_plain_python(pets: ModuleType) -> None:
    listed = _client(pets, Recorder([PET, {**PET, "id": 2}])).list_pets()
    assert type(listed) is list and len(listed) == 2
    assert all(isinstance(pet, pets.models.Pet) for pet in listed)
    assert [pet.id for pet in listed] == [1, 2]
    by_name = _client(pets, Recorder({"Rex": PET})).pets_by_name()
    assert type(by_name) is dict and isinstance(by_name["Rex"], pets.models.Pet)


def test_lenient_list_items(pets: ModuleType, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        listed = _client(pets, Recorder([{"id": "x", "name": "Rex"}, {"name": "Tom"}])).list_pets()
    assert [(p.id, p.name) for p in listed] == [("x", "Rex"), (None, "Tom")]
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 1


def test_create_missing_a_required_field(pets: ModuleType) -> None:
    answer = {"name": "Rex", "species": "dog"}  # no id
    created = _client(pets, Recorder(answer, status=201)).create_pet({"name": "Rex"})
    assert created.name == "Rex" and created.id is None
    recorder = Recorder(answer, status=201)
    strict = _client(pets, recorder, strict_response_validation=True)
    with pytest.raises(pets.AcceptedResponseValidationError) as info:
        strict.create_pet({"name": "Rex"})
    assert "ACCEPTED" in str(info.value) and "HTTP 201" in str(info.value)
    assert len(recorder.requests) == 1


def test_bodies_go_out_as_the_declared_media_type(pets: ModuleType) -> None:
    """A merge-patch body says ``application/merge-patch+json`` and an image says
    ``image/png``: servers that check the type accept them."""
    recorder = Recorder(PET)
    client = _client(pets, recorder)
    client.patch_pet(1, pets.models.NewPet(name="Rex"))
    recorder.status, recorder.answer = 204, None
    client.put_photo(1, b"\x89PNG")
    patch, photo = recorder.requests
    assert patch.headers["Content-Type"] == "application/merge-patch+json"
    assert patch.content == b'{"name":"Rex"}'
    assert photo.headers["Content-Type"] == "image/png"
    assert photo.content == b"\x89PNG"


def test_token_url_per_environment_scope_and_override(orders: ModuleType) -> None:
    credentials = {"client_id": "c", "client_secret": "s", "tenant": "acme"}
    body = {"item": "book"}
    answer = {"orderNo": "O-1", "item": "book"}

    recorder = Recorder(answer, status=201)
    _client(orders, recorder, **credentials).create_order(body)
    token, api = recorder.requests
    assert str(token.url) == "https://auth.sandbox.example.test/acme/oauth2/token"
    assert parse_qs(token.content.decode()) == {
        "grant_type": ["client_credentials"],
        "scope": ["orders:write"],
    }
    assert str(api.url) == "https://api.sandbox.example.test/orders"

    recorder = Recorder(answer, status=201)
    _client(orders, recorder, environment="production", scope="x y", **credentials).create_order(
        body
    )
    # As httpx writes it: the host in lower case.
    assert (
        str(recorder.requests[0].url) == "https://auth-your_region.example.test/acme/oauth2/token"
    )
    assert parse_qs(recorder.requests[0].content.decode())["scope"] == ["x y"]

    recorder = Recorder(answer, status=201)
    proxy = "https://proxy.example.test/oauth2/token"
    _client(orders, recorder, token_url=proxy, **credentials).create_order(body)
    assert str(recorder.requests[0].url) == proxy
