"""A misbehaving server on 127.0.0.1: trickled answers, compression bombs, huge bodies."""

from __future__ import annotations

import http.server
import logging
import os
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from types import ModuleType

import httpx
import pytest

from .conftest import Harness
from .test_engine import CREATED, make_op, respond

# Slow (a real server on 127.0.0.1 that trickles, and a compression bomb in a subprocess):
# not in `make test-fast`; `make test` starts it first.
pytestmark = pytest.mark.slow(weight=1)

ROOT = Path(__file__).resolve().parents[2]


class Hostile(http.server.BaseHTTPRequestHandler):
    """``/trickle-body``: headers at once, then one byte every 0.2 s; ``/trickle-head``: the
    status line and headers one byte every 0.2 s; ``/echo``: a 201 whose ``X-Echo`` header
    repeats the request's path and query; ``/bomb``: the server's ``bomb`` bytes as a gzip
    body."""

    protocol_version = "HTTP/1.1"
    bomb = b""

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass

    def _drip(self, data: bytes) -> None:
        try:
            for byte in data:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.2)
        except OSError:  # the client gave up: what the tests want
            pass

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        body = b'{"contractNo": "C1", "status": "active"}'
        if self.path.endswith("/trickle-body"):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self._drip(body)
        elif self.path.split("?")[0].endswith("/echo"):  # the query, back in a header
            self.send_response(201)
            self.send_header("Content-Type", "application/json")
            self.send_header("X-Echo", self.path)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path.endswith("/trickle-head"):
            head = (
                f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\n\r\n"
            ).encode()
            self._drip(head + body)
        else:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(self.bomb)))
            self.end_headers()
            try:
                self.wfile.write(self.bomb)
            except OSError:
                pass
        self.close_connection = True

    do_GET = _answer
    do_POST = _answer


@pytest.fixture
def hostile() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


# --------------------------------------------------------------------------- deadline


@pytest.mark.parametrize("path", ["/trickle-body", "/trickle-head"])
async def test_a_trickling_server_cannot_hold_a_read_past_its_timeout(
    harness: Harness, hostile: str, path: str
) -> None:
    engine = harness.engine(base_url=hostile, timeout=1.0)
    op = make_op(harness.rt, method="GET", path=path)
    started = time.monotonic()
    with pytest.raises(harness.errors.APITimeoutError) as info:
        await harness.call(engine, op)
    elapsed = time.monotonic() - started
    await harness.close(engine)
    assert elapsed < 3.0, elapsed  # the answer would take 8 s
    assert "timeout=1s" in str(info.value)


async def test_a_trickled_create_is_an_unknown_outcome_at_the_deadline(
    harness: Harness, hostile: str
) -> None:
    engine = harness.engine(base_url=hostile, timeout=1.0)
    started = time.monotonic()
    with pytest.raises(harness.errors.OutcomeUnknownError) as info:
        await harness.call(engine, make_op(harness.rt, path="/trickle-body"), json_body={})
    assert time.monotonic() - started < 3.0
    assert info.value.timed_out
    await harness.close(engine)


async def test_a_retry_after_longer_than_the_time_left_is_not_waited_for(
    harness: Harness,
) -> None:
    handler, seen = respond(httpx.Response(503, headers={"Retry-After": "36000"}), CREATED)
    engine = harness.engine(handler, timeout=2.0)
    op = make_op(harness.rt, method="PUT")
    with pytest.raises(harness.errors.InternalServerError):
        await harness.call(engine, op, path_params={"id": 1}, json_body={})
    assert harness.sleeps == [] and len(seen) == 1  # no 60 s sleep, no second request


