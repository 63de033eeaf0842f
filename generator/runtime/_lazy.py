"""Model classes loaded on first use: what ``models/__init__.py``'s ``__getattr__`` calls.

Each model class lives in its own module of ``models``. A module imports at its top only what
Python needs to create the class (base classes, default values); the classes it names in
annotations and method bodies are listed in its ``_REFERS`` and bound here, before the class
is handed out, so pydantic finds them when it builds the class's validator on first use.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Mapping
from types import ModuleType
from typing import Any

from pydantic import BaseModel

__all__ = ["fields_of", "load"]

_LOCK = threading.RLock()


def load(package: str, modules: Mapping[str, str], name: str) -> Any:
    """Model class (or type alias) ``name`` of the models package ``package``, whose classes
    live in the modules ``modules`` names (class → module): its module is imported, and the modules of the
    classes it refers to, transitively, each with the classes it refers to bound in its
    namespace. ``AttributeError`` for a name that is not a model class."""
    if name not in modules:
        raise AttributeError(f"module {package!r} has no attribute {name!r}")
    with _LOCK:  # one thread links a group of modules before another reads them
        found: dict[str, ModuleType] = {}
        pending = [name]
        while pending:
            current = pending.pop()
            if current in found:
                continue
            module = importlib.import_module(f"{package}.{modules[current]}")
            found[current] = module
            if not module.__dict__.get("_LINKED", False):
                pending.extend(module.__dict__.get("_REFERS", ()))
        for module in found.values():
            if module.__dict__.get("_LINKED", False):
                continue  # bound before, with every module it reaches
            for referred in module.__dict__.get("_REFERS", ()):
                module.__dict__[referred] = getattr(found[referred], referred)
            module.__dict__["_LINKED"] = True
        return getattr(found[name], name)


def fields_of(cls: type[BaseModel]) -> dict[str, Any]:
    """``cls.model_fields``, every annotation resolved. A class validated inside another one's
    validator has not built itself, and the annotations naming classes of other modules were
    unresolved when it was created: it builds itself first (once)."""
    if not cls.__pydantic_complete__:
        cls.model_rebuild(raise_errors=False)
    return cls.model_fields
