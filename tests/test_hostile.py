"""Hostile specs: each is refused with a located message (exit 2) or yields safe code (exit 0).

Every case runs the real command line in its own process, bounded in time (a hang fails the
test) and memory (peak resident size from ``wait4``). None may end in exit 3 (a specgen bug)
or print a traceback. Packages that are generated must import, carry no invisible or control
character outside the shipped spec, and pass their own tests.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from generator.naming import CLIENT_ATTRIBUTES

from conftest import generator_forks, package_suite_forks, pooled_prism
from forkserver import Finished

# Slow (hostile specs through the CLI):
# not in `make test-fast`; `make test` starts it first.
pytestmark = pytest.mark.slow(weight=2)

REPO = Path(__file__).resolve().parents[1]
MAX_RSS_MB = 500
TIME_LIMIT_S = 60  # a bound for hangs, not a speed assertion (figures: bench/README.md)


def _spec(
    *,
    server: str = "https://api.example.com/v1",
    path: str = "/things",
    header: str = "X-Trace",
    description: str = "A thing.",
    name_schema: str = "{type: string, maxLength: 50}",
    extra: str = "",
) -> str:
    return f"""openapi: 3.1.0
info: {{title: Hostile, version: "1"}}
servers: [{{url: {json.dumps(server)}}}]
paths:
  {json.dumps(path)}:
    post:
      operationId: createThing
      parameters:
        - {{name: {json.dumps(header)}, in: header, schema: {{type: string}}}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {{$ref: "#/components/schemas/Thing"}}
      responses:
        "201":
          description: created
          content:
            application/json:
              schema: {{$ref: "#/components/schemas/Thing"}}
components:
  schemas:
    Thing:
      type: object
      description: {json.dumps(description)}
      required: [name]
      properties:
        name: {name_schema}
{extra}"""


def _laughs(levels: int, width: int) -> str:
    lines = ["x-lol:", f"  l0: &l0 [{', '.join(['lol'] * width)}]"]
    for level in range(1, levels):
        lines.append(f"  l{level}: &l{level} [{', '.join([f'*l{level - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


def _deep_json(levels: int) -> str:
    """A spec whose one schema nests ``levels`` objects (built as text: too deep for json)."""
    schema = (
        '{"type": "object", "properties": {"p": ' * levels + '{"type": "string"}' + "}}" * levels
    )
    operation = (
        '{"operationId": "make", "requestBody": {"content": {"application/json": '
        '{"schema": {"$ref": "#/components/schemas/Deep"}}}}, '
        '"responses": {"200": {"description": "ok"}}}'
    )
    return (
        '{"openapi": "3.1.0", "info": {"title": "Deep", "version": "1"}, '
        f'"paths": {{"/t": {{"post": {operation}}}}}, '
        f'"components": {{"schemas": {{"Deep": {schema}}}}}}}'
    )


# Text that must come out inert: docstring and template injection, bidi overrides ("Trojan
# Source"), NUL, C1 controls, Unicode line separators.
_NASTY = (
    '""" ; import os; os.system("id") # {{ 7*7 }} {% raw %} </script> '
    "\u202eevil\u202c \u2066iso\u2069 \x00nul \x85nel \u2028ls \x1besc \\ end"
)


@dataclass(frozen=True)
class Case:
    id: str
    filename: str
    text: Callable[[], str | bytes]
    exit_code: int
    message: str = ""
    """A fragment of the error (exit 2) or of a warning (exit 0)."""
    where: str = ""
    """A fragment of the location the error names (``file:line`` or a JSON pointer)."""


