"""Identical inline schemas share one class.

Specs repeat inline schemas: Stripe's form bodies spell the same address object or the same
enum out in dozens of operations. datamodel-code-generator would make a numbered class of
each copy (``Address13``, ``Address14`` ...), which names nothing and is renumbered by any
edit elsewhere in the spec, and parsing every copy is most of its time and memory on such
specs. Here each inline object or enum that occurs identically (every keyword, descriptions
included) at two or more places becomes one component, named after the property where it
first occurs, and each copy a ``$ref`` to it.

Only places whose holders are used alike share: a class used by requests validates strictly
and one used only by responses leniently, so an inline schema is shared only among holders on
the same side.
"""

from __future__ import annotations

import copy
import json
from collections import Counter
from collections.abc import Callable, Hashable, Iterator
from typing import Any

from ..schema.pointer import escape_pointer

__all__ = ["share_identical"]

# Keywords whose meaning belongs to the place, not the schema: datamodel-code-generator reads
# them off the property (a default, nullability), or a discriminator names its branches.
_PLACE_BOUND = frozenset({"$ref", "default", "nullable", "discriminator", "const"})

# Kept beside the ``$ref`` that replaces a copy: the field's docstring and ``Field(title=)``.
_FIELD_ANNOTATIONS = ("title", "description")

_SCALAR_TYPES = frozenset({"string", "integer", "number"})


def _shareable(node: Any) -> bool:
    """True for an inline schema datamodel-code-generator makes a class of: an object with
    properties, or an enum of two or more values (one value is a ``Literal``)."""
    if not isinstance(node, dict) or _PLACE_BOUND & set(node):
        return False
    kind = node.get("type")
    if kind == "object" or (kind is None and "properties" in node):
        return isinstance(node.get("properties"), dict) and bool(node["properties"])
    values = node.get("enum")
    return (
        isinstance(kind, str)
        and kind in _SCALAR_TYPES
        and isinstance(values, list)
        and len(values) >= 2
        and None not in values
    )


def _children(node: dict[str, Any], pointer: str) -> Iterator[tuple[str, Any, Any, str, bool]]:
    """``(keyword, key, child, pointer, may_share)`` for the sub-schemas that become fields,
    items or union members, in document order: ``node[keyword][key]`` is ``child``, or
    ``node[keyword]`` itself when ``key`` is ``None``. A conditional part (``if``/``then``/
    ``not`` ...) is a rule's, so it is left whole; an inline ``allOf`` member is merged into
    its class, and a discriminated union's branches are named by it, so neither is shared."""
    properties = node.get("properties")
    if isinstance(properties, dict):
        for name, child in properties.items():
            yield "properties", name, child, f"{pointer}/properties/{escape_pointer(str(name))}", True
    for keyword in ("items", "additionalProperties"):
        if isinstance(node.get(keyword), dict):
            yield keyword, None, node[keyword], f"{pointer}/{keyword}", True
    for keyword in ("anyOf", "oneOf", "allOf", "prefixItems"):
        parts = node.get(keyword)
        if isinstance(parts, list):
            share = keyword != "allOf" and "discriminator" not in node
            for index, part in enumerate(parts):
                yield keyword, index, part, f"{pointer}/{keyword}/{index}", share


def _base_name(pointer: str, holder: str) -> str:
    """The property a copy first occurs under (``…Item`` inside its array), else the holder's."""
    parts = pointer.split("/")
    for index in range(len(parts) - 2, -1, -1):
        if parts[index] == "properties" and (index == 0 or parts[index - 1] != "properties"):
            name = parts[index + 1].replace("~1", "/").replace("~0", "~")
            return name + ("_item" if "items" in parts[index + 2 :] else "")
    return holder


def share_identical(
    schemas: dict[str, Any],
    *,
    side: Callable[[str], Hashable],
    claim: Callable[[str, str, str], str],
) -> int:
    """Hoist every inline schema that occurs identically twice or more among holders of the
    same ``side(holder)`` into one component of ``schemas``; the number of components added.

    ``claim(base_name, holder, pointer)`` names the component for the first copy, found at
    ``pointer`` (a JSON pointer into ``holder``), and records it. Holders are visited in
    sorted order and their schemas in document order, so a spec always gets the same names.
    ``schemas`` gets new components and rewritten holders; no schema object is changed in
    place (a YAML alias may hold one object at several places).
    """
    holders = sorted(schemas)
    # Canonical texts by object identity: every schema looked up is one of the original
    # trees, which ``originals`` keeps alive (and so their ids unique) until the end.
    originals = [schemas[holder] for holder in holders]
    canonical: dict[int, str | None] = {}

    def key_of(node: dict[str, Any], group: Hashable) -> tuple[Hashable, str] | None:
        if id(node) not in canonical:
            try:
                canonical[id(node)] = json.dumps(node, sort_keys=True, ensure_ascii=False)
            except (TypeError, ValueError):  # a YAML date, a key that is not a string
                canonical[id(node)] = None
        text = canonical[id(node)]
        return None if text is None else (group, text)

    counts: Counter[tuple[Hashable, str]] = Counter()

    def count(node: Any, group: Hashable) -> None:
        # The same walk as ``rewrite``: a copy after the first is not entered, as it will be
        # a ``$ref``, so a schema nested in a shared one is counted once, not once per copy.
        if not isinstance(node, dict):
            return
        for _container, _key, child, _pointer, may_share in _children(node, ""):
            if may_share and _shareable(child):
                key = key_of(child, group)
                if key is not None:
                    counts[key] += 1
                    if counts[key] > 1:
                        continue
            count(child, group)

    for holder, original in zip(holders, originals, strict=True):
        count(original, side(holder))
    if all(number < 2 for number in counts.values()):
        return 0

    shared: dict[tuple[Hashable, str], str] = {}

    def rewrite(node: Any, group: Hashable, holder: str, pointer: str) -> Any:
        """``node`` with its shared copies replaced: a new dict (and new containers) where
        something changed, ``node`` itself where nothing did."""
        if not isinstance(node, dict):
            return node
        out = node
        for keyword, key, child, child_pointer, may_share in _children(node, pointer):
            new = visit(child, group, holder, child_pointer, may_share)
            if new is child:
                continue
            if out is node:
                out = dict(node)
            if key is None:
                out[keyword] = new
                continue
            if out[keyword] is node[keyword]:
                out[keyword] = copy.copy(node[keyword])
            out[keyword][key] = new
        return out

    def visit(child: Any, group: Hashable, holder: str, pointer: str, may_share: bool) -> Any:
        if may_share and _shareable(child):
            key = key_of(child, group)
            if key is not None and counts[key] > 1:
                if key not in shared:
                    name = claim(_base_name(pointer, holder), holder, pointer)
                    shared[key] = name
                    schemas[name] = rewrite(child, group, name, "")
                reference: dict[str, Any] = {
                    "$ref": f"#/components/schemas/{escape_pointer(shared[key])}"
                }
                reference.update((k, child[k]) for k in _FIELD_ANNOTATIONS if k in child)
                return reference
        return rewrite(child, group, holder, pointer)

    for holder, original in zip(holders, originals, strict=True):
        schemas[holder] = rewrite(original, side(holder), holder, "")
    return len(shared)
