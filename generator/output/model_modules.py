"""The models as a package of one module per class (or type alias), each loaded on first use.

datamodel-code-generator writes every model class into one module; importing it creates every
class (GitHub REST's 3,384 took 2.5 s, as pydantic reads each class's annotations when it is
created). Split, ``models/__init__.py`` names each class's module and imports none: asking
for a class (``models.Repository``, ``from pkg.models import Repository``) imports its module
and, transitively, the modules of the classes it refers to (the package's ``_lazy.load``), so
one call creates the classes it needs and no others.

A module imports at its top what Python evaluates when the class is created (base classes,
default values: an acyclic graph, as in the one module every such name was defined above its
use); the classes named only in annotations and method bodies are listed in ``_REFERS`` and
bound into the module's namespace when the class is first asked for (and imported under
``TYPE_CHECKING`` for type checkers).
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass

from ..literals import python_lines
from ..naming import snake_case

__all__ = ["ModelModule", "split_models"]


@dataclass(frozen=True, slots=True)
class ModelModule:
    """One class's module: its class, module name (``_customer``) and source."""

    cls: str
    module: str
    source: str


def _module_names(classes: list[str]) -> dict[str, str]:
    """Class → module name: ``_`` and the class's snake_case, numbered where two collide."""
    taken: set[str] = set()
    names: dict[str, str] = {}
    for cls in sorted(classes):
        base = "_" + (snake_case(cls).strip("_") or "model")
        name, number = base, 2
        while name.lower() in taken:
            name, number = f"{base}_{number}", number + 1
        taken.add(name.lower())  # case-insensitive file systems: one file per name
        names[cls] = name
    return names


# Capitalised names Python defines in every module (3.11 to 3.13). A class named so (a schema
# ``Warning``) is found as the builtin by an annotation evaluated before the class is bound,
# and the field then has the builtin's type: such a class is imported at the top.
_BUILTIN_CLASSES = frozenset(
    {
        "ArithmeticError",
        "AssertionError",
        "AttributeError",
        "BaseException",
        "BaseExceptionGroup",
        "BlockingIOError",
        "BrokenPipeError",
        "BufferError",
        "BytesWarning",
        "ChildProcessError",
        "ConnectionAbortedError",
        "ConnectionError",
        "ConnectionRefusedError",
        "ConnectionResetError",
        "DeprecationWarning",
        "EOFError",
        "Ellipsis",
        "EncodingWarning",
        "EnvironmentError",
        "Exception",
        "ExceptionGroup",
        "FileExistsError",
        "FileNotFoundError",
        "FloatingPointError",
        "FutureWarning",
        "GeneratorExit",
        "IOError",
        "ImportError",
        "ImportWarning",
        "IndentationError",
        "IndexError",
        "InterruptedError",
        "IsADirectoryError",
        "KeyError",
        "KeyboardInterrupt",
        "LookupError",
        "MemoryError",
        "ModuleNotFoundError",
        "NameError",
        "NotADirectoryError",
        "NotImplemented",
        "NotImplementedError",
        "OSError",
        "OverflowError",
        "PendingDeprecationWarning",
        "PermissionError",
        "ProcessLookupError",
        "PythonFinalizationError",
        "RecursionError",
        "ReferenceError",
        "ResourceWarning",
        "RuntimeError",
        "RuntimeWarning",
        "StopAsyncIteration",
        "StopIteration",
        "SyntaxError",
        "SyntaxWarning",
        "SystemError",
        "SystemExit",
        "TabError",
        "TimeoutError",
        "TypeError",
        "UnboundLocalError",
        "UnicodeDecodeError",
        "UnicodeEncodeError",
        "UnicodeError",
        "UnicodeTranslateError",
        "UnicodeWarning",
        "UserWarning",
        "ValueError",
        "Warning",
        "ZeroDivisionError",
    }
)


class _References:
    """The model classes a class statement names, and which of them Python evaluates when
    the class is created (everything but annotations and function bodies)."""

    def __init__(self, classes: set[str]) -> None:
        self.classes = classes
        self.eager: set[str] = set()
        self.lazy: set[str] = set()

    def names(self, node: ast.AST | None, eager: bool) -> None:
        if node is None:
            return
        for child in ast.walk(node):
            if isinstance(child, ast.Name) and child.id in self.classes:
                shadowing = child.id in _BUILTIN_CLASSES
                (self.eager if eager or shadowing else self.lazy).add(child.id)

    def statement(self, node: ast.stmt) -> None:
        if isinstance(node, ast.AnnAssign):
            self.names(node.annotation, eager=False)
            self.names(node.value, eager=True)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for decorator in node.decorator_list:
                self.names(decorator, eager=True)
            for default in [*node.args.defaults, *node.args.kw_defaults]:
                self.names(default, eager=True)
            self.names(node.args, eager=False)  # annotations (defaults counted above)
            self.names(node.returns, eager=False)
            for item in node.body:
                self.names(item, eager=False)
        elif isinstance(node, ast.ClassDef):
            for part in [*node.bases, *node.keywords, *node.decorator_list]:
                self.names(part, eager=True)
            for item in node.body:
                self.statement(item)
        else:
            self.names(node, eager=True)