CASES = [
    Case(
        "alias-bomb",
        "bomb.yaml",
        lambda: _spec(extra=_laughs(9, 9)),
        2,
        "alias bomb",
        "(at /x-lol/l",
    ),
    Case(
        "alias-bomb-in-example",
        "bomb.yaml",
        lambda: _spec(
            extra=_laughs(8, 6) + "x-ex:\n  value: *l7\n",
        ),
        2,
        "alias bomb",
        "bomb.yaml:",
    ),
    Case(
        "self-referencing-alias",
        "loop.yaml",
        lambda: _spec(extra="x-loop: &loop\n  self: *loop\n"),
        2,
        "refers to itself",
        "(at /x-loop/self)",
    ),
    Case(
        "500-deep-schema",
        "deep.json",
        lambda: _deep_json(500),
        2,
        "nested more than",
        "deep.json:1:",
    ),
    Case(
        "100000-deep-array",
        "deep.json",
        lambda: '{"openapi": "3.1.0", "x": ' + "[" * 100_000 + "]" * 100_000 + "}",
        2,
        "nested more than",
        "deep.json",
    ),
    Case(
        "100000-deep-yaml-flow",
        "deep.yaml",
        lambda: _spec(extra="x-deep: " + "[" * 100_000 + "]" * 100_000 + "\n"),
        2,
        "nesting depth",
        "deep.yaml:",
    ),
    Case(
        "5000-digit-number",
        "big.yaml",
        lambda: _spec(name_schema="{type: integer, maximum: " + "9" * 5000 + "}"),
        2,
        "4300 digits",
        "big.yaml",
    ),
    Case(
        "dot-dot-path",
        "dots.yaml",
        lambda: _spec(path="/things/../../admin"),
        2,
        "'..' segment",
        "(at /paths/~1things~1..~1..~1admin)",
    ),
    Case(
        "encoded-dot-dot-path",
        "dots.yaml",
        lambda: _spec(path="/things/%2e%2e/admin"),
        2,
        "'..' segment",
        "dots.yaml:5:",
    ),
    Case(
        "crlf-in-header-name",
        "crlf.yaml",
        lambda: _spec(header="X-A\r\nInjected: 1"),
        2,
        "not a valid header name",
        "(at /paths/~1things/post/parameters/0/name)",
    ),
    Case(
        "file-server",
        "server.yaml",
        lambda: _spec(server="file:///etc/passwd"),
        0,
        "is left out: its scheme 'file' is not http or https",
    ),
    Case(
        "javascript-server",
        "server.yaml",
        lambda: _spec(server="javascript:alert(1)"),
        0,
        "is left out: its scheme 'javascript' is not http or https",
    ),
    Case(
        # Issue 22: a placeholder the vendor never filled in; usable with base_url=.
        "placeholder-scheme-server",
        "server.yaml",
        lambda: _spec(server="protocol://hostname:<port>/"),
        0,
        "is left out: its scheme 'protocol' is not http or https; the client needs base_url=",
    ),
    Case(
        "credentials-in-server",
        "server.yaml",
        lambda: _spec(server="https://user:secret@api.example.com/v1"),
        2,
        "carries credentials",
        "(at /servers/0/url)",
    ),
    Case(
        "query-in-server",
        "server.yaml",
        lambda: _spec(server="https://api.example.com/v1?tenant=1"),
        2,
        "query string or fragment",
        "(at /servers/0/url)",
    ),
    Case(
        "fragment-in-server",
        "server.yaml",
        lambda: _spec(server="https://api.example.com/v1#top"),
        2,
        "query string or fragment",
        "server.yaml:3:",
    ),
    Case(
        "server-variable-to-file",
        "server.yaml",
        lambda: _spec(server="{scheme}://api.example.com").replace(
            'servers: [{url: "{scheme}://api.example.com"}]',
            'servers: [{url: "{scheme}://api.example.com", '
            "variables: {scheme: {default: https, enum: [https, file]}}}]",
        ),
        0,
        "is left out: its scheme 'file' is not http or https",
    ),
    Case("not-a-mapping", "list.yaml", lambda: "- openapi: 3.1.0\n", 2, "mapping", "list.yaml:1"),
    Case(
        "duplicate-key",
        "dup.yaml",
        lambda: _spec().replace("  schemas:\n", "  schemas:\n    Thing: {type: string}\n", 1),
        2,
        "duplicate key 'Thing'",
        "dup.yaml:",
    ),
    Case(
        "external-ref",
        "ext.yaml",
        lambda: _spec(name_schema="{$ref: 'file:///etc/passwd#/x'}"),
        2,
        "external $ref",
        "(at /components/schemas/Thing/properties/name/$ref)",
    ),
    Case(
        "swagger-2", "old.yaml", lambda: "swagger: '2.0'\ninfo: {}\n", 2, "Swagger 2.0", "old.yaml"
    ),
    Case(
        "not-utf8",
        "bin.yaml",
        lambda: b"openapi: 3.1.0\n\xff\xfe\x00garbage",
        2,
        "cannot read",
        "bin.yaml",
    ),
    Case("empty", "empty.yaml", lambda: "\n\n", 2, "empty", "empty.yaml"),
    Case(
        "ref-cycle-without-schema",
        "cycle.yaml",
        lambda: _spec(
            name_schema="{$ref: '#/components/schemas/A'}",
            extra="    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n",
        ),
        2,
        "circular $ref",
        "cycle.yaml:",
    ),
    Case(
        "injected-text",
        "text.yaml",
        lambda: _spec(
            description=_NASTY,
            name_schema=json.dumps(
                {"type": "string", "description": _NASTY, "enum": ["a'\"b", "\u202ex", "c\\"]}
            ),
            extra=f"    Other:\n      type: object\n      properties:\n"
            f"        {json.dumps(_NASTY)}: {{type: string, example: {json.dumps(_NASTY)}}}\n",
        ),
        0,
    ),
    Case("40-deep-schema", "deep.json", lambda: _deep_json(40), 0),
    Case(
        "infinite-and-nan-numbers",  # YAML's .inf and .nan: no Python literal spells them
        "inf.yaml",
        lambda: _spec(
            name_schema="{type: string, maxLength: 50}",
            extra="    Sizes:\n      type: object\n      properties:\n"
            "        size: {type: number, maximum: .inf, default: .nan}\n"
            "        mode: {type: number, enum: [1.5, .inf]}\n",
        ).replace(
            "in: header, schema: {type: string}}",
            "in: header, schema: {type: number, minimum: -.inf, enum: [1.5, .nan]}}",
        ),
        0,
    ),
    Case(
        "backtracking-query-pattern",  # Python's re never finishes "^(x+x+)+y$" on 300 x's
        "redos.yaml",
        lambda: _spec().replace(
            "in: header, schema: {type: string}}",
            "in: header, schema: {type: string}}\n"
            '        - {name: q, in: query, schema: {type: string, pattern: "^.{0,13}$|^(x+x+)+y$"}}',
        ),
        0,
    ),
    Case(
        "properties-equal-after-nfkc",  # Python reads the ligature in "\ufb01eld" as "fi"
        "nfkc.yaml",
        lambda: _spec(
            extra='        "\ufb01eld": {type: string, example: text}\n'
            "        field: {type: integer, example: 3}\n"
        ),
        0,
    ),
    Case(
        "bound-beyond-float-range",  # loads as inf: `le=float("inf")` breaks an int model
        "huge.yaml",
        lambda: _spec(
            extra="        count: {type: integer, maximum: 1.0e+309, minimum: -1.0e+309}\n"
        ).replace(
            "in: header, schema: {type: string}}",
            "in: header, schema: {type: string}}\n"
            "        - {name: n, in: query, schema: {type: integer, maximum: 1.0e+309}}",
        ),
        0,
        "maximum inf is not a finite number and is left out",
    ),
    Case(
        "step-below-float-range",  # loads as 0.0: `multiple_of=0.0` breaks the model
        "tiny.json",
        lambda: json.dumps(
            {
                "openapi": "3.1.0",
                "info": {"title": "Tiny", "version": "1"},
                "paths": {
                    "/t": {
                        "post": {
                            "operationId": "make",
                            "parameters": [
                                {
                                    "name": "n",
                                    "in": "query",
                                    "schema": {"type": "number", "multipleOf": "STEP"},
                                }
                            ],
                            "requestBody": {
                                "content": {
                                    "application/json": {
                                        "schema": {"$ref": "#/components/schemas/T"}
                                    }
                                }
                            },
                            "responses": {"200": {"description": "ok"}},
                        }
                    }
                },
                "components": {
                    "schemas": {
                        "T": {
                            "type": "object",
                            "properties": {"m": {"type": "number", "multipleOf": "STEP"}},
                        }
                    }
                },
            }
        ).replace('"STEP"', "1e-400"),
        0,
        "multipleOf 0.0 is not a positive finite number",
    ),
    Case(
        "2mb-string-default",
        "default.yaml",
        lambda: _spec(
            extra=f"        note: {{type: string, default: {json.dumps('a' * 2_000_000)}}}\n"
        ),
        2,
        "default is longer than 65,536 characters",
        "(at /components/schemas/Thing/properties/note/default)",
    ),
    Case(
        "200000-integer-default",
        "default.yaml",
        lambda: _spec(
            extra="        numbers: {type: array, items: {type: integer}, default: "
            f"{json.dumps(list(range(200_000)))}}}\n"
        ),
        2,
        "default is longer than 65,536 characters",
        "default.yaml:29:56 (at /components/schemas/Thing/properties/numbers/default)",
    ),
    Case(
        "3000-long-ref-chain",
        "chain.yaml",
        lambda: _spec(name_schema="{$ref: '#/components/schemas/C0'}")
        + "".join(f"    C{i}: {{$ref: '#/components/schemas/C{i + 1}'}}\n" for i in range(3000))
        + "    C3000: {type: string}\n",
        2,
        "$ref chain through 3000 schemas that are only a $ref (more than 32)",
        "chain.yaml:28:16 (at /components/schemas/Thing/properties/name/$ref)",
    ),
    Case(
        "backtracking-pattern-properties",  # an example's member name met Python's re
        "redos.yaml",
        lambda: _spec(
            extra="    Evil:\n      type: object\n      patternProperties:\n"
            '        "^(a|a|a|a|a|a|a|a)+$": {type: string}\n'
            '      example: {"aaaaaaaaaaaaaa!": 1}\n'
        ),
        0,
    ),
    Case(
        "operation-named-close",  # would replace Client.close: `with Client()` would call it
        "close.yaml",
        lambda: _spec().replace("operationId: createThing", "operationId: close"),
        0,
        "operation 'close' becomes method 'close_': the client class already has 'close'",
    ),
    Case(
        "example-breaks-its-schema",
        "example.yaml",
        lambda: _spec(name_schema='{type: string, maxLength: 2, example: "Doe"}'),
        0,
        "example does not match the schema",
    ),
]

