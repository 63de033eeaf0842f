"""``constraint_sites``: every constraint reachable from a schema along the paths the
derivation follows, and which of them a set of cases covers.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any, Final

from ...schema.truth import required_names
from ...schema.view import Conjunct, SchemaNode, SchemaReader, SchemaView, child
from .vocabulary import COVERAGE_KINDS, Case, Site

__all__ = ["constraint_sites", "covers", "uncovered_sites"]


_SITE_KEYWORDS: Final[tuple[str, ...]] = (
    "maxLength",
    "minLength",
    "pattern",
    "format",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "enum",
    "const",
    "minItems",
    "maxItems",
)


def constraint_sites(document: SchemaReader | Mapping[str, Any], schema_pointer: str) -> list[Site]:
    """Every constraint reachable from the schema along the paths ``derive_cases`` follows.

    One site per (schema, keyword) and per required property; ``minLength: 0`` and
    ``minItems: 0`` are no constraint and are left out. Sorted by pointer, kind, path.
    """
    view = SchemaView(document) if isinstance(document, Mapping) else document
    sites: dict[tuple[str, str, str], Site] = {}
    schema = view.at(schema_pointer)
    # breadth first, so each site keeps the shortest path that reaches it
    queue: list[tuple[tuple[str, ...], list[tuple[str, SchemaNode]], frozenset[str]]] = [
        ((), [(schema_pointer, schema)], frozenset())
    ]
    while queue:
        next_queue: list[tuple[tuple[str, ...], list[tuple[str, SchemaNode]], frozenset[str]]] = []
        for path, roots, ancestors in queue:
            conjuncts: list[Conjunct] = []
            for pointer, root in roots:
                for conjunct in view.expand(pointer, root, nonnull=True):
                    if all(c.pointer != conjunct.pointer for c in conjuncts):
                        conjuncts.append(conjunct)
            fresh = [c for c in conjuncts if c.pointer not in ancestors]
            if not fresh:
                continue
            below = ancestors | {c.pointer for c in conjuncts}
            for conjunct in fresh:
                constraints = conjunct.constraints
                for keyword in _SITE_KEYWORDS:
                    if keyword not in constraints.present:
                        continue
                    if keyword.startswith("min") and constraints.count(keyword) == 0:
                        continue  # minLength: 0, minItems: 0 (minimum is no count)
                    site = Site(conjunct.pointer, keyword, path)
                    sites.setdefault(site.key, site)
                for name in required_names(conjunct, conjuncts):
                    site = Site(conjunct.pointer, "required", (*path, name))
                    sites.setdefault(site.key, site)
            children: dict[str, list[tuple[str, SchemaNode]]] = {}
            for conjunct in fresh:
                for name, sub in conjunct.constraints.properties.items():
                    children.setdefault(str(name), []).append(
                        (child(conjunct.pointer, "properties", name), sub)
                    )
            if not any(c.constraints.prefix_items for c in conjuncts):
                for conjunct in fresh:
                    items = conjunct.constraints.items
                    if items is not None:
                        children.setdefault("*", []).append(
                            (child(conjunct.pointer, "items"), items)
                        )
            for name in sorted(children):
                next_queue.append(((*path, name), children[name], frozenset(below)))
        queue = next_queue
    return sorted(sites.values(), key=lambda site: (site.pointer, site.kind, site.path))


def covers(case: Case, site: Site) -> bool:
    """Whether ``case`` exercises ``site``."""
    if case.kind != site.kind or case.pointer != site.pointer:
        return False
    if site.kind == "required":
        return bool(case.path) and bool(site.path) and case.path[-1] == site.path[-1]
    return True


def uncovered_sites(
    sites: Iterable[Site], cases: Iterable[Case], kinds: Collection[str] = COVERAGE_KINDS
) -> list[Site]:
    """The sites of ``kinds`` that no case exercises."""
    done = {
        (case.pointer, case.kind, str(case.path[-1]) if case.kind == "required" else "")
        for case in cases
        if case.path or case.kind != "required"
    }
    return [site for site in sites if site.kind in kinds and site.key not in done]