def _imports(header: Sequence[ast.stmt], lines: list[str]) -> str:
    """The header's imports (but ``__future__``'s) for a module one package deeper (relative
    imports gain a dot)."""
    out: list[str] = []
    for node in header:
        if _is_future(node):
            continue
        if isinstance(node, ast.ImportFrom) and node.level:
            moved = ast.ImportFrom(module=node.module, names=node.names, level=node.level + 1)
            out.append(ast.unparse(moved))
        else:
            first, last = node.lineno - 1, (node.end_lineno or node.lineno) - 1
            out.append("".join(lines[first : last + 1]).rstrip("\n"))
    return "\n".join(out)


def _refers(names: list[str]) -> str:
    """The ``_REFERS`` statement, laid out as black lays it out."""
    one_line = "_REFERS: tuple[str, ...] = (" + ", ".join(f'"{n}"' for n in names)
    one_line += ",)" if len(names) == 1 else ")"
    if len(one_line) <= 100:
        return one_line
    return "\n".join(["_REFERS: tuple[str, ...] = (", *(f'    "{n}",' for n in names), ")"])


def split_models(source: str) -> list[ModelModule]:
    """``source`` (one module of model classes, imports first) as one module per class,
    sorted by class name. The first line (the provenance comment) heads every module."""
    tree = ast.parse(source)
    lines = python_lines(source)
    header = [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
    defined = {name: node for node in tree.body if (name := _defined_name(node)) is not None}
    others = [
        node
        for node in tree.body
        if node not in header and _defined_name(node) is None and not _is_docstring(node)
    ]
    if others:
        raise ValueError(f"unexpected statement in the models at line {others[0].lineno}")
    modules = _module_names(list(defined))
    references = {name: _references_of(name, node, set(modules)) for name, node in defined.items()}
    _check_acyclic({name: refs.eager for name, refs in references.items()})
    provenance = lines[0].rstrip("\n") if lines and lines[0].startswith("#") else ""
    head = [provenance, ""] if provenance else []
    head += ["from __future__ import annotations", "", _imports(header, lines)]
    found = [
        ModelModule(name, modules[name], _module_source(head, node, lines, refs, modules))
        for (name, node), refs in zip(defined.items(), references.values())
    ]
    return sorted(found, key=lambda module: module.cls)


def _references_of(name: str, node: ast.stmt, classes: set[str]) -> _References:
    references = _References(classes - {name})
    references.statement(node)
    return references


def _check_acyclic(eager: dict[str, set[str]]) -> None:
    """The modules' top-level imports must form no cycle (a module would import one that is
    still being created); ``ValueError`` naming one otherwise."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for other in sorted(eager.get(name, ())):
            if state.get(other) == 1:
                cycle = [*path[path.index(other) :], other] if other in path else [name, other]
                raise ValueError("model classes created from each other: " + " -> ".join(cycle))
            if other not in state:
                visit(other, [*path, other])
        state[name] = 2

    for name in sorted(eager):
        if name not in state:
            visit(name, [name])


def _module_source(
    head: list[str],
    node: ast.stmt,
    lines: list[str],
    references: _References,
    modules: dict[str, str],
) -> str:
    """One module: the header, the imports Python needs to create the class, those type
    checkers need, the class, and ``_REFERS`` (what ``_lazy.load`` binds)."""
    eager = sorted(references.eager)
    lazy = sorted(references.lazy - references.eager)
    refers = sorted(references.eager | references.lazy)
    decorators = node.decorator_list if isinstance(node, ast.ClassDef) else []
    first = (decorators[0].lineno if decorators else node.lineno) - 1
    parts = [*head, *(f"from .{modules[name]} import {name}" for name in eager)]
    if lazy:
        parts += ["from typing import TYPE_CHECKING", "", "if TYPE_CHECKING:"]
        parts += [f"    from .{modules[name]} import {name}" for name in lazy]
    parts += ["", "", "".join(lines[first : node.end_lineno]).rstrip("\n")]
    if refers:
        parts += ["", "", _refers(refers)]
    return "\n".join(parts) + "\n"


def _defined_name(node: ast.stmt) -> str | None:
    """The name a class statement or a type alias (``X = TypeAliasType(...)``) defines."""
    if isinstance(node, ast.ClassDef):
        return node.name
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        target = node.targets[0]
        return target.id if isinstance(target, ast.Name) else None
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return node.target.id
    return None


def _is_docstring(node: ast.stmt) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def _is_future(node: ast.stmt) -> bool:
    return isinstance(node, ast.ImportFrom) and node.module == "__future__"
