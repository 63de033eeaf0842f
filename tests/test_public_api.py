"""Public surfaces: ``generator.__all__`` and every generated package's ``__all__``."""

from __future__ import annotations

import ast
import importlib
import json
import sys

import generator
import pytest

from conftest import GENERATED_DIR, REAL_APIS, REPO_ROOT


def test_generator_all_is_the_sorted_public_names_of_init() -> None:
    tree = ast.parse((REPO_ROOT / "generator" / "__init__.py").read_text(encoding="utf-8"))
    names: set[str] = set()
    # Names imported for type checkers are served on first use by the module's __getattr__.
    typed = [
        n for n in tree.body if isinstance(n, ast.If) and "TYPE_CHECKING" in ast.unparse(n.test)
    ]
    for node in [*tree.body, *(stmt for block in typed for stmt in block.body)]:
        if isinstance(node, ast.ImportFrom):
            names.update(
                alias.asname or alias.name for alias in node.names if node.module != "__future__"
            )
        elif isinstance(node, ast.Assign):
            names.update(
                t.id for t in node.targets if isinstance(t, ast.Name) and t.id != "__all__"
            )
    public = sorted(n for n in names if not n.startswith("_") or n == "__version__")
    assert generator.__all__ == public
    assert generator.__all__ == sorted(generator.__all__)
    for name in generator.__all__:
        assert hasattr(generator, name)


@pytest.mark.parametrize("api", REAL_APIS)
def test_generated_package_all_is_sorted(api: str) -> None:
    src = str(GENERATED_DIR / api / "src")
    if src not in sys.path:
        sys.path.insert(0, src)
    module = importlib.import_module(f"{api}_client")
    exported = list(module.__all__)
    assert exported == sorted(exported)
    assert len(exported) == len(set(exported))
    missing = [name for name in exported if not hasattr(module, name)]
    assert not missing


@pytest.mark.parametrize("api", REAL_APIS)
def test_generated_package_all_is_unique_and_exists(api: str) -> None:
    src = str(GENERATED_DIR / api / "src")
    if src not in sys.path:
        sys.path.insert(0, src)
    module = importlib.import_module(f"{api}_client")
    exported = list(module.__all__)
    assert len(exported) == len(set(exported))
    assert [name for name in exported if not hasattr(module, name)] == []


def test_the_prism_release_named_to_users_is_the_one_package_json_pins() -> None:
    """A package whose tests cannot find Prism says which release to install: the pinned one."""
    from generator.output.render import PRISM_PACKAGE

    pins = json.loads((REPO_ROOT / "package.json").read_text(encoding="utf-8"))
    assert (
        PRISM_PACKAGE == f"@stoplight/prism-cli@{pins['devDependencies']['@stoplight/prism-cli']}"
    )
