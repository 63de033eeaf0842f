"""ruff (imports) and black (layout), pinned: the same bytes on every machine.

Imports are sorted and unused ones removed by ``ruff check --fix --select I,F401`` over a whole
package at once (one process). Templates and datamodel-code-generator's builtin formatter
already write code as black does; black then formats, in-process and one statement at a time,
only what could still differ (see :func:`format_where_needed`).
"""

from __future__ import annotations

import ast
import functools
import re
import subprocess
import tempfile
import tokenize
from collections.abc import Collection, Mapping
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..errors import Location, SpecgenError
from ..literals import LINE_LENGTH, fits, python_lines, python_literal
from .statements import Group, ast_groups, token_groups

__all__ = [
    "BLACK_LINE_LENGTH",
    "format_all",
    "format_python",
    "format_where_needed",
    "needs_black",
    "tidy_imports",
]

BLACK_LINE_LENGTH = LINE_LENGTH


# black's output depends on its input alone; the same template statements reach it in every
# package (all but a few dozen of a run's calls repeat one), so each distinct one runs once.
@functools.lru_cache(maxsize=1024)
def _black(source: str) -> str:
    import black

    mode = black.Mode(
        target_versions={black.mode.TargetVersion.PY311},
        line_length=BLACK_LINE_LENGTH,
        string_normalization=True,
        magic_trailing_comma=True,
    )
    return black.format_str(source, mode=mode)


def format_python(source: str, *, name: str) -> str:
    """``source`` formatted by black (line length 100, Python 3.11 target), ending in a newline.

    A failure here means a template or the model step produced invalid Python: a specgen bug,
    reported with the output file's name rather than a traceback.
    """
    try:
        formatted = _black(source)
    except Exception as exc:
        raise SpecgenError(
            f"internal error: generated {name} is not valid Python ({' '.join(str(exc).split())[:300]}); "
            "please report this with the spec",
            Location(Path(name)),
            exit_code=3,
        ) from None
    return formatted if formatted.endswith("\n") else formatted + "\n"


def needs_black(source: str) -> bool:
    """Whether black may change ``source``: rendered from a template, or the model source.

    Templates are written as black writes code (exploded calls with magic trailing commas,
    literals through ``generator.literals``, blank lines black keeps), and so is
    datamodel-code-generator's builtin formatter's output but for the quotes of some strings;
    the golden and regression tests and the corpus check compare with black file by file. What
    a spec can still bring in is a code line too long for black's limit (a long name or value)
    or a string literal black would write otherwise (``'\\'``, ``"\\'"``). Lines black never
    splits do not count: comments (the provenance line), one-line docstrings and the inside of
    longer ones, except a docstring's closing line, which black may break before the quotes.
    """
    in_docstring = False
    for line in python_lines(source):
        line = line.rstrip("\r\n")
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
        if _too_long(line) or (("'" in line or "\\" in line) and _unusual_string(line)):
            return True
    return False


# A string literal on one line, with the letters before it (a prefix, or the end of a name).
_STRING = re.compile(r"""(\w*)("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')""")


def _unusual_string(line: str) -> bool:
    """Whether a string literal on ``line`` is not written as :func:`python_literal` writes
    its value (which black leaves alone): single quotes, needless escapes, a prefix other than
    ``b``. Cautious: anything unclear (an f-string, a quote in a comment) counts."""
    for match in _STRING.finditer(line):
        prefix, literal = match.groups()
        if prefix not in ("", "b"):
            return True
        try:
            value = ast.literal_eval(prefix + literal)
        except (SyntaxError, ValueError):
            return True
        if python_literal(value) != prefix + literal:
            return True
    return False


def _too_long(line: str) -> bool:
    return not fits(line)


def _syntax_tree(source: str, *, name: str) -> ast.Module:
    """``source`` parsed, or specgen's internal error (exit 3) when it is not valid Python:
    what black would have reported for a file it formats."""
    try:
        return ast.parse(source, name)
    except (SyntaxError, ValueError) as exc:
        raise _invalid_python(name, exc) from None


def _invalid_python(name: str, problem: object) -> SpecgenError:
    """A generated module that is not valid Python: a specgen bug (exit 3), located."""
    return SpecgenError(
        f"internal error: generated {name} is not valid Python ({problem}); "
        "please report this with the spec",
        Location(Path(name.split(":")[0])),
        exit_code=3,
    )


