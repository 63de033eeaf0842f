"""Patterns that need a backtracking regex engine are not checked (issue: a crafted 26-character
value kept Python's ``re`` busy for 9 s, x3.6 for every 2 more), and the package README says so.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.config import one_off_config
from generator.output.writer import write_fileset
from generator.pipeline import build_api

from conftest import TEMPLATES_DIR

SPEC = """\
openapi: 3.0.3
info: {title: Patterns, version: "1"}
paths:
  /words:
    get:
      operationId: findWord
      parameters:
        - {name: q, in: query, required: true, schema: {type: string, pattern: "^(?=x)(x+x+)+y$"}}
      responses:
        "200":
          description: found
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Word"}
components:
  schemas:
    Word:
      type: object
      required: [word]
      properties:
        word: {type: string, pattern: "^(?=x)(x+x+)+y$"}
        twice: {type: string, pattern: "^(a)\\\\1$"}
        plain: {type: string, pattern: "^[a-z]+$"}
"""

# 40 characters: about 2**38 steps for a backtracking engine, instant for a linear one.
CRAFTED = "x" * 40


def test_backtracking_patterns_are_left_out_and_listed(tmp_path: Path) -> None:
    spec = tmp_path / "patterns.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    built = build_api(one_off_config(spec, "pat"), templates_dir=TEMPLATES_DIR, strict=False)
    models = "".join(
        text
        for path, text in sorted(built.files.items())
        if path.startswith("src/pat_client/models/")
    )
    assert "python-re" not in models and "(?=x)" not in models and "\\\\1" not in models
    assert 'pattern="^[a-z]+$"' in models  # a pattern the linear engine runs stays
    assert built.api.unenforced_patterns == (
        ("/components/schemas/Word/properties/twice", "^(a)\\1$"),
        ("/components/schemas/Word/properties/word", "^(?=x)(x+x+)+y$"),
        ("/paths/~1words/get/parameters/0/schema", "^(?=x)(x+x+)+y$"),
    )
    readme = built.files["README.md"]
    assert "are therefore **not checked**" in readme
    assert "- `^(?=x)(x+x+)+y$` (at `/components/schemas/Word/properties/word`)" in readme
    warned = [text for _where, text in built.warnings if "backtracking" in text]
    assert len(warned) >= 2

    write_fileset(built.files, tmp_path / "pat", output_root=tmp_path)
    code = f"""
import httpx, pat_client as p
word = p.models.Word.model_validate({{"word": {CRAFTED!r}, "twice": {CRAFTED!r}}})
assert word.word == {CRAFTED!r}
def handler(request):
    return httpx.Response(200, json={{"word": {CRAFTED!r}}})
client = p.Client(base_url="https://w.example.test", http_client=httpx.Client(transport=httpx.MockTransport(handler)))
assert client.find_word(q={CRAFTED!r}).word == {CRAFTED!r}
"""
    # A backtracking check of these values would not end for hours: the timeout is a guard.
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path / "pat" / "src",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
