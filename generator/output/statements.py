"""Where a generated module's statements are: the top-level ones and a class's members.

Formatting looks at one statement at a time (``formatting.format_where_needed``). Two readers
give the same groups: Python's :mod:`ast` (which the statements' kinds need, for code another
formatter wrote) and :mod:`tokenize`, which streams. A client of 10,000 operations is a
40 MB module whose syntax tree takes gigabytes; its tokens pass one at a time.
"""

from __future__ import annotations

import ast
import io
import tokenize
from dataclasses import dataclass, field

__all__ = ["Group", "ast_groups", "token_groups"]

# Clauses that continue the statement above them at the same indentation.
_CONTINUATIONS = frozenset({"else", "elif", "except", "finally"})


@dataclass
class Group:
    """Statements sharing lines: 0-based ``first`` (decorators included) and ``last`` lines.

    ``is_class``: one ``class`` statement, whose ``members`` are its body's groups (empty
    when the body shares the ``class`` line). ``nodes``: the statements, when read with
    :mod:`ast`."""

    first: int
    last: int
    is_class: bool = False
    members: list[Group] = field(default_factory=list)
    nodes: list[ast.stmt] = field(default_factory=list)


def ast_groups(body: list[ast.stmt]) -> list[Group]:
    """The groups of ``body`` (a module's or a class's statements)."""
    groups: list[Group] = []
    for node in body:
        decorators = getattr(node, "decorator_list", ())
        first = min([node.lineno, *(d.lineno for d in decorators)]) - 1
        last = (node.end_lineno or node.lineno) - 1
        if groups and first <= groups[-1].last:
            merged = groups[-1]
            merged.last = max(merged.last, last)
            merged.nodes.append(node)
            merged.is_class = False
            merged.members = []
        else:
            is_class = isinstance(node, ast.ClassDef)
            members: list[Group] = []
            # A body on the ``class`` line itself has no members of its own lines.
            if isinstance(node, ast.ClassDef) and node.body[0].lineno > node.lineno:
                members = ast_groups(node.body)
            groups.append(Group(first, last, is_class, members, [node]))
    return groups


def token_groups(source: str) -> list[Group]:
    """The module's groups, read from its tokens (``source`` must be valid Python)."""
    top: list[Group] = []
    depth = 0
    decorated: dict[int, int] = {}  # depth -> first line of pending decorators
    starting = True  # the next token starts a logical line
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        kind = token.type
        if kind == tokenize.INDENT:
            depth += 1
        elif kind == tokenize.DEDENT:
            depth -= 1
        elif kind == tokenize.NEWLINE:
            starting = True
            _extend(top, depth, token.start[0] - 1, decorated)
        elif kind in (tokenize.NL, tokenize.COMMENT, tokenize.ENDMARKER):
            pass
        elif starting:
            starting = False
            _start(top, depth, token, decorated)
    return top


def _open_body(top: list[Group], depth: int) -> list[Group] | None:
    """The list a statement at ``depth`` belongs to: the module's, or (depth 1) the members of
    the class being read; ``None`` deeper (inside a statement)."""
    if depth == 0:
        return top
    if depth == 1 and top and top[-1].is_class:
        return top[-1].members
    return None


def _start(
    top: list[Group], depth: int, token: tokenize.TokenInfo, decorated: dict[int, int]
) -> None:
    body = _open_body(top, depth)
    if body is None:
        return
    line = token.start[0] - 1
    if token.string in _CONTINUATIONS and body:
        return  # an ``else:`` ... belongs to the statement above
    if token.string == "@":
        decorated.setdefault(depth, line)
        return
    first = decorated.pop(depth, line)
    body.append(Group(first, line, is_class=token.string == "class"))


def _extend(top: list[Group], depth: int, line: int, decorated: dict[int, int]) -> None:
    """A logical line ends at ``line``: it ends the statements that hold it so far (a
    decorator's line belongs to the statement it decorates, still to come)."""
    if not top or (depth == 0 and 0 in decorated):
        return
    top[-1].last = line
    members = top[-1].members if top[-1].is_class else []
    if members and depth >= 1 and not (depth == 1 and 1 in decorated):
        members[-1].last = line
