"""Arguments typed to the last one: an enum parameter is a ``Literal`` (mypy and an IDE know
its values) and a method's docstring says what each parameter is and allows (``help()``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from generator.config import one_off_config
from generator.output.writer import write_fileset
from generator.pipeline import build_api

from conftest import TEMPLATES_DIR, mypy_strict

# Slow (a package written and type-checked): not in `make test-fast`.
pytestmark = pytest.mark.slow(weight=1)

SPEC = """openapi: 3.1.0
info: {title: Flights, version: "1"}
servers: [{url: "https://api.example.test"}]
paths:
  /flights:
    get:
      operationId: listFlights
      parameters:
        - name: status
          in: query
          description: Only flights in this state.
          schema: {type: string, enum: [scheduled, boarding, departed], default: scheduled}
        - name: limit
          in: query
          description: How many flights to return.
          schema: {type: integer, minimum: 1, maximum: 50}
        - name: carrier
          in: query
          schema: {type: string, pattern: "^[A-Z]{2}$"}
      responses:
        "200":
          description: the flights
          content:
            application/json:
              schema: {type: array, items: {type: string}}
"""

USE = """from flights_client import Client

client = Client(base_url="https://api.example.test")
client.list_flights(status="boarding", limit=10)
client.list_flights(status="landed")
"""


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("typed")
    spec = folder / "openapi.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    built = build_api(one_off_config(spec, "flights"), templates_dir=TEMPLATES_DIR, strict=False)
    out = folder / "flights"
    write_fileset(built.files, out, output_root=folder)
    return out


def test_an_invalid_enum_value_is_a_type_error(package: Path, mypy_cache: Path) -> None:
    (package / "src" / "use.py").write_text(USE, encoding="utf-8")
    result = mypy_strict("use.py", cwd=package / "src", cache=mypy_cache)
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 1, result.stdout
    assert errors[0].startswith("use.py:5:") and "'landed'" in errors[0], result.stdout


def test_help_shows_each_parameter_its_description_and_limits(package: Path) -> None:
    shown = subprocess.run(
        [sys.executable, "-c", "import flights_client; help(flights_client.Client.list_flights)"],
        cwd=package / "src",
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "status: Only flights in this state. (query parameter ``status``; one of" in shown
    assert '``"scheduled"``, ``"boarding"``, ``"departed"``; default ``"scheduled"``)' in shown
    assert "limit: How many flights to return. (query parameter ``limit``; at least 1; " in shown
    assert "at most 50)" in shown
    assert "carrier: (query parameter ``carrier``; matching ``^[A-Z]{2}$``)" in shown