# Put before a statement black formats alone: the statement is then neither the first of its
# block (black would read a string statement there as a docstring) nor outside its class
# (black counts a line's indentation against the limit).
_TOP_PREFIX = "_ = 0\n"
_MEMBER_PREFIX = "class _:\n    _ = 0\n"


def _black_alone(block: str, *, first: bool, member: bool, name: str) -> str:
    """``block`` (whole lines) formatted by black as it would be in place: at the top level or
    as a member of a class, first in its block or not."""
    prefix = (
        ("class _:\n" if first else _MEMBER_PREFIX) if member else ("" if first else _TOP_PREFIX)
    )
    formatted = format_python(prefix + block, name=name)
    if not formatted.startswith(prefix):  # pragma: no cover - black keeps a statement it parsed
        raise SpecgenError(
            f"internal error: black moved the context of a statement in {name}",
            Location(Path(name)),
            exit_code=3,
        )
    # Drop the blank lines black put between the context and the statement.
    return formatted[len(prefix) :].lstrip("\n")


def _wrapped_for_length(lines: list[str], first: int, last: int, nodes: list[ast.stmt]) -> bool:
    """Whether a simple statement spread over several lines would not fit on one: someone other
    than black wrapped it for length (datamodel-code-generator's builtin formatter does, not
    always as black would), so black decides. Wrapped to keep a magic trailing comma, it fits
    (``ConfigDict(\\n extra="forbid",\\n)``) and black keeps it as it is."""
    if last == first or any(isinstance(node, _COMPOUND) for node in nodes):
        return False
    indent = len(lines[first]) - len(lines[first].lstrip())
    joined = sum(len(line.strip()) for line in lines[first : last + 1]) + (last - first)
    return indent + joined > LINE_LENGTH


_COMPOUND = (
    ast.ClassDef,
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.If,
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.With,
    ast.AsyncWith,
    ast.Try,
    ast.Match,
)


def _string_kept(block: str, *, member: bool) -> bool:
    """Whether black leaves the string statement ``block`` (a docstring, or a string after
    another statement) as it is, but for the length of its closing line (:func:`needs_black`
    sees to that): one triple-quoted string without prefix or backslash, indented as black
    indents a docstring, with no quote at either end of its text (black pads those).
    Black's own :func:`black.strings.fix_multiline_docstring` decides the indentation."""
    from black.strings import fix_multiline_docstring

    text = block.strip()
    if not (
        text.startswith('"""')
        and text.endswith('"""')
        and text.count('"""') == 2
        and "\\" not in text
        and "\t" not in text
    ):
        return False
    inner = text[3:-3]
    if not inner or inner[0] == '"' or inner[-1] == '"':
        return False
    if "\n" not in inner:
        return inner == inner.strip()
    return fix_multiline_docstring(inner, "    " if member else "") == inner


def _annotation_kept(lines: list[str], first: int, last: int, nodes: list[ast.stmt]) -> bool:
    """Whether black keeps a field datamodel-code-generator split inside its annotation::

        name: Annotated[
            Type | None, Field(title="...")
        ] = None

    Black joins such a statement when it fits on a line, and otherwise prefers to put the
    value in parentheses (``...] = (\n None\n)``) when the line up to ``= (`` fits. When
    neither fits it splits inside ``Annotated[...]``, and keeps the inside on one line when it
    fits and ends without a (magic) trailing comma. The most common statement of large model
    modules that black is asked about, and keeps."""
    node = nodes[0]
    if not (
        last == first + 2
        and len(nodes) == 1
        and isinstance(node, ast.AnnAssign)
        and isinstance(node.target, ast.Name)
        and isinstance(node.value, ast.Constant)
        and node.value.value is None
    ):
        return False
    head, inside, tail = (line.rstrip("\r\n") for line in lines[first : last + 1])
    indent = head[: len(head) - len(head.lstrip())]
    return (
        head == f"{indent}{node.target.id}: Annotated["
        and tail == f"{indent}] = None"
        and inside.startswith(indent + "    ")
        and not inside[len(indent) + 4 :].startswith(" ")
        and not inside.endswith(",")
        and fits(inside)
        and not fits(f"{head}{inside.strip()}] = (")
    )


def _rewrapped(
    block: str, lines: list[str], first: int, last: int, nodes: list[ast.stmt], member: bool
) -> bool:
    """Whether black may lay out otherwise a statement another formatter wrote: a string
    statement (a docstring) unless black provably keeps it, whatever its length; any other
    statement when it was wrapped for length, unless black provably keeps it."""
    node = nodes[0]
    if (
        len(nodes) == 1
        and isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    ):
        return not _string_kept(block, member=member)
    return _wrapped_for_length(lines, first, last, nodes) and not _annotation_kept(
        lines, first, last, nodes
    )


