from __future__ import annotations

from pathlib import Path

from generator.config import load_api_config, load_project_config
from generator.ir.build import parse
from generator.spec.loader import load_spec

from conftest import write_project

SPEC = """\
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /b:
    post:
      operationId: zeta
      parameters:
        - {name: z, in: query, schema: {type: string}}
        - {name: a, in: header, schema: {type: string}}
        - {name: m, in: query, schema: {type: integer}}
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {x: {type: string}}}
            examples: {b: {value: {x: '1'}}, a: {value: {}}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: object, properties: {y: {type: string}}}}}}
  /a:
    get:
      operationId: alpha
      responses:
        '204': {description: ok}
"""


def test_hoisting_and_sorting(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {"api": SPEC})
    config = load_api_config(load_project_config(root), "api")
    parsed = parse(load_spec(config.spec_path), config)
    ops = parsed.api.operations
    assert [op.operation_id for op in ops] == ["alpha", "zeta"]
    zeta = ops[1]
    assert [(p.location, p.name) for p in zeta.parameters] == [
        ("query", "m"),
        ("query", "z"),
        ("header", "a"),
    ]
    assert [e.name for e in zeta.body_examples] == ["a", "b"]
    assert zeta.body_model == "ZetaRequest"  # hoisted as zetaRequest
    assert zeta.responses[0].model == "ZetaResponse200"
    assert {"zetaRequest", "zetaResponse200"} <= set(parsed.model_document["components"]["schemas"])
    assert dict(parsed.api.model_bases)["ZetaResponse200"] == "ResponseModel"
    assert dict(parsed.api.model_bases)["ZetaRequest"] == "OpenModel"  # not strict: open