# Invisible or control characters that must never reach generated text (tab and newline aside).
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


# Each case's command line runs in a fork of a warmed generator: still a process of its own,
# bounded and measured, without a second of imports and warming each.
def _run(args: list[str], cwd: Path) -> Finished:
    """``python *args`` (``-m generator …`` or ``-c …``) in a fork of a warmed generator: its
    exit code, output, wall time and peak resident memory (``wait4``); a hang fails the test."""
    run = generator_forks().run(args, cwd=cwd, env=dict(os.environ), timeout=TIME_LIMIT_S)
    if run.timed_out:
        pytest.fail(f"{args} ran more than {TIME_LIMIT_S} s")
    return run


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_hostile_spec(case: Case, tmp_path: Path) -> None:
    spec = tmp_path / case.filename
    content = case.text()
    if isinstance(content, bytes):
        spec.write_bytes(content)
    else:
        spec.write_text(content, encoding="utf-8")
    out = tmp_path / "out" / "hostile"
    command = ["-m", "generator", "generate", "--spec", str(spec)]
    run = _run([*command, "--name", "hostile", "--output", str(out)], tmp_path)
    print(f"{case.id}: exit {run.exit_code} in {run.seconds:.2f} s, peak {run.peak_mb:.0f} MB")
    assert "Traceback" not in run.stderr, run.stderr
    assert run.exit_code == case.exit_code, run.stderr[-2000:]
    assert run.peak_mb < MAX_RSS_MB
    if case.exit_code == 2:
        assert case.message in run.stderr, run.stderr
        assert case.where in run.stderr, run.stderr
        assert not out.exists()  # nothing half-written
        return
    if case.message:
        assert case.message in run.stderr, run.stderr
    for path in sorted(out.rglob("*")):
        if path.is_file() and path.name not in ("openapi.yaml", "openapi.json"):
            text = path.read_text(encoding="utf-8")
            assert not _INVISIBLE.search(text), f"raw invisible character in {path}"
    tests = package_suite_forks().run(
        ["-m", "pytest", "-q", "-p", "no:cacheprovider", "-x"],
        cwd=out,
        env={**os.environ, "PYTHONPATH": str(out / "src"), "SPECGEN_PRISM": str(pooled_prism())},
        timeout=600,
    )
    assert tests.exit_code == 0, tests.stdout[-3000:]
    assert " passed" in tests.stdout


