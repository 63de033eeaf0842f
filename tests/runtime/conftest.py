"""The runtime modules, imported directly from ``generator/runtime`` (ordinary Python)."""

from __future__ import annotations

import importlib
import inspect
from types import ModuleType
from typing import Any

import httpx
import pytest

RUNTIME_PACKAGE = "generator.runtime"


@pytest.fixture(scope="session")
def rt() -> ModuleType:
    """The ``_runtime`` facade every generated client imports from."""
    return importlib.import_module(f"{RUNTIME_PACKAGE}._runtime")


@pytest.fixture(scope="session")
def errors(rt: ModuleType) -> ModuleType:
    """The ``errors`` module."""
    return importlib.import_module(f"{RUNTIME_PACKAGE}.errors")


class Harness:
    """Runs one scenario against SyncEngine or AsyncEngine, so each test is written once.

    ``engine(handler)`` builds an engine around ``httpx.MockTransport(handler)`` (or around
    its own client when ``handler`` is None); ``await call(engine, op, ...)`` sends through it.
    Sleeps are recorded, never slept; ``random`` defaults to 0 (no jitter).
    """

    def __init__(self, rt: ModuleType, mode: str) -> None:
        self.rt = rt
        self.errors = importlib.import_module(f"{rt.__package__}.errors")
        self.mode = mode
        self.sleeps: list[float] = []

    def engine(self, handler: Any = None, **kwargs: Any) -> Any:
        kwargs.setdefault("base_url", "https://api.example.test/base")
        kwargs.setdefault("random", lambda: 0.0)
        client_kwargs = kwargs.pop("client_kwargs", {})
        if self.mode == "sync":
            if handler is not None:
                kwargs["http_client"] = httpx.Client(
                    transport=httpx.MockTransport(handler), **client_kwargs
                )
            return self.rt.SyncEngine(sleep=self.sleeps.append, **kwargs)

        async def sleep(seconds: float) -> None:
            self.sleeps.append(seconds)

        if handler is not None:
            kwargs["http_client"] = httpx.AsyncClient(
                transport=httpx.MockTransport(handler), **client_kwargs
            )
        return self.rt.AsyncEngine(sleep=sleep, **kwargs)

    async def call(self, engine: Any, op: Any, **kwargs: Any) -> Any:
        result = engine.request(op, **kwargs)
        if inspect.isawaitable(result):
            result = await result
        return result

    async def close(self, engine: Any) -> None:
        if self.mode == "sync":
            engine.close()
        else:
            await engine.aclose()


@pytest.fixture(params=["sync", "async"])
def harness(request: pytest.FixtureRequest, rt: ModuleType) -> Harness:
    return Harness(rt, request.param)
