"""Validate instances against a spec's schemas with a real JSON Schema 2020-12 validator.

These helpers read the YAML spec alone (no generator code), so the spec tests prove what the
spec itself says, independently of what specgen makes of it.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPECS_DIR = Path(__file__).resolve().parents[2] / "specs"
BASE_URI = "urn:specgen:spec"


@lru_cache(maxsize=None)
def load_spec(api: str) -> dict[str, Any]:
    """The parsed ``specs/<api>/openapi.yaml``."""
    with (SPECS_DIR / api / "openapi.yaml").open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


@lru_cache(maxsize=None)
def _registry(api: str) -> Registry:
    resource = Resource(contents=load_spec(api), specification=DRAFT202012)
    return Registry().with_resource(BASE_URI, resource)


def validator_for(api: str, pointer: str) -> Draft202012Validator:
    """A 2020-12 validator for the schema at JSON pointer ``pointer`` (``/components/schemas/X``).

    ``$ref``s inside the spec resolve against the whole document, as OpenAPI 3.1 defines.
    Formats are checked (date, date-time, uuid, email ...).
    """
    schema = {"$ref": f"{BASE_URI}#{pointer}"}
    return Draft202012Validator(
        schema,
        registry=_registry(api),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def is_valid(api: str, pointer: str, instance: Any) -> bool:
    return validator_for(api, pointer).is_valid(instance)


def errors(api: str, pointer: str, instance: Any) -> list[str]:
    return [e.message for e in validator_for(api, pointer).iter_errors(instance)]


def media_examples(api: str) -> list[tuple[str, str, str, Any]]:
    """Every named example of every request and response body.

    Returns ``(example_id, schema_pointer, where, value)`` tuples, sorted by id, where
    ``schema_pointer`` points at the media type's ``schema`` so ``validator_for`` can use it.
    """
    spec = load_spec(api)
    found: list[tuple[str, str, str, Any]] = []
    for path, item in spec.get("paths", {}).items():
        for method, op in item.items():
            if not isinstance(op, dict) or "operationId" not in op:
                continue
            escaped = path.replace("~", "~0").replace("/", "~1")
            base = f"/paths/{escaped}/{method}"
            bodies: list[tuple[str, dict[str, Any]]] = []
            if "requestBody" in op:
                bodies.append((f"{base}/requestBody", op["requestBody"]))
            for status, response in op.get("responses", {}).items():
                bodies.append((f"{base}/responses/{status}", response))
            for where, body in bodies:
                if "$ref" in body:
                    continue
                for media_type, media in body.get("content", {}).items():
                    mt = media_type.replace("~", "~0").replace("/", "~1")
                    for name, example in media.get("examples", {}).items():
                        if "value" not in example:
                            continue
                        found.append(
                            (
                                f"{op['operationId']}:{where.rsplit('/', 1)[-1]}:{name}",
                                f"{where}/content/{mt}/schema",
                                where,
                                copy.deepcopy(example["value"]),
                            )
                        )
    return sorted(found, key=lambda item: item[0])
