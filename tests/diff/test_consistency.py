"""The diff says what ``generate`` does: a catalogue of spec mutations, each generated both
ways, judged on the two packages' public Python surfaces (``public_surface``), and compared
with ``specgen diff``'s verdict and named symbols.

For every mutation: the verdict (breaking or not) is the same; every symbol whose change
breaks callers is named by a change of the diff; and every breaking change the diff reports
names a symbol that does break. The mutations are those of ``test_kinds`` (each kind of change
the README lists) and the ones below, where the diff and the models once read a schema
differently.
"""

from __future__ import annotations

import copy
import functools
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from generator.config import one_off_config
from generator.diff import BREAKING, Change, compare
from generator.pipeline import build_api
from generator.surfaces import surfaces_of_files

from conftest import TEMPLATES_DIR

from .public_surface import Package, Truth, public_surface, truth
from .test_kinds import BASE, CASES, Spec, prop, schema, write

# Slow (each mutation is generated, the whole package, as `specgen generate` builds it):
# not in `make test-fast`; `make test` starts it first.
pytestmark = pytest.mark.slow(weight=3)

PACKAGE = "demo_client."


def _apikey(name: str) -> Callable[[Spec], None]:
    def mutate(s: Spec) -> None:
        s["components"]["securitySchemes"]["Bearer"] = {
            "type": "apiKey",
            "in": "header",
            "name": name,
        }

    return mutate


def _pet_union(mapping_key: str) -> Callable[[Spec], None]:
    def mutate(s: Spec) -> None:
        schemas = s["components"]["schemas"]
        schemas["Driver"] = {
            "type": "object",
            "required": ["kind"],
            "properties": {"kind": {"type": "string"}, "licence": {"type": "string"}},
        }
        schemas["Owner"] = {
            "type": "object",
            "required": ["kind"],
            "properties": {"kind": {"type": "string"}, "since": {"type": "string"}},
        }
        schemas["Party"] = {
            "oneOf": [
                {"$ref": "#/components/schemas/Driver"},
                {"$ref": "#/components/schemas/Owner"},
            ],
            "discriminator": {
                "propertyName": "kind",
                "mapping": {
                    mapping_key: "#/components/schemas/Driver",
                    "owner": "#/components/schemas/Owner",
                },
            },
        }
        schema(s, "CreateContractRequest")["properties"]["party"] = {
            "$ref": "#/components/schemas/Party"
        }

    return mutate


def _then(*steps: Callable[[Spec], None]) -> Callable[[Spec], None]:
    def mutate(s: Spec) -> None:
        for step in steps:
            step(s)

    return mutate


def _retype_initials(s: Spec) -> None:
    prop(s, "Customer", "initials").update(type="integer")
    del prop(s, "Customer", "initials")["maxLength"]


# (id, base mutation, mutation): the base is BASE with the first applied.
EXTRA: list[tuple[str, Callable[[Spec], None], Callable[[Spec], None]]] = [
    (
        "additionalProperties false on a request model",
        lambda s: None,
        lambda s: schema(s, "CreateContractRequest").update(additionalProperties=False),
    ),
    (
        "additionalProperties true on a model already open",
        lambda s: None,
        lambda s: schema(s, "Customer").update(additionalProperties=True),
    ),
    (
        "discriminator mapping key renamed",
        _pet_union("driver"),
        _pet_union("DRIVER"),
    ),
    (
        "writeOnly on a response field",
        lambda s: None,
        lambda s: prop(s, "Contract", "reference").update(writeOnly=True),
    ),
    (
        "readOnly on a request field",
        lambda s: None,
        lambda s: schema(s, "CreateContractRequest")["properties"]["shopNo"].update(readOnly=True),
    ),
    ("top-level security removed", lambda s: None, lambda s: s.pop("security")),
    (
        "an alternative scheme added",
        lambda s: None,
        _then(
            lambda s: s["components"]["securitySchemes"].update(
                Key={"type": "apiKey", "in": "header", "name": "X-Key"}
            ),
            lambda s: s.update(security=[{"Bearer": []}, {"Key": []}]),
        ),
    ),
    ("API-key header renamed", _apikey("X-Key"), _apikey("X-Api-Key")),
    (
        "enum narrowed to one value",
        lambda s: None,
        lambda s: prop(s, "Customer", "countryCode").update(enum=["NL"]),
    ),
    (
        "request default added",
        lambda s: None,
        lambda s: prop(s, "Customer", "height").update(default=1.5),
    ),
    (
        "response default removed",
        lambda s: prop(s, "Contract", "amount").update(default=0),
        lambda s: prop(s, "Contract", "amount").pop("default"),
    ),
    ("type changed with its example", lambda s: None, _retype_initials),
    (
        # The diff once knew fewer typed formats than the models: uuid4 is pydantic's UUID4.
        "a uuid4 format dropped from a response field",
        lambda s: prop(s, "Contract", "reference").update(format="uuid4"),
        lambda s: prop(s, "Contract", "reference").pop("format"),
    ),
    (
        "empty 200 answer becomes an empty 204",
        lambda s: s["paths"]["/contracts/{contractNo}"].update(
            delete={"operationId": "cancelContract", "responses": {"200": {"description": "ok"}}}
        ),
        lambda s: s["paths"]["/contracts/{contractNo}"].update(
            delete={"operationId": "cancelContract", "responses": {"204": {"description": "ok"}}}
        ),
    ),
]