# `specgen lint` on every case in one process (each case in its own would start Python and
# import the generator 37 times): the command's own entry point, its output captured per case.
_LINT_EVERY_CASE = """
import contextlib, io, json, sys, traceback
from generator.cli.app import main
results = {}
for spec in sys.argv[1:]:
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(["lint", "--spec", spec])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
        except BaseException:
            err.write(traceback.format_exc())
            code = -1
    results[spec] = {"exit_code": code, "stderr": err.getvalue()}
print(json.dumps(results))
"""


@pytest.fixture(scope="module")
def lint_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, object]]:
    """``case id -> {"exit_code", "stderr"}`` of ``specgen lint`` on each case's spec."""
    folder = tmp_path_factory.mktemp("lint")
    paths = {}
    for case in CASES:
        spec = folder / case.id / case.filename
        spec.parent.mkdir()
        content = case.text()
        if isinstance(content, bytes):
            spec.write_bytes(content)
        else:
            spec.write_text(content, encoding="utf-8")
        paths[case.id] = str(spec)
    run = _run(["-c", _LINT_EVERY_CASE, *paths.values()], folder)
    assert run.exit_code == 0, run.stderr[-3000:]
    results = json.loads(run.stdout.splitlines()[-1])
    return {case_id: results[path] for case_id, path in paths.items()}


