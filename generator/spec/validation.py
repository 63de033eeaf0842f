"""OpenAPI validity: openapi-spec-validator's findings for a loaded spec, located in the
spec's own lines, cached by content, and computed on a second core while the package is built.

The validator is the slowest step for a large spec (3.1 documents go through jsonschema's
``$dynamicRef``); its findings depend only on the spec's bytes, the validator's versions and this
module, so they are cached under that key (:func:`_cache_dir`) and a spec is validated once per
content. On a cache miss, :func:`start_validation` can run the validator in a forked process
while the caller goes on; nothing the package contains depends on the findings.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import tempfile
import warnings
from collections.abc import Iterable
from dataclasses import replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ..cachedir import cache_dir
from ..errors import Location
from ..schema.pointer import escape_pointer, resolve_pointer
from .loader import LoadedSpec

__all__ = ["PendingValidation", "start_validation", "validate"]

Findings = list[tuple[str | None, str]]
"""``(document pointer, message)`` per finding; ``None`` for the document as a whole."""


def validate(spec: LoadedSpec) -> LoadedSpec:
    """``spec`` with the OpenAPI validator's findings in ``problems`` (at most 20)."""
    return start_validation(spec).result()


class PendingValidation:
    """Findings on their way: :meth:`result` waits for them, :meth:`cancel` gives them up."""

    def __init__(self, spec: LoadedSpec, key: str, found: Findings | None) -> None:
        self._spec, self._key, self._found = spec, key, found
        self._process: Any = None
        self._receiver: Connection | None = None

    def _fork(self) -> None:
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        # Forked, so the loaded spec is shared with the worker rather than pickled to it.
        process = context.Process(target=_validate_into, args=(self._spec, sender), daemon=True)
        try:
            process.start()
        except (AssertionError, OSError):  # a daemon's child, or no process to spare
            receiver.close()
            return
        finally:
            sender.close()
        self._process, self._receiver = process, receiver

    def result(self) -> LoadedSpec:
        """The spec with the findings, located and sorted, in ``problems``."""
        if self._found is None:
            if self._receiver is not None:
                try:
                    self._found = self._receiver.recv()
                except (EOFError, OSError):  # the worker died (killed, out of memory)
                    pass
                self.cancel()
            if self._found is None:
                self._found = _run_validator(self._spec)
            _store_findings(self._key, self._found)
        problems = [
            (
                self._spec.location(pointer) if pointer is not None else Location(self._spec.path),
                message,
            )
            for pointer, message in self._found
        ]
        problems.sort(key=lambda item: (item[0].line if item[0] else 0, item[1]))
        return replace(self._spec, problems=tuple(problems))

    def cancel(self) -> None:
        """Stop the worker, if any (a build that failed no longer needs its findings)."""
        if self._receiver is not None:
            self._receiver.close()
            self._receiver = None
        if self._process is not None:
            if self._process.is_alive():
                self._process.terminate()
            self._process.join()
            self._process = None


def start_validation(spec: LoadedSpec, *, background: bool = False) -> PendingValidation:
    """Begin validating ``spec``: from the cache when it holds the findings; otherwise, with
    ``background``, in a forked worker process (where ``fork`` exists); else when asked."""
    key = _validation_key(spec)
    pending = PendingValidation(spec, key, _cached_findings(key))
    if pending._found is None and background and "fork" in multiprocessing.get_all_start_methods():
        pending._fork()
    return pending


def _validate_into(spec: LoadedSpec, sender: Connection) -> None:
    """The worker: send the findings, or nothing (the caller then validates by itself)."""
    try:
        sender.send(_run_validator(spec))
    finally:
        sender.close()


def _run_validator(spec: LoadedSpec) -> Findings:
    """The validator's findings on ``spec`` (at most 20), in the validator's order."""
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    version = spec.openapi_version
    validator_cls: Any = (
        OpenAPIV31SpecValidator if version.startswith("3.1") else OpenAPIV30SpecValidator
    )
    found: Findings = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            for error in validator_cls(spec.data).iter_errors():
                path: Iterable[Any] = (
                    getattr(error, "absolute_path", None) or getattr(error, "path", None) or ()
                )
                pointer = "".join(f"/{escape_pointer(str(part))}" for part in path)
                found.append((_error_pointer(spec, pointer, error), _short(str(error.message))))
                if len(found) >= 20:
                    break
        except RecursionError:
            found.append((None, "validator gave up: the document is nested too deeply"))
        except Exception as exc:  # the validator's own crash on odd input is still a bad spec
            found.append((None, f"validator failed: {_short(str(exc))}"))
    return found


def _cache_dir() -> Path | None:
    """Where validation findings are cached (see :mod:`generator.cachedir`)."""
    return cache_dir("validation")


def _validation_key(spec: LoadedSpec) -> str:
    from importlib.metadata import PackageNotFoundError, version

    total = hashlib.sha256(b"specgen-validation-1\0")
    for distribution in ("openapi-spec-validator", "openapi-schema-validator", "jsonschema"):
        try:
            total.update(f"{distribution}={version(distribution)}\0".encode())
        except PackageNotFoundError:
            total.update(f"{distribution}=?\0".encode())
    total.update(Path(__file__).read_bytes() + b"\0")  # how findings are located and worded
    total.update(spec.text.encode("utf-8"))
    return total.hexdigest()


def _cached_findings(key: str) -> Findings | None:
    """The findings cached under ``key``, or ``None`` (no cache, no entry, unreadable entry)."""
    folder = _cache_dir()
    if folder is None:
        return None
    try:
        entry = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    valid = isinstance(entry, list) and len(entry) <= 20
    valid = valid and all(
        isinstance(item, list)
        and len(item) == 2
        and (item[0] is None or isinstance(item[0], str))
        and isinstance(item[1], str)
        and len(item[1]) <= 300
        for item in entry
    )
    return [(item[0], item[1]) for item in entry] if valid else None


def _store_findings(key: str, found: Findings) -> None:
    """Cache ``found`` under ``key``; any failure (read-only home, full disk) only costs time."""
    folder = _cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=folder, suffix=".tmp", delete=False
        ) as handle:
            json.dump([list(item) for item in found], handle)
        os.replace(handle.name, folder / f"{key}.json")
    except OSError:
        return


def _error_pointer(spec: LoadedSpec, pointer: str, error: Any) -> str:
    """The document pointer of a validator error.

    Errors inside a schema carry a path relative to that schema (``/properties/a/type``), not
    to the document; find the place in the spec that path leads to from some schema.
    """
    instance = getattr(error, "instance", None)

    def holds(candidate: str) -> bool:
        try:
            return bool(resolve_pointer(spec.data, candidate) == instance)
        except (KeyError, IndexError, ValueError):
            return False

    if not pointer or holds(pointer):
        return pointer
    candidates = sorted(p for p in spec.lines if p.endswith(pointer) and holds(p))
    return candidates[0] if candidates else pointer


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