# Up to this much source a syntax tree takes a few dozen megabytes at most.
_TREE_MAX_CHARS = 500_000


def format_where_needed(source: str, *, name: str, rewrap: bool = False) -> str:
    """``source`` with each statement black may change (:func:`needs_black`, or, with
    ``rewrap``, wrapped for length by someone else) formatted by black alone, the rest (and
    the lines between statements) kept as they are.

    ``rewrap`` is for code laid out by another formatter (datamodel-code-generator's): its
    multi-line statements and docstrings go to black too, unless black provably keeps them.
    The templates write black's layout themselves (magic trailing commas,
    ``generator.literals``), so theirs are kept.

    A statement is a top-level one or, in a class whose ``class`` line is fine, one of its
    members (a client class holds every operation's methods). This equals black on the whole
    file when black leaves the other statements alone: black lays a statement out from its own
    text, its indentation and whether it opens its block, and the blank lines between
    statements are already black's (the golden tests and the corpus check compare with black).
    """
    lines = python_lines(source)
    replaced: list[tuple[int, int, str]] = []  # (first line, last line, new text)

    def visit(groups: list[Group], *, member: bool) -> None:
        for index, group in enumerate(groups):
            first, last = group.first, group.last
            if not member and group.is_class and group.members:
                opening = group.members[0].first
                if not needs_black("".join(lines[first:opening])):
                    visit(group.members, member=True)
                    continue
            block = "".join(lines[first : last + 1])
            if needs_black(block) or (
                rewrap and _rewrapped(block, lines, first, last, group.nodes, member)
            ):
                text = _black_alone(block, first=index == 0, member=member, name=name)
                replaced.append((first, last, text))

    # Code another formatter wrote is judged by its statements' kinds (a syntax tree); the
    # templates' by their lines alone, from a syntax tree too while it is small (five times
    # faster than tokens) and from tokens above that: a large client's tree would take
    # gigabytes. Its syntax is checked with the imports (``tidy_imports``).
    if rewrap or len(source) <= _TREE_MAX_CHARS:
        visit(ast_groups(_syntax_tree(source, name=name).body), member=False)
    else:
        try:
            groups = token_groups(source)
        except (tokenize.TokenError, SyntaxError) as exc:
            raise _invalid_python(name, exc) from None
        visit(groups, member=False)
    if not replaced:
        return source
    pieces: list[str] = []
    done = 0
    for first, last, text in replaced:
        pieces += [*lines[done:first], text]
        done = last + 1
    return "".join([*pieces, *lines[done:]])


# Below this much Python source a worker process costs more than it saves.
_PARALLEL_MIN_CHARS = 400_000


def _format_item(item: tuple[str, str, bool]) -> str:
    return format_where_needed(item[1], name=item[0], rewrap=item[2])


def format_all(
    sources: Mapping[str, str], *, rewrap: Collection[str] = (), jobs: int = 1
) -> dict[str, str]:
    """Every ``path -> source`` through :func:`format_where_needed` (``rewrap`` for the paths
    in ``rewrap``); with ``jobs > 1`` and enough source, the files are shared among that many
    worker processes (the output does not depend on it)."""
    items = [(path, text, path in rewrap) for path, text in sources.items()]
    if jobs <= 1 or len(sources) <= 1 or sum(map(len, sources.values())) < _PARALLEL_MIN_CHARS:
        return {item[0]: _format_item(item) for item in items}
    # Largest first, so the long files do not end up queued behind the short ones.
    order = sorted(items, key=lambda item: (-len(item[1]), item[0]))
    with ProcessPoolExecutor(max_workers=min(jobs, len(order))) as pool:
        formatted = dict(zip((item[0] for item in order), pool.map(_format_item, order)))
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
                "--output-format",
                "concise",
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
        # Every generated module is parsed here, by ruff's parser (fast, small): a template
        # that wrote invalid Python is a specgen bug, reported with the file and line.
        invalid = [line for line in result.stdout.splitlines() if ": invalid-syntax: " in line]
        if invalid:
            where, _, problem = invalid[0].partition(": invalid-syntax: ")
            raise _invalid_python(where, problem)
        return {rel: (root / rel).read_text(encoding="utf-8") for rel in files}
