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


def test_requests_prism_reads_otherwise_are_skipped_and_the_rest_sent_as_it_reads_them() -> None:
    """The corpus's cases (``tests/regressions/prism_contract_calls.yaml``, whose package runs
    them against Prism): each call says why Prism cannot read it, or sends what Prism reads."""
    spec = Path(__file__).parents[1] / "regressions" / "prism_contract_calls.yaml"
    built = build_api(one_off_config(spec, "calls"), templates_dir=TEMPLATES_DIR, strict=False)
    calls = {call["id"]: call for call in json.loads(built.files["tests/cases.json"])["contract"]}
    cannot = {key: call["prism_cannot"] for key, call in calls.items() if call["prism_cannot"]}
    assert "the spec lists before it" in cannot["createArtifact:derived"]
    assert "describes an object, but the body is text" in cannot["sendTx"]
    assert "describes an object, but the body is text" in cannot["query"]
    assert "field 'topic'" in cannot["publish:derived"]
    assert "array of arrays or objects" in cannot["batch"]
    assert "member 'type' has the name of another query parameter" in cannot["reconcile"]
    assert "'position''s test value contains '.'" in cannot["reverseGeocode"]
    assert "misses 'grant_type', which the schema requires without declaring it" in (
        cannot["revoke:derived"]
    )
    assert len(cannot) == 8
    # Sent as Prism reads them: a text body long enough, base64 bytes, one form field, the
    # declared Accept-Encoding, the declared Authorization header as the credential.
    assert len(calls["authenticate"]["body"]["value"]) >= 55
    assert calls["authenticate"]["kwargs"] == {"accept_encoding": "application/json"}
    assert calls["upload"]["body"] == {"value": "c2FtcGxl"} and calls["upload"]["binary"]
    assert calls["getSigned"]["auth"] == [
        {"in": "header", "name": "Authorization", "value": "Auto"}
    ]
    toggle = json.loads(built.files["tests/cases.json"])["examples"][
        calls["toggle:derived"]["body"]
    ]
    assert toggle["value"] == {"enabled": True}
    callback = calls["requestToken"]["kwargs"]["callback"]
    assert callback.startswith("http") and callback.isalnum()
