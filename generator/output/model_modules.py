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


class _References(ast.NodeVisitor):
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
                (self.eager if eager else self.lazy).add(child.id)

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


def _imports(header: list[ast.stmt], lines: list[str]) -> str:
    """The header's imports for a module one package deeper (relative imports gain a dot)."""
    out: list[str] = []
    for node in header:
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
    provenance = lines[0].rstrip("\n") if lines and lines[0].startswith("#") else ""
    imports = _imports([n for n in header if not _is_future(n)], lines)
    found: list[ModelModule] = []
    for name, node in defined.items():
        references = _References(set(modules))
        references.statement(node)
        eager = sorted(references.eager - {name})
        refers = sorted((references.eager | references.lazy) - {name})
        lazy = [name for name in refers if name not in references.eager]
        decorators = node.decorator_list if isinstance(node, ast.ClassDef) else []
        first = (decorators[0].lineno if decorators else node.lineno) - 1
        body = "".join(lines[first : node.end_lineno]).rstrip("\n")
        parts = [provenance, ""] if provenance else []
        parts += ["from __future__ import annotations", "", imports]
        parts += [f"from .{modules[name]} import {name}" for name in eager]
        if lazy:
            parts += ["from typing import TYPE_CHECKING", "", "if TYPE_CHECKING:"]
            parts += [f"    from .{modules[name]} import {name}" for name in lazy]
        parts += ["", "", body]
        if refers:
            parts += ["", "", _refers(refers)]
        found.append(ModelModule(name, modules[name], "\n".join(parts) + "\n"))
    return sorted(found, key=lambda module: module.cls)


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
