"""Every JSON sample of the vendor pages (the seed documents) is valid, exactly as published,
against its spec's schema (JSON Schema 2020-12) and against the generated model.

A spec must accept every vendor sample unless the sample breaks the rules of the same page.
The samples are kept verbatim in ``vendor_samples.json`` (so CI needs no copy of the seeds);
when the seed documents are at hand (``$SPECGEN_SEEDS``, ``../shared/seeds`` beside the
repository, or ``/work/shared/seeds``) the file is checked against them: every JSON value a
seed page holds, in page order, and nothing else.

One sample breaks a rule of its own page and is accepted with that one member set as the page
says (``breaks_page_rule``): ShopCtrl's request sample has ``"Id": 9`` where the page says "Must
be 0 (for insert operations)".

Seed 001 (Salesforce) prints its input JSON with elisions (``"records": [...]``, ``{ ... }``)
and missing commas, so only its well-formed fragments (a Driver item, the quote detail, the
output) are samples; seed 004 (instellix) shows no sample at all.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from .helpers import errors, load_spec

ROOT = Path(__file__).resolve().parents[2]
SAMPLES_FILE = Path(__file__).with_name("vendor_samples.json")
SAMPLES: dict[str, list[dict[str, Any]]] = json.loads(SAMPLES_FILE.read_text(encoding="utf-8"))
"""seed file → its samples in page order: ``{api, schema, model, side, note, value}``."""


def _seeds_dir() -> Path | None:
    for candidate in (
        os.environ.get("SPECGEN_SEEDS"),
        str(ROOT.parent / "shared" / "seeds"),
        "/work/shared/seeds",
    ):
        if candidate and Path(candidate).is_dir() and any(Path(candidate).glob("*.txt")):
            return Path(candidate)
    return None


def json_values(text: str) -> list[Any]:
    """Every top-level JSON object in ``text``, in order (what a page's samples are)."""
    decoder = json.JSONDecoder()
    found: list[Any] = []
    index = 0
    while (start := text.find("{", index)) >= 0:
        try:
            value, end = decoder.raw_decode(text, start)
        except ValueError:
            index = start + 1
            continue
        found.append(value)
        index = end
    return found


CASES = [
    pytest.param(seed, index, sample, id=f"{seed.split('_')[0]}-{index}-{sample['api']}")
    for seed, samples in sorted(SAMPLES.items())
    for index, sample in enumerate(samples)
]


def test_the_samples_are_the_seeds_own() -> None:
    seeds = _seeds_dir()
    if seeds is None:
        pytest.skip("the seed documents are not available here")
    pages = sorted(p.name for p in seeds.glob("*.txt"))
    assert sorted(SAMPLES) == pages
    for page in pages:
        published = json_values((seeds / page).read_text(encoding="utf-8"))
        assert [s["value"] for s in SAMPLES[page]] == published, page


def test_every_api_has_its_samples() -> None:
    apis = {sample["api"] for samples in SAMPLES.values() for sample in samples}
    assert apis == {"harmony", "odyssee", "salesforce_insurance", "shopctrl"}  # instellix: none


def _as_accepted(sample: dict[str, Any]) -> Any:
    """The sample, with the one member that breaks its own page's rule set as the page says
    (``breaks_page_rule``: ShopCtrl's request ``"Id": 9`` where the page says "Must be 0")."""
    broken = sample.get("breaks_page_rule")
    if broken is None:
        return sample["value"]
    return {**sample["value"], broken["member"]: broken["fixed"]}


@pytest.mark.parametrize(("seed", "index", "sample"), CASES)
def test_sample_is_valid_against_the_spec(seed: str, index: int, sample: dict[str, Any]) -> None:
    found = errors(sample["api"], sample["schema"], _as_accepted(sample))
    assert found == [], f"{seed} sample {index} ({sample['note']}): {found}"
    broken = sample.get("breaks_page_rule")
    if broken is not None:  # rejected as published, and only for that member
        refused = errors(sample["api"], sample["schema"], sample["value"])
        assert len(refused) == 1, refused  # the fixed copy differs in that member only


@pytest.mark.parametrize(("seed", "index", "sample"), CASES)
def test_sample_is_valid_against_the_model(seed: str, index: int, sample: dict[str, Any]) -> None:
    src = str(ROOT / "generated" / sample["api"] / "src")
    if src not in sys.path:
        sys.path.insert(0, src)
    models = importlib.import_module(f"{sample['api']}_client.models")
    model = getattr(models, sample["model"])
    value = _as_accepted(sample)
    if sample["side"] == "request":
        parsed = model.model_validate(value)
        # Sent unchanged: what the caller wrote is what goes on the wire.
        assert parsed.to_wire() == value or _same_instants(parsed.to_wire(), value)
    else:
        model.model_validate(value, context={"specgen_response": True})


def _same_instants(sent: Any, published: Any) -> bool:
    """Equal, except date-times written with more fractional digits than pydantic keeps."""
    if isinstance(sent, dict) and isinstance(published, dict):
        return sent.keys() == published.keys() and all(
            _same_instants(sent[k], published[k]) for k in sent
        )
    if isinstance(sent, list) and isinstance(published, list):
        return len(sent) == len(published) and all(map(_same_instants, sent, published))
    if isinstance(sent, str) and isinstance(published, str) and sent != published:
        from datetime import datetime

        try:
            return datetime.fromisoformat(sent) == datetime.fromisoformat(published)
        except ValueError:
            return False
    return bool(sent == published)


def test_the_spec_examples_named_vendor_sample_are_the_published_ones() -> None:
    """Where a spec keeps a ``vendorSample`` example of a whole body, it is the seed's, unchanged."""
    harmony = load_spec("harmony")
    create = harmony["paths"]["/api/insurance/CreateContract"]["post"]
    kept = create["requestBody"]["content"]["application/json"]["examples"]["vendorSample"]
    assert kept["value"] == SAMPLES["000_4446702ef955e686.txt"][0]["value"]
