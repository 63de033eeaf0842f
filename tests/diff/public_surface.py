"""What a caller of a generated package can see, read from the generated source itself.

The truth side of the diff's self-consistency test (``test_consistency.py``): the package
``specgen generate`` writes, reduced to symbols and their signatures with Python's own
parser, independently of ``generator.diff``. A symbol is a dotted name a user's code can
mention (``Client.create_contract``, ``models.Customer.last_name``, ``models.Status.ACTIVE``,
``Client(token=)``, ``ENVIRONMENTS['test']``); its text is everything about it a caller's
code depends on (parameters and their annotations and defaults, a field's annotation and
``Field(...)`` arguments, a model's bases and configuration, an enum member's value).
"""

from __future__ import annotations

import ast
from collections.abc import Mapping

__all__ = ["public_surface", "surface_changes"]


def _signature(function: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    arguments = ast.unparse(function.args)
    returns = ast.unparse(function.returns) if function.returns else ""
    return f"({arguments}) -> {returns}"


def _client_symbols(tree: ast.Module) -> dict[str, str]:
    symbols: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            if node.target.id == "ENVIRONMENTS" and isinstance(node.value, ast.Dict):
                for key, value in zip(node.value.keys, node.value.values, strict=True):
                    if key is not None:
                        symbols[f"ENVIRONMENTS[{ast.unparse(key)}]"] = ast.unparse(value)
        if not isinstance(node, ast.ClassDef) or node.name not in ("Client", "AsyncClient"):
            continue
        for item in node.body:
            if not isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            if item.name == "__init__":
                defaults = dict(
                    zip(
                        (a.arg for a in item.args.kwonlyargs),
                        (ast.unparse(d) if d is not None else "" for d in item.args.kw_defaults),
                        strict=True,
                    )
                )
                for argument in item.args.kwonlyargs:
                    annotation = ast.unparse(argument.annotation) if argument.annotation else ""
                    default = defaults[argument.arg]
                    symbols[f"{node.name}({argument.arg}=)"] = f"{annotation} = {default}"
            elif not item.name.startswith("_"):
                symbols[f"{node.name}.{item.name}"] = _signature(item)
    return symbols


def _model_symbols(tree: ast.Module) -> dict[str, str]:
    symbols: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name) and not target.id.startswith("_"):
                symbols[f"models.{target.id}"] = ast.unparse(node.value)  # a type alias
            continue
        if not isinstance(node, ast.ClassDef) or node.name.startswith("_"):
            continue
        bases = ", ".join(ast.unparse(base) for base in node.bases)
        config = ""
        for item in node.body:
            if isinstance(item, ast.Assign) and len(item.targets) == 1:
                target = item.targets[0]
                if isinstance(target, ast.Name) and target.id == "model_config":
                    config = ast.unparse(item.value)
                elif isinstance(target, ast.Name) and not target.id.startswith("_"):
                    symbols[f"models.{node.name}.{target.id}"] = ast.unparse(item.value)
            elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                if item.target.id.startswith("_") or item.target.id == "model_config":
                    continue
                value = f" = {ast.unparse(item.value)}" if item.value is not None else ""
                annotation = ast.unparse(item.annotation)
                symbols[f"models.{node.name}.{item.target.id}"] = annotation + value
        symbols[f"models.{node.name}"] = f"({bases}) {config}".strip()
    return symbols


def public_surface(files: Mapping[str, str], package: str) -> dict[str, str]:
    """``symbol -> text`` of the package whose rendered files are ``files`` (path -> text)."""
    root = f"src/{package}"
    client = ast.parse(files[f"{root}/client.py"])
    models = ast.parse(files[f"{root}/models.py"])
    return dict(sorted({**_client_symbols(client), **_model_symbols(models)}.items()))


def surface_changes(
    old: Mapping[str, str], new: Mapping[str, str]
) -> dict[str, tuple[str | None, str | None]]:
    """``symbol -> (old text, new text)`` of every symbol added, removed or changed."""
    return {
        symbol: (old.get(symbol), new.get(symbol))
        for symbol in sorted(set(old) | set(new))
        if old.get(symbol) != new.get(symbol)
    }
