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
_BOOKKEEPING = frozenset({"_REFERS", "_LINKED"})


def load(package: str, modules: Mapping[str, str], name: str) -> Any:
    """Model class (or type alias) ``name`` of the models package ``package``, whose classes
    live in the modules ``modules`` names (class → module). Its module is imported, and the
    modules of the classes it refers to, transitively, each with the classes it refers to bound
    in its namespace. ``AttributeError`` for a name that is not a model class."""
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
        fresh = [m for m in found.values() if not m.__dict__.get("_LINKED", False)]
        for module in fresh:  # (a module linked before was linked with all it reaches)
            for referred in module.__dict__.get("_REFERS", ()):
                module.__dict__[referred] = getattr(found[referred], referred)
        for module in fresh:
            _inherit_namespaces(module)
            module.__dict__["_LINKED"] = True
        return getattr(found[name], name)


def _inherit_namespaces(module: ModuleType) -> None:
    """Give ``module`` the names its classes' base classes' modules hold (its own win):
    pydantic reads an inherited field's annotation in the subclass's module, and the names it
    uses (the other module's imports and bound classes) are not all in this one."""
    for value in list(module.__dict__.values()):
        if not (isinstance(value, type) and value.__module__ == module.__name__):
            continue
        for base in value.__mro__[1:]:
            if base.__module__.rpartition(".")[0] != module.__name__.rpartition(".")[0]:
                continue  # not a model class of this package (BaseModel, the runtime's bases)
            for name, held in vars(importlib.import_module(base.__module__)).items():
                if not name.startswith("__") and name not in _BOOKKEEPING:
                    module.__dict__.setdefault(name, held)


def fields_of(cls: type[BaseModel]) -> dict[str, Any]:
    """``cls.model_fields``, every annotation resolved. A class validated inside another one's
    validator has not built itself, and the annotations naming classes of other modules were
    unresolved when it was created: it builds itself first (once)."""
    if not cls.__pydantic_complete__:
        cls.model_rebuild(raise_errors=False)
    return cls.model_fields