@pytest.mark.xdist_group("hostile-lint")
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_lint_refuses_what_generate_refuses(
    case: Case, lint_runs: dict[str, dict[str, object]]
) -> None:
    """`lint` ok means `generate` ok: it meets the same refusals, with the same locations."""
    exit_code, stderr = lint_runs[case.id]["exit_code"], str(lint_runs[case.id]["stderr"])
    assert "Traceback" not in stderr, stderr
    if case.exit_code == 2:
        assert exit_code == 2, (case.id, stderr)
        assert case.message in stderr and case.where in stderr, (case.id, stderr)
    elif case.message:
        assert exit_code == 2 and case.message in stderr, (case.id, stderr)


_CLIENT_NAMES_SPEC = """openapi: 3.1.0
info: {title: Names, version: "1"}
servers: [{url: "https://api.example.com/v1"}]
paths:
  /session/close: {post: {operationId: close, responses: {"204": {description: closed}}}}
  /session/aclose: {post: {operationId: aclose, responses: {"204": {description: closed}}}}
  /base: {get: {operationId: baseUrl, responses: {"204": {description: ok}}}}
  /a: {get: {operationId: getThing, responses: {"204": {description: ok}}}}
  /b: {get: {operationId: getThingWithResponse, responses: {"204": {description: ok}}}}
"""

