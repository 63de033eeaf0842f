"""ruff (imports) and black (layout), pinned: the same bytes on every machine.

Imports are sorted and unused ones removed by ``ruff check --fix --select I,F401`` over a whole
package at once (one process); black then formats each file in-process.
"""

from __future__ import annotations

import ast
import subprocess
import tempfile
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..errors import Location, SpecgenError

__all__ = [
    "BLACK_LINE_LENGTH",
    "check_syntax",
    "format_all",
    "format_python",
    "needs_black",
    "tidy_imports",
]

BLACK_LINE_LENGTH = 100


def format_python(source: str, *, name: str) -> str:
    """``source`` formatted by black (line length 100, Python 3.11 target), ending in a newline.

    A failure here means a template or the model step produced invalid Python: a specgen bug,
    reported with the output file's name rather than a traceback.
    """
    import black

    mode = black.Mode(
        target_versions={black.TargetVersion.PY311},
        line_length=BLACK_LINE_LENGTH,
        string_normalization=True,
        magic_trailing_comma=True,
    )
    try:
        formatted = black.format_str(source, mode=mode)
    except Exception as exc:
        raise SpecgenError(
            f"internal error: generated {name} is not valid Python ({' '.join(str(exc).split())[:300]}); "
            "please report this with the spec",
            Location(Path(name)),
            exit_code=3,
        ) from None
    return formatted if formatted.endswith("\n") else formatted + "\n"


def needs_black(source: str) -> bool:
    """Whether black may change ``source``, a file rendered from a template.

    Templates are written as black writes code (exploded calls with magic trailing commas,
    literals through ``generator.literals``, blank lines black keeps), which the golden and
    regression tests check file by file; what a spec can still bring in is a code line too long
    for black's limit (a long name or value). Lines black never splits do not count: comments
    (the provenance line), one-line docstrings and the inside of longer ones, except a
    docstring's closing line, which black may break before the quotes.
    """
    in_docstring = False
    for line in source.splitlines():
        text = line.strip()
        if in_docstring:
            if text.endswith('"""'):
                in_docstring = False
                if _too_long(line):
                    return True
            continue
        if text.startswith('"""'):
            in_docstring = not (len(text) >= 6 and text.endswith('"""'))
            continue
        if text.startswith("#"):
            continue
        if _too_long(line):
            return True
    return False


def _too_long(line: str) -> bool:
    if len(line) > BLACK_LINE_LENGTH:
        return True
    # A wide character counts twice for black; UTF-8 length bounds the width from above.
    return not line.isascii() and len(line.encode("utf-8")) > BLACK_LINE_LENGTH


def check_syntax(source: str, *, name: str) -> None:
    """Raise specgen's internal error (exit 3) when ``source`` is not valid Python: what black
    would have reported for a file it formats."""
    try:
        compile(source, name, "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except (SyntaxError, ValueError) as exc:
        raise SpecgenError(
            f"internal error: generated {name} is not valid Python ({exc}); "
            "please report this with the spec",
            Location(Path(name)),
            exit_code=3,
        ) from None


# Below this much Python source a worker process costs more than it saves.
_PARALLEL_MIN_CHARS = 400_000


def _format_item(item: tuple[str, str]) -> str:
    return format_python(item[1], name=item[0])


def format_all(sources: Mapping[str, str], *, jobs: int = 1) -> dict[str, str]:
    """Every ``path -> source`` formatted by black; with ``jobs > 1`` and enough source, the
    files are shared among that many worker processes (black's output does not depend on it)."""
    if jobs <= 1 or len(sources) <= 1 or sum(map(len, sources.values())) < _PARALLEL_MIN_CHARS:
        return {path: format_python(text, name=path) for path, text in sources.items()}
    # Largest first, so the long files do not end up queued behind the short ones.
    order = sorted(sources.items(), key=lambda item: (-len(item[1]), item[0]))
    with ProcessPoolExecutor(max_workers=min(jobs, len(order))) as pool:
        formatted = dict(zip((path for path, _ in order), pool.map(_format_item, order)))
    return {path: formatted[path] for path in sources}


def tidy_imports(files: Mapping[str, str], *, first_party: tuple[str, ...]) -> dict[str, str]:
    """``files`` (path -> Python source) with imports sorted and unused imports removed."""
    from ruff.__main__ import find_ruff_bin

    with tempfile.TemporaryDirectory(prefix="specgen-ruff-") as tmp:
        root = Path(tmp)
        for rel, text in files.items():
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        settings = [
            "--config",
            f"lint.isort.known-first-party = {list(first_party)!r}".replace("'", '"'),
            "--config",
            f"line-length = {BLACK_LINE_LENGTH}",
            "--config",
            'target-version = "py311"',
        ]
        result = subprocess.run(
            [
                find_ruff_bin(),
                "check",
                "--isolated",
                "--no-cache",
                "--fix",
                "--exit-zero",
                "--quiet",
                "--select",
                "I,F401",
                *settings,
                ".",
            ],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode != 0:
            raise SpecgenError(
                f"internal error: ruff failed on the generated package: {result.stderr.strip()[:300]}",
                exit_code=3,
            )
        return {rel: (root / rel).read_text(encoding="utf-8") for rel in files}
