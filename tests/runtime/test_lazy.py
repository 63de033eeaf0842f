"""Model classes loaded on first use (``_lazy``): a models package laid out as specgen writes
one (a module per class, ``_REFERS`` naming what is bound later), cycles included."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from generator.runtime._lazy import fields_of

MODULES = {
    "__init__": """
        from generator.runtime._lazy import load

        _MODULES = {"Leaf": "_leaf", "Lonely": "_lonely", "Node": "_node", "Other": "_other",
                    "Tree": "_tree", "Twig": "_twig"}

        def __getattr__(name):
            found = globals()[name] = load(__name__, _MODULES, name)
            return found
        """,
    "_node": """
        from __future__ import annotations
        from pydantic import BaseModel, ConfigDict

        class Node(BaseModel):
            model_config = ConfigDict(defer_build=True)
            tree: Tree | None = None
            leaf: Leaf

        _REFERS = ("Leaf", "Tree")
        """,
    "_tree": """
        from __future__ import annotations
        from pydantic import BaseModel, ConfigDict

        class Tree(BaseModel):
            model_config = ConfigDict(defer_build=True)
            nodes: list[Node]

        _REFERS = ("Node",)
        """,
    "_leaf": """
        from __future__ import annotations
        from typing import Annotated
        from pydantic import BaseModel, ConfigDict, Field

        class Leaf(BaseModel):
            model_config = ConfigDict(defer_build=True)
            extra: Annotated[Lonely | None, Field(alias="extraThing")] = None

        _REFERS = ("Lonely",)
        """,
    "_twig": """
        from __future__ import annotations
        from ._leaf import Leaf

        class Twig(Leaf):
            length: int = 0

        _REFERS = ("Leaf",)
        """,
    "_lonely": """
        from __future__ import annotations
        from pydantic import BaseModel, ConfigDict

        class Lonely(BaseModel):
            model_config = ConfigDict(defer_build=True)
            size: int = 0
        """,
    "_other": """
        from __future__ import annotations
        from pydantic import BaseModel

        class Other(BaseModel):
            pass
        """,
}


@pytest.fixture
def models(tmp_path: Path) -> Iterator[ModuleType]:
    package = tmp_path / "lazypkg" / "models"
    package.mkdir(parents=True)
    (tmp_path / "lazypkg" / "__init__.py").write_text("", encoding="utf-8")
    for name, source in MODULES.items():
        (package / f"{name}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    sys.path.insert(0, str(tmp_path))
    try:
        import lazypkg.models

        yield lazypkg.models
    finally:
        sys.path.remove(str(tmp_path))
        for loaded in [name for name in sys.modules if name.startswith("lazypkg")]:
            del sys.modules[loaded]


def _loaded() -> set[str]:
    return {name.rsplit(".", 1)[1] for name in sys.modules if name.startswith("lazypkg.models.")}


def test_importing_the_package_creates_no_class(models: ModuleType) -> None:
    assert _loaded() == set()


def test_a_class_loads_with_the_classes_it_refers_to_and_no_others(models: ModuleType) -> None:
    node = models.Node
    assert _loaded() == {"_node", "_tree", "_leaf", "_lonely"}  # not _other
    value = node.model_validate({"leaf": {"extraThing": {"size": 2}}, "tree": {"nodes": []}})
    assert value.leaf.extra.size == 2 and value.tree.nodes == []
    assert models.Tree.model_validate({"nodes": [{"leaf": {}}]}).nodes[0].tree is None


def test_a_nested_class_reports_its_fields_completely(models: ModuleType) -> None:
    models.Node.model_validate({"leaf": {}})  # Leaf is validated inside Node's validator
    assert fields_of(models.Leaf)["extra"].alias == "extraThing"


def test_a_name_that_is_no_model_class_is_an_attribute_error(models: ModuleType) -> None:
    with pytest.raises(AttributeError, match="Nothing"):
        models.Nothing  # noqa: B018


def test_a_subclass_in_another_module_reads_its_inherited_fields(models: ModuleType) -> None:
    """Twig's module imports neither ``Annotated`` nor ``Lonely``; pydantic evaluates the field
    Twig inherits from Leaf in Twig's module, which gets what Leaf's module holds."""
    twig = models.Twig.model_validate({"extraThing": {"size": 3}, "length": 2})
    assert twig.extra.size == 3 and twig.length == 2
