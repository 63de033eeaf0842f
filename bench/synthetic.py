"""A large synthetic OpenAPI 3.1 spec: many schemas and operations, deterministic."""

from __future__ import annotations

from typing import Any


def synthetic_spec(
    schemas: int = 500, operations: int = 200, *, rules: bool = True
) -> dict[str, Any]:
    """``schemas`` object schemas (references form a shallow tree) and ``operations`` POSTs.

    ``rules=False`` leaves out the conditional rule on each schema: the peers cannot express
    it (openapi-python-client skips such schemas), so the side-by-side run uses that variant.
    """
    components: dict[str, Any] = {}
    for i in range(schemas):
        props: dict[str, Any] = {
            "id": {"type": "string", "format": "uuid"},
            "name": {"type": "string", "maxLength": 80},
            "count": {"type": "integer", "minimum": 0, "maximum": 1000},
            "price": {"type": "number", "format": "decimal"},
            "createdAt": {"type": "string", "format": "date-time"},
            "status": {"type": "string", "enum": ["active", "inactive", "pending"]},
            "note": {"type": ["string", "null"]},
            "tags": {"type": "array", "items": {"type": "string"}},
        }
        if i:
            # A tree, not a chain: a 500-deep chain of references overflows
            # openapi-python-client's recursion limit.
            props["parent"] = {"$ref": f"#/components/schemas/Model{(i - 1) // 2:03d}"}
        components[f"Model{i:03d}"] = {
            "type": "object",
            "required": ["id", "name"],
            "properties": props,
        }
        if rules:
            components[f"Model{i:03d}"]["anyOf"] = [
                {"required": ["count"]},
                {"required": ["price"]},
            ]
    paths: dict[str, Any] = {}
    for j in range(operations):
        model = f"Model{j % schemas:03d}"
        ref = {"$ref": f"#/components/schemas/{model}"}
        body = {
            "required": True,
            "content": {
                "application/json": {
                    "schema": ref,
                    "examples": {
                        "one": {
                            "value": {
                                "id": "0b2f5ae3-ec46-4992-abb2-4678f8ce1d9f",
                                "name": "x",
                                "count": 1,
                            }
                        }
                    },
                }
            },
        }
        paths[f"/things{j:03d}/{{thingId}}"] = {
            "parameters": [
                {"name": "thingId", "in": "path", "required": True, "schema": {"type": "string"}}
            ],
            "post": {
                "operationId": f"createThing{j:03d}",
                "requestBody": body,
                "responses": {
                    "201": {
                        "description": "created",
                        "content": {"application/json": {"schema": ref}},
                    }
                },
            },
        }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Synthetic", "version": "1.0.0"},
        "servers": [{"url": "https://api.example.test", "description": "test"}],
        "paths": paths,
        "components": {"schemas": components},
    }


if __name__ == "__main__":
    # python bench/synthetic.py SCHEMAS OPERATIONS > spec.json (with conditional rules)
    import json
    import sys

    counts = [int(argument) for argument in sys.argv[1:3]]
    json.dump(synthetic_spec(*counts), sys.stdout)