CATALOGUE: list[tuple[str, Callable[[Spec], None], Callable[[Spec], None]]] = [
    (case[0], lambda s: None, case[1]) for case in CASES
] + EXTRA

# Disagreements not resolved yet, each with its cause (strict: one that goes away fails here
# until it is taken off the list).
KNOWN: dict[str, str] = {}


_FOLDERS: list[Path] = []


@functools.cache
def _package(text: str) -> tuple[Package, Path]:
    """The surface of the package built from spec ``text``, and where the spec was written
    (built once per test process: most mutations share BASE as their base)."""
    folder = Path(tempfile.mkdtemp(prefix="specgen-consistency-"))
    _FOLDERS.append(folder)
    path = write(folder / "openapi.yaml", yaml.safe_load(text))
    built = build_api(one_off_config(path, "demo"), templates_dir=TEMPLATES_DIR, strict=False)
    return public_surface(built.files, built.api.package), path


def _side(spec: Spec) -> tuple[Package, Path]:
    return _package(yaml.safe_dump(spec, sort_keys=False))


@pytest.fixture(scope="module", autouse=True)
def _specs_removed_at_the_end() -> Iterator[None]:
    yield
    _package.cache_clear()
    while _FOLDERS:
        shutil.rmtree(_FOLDERS.pop(), ignore_errors=True)


def _named(change: Change) -> str:
    return change.python.removeprefix(PACKAGE)


def _related(reported: str, symbol: str, found: Truth) -> bool:
    """Whether a change the diff reports at ``reported`` is about ``symbol``."""
    if reported.startswith("Client(") and symbol.startswith(("Client(", "ENVIRONMENTS[")):
        return True  # the constructor: its credentials, its environments
    if "(" in reported and not reported.startswith(("Client(", "parse_webhook(")):
        reported = reported.split("(")[0]  # an argument of a method: the method
    if reported == symbol or symbol.startswith(reported + ".") or reported.startswith(symbol + "."):
        return True
    if reported.removeprefix("models.") in found.causes.get(symbol, frozenset()):
        return True  # a field whose type changed with the class it uses
    # ``Client.create_contract`` stands for its ``_with_response`` twin too.
    return symbol.removesuffix("_with_response") == reported


def _disagreements(found: Truth, changes: list[Change]) -> list[str]:
    problems = []
    reported_breaking = [_named(c) for c in changes if c.level == BREAKING]
    if found.breaking != bool(reported_breaking):
        problems.append(f"verdict: generated packages say breaking={found.breaking}")
    for symbol, breaks in found.changes.items():
        if breaks and not any(_related(_named(c), symbol, found) for c in changes):
            problems.append(f"not reported: {symbol} breaks")
    for reported in reported_breaking:
        if not any(breaks and _related(reported, s, found) for s, breaks in found.changes.items()):
            problems.append(f"reported breaking, but nothing a caller uses breaks: {reported}")
    return problems


def test_the_catalogue_has_at_least_sixty_mutations() -> None:
    assert len(CATALOGUE) >= 60
    assert len({case[0] for case in CATALOGUE}) == len(CATALOGUE)


@pytest.mark.parametrize(
    "prepare, mutate",
    [
        pytest.param(
            *case[1:],
            id=case[0],
            marks=(
                [pytest.mark.xfail(reason=KNOWN[case[0]], strict=True)] if case[0] in KNOWN else []
            ),
        )
        for case in CATALOGUE
    ],
)
def test_the_diff_agrees_with_the_generated_packages(
    prepare: Callable[[Spec], None], mutate: Callable[[Spec], None]
) -> None:
    base = copy.deepcopy(BASE)
    prepare(base)
    current = copy.deepcopy(base)
    mutate(current)
    old, old_path = _side(base)
    new, new_path = _side(current)
    config = one_off_config(new_path, "demo")
    changes = compare(
        *surfaces_of_files(config, (old_path, str(old_path)), (new_path, str(new_path)))
    )
    found = truth(old, new)
    problems = _disagreements(found, changes)
    assert not problems, (
        problems,
        {s: b for s, b in found.changes.items()},
        [(c.level, c.kind, _named(c)) for c in changes],
    )
