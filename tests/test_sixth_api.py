"""The README's "Add a sixth API", followed literally in a copy of this repository.

The new spec is written the way the README says (strict project: `specgen lint acme` must
report nothing) and has what real hand-written specs often lack: no response examples and no
security. Everything a `make test` would check for it must then be green: `lint`, `generate`,
`check` (the package index included), the package's own tests and lint, and the generator's
tests that run over every API of the project. No undocumented file is needed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import MYPY_CACHE_ENV

# Slow (the README's walk-through: a copy of the repo, nested test runs):
# not in `make test-fast`; `make test` starts it first.
pytestmark = pytest.mark.slow(weight=10)

REPO = Path(__file__).resolve().parents[1]
PRISM = REPO / "node_modules" / ".bin" / "prism"

ACME = """\
openapi: 3.1.0
info:
  title: Acme Contracts
  version: "1.0.0"
servers:
  - url: https://api.acme.example/v1
    description: Production
paths:
  /contracts:
    post:
      operationId: createContract
      summary: Create a contract
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/ContractRequest"}
            example: {customer: "Jane Doe", amount: 12.5, plan: basic}
      responses:
        "201":
          description: Created
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Contract"}
        "400":
          description: Rejected
  /contracts/{contractId}:
    get:
      operationId: getContract
      parameters:
        - {name: contractId, in: path, required: true, schema: {type: string, minLength: 1}}
      responses:
        "200":
          description: The contract
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Contract"}
components:
  schemas:
    ContractRequest:
      type: object
      additionalProperties: false
      required: [customer, amount, plan]
      properties:
        customer: {type: string, minLength: 1, maxLength: 80}
        amount: {type: number, minimum: 0}
        plan: {type: string, enum: [basic, plus]}
    Contract:
      type: object
      required: [id, customer, plan]
      properties:
        id: {type: string}
        customer: {type: string}
        plan: {type: string, enum: [basic, plus]}
"""


def _copy_of_repo(target: Path) -> Path:
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True
    ).stdout.split(b"\0")
    for name in (n.decode() for n in tracked if n):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def _run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(cwd), "SPECGEN_PRISM": str(PRISM), **env},
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_add_a_sixth_api_as_the_readme_says(tmp_path: Path, mypy_cache: Path) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Add a sixth API", 1)[1].split("\n## ", 1)[0]
    # The steps this test performs are the ones the README gives.
    for step in ("mkdir specs/acme", "specs/acme/openapi.yaml", "lint acme", "generate acme"):
        assert step in section
    repo = _copy_of_repo(tmp_path / "repo")
    specgen = [sys.executable, "-m", "generator"]

    (repo / "specs" / "acme").mkdir()  # 1. mkdir specs/acme and write the spec
    (repo / "specs" / "acme" / "openapi.yaml").write_text(ACME, encoding="utf-8")
    lint = _run([*specgen, "lint", "acme"], repo)  # the project is strict: nothing to report
    assert lint.returncode == 0, lint.stderr
    assert "acme: ok" in lint.stdout
    generate = _run([*specgen, "generate", "acme"], repo)  # 3. generate acme
    assert generate.returncode == 0, generate.stderr
    package = repo / "generated" / "acme"
    assert (package / "src" / "acme_client" / "client.py").is_file()

    check = _run([*specgen, "check"], repo)  # CI's drift check, the package index included
    assert check.returncode == 0, check.stdout + check.stderr
    assert "| [`acme`](acme/) | `acme_client` |" in (repo / "generated" / "README.md").read_text(
        encoding="utf-8"
    )
    own = _run(  # make test-packages, for the new package
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        package,
        PYTHONPATH=str(package / "src"),
    )
    assert own.returncode == 0, own.stdout[-3000:]
    assert " failed" not in own.stdout and " passed" in own.stdout
    generator_tests = _run(  # make test-generator: the tests that run over every API
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/test_readme.py",
            "tests/test_generated_clients.py",
            "tests/test_lint_clean.py",
            "tests/test_install.py",
            "-k",
            "acme or quickstart",
        ],
        repo,
        **{MYPY_CACHE_ENV: str(mypy_cache)},
    )
    assert generator_tests.returncode == 0, generator_tests.stdout[-3000:]
    assert " passed" in generator_tests.stdout