_CLIENT_NAMES_CHECK = """
import asyncio, httpx
from names_client import AsyncClient, Client

sent = []
def record(request):
    sent.append((request.method, request.url.path))
    return httpx.Response(204)

transport = httpx.MockTransport(record)
with Client(http_client=httpx.Client(transport=transport)) as client:
    assert client.base_url == "https://api.example.com/v1"
assert sent == [], sent  # leaving the block closed the client: it called nothing
raw = httpx.Client(transport=transport)
client = Client()
client.close()
assert client._engine.http_client.is_closed
client = Client(http_client=raw)
client.close_()
client.aclose_()
client.base_url_()
client.get_thing()
client.get_thing_with_response()
client.get_thing_with_response_2()
assert sent == [
    ("POST", "/v1/session/close"), ("POST", "/v1/session/aclose"), ("GET", "/v1/base"),
    ("GET", "/v1/a"), ("GET", "/v1/a"), ("GET", "/v1/b"),
], sent

async def main():
    async with AsyncClient(http_client=httpx.AsyncClient(transport=transport)) as client:
        pass
    await client.close_()
asyncio.run(main())
assert sent[-1] == ("POST", "/v1/session/close"), sent
operations = {"close_", "aclose_", "base_url_", "get_thing", "get_thing_with_response_2"}
operations |= {name + "_with_response" for name in operations}
owned = {name for cls in (Client, AsyncClient) for name in vars(cls) if name[0] != "_"}
print("ok", sorted(owned - operations))
"""


def test_operations_never_replace_what_the_client_owns(tmp_path: Path) -> None:
    """``close``, ``aclose``, ``base_url`` and a ``*_with_response`` name stay the client's own."""
    spec = tmp_path / "names.yaml"
    spec.write_text(_CLIENT_NAMES_SPEC, encoding="utf-8")
    out = tmp_path / "out" / "names"
    command = ["-m", "generator", "generate", "--spec", str(spec)]
    run = _run([*command, "--name", "names", "--output", str(out)], tmp_path)
    assert run.exit_code == 0, run.stderr
    for old, new in (("close", "close_"), ("aclose", "aclose_"), ("baseUrl", "base_url_")):
        assert f"operation {old!r} becomes method {new!r}" in run.stderr, run.stderr
    assert "both become method 'get_thing_with_response'" in run.stderr, run.stderr
    lint = _run(["-m", "generator", "lint", "--spec", str(spec)], tmp_path)
    assert lint.exit_code == 2 and "becomes method 'close_'" in lint.stderr, lint.stderr
    check = subprocess.run(
        [sys.executable, "-c", _CLIENT_NAMES_CHECK],
        env={**os.environ, "PYTHONPATH": str(out / "src")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0 and "ok" in check.stdout, check.stderr[-3000:]
    # The generator's list of what the client owns is the template's (none forgotten there).
    assert check.stdout.split(" ", 1)[1].strip() == repr(sorted(CLIENT_ATTRIBUTES))


def test_properties_equal_after_nfkc_stay_two_fields(tmp_path: Path) -> None:
    """``ﬁeld`` (ligature) and ``field`` are one Python identifier: each keeps its own field."""
    spec = tmp_path / "nfkc.yaml"
    spec.write_text(
        _spec(extra='        "\ufb01eld": {type: string}\n        field: {type: integer}\n'),
        encoding="utf-8",
    )
    out = tmp_path / "out" / "nfkc"
    command = ["-m", "generator", "generate", "--spec", str(spec)]
    run = _run([*command, "--name", "nfkc", "--output", str(out)], tmp_path)
    assert run.exit_code == 0, run.stderr
    check = subprocess.run(
        [
            sys.executable,
            "-c",
            "from nfkc_client.models import Thing\n"
            "payload = {'name': 'n', '\ufb01eld': 'text', 'field': 3}\n"
            "thing = Thing.model_validate(payload)\n"
            "assert thing.model_dump(by_alias=True, exclude_unset=True) == payload\n",
        ],
        env={**os.environ, "PYTHONPATH": str(out / "src")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stderr[-3000:]
