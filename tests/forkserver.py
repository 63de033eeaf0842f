"""Run Python programs in processes forked from one that has already imported what they need.

The hostile and real-world tests start a hundred short Python programs (``specgen generate``
on one spec, a package's own test suite); a fresh interpreter spends most of such a run
importing the generator (and warming it) or pytest, httpx and pydantic. A :class:`ForkServer`
is a process that imports and warms those once; each :meth:`ForkServer.run` forks it, and the
child sets up what a fresh ``python`` would (working directory, environment, ``sys.argv``,
``sys.path`` from ``PYTHONPATH``, standard streams to files) before running the program. Each
program still runs in a process of its own, bounded in time and measured (wall time, peak
resident memory from ``wait4``: the preloaded modules count, so it is an upper bound).

What a fork cannot give: a new hash seed (every child has the server's), and a module the
program imports but does not declare may already be loaded. Tests about either start Python
afresh.
"""

from __future__ import annotations

import atexit
import json
import os
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

# The server: preload (argv[1]), then one JSON request per stdin line, one JSON answer each.
_SERVER = r"""
import json, os, runpy, signal, sys, time, traceback

exec(sys.argv[1], {"__name__": "__preload__"})
base_path = [p for p in sys.path if p not in ("", os.getcwd())]


def child(request):
    os.setsid()  # its own process group: a timeout kills whatever it started
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    sys.dont_write_bytecode = bool(os.environ.get("PYTHONDONTWRITEBYTECODE"))
    extra = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    stdin = os.open(os.devnull, os.O_RDONLY)
    out = os.open(request["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    err = os.open(request["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    for fd, target in ((stdin, 0), (out, 1), (err, 2)):
        os.dup2(fd, target)
    sys.stdin = open(0, closefd=False)
    sys.stdout = open(1, "w", closefd=False, encoding="utf-8", errors="backslashreplace")
    sys.stderr = open(2, "w", closefd=False, encoding="utf-8", errors="backslashreplace")
    kind, target, *rest = request["args"]
    code = 0
    try:
        if kind == "-m":
            sys.path[:] = [os.getcwd(), *extra, *base_path]
            sys.argv = [target, *rest]
            runpy.run_module(target, run_name="__main__", alter_sys=True)
        else:
            sys.path[:] = ["", *extra, *base_path]
            sys.argv = ["-c", *rest]
            exec(compile(target, "<string>", "exec"), {"__name__": "__main__"})
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if exc.code is not None and not isinstance(exc.code, int):
            print(exc.code, file=sys.stderr)
    except BaseException:
        traceback.print_exc()
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


for line in sys.stdin:
    request = json.loads(line)
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        child(request)
    deadline = start + request["timeout"]
    timed_out = False
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline and not timed_out:
            timed_out = True
            os.killpg(pid, signal.SIGKILL)
        time.sleep(0.005)
    answer = {
        "exit_code": os.waitstatus_to_exitcode(status),
        "seconds": time.monotonic() - start,
        "peak_mb": usage.ru_maxrss / 1024,
        "timed_out": timed_out,
    }
    print(json.dumps(answer), flush=True)
"""


@dataclass(frozen=True)
class Finished:
    exit_code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float
    timed_out: bool


class ForkServer:
    """A process that ran ``preload`` (Python source) once and forks for each :meth:`run`."""

    def __init__(self, preload: str) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-c", _SERVER, preload],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        atexit.register(self.close)

    def run(
        self,
        args: list[str],
        *,
        cwd: Path,
        env: dict[str, str],
        timeout: float,
    ) -> Finished:
        """Run ``python *args`` (``-m module …`` or ``-c code …``) in a fork, in ``cwd`` with
        exactly ``env``; its output is captured (through files) like ``subprocess.run``'s."""
        if args[0] not in ("-m", "-c"):
            raise ValueError(f"only -m and -c programs: {args}")
        with tempfile.TemporaryDirectory(prefix="specgen-fork-") as folder:
            return self._run(args, cwd, env, timeout, Path(folder))

    def _run(
        self, args: list[str], cwd: Path, env: dict[str, str], timeout: float, folder: Path
    ) -> Finished:
        out, err = folder / "stdout.txt", folder / "stderr.txt"
        request = {
            "args": args,
            "cwd": str(cwd),
            "env": env,
            "stdout": str(out),
            "stderr": str(err),
            "timeout": timeout,
        }
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.write(json.dumps(request) + "\n")
        self._process.stdin.flush()
        line = self._process.stdout.readline()
        if not line:
            raise RuntimeError(f"the fork server ended (exit {self._process.wait()})")
        answer = json.loads(line)
        return Finished(
            stdout=out.read_text(encoding="utf-8", errors="replace"),
            stderr=err.read_text(encoding="utf-8", errors="replace"),
            **answer,
        )

    def close(self) -> None:
        if self._process.poll() is None:
            assert self._process.stdin is not None
            self._process.stdin.close()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self._process.pid, signal.SIGKILL)
                self._process.wait()
