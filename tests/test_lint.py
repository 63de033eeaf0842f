"""`specgen lint`: the five specs are clean; every project rule reports file, line and pointer."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from generator.spec.lint import lint
from generator.spec.loader import load_spec

from conftest import TEMPLATES_DIR

ROOT = Path(__file__).resolve().parents[1]
APIS = sorted(p.parent.name for p in (ROOT / "specs").glob("*/openapi.yaml"))


@pytest.mark.parametrize("api", APIS)
def test_every_spec_loads_validates_and_lints_clean(api: str) -> None:
    spec = load_spec(ROOT / "specs" / api / "openapi.yaml")
    assert lint(spec) == []


BAD = textwrap.dedent("""\
    openapi: 3.1.0
    info: {title: bad, version: "1"}
    paths:
      /things:
        post:
          requestBody:
            content:
              application/json:
                schema: {$ref: '#/components/schemas/Thing'}
          responses:
            "200": {description: ok}
    components:
      schemas:
        Thing:
          type: object
          properties:
            code: {type: string, pattern: '[A-Z]+'}
            note: {type: string, maxLength: 2147483647}
            anything: {description: no type at all}
    """)


def test_each_rule_is_reported_with_its_place(tmp_path: Path) -> None:
    path = tmp_path / "openapi.yaml"
    path.write_text(BAD, encoding="utf-8")
    problems = [(loc.line, loc.pointer, message) for loc, message in lint(load_spec(path))]
    assert problems == [
        (5, "/paths/~1things/post", "POST /things has no operationId"),
        (
            8,
            "/paths/~1things/post/requestBody/content/application~1json",
            "request body has no example",
        ),
        (
            17,
            "/components/schemas/Thing/properties/code/pattern",
            "pattern '[A-Z]+' is not anchored (^...$)",
        ),
        (
            18,
            "/components/schemas/Thing/properties/note/maxLength",
            "maxLength 2147483647 only means unbounded: leave maxLength out",
        ),
        (19, "/components/schemas/Thing/properties/anything", "property 'anything' has no type"),
    ]
    for loc, _ in lint(load_spec(path)):
        assert loc.file == path


def test_lint_command_exit_code(tmp_path: Path) -> None:
    from click.testing import CliRunner
    from generator.cli import cli

    (tmp_path / "specs" / "bad").mkdir(parents=True)
    (tmp_path / "specs" / "bad" / "openapi.yaml").write_text(BAD, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        f"[tool.specgen]\ntemplates = {json.dumps(str(TEMPLATES_DIR))}\n", encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["--project", str(tmp_path), "lint"])
    assert result.exit_code == 2
    assert (
        "openapi.yaml:17:30 (at /components/schemas/Thing/properties/code/pattern)" in result.output
    )