async def test_retries_only_get_the_time_left(harness: Harness) -> None:
    answer, _ = respond(httpx.Response(503), httpx.Response(503), CREATED)
    timeouts: list[dict[str, float]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        timeouts.append(dict(request.extensions["timeout"]))  # the request is reused: copy
        return answer(request)

    engine = harness.engine(handler, timeout=2.0)
    op = make_op(harness.rt, method="PUT")
    await harness.call(engine, op, path_params={"id": 1}, json_body={})
    assert harness.sleeps == [0.5, 1.0] and len(timeouts) == 3
    assert timeouts[0] == dict.fromkeys(("connect", "read", "write", "pool"), 2.0)
    for later in timeouts[1:]:
        assert all(0 < value < 2.0 for value in later.values())


async def test_a_passed_deadline_stops_a_safe_retry(harness: Harness) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        time.sleep(0.3)
        raise httpx.ConnectError("refused", request=request)

    engine = harness.engine(handler, timeout=0.2)
    with pytest.raises(harness.errors.APITimeoutError, match="no time is left"):
        await harness.call(engine, make_op(harness.rt, method="GET"), path_params={"id": 1})
    assert harness.sleeps == []


def test_the_documented_defaults(rt: ModuleType) -> None:
    assert rt.DEFAULT_DEADLINE == 120.0
    assert rt.DEFAULT_MAX_RESPONSE_BYTES == 100_000_000
    engine = rt.SyncEngine(base_url="https://api.example.test")
    assert engine.max_response_bytes == rt.DEFAULT_MAX_RESPONSE_BYTES
    engine.close()


async def test_an_httpx_timeout_sets_phases_only(harness: Harness) -> None:
    handler, seen = respond(httpx.Response(503, headers={"Retry-After": "30"}), CREATED)
    engine = harness.engine(handler, timeout=httpx.Timeout(2.0))
    op = make_op(harness.rt, method="PUT")
    await harness.call(engine, op, path_params={"id": 1}, json_body={})
    assert harness.sleeps == [30.0]  # no deadline: the caller opted out


# --------------------------------------------------------------------------- size


def big(
    status: int = 200, size: int = 5000, *, declared: bool = True, is_async: bool = False
) -> httpx.Response:
    """A ``size``-byte answer, with a Content-Length or streamed in pieces without one."""
    if declared:
        return httpx.Response(status, content=b"x" * size)

    def pieces() -> Iterator[bytes]:
        for _ in range(size // 1000):
            yield b"x" * 1000

    async def apieces() -> AsyncIterator[bytes]:
        for piece in pieces():
            yield piece

    return httpx.Response(status, content=apieces() if is_async else pieces())


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "streamed"])
async def test_an_answer_over_the_cap_raises_response_too_large(
    harness: Harness, declared: bool
) -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return big(201, declared=declared, is_async=harness.mode == "async")

    engine = harness.engine(handler, max_response_bytes=1000)
    with pytest.raises(harness.errors.ResponseTooLargeError) as info:
        await harness.call(engine, make_op(harness.rt), path_params={"id": 1}, json_body={})
    error = info.value
    assert not isinstance(error, harness.errors.APIConnectionError)  # the server answered
    assert error.status_code == 201 and error.limit == 1000
    assert error.operation == "createContract"
    assert "max_response_bytes=1000" in str(error) and "may have taken effect" in str(error)
    assert len(sent) == 1
    await harness.close(engine)


async def test_the_cap_is_an_option(harness: Harness) -> None:
    handler, _ = respond(httpx.Response(200, json={"blob": "x" * 5000}))
    op = make_op(harness.rt, method="GET", response_models={})
    engine = harness.engine(handler, max_response_bytes=None)
    assert (await harness.call(engine, op, path_params={"id": 1}))[0] == {"blob": "x" * 5000}
    with pytest.raises(ValueError):
        harness.engine(handler, max_response_bytes=-1)


async def test_a_timeout_error_not_from_the_deadline_is_not_taken_for_it(rt: ModuleType) -> None:
    """Only the deadline's own expiry becomes a timeout; anything else propagates as it is."""

    def handler(request: httpx.Request) -> httpx.Response:
        raise TimeoutError("a transport's own")

    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    engine = rt.AsyncEngine(base_url="https://api.example.test", http_client=client, timeout=5.0)
    with pytest.raises(TimeoutError, match="a transport's own"):
        await engine.request(make_op(rt, method="GET"), path_params={"id": 1})


