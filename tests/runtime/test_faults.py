"""Faults on a real local TCP socket: the request arrives, the answer never does."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest

from .conftest import Harness
from .test_engine import make_op


class SilentServer:
    """Reads each full request (headers + Content-Length body), then closes or hangs.

    ``mode="close"`` closes the connection without answering (the client sees the server
    disconnect); ``mode="hang"`` keeps it open until the server stops (the client times out).
    """

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.bodies: list[bytes] = []
        self.request_lines: list[bytes] = []
        self._stop = threading.Event()
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(8)
        self._sock.settimeout(0.05)
        self.port = self._sock.getsockname()[1]
        self._held: list[socket.socket] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            conn.settimeout(2.0)
            try:
                self._read_request(conn)
            except OSError:
                conn.close()
                continue
            if self.mode == "hang":
                self._held.append(conn)
            else:
                conn.close()

    def _read_request(self, conn: socket.socket) -> None:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                raise OSError("client went away")
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        while len(body) < length:
            chunk = conn.recv(65536)
            if not chunk:
                break
            body += chunk
        self.request_lines.append(head.split(b"\r\n")[0])
        self.bodies.append(body)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        for conn in self._held:
            conn.close()
        self._sock.close()


@pytest.fixture
def closing_server() -> Iterator[SilentServer]:
    server = SilentServer("close")
    yield server
    server.stop()


@pytest.fixture
def hanging_server() -> Iterator[SilentServer]:
    server = SilentServer("hang")
    yield server
    server.stop()


BODY = {"contractIdent": "K-42", "amount": 12}


async def test_create_without_key_is_sent_exactly_once(
    harness: Harness, closing_server: SilentServer
) -> None:
    engine = harness.engine(base_url=closing_server.url)
    with pytest.raises(harness.errors.OutcomeUnknownError) as info:
        await harness.call(engine, make_op(harness.rt), path_params={"id": 1}, json_body=BODY)
    await harness.close(engine)
    assert len(closing_server.bodies) == 1
    assert closing_server.request_lines == [b"POST /v1/contracts/1 HTTP/1.1"]
    assert "Search the contract by its reference before sending it again." in str(info.value)
    assert "unknown" in str(info.value) and not info.value.timed_out
    assert harness.sleeps == []


async def test_create_with_key_is_resent_with_identical_bytes(
    harness: Harness, closing_server: SilentServer
) -> None:
    engine = harness.engine(base_url=closing_server.url)
    op = make_op(harness.rt, idempotency_key="contractIdent")
    with pytest.raises(harness.errors.APIConnectionError) as info:
        await harness.call(engine, op, path_params={"id": 1}, json_body=BODY)
    await harness.close(engine)
    assert not isinstance(info.value, harness.errors.OutcomeUnknownError)
    assert len(closing_server.bodies) == 3
    assert closing_server.bodies == [b'{"contractIdent":"K-42","amount":12}'] * 3
    assert harness.sleeps == [0.5, 1.0]


async def test_read_timeout_on_a_real_socket(
    harness: Harness, hanging_server: SilentServer
) -> None:
    engine = harness.engine(base_url=hanging_server.url, timeout=0.3)
    with pytest.raises(harness.errors.OutcomeUnknownError) as info:
        await harness.call(engine, make_op(harness.rt), path_params={"id": 1}, json_body=BODY)
    await harness.close(engine)
    assert info.value.timed_out and len(hanging_server.bodies) == 1


async def test_connection_refused_is_retried_then_raised(harness: Harness) -> None:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens here now
    engine = harness.engine(base_url=f"http://127.0.0.1:{port}")
    with pytest.raises(harness.errors.APIConnectionError) as info:
        await harness.call(engine, make_op(harness.rt), path_params={"id": 1}, json_body=BODY)
    await harness.close(engine)
    assert type(info.value) is harness.errors.APIConnectionError
    assert "after 3 attempts" in str(info.value)
    assert harness.sleeps == [0.5, 1.0]
