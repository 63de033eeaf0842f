"""The Prism contract calls: what Prism cannot mock is skipped with its reason, not failed."""

from __future__ import annotations

import json
from pathlib import Path

from generator.config import one_off_config
from generator.pipeline import build_api

from conftest import TEMPLATES_DIR

SPEC = """\
openapi: 3.0.3
info: {title: Prism limits, version: "1"}
paths:
  /v20190125/tag#resourceArn:
    post:
      operationId: tagResource
      responses:
        "204": {description: tagged}
  /jobs:
    post:
      operationId: startJob
      responses:
        "303": {description: see other}
        "400": {description: refused}
  /ping:
    get:
      operationId: ping
      responses:
        "200":
          description: pong
          content:
            application/json:
              schema: {type: object, properties: {ok: {type: boolean}}}
"""


def test_calls_prism_cannot_answer_carry_the_reason(tmp_path: Path) -> None:
    spec = tmp_path / "limits.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    built = build_api(one_off_config(spec, "limits"), templates_dir=TEMPLATES_DIR, strict=False)
    calls = json.loads(built.files["tests/cases.json"])["contract"]
    reasons = {call["id"]: call["prism_cannot"] for call in calls}
    assert set(reasons) == {"tagResource", "startJob", "ping"}  # every operation is listed
    assert reasons["ping"] == ""
    assert "declares no success (2xx) answer" in reasons["startJob"]
    assert "'/v20190125/tag#resourceArn'" in reasons["tagResource"]
    test_module = built.files["tests/test_contract_prism.py"]
    assert "    if prism_cannot:\n        pytest.skip(prism_cannot)\n" in test_module