async def test_a_login_answer_over_the_cap_raises_response_too_large(harness: Harness) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/login/"):
            return big(200, declared=False, is_async=harness.mode == "async")
        return CREATED

    auth = harness.rt.LoginAuth(
        login_url="https://api.example.test/base/login/", username="u", password="p"
    )
    engine = harness.engine(handler, auth=auth, max_response_bytes=1000)
    with pytest.raises(harness.errors.ResponseTooLargeError) as info:
        await harness.call(engine, make_op(harness.rt), path_params={"id": 1}, json_body={})
    assert info.value.operation == "LoginAuth"


_BOMB_SCRIPT = """
import asyncio, http.server, resource, sys, threading, zlib
sys.path.insert(0, {root!r})
resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
from tests.runtime.test_hostile_server import Hostile
from generator.runtime import _runtime as rt
from generator.runtime import errors

packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
zeros = bytes(16 << 20)
Hostile.bomb = b"".join([packer.compress(zeros) for _ in range(64)] + [packer.flush()])
del zeros
assert len(Hostile.bomb) < 1_100_000  # about 1 MB on the wire, 1 GiB decompressed
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
threading.Thread(target=server.serve_forever, daemon=True).start()
base = "http://127.0.0.1:%d" % server.server_address[1]
op = rt.OperationSpec(name="getBomb", method="GET", path="/bomb")
with rt.SyncEngine(base_url=base, retry=rt.RetryPolicy(max_retries=0)) as engine:
    try:
        engine.request(op)
    except errors.ResponseTooLargeError as exc:
        print("sync", exc.limit)

async def main():
    async with rt.AsyncEngine(base_url=base, retry=rt.RetryPolicy(max_retries=0)) as engine:
        try:
            await engine.request(op)
        except errors.ResponseTooLargeError as exc:
            print("async", exc.limit)

asyncio.run(main())
print("maxrss_kb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def test_a_gzip_bomb_is_stopped_at_the_cap_in_bounded_memory() -> None:
    """1 MB on the wire, 1 GiB decompressed: the default cap stops it under ~300 MB."""
    script = textwrap.dedent(_BOMB_SCRIPT).format(root=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.split()
    assert lines[:4] == ["sync", "100000000", "async", "100000000"], done.stdout
    assert int(lines[5]) < 300 * 1024, f"peak RSS {int(lines[5]) // 1024} MB"


# --------------------------------------------------------------------------- logs


async def test_no_credential_in_any_log_record_httpx_and_httpcore_included(
    harness: Harness, hostile: str, caplog: pytest.LogCaptureFixture
) -> None:
    """httpx logs each URL at INFO (the query API key in it); httpcore logs the answer's
    headers at DEBUG (here the server echoes the key back)."""
    caplog.set_level(logging.DEBUG)
    auth = harness.rt.ApiKeyAuth("SECRET-KEY-4711", name="api_key", location="query")
    engine = harness.engine(base_url=hostile, auth=auth)
    op = make_op(harness.rt, path="/echo")
    model, response = await harness.call(engine, op, query={"q": "a b"}, json_body={})
    await harness.close(engine)
    assert model.contractNo == "C1"
    assert "SECRET-KEY-4711" in response.headers["X-Echo"]  # it was sent and echoed
    names = {record.name for record in caplog.records}
    assert "httpx" in names and any(name.startswith("httpcore.") for name in names)
    for record in caplog.records:
        assert "SECRET-KEY-4711" not in record.getMessage(), record.name
    request_lines = [r.getMessage() for r in caplog.records if r.name == "httpx"]
    assert any("api_key=***" in line and "q=a+b" in line for line in request_lines)
