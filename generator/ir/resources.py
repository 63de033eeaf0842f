"""The client's namespaces: an API of more than :data:`FLAT_UP_TO` operations has its methods
grouped into resources (``client.repos.list_for_org``), each in a module of its own.

An operation's resource is its first tag (without tags: the first segment of its path that
not every path shares, so ``/v1/customers/{id}`` is in ``customers``), also for the
operation alone under its tag; one still alone stays a method of the client (an RPC-style
API whose every path differs keeps them all there). A resource whose methods would not fit in :data:`MAX_NAMES` names (each
operation has two, ``name`` and ``name_with_response``, and a third, ``name_all``, when it
pages) is split by the path segments below it (``client.repos.branches``), a segment's own
operations staying on its parent when there is just one. A method drops the resource's name
where its own begins with it (``repos_list_for_org`` on ``repos`` is ``list_for_org``)
unless that would make it collide.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from ..naming import (
    ANNOTATION_NAMES,
    CLIENT_ATTRIBUTES,
    WITH_RESPONSE,
    class_name,
    snake_case,
    unique,
)
from .records import Api, Operation, Resource

__all__ = ["FLAT_UP_TO", "MAX_NAMES", "group_into_resources", "names_of"]

FLAT_UP_TO = 30
"""Up to this many operations, every method is the client's own (as for our five APIs)."""
MAX_NAMES = 40
"""The public names a resource aims to show (methods, their twins and child resources)."""


def group_into_resources(api: Api, tag_descriptions: Mapping[str, str]) -> Api:
    """``api`` with :attr:`Api.resources` and each operation's ``resource`` and ``attribute``
    set; unchanged for an API of at most :data:`FLAT_UP_TO` operations."""
    if len(api.operations) <= FLAT_UP_TO:
        return api
    prefix = _shared_prefix([_segments(op.path) for op in api.operations])
    groups: dict[str, list[Operation]] = {}
    descriptions: dict[str, str] = {}

    def by_path(op: Operation) -> None:
        rest = _segments(op.path)[prefix:]
        key = rest[0] if rest else "root"
        descriptions.setdefault(
            key, f"The operations under ``{key}``." if rest else "The API's root."
        )
        groups.setdefault(key, []).append(op)

    for op in api.operations:
        if op.tags:
            key = op.tags[0]
            description = tag_descriptions.get(key) or f"The operations tagged ``{key}``."
            descriptions.setdefault(key, description)
            groups.setdefault(key, []).append(op)
        else:
            by_path(op)
    # A tag of one operation (an API tagging each by its service class, Magento) is no
    # namespace: its operation goes by its path instead; one still alone there stays a method
    # of the client.
    for key in sorted(groups):
        if len(groups[key]) == 1 and groups[key][0].tags:
            by_path(groups.pop(key)[0])
    alone = [groups.pop(key)[0] for key in sorted(groups) if len(groups[key]) == 1]
    if not groups:
        return api
    placed: dict[str, tuple[tuple[str, ...], str]] = {op.python_name: ((), "") for op in alone}
    resources: list[Resource] = []
    taken = set(CLIENT_ATTRIBUTES)
    taken |= {op.python_name for op in alone} | {op.python_name + WITH_RESPONSE for op in alone}
    names = {key: _attribute(key, taken) for key in sorted(groups)}
    for key in sorted(groups):
        path = (names[key],)
        _build(path, descriptions[key], groups[key], prefix, placed, resources)
    operations = tuple(
        replace(op, resource=placed[op.python_name][0], attribute=placed[op.python_name][1])
        for op in api.operations
    )
    modules: set[str] = set()
    classes: set[str] = set()
    finished = []
    for resource in sorted(resources, key=lambda r: r.path):
        module = unique("_" + "_".join(resource.path), modules)
        modules.add(module)
        cls = unique(class_name("_".join(resource.path)) + "Resource", classes, separator="")
        classes.add(cls)
        finished.append(replace(resource, module=module, class_name=cls))
    return replace(api, operations=operations, resources=tuple(finished))


def _build(
    path: tuple[str, ...],
    description: str,
    operations: Sequence[Operation],
    prefix: int,
    placed: dict[str, tuple[tuple[str, ...], str]],
    out: list[Resource],
) -> None:
    """Record the resource at ``path`` holding ``operations`` (split into children when they
    would not fit) in ``out``, and where each operation's method went in ``placed``."""
    own: list[Operation] = list(operations)
    children: dict[str, list[Operation]] = {}
    if names_of(operations) > MAX_NAMES:
        below = {
            op.python_name: [s for s in _segments(op.path)[prefix:] if snake_case(s) not in path]
            for op in operations
        }
        shared = _shared_prefix(list(below.values()))
        for op in operations:
            rest = below[op.python_name][shared:]
            children.setdefault(rest[0] if rest else "", []).append(op)
        own = children.pop("", [])
        if len(children) == 1 and not own:  # nothing to split by
            own = children.pop(next(iter(children)))
        # A segment with one operation stays a child only while the names would not fit.
        for key in sorted(children, key=lambda k: (len(children[k]), k)):
            if (
                len(children[key]) == 1
                and names_of([*own, *children[key]]) + len(children) <= MAX_NAMES
            ):
                own += children.pop(key)
        own.sort(key=lambda op: operations.index(op))
    attributes = _method_attributes(path, own)
    taken = set(attributes.values()) | {a + WITH_RESPONSE for a in attributes.values()}
    taken |= set(CLIENT_ATTRIBUTES)
    child_names = {key: _attribute(key, taken) for key in sorted(children)}
    for op in own:
        placed[op.python_name] = (path, attributes[op.python_name])
    out.append(
        Resource(
            path=path,
            class_name="",
            module="",
            description=description,
            operations=tuple(op.python_name for op in own),
            children=tuple(sorted(child_names.values())),
        )
    )
    for key in sorted(children):
        child = (*path, child_names[key])
        _build(child, f"The operations under ``{key}``.", children[key], prefix, placed, out)


def names_of(operations: Sequence[Operation]) -> int:
    """The public names the methods of ``operations`` take: ``name`` and
    ``name_with_response``, and ``name_all`` for one that pages."""
    return sum(3 if op.pagination else 2 for op in operations)


def _method_attributes(path: tuple[str, ...], operations: Sequence[Operation]) -> dict[str, str]:
    """Each operation's method name on the resource at ``path``: its own name without the
    resource's (``repos_list_for_org`` → ``list_for_org``) where that stays unique."""
    starts = sorted(
        {"_".join(path[i:j]) + "_" for i in range(len(path)) for j in range(i + 1, len(path) + 1)},
        key=lambda start: (-len(start), start),
    )
    wanted: dict[str, str] = {}
    for op in operations:
        name = op.python_name
        for start in starts:
            rest = name[len(start) :] if name.startswith(start) else ""
            if _usable(rest):
                name = rest
                break
        wanted[op.python_name] = name
    counts: dict[str, int] = {}
    for name in wanted.values():
        counts[name] = counts.get(name, 0) + 1
    # A shortened name two operations would share, or one another keeps in full: both in full.
    full = {op.python_name for op in operations}
    return {
        key: name if counts[name] == 1 and (name == key or name not in full) else key
        for key, name in wanted.items()
    }


def _usable(name: str) -> bool:
    return bool(
        re.fullmatch(r"[a-z_][a-z0-9_]*", name)
        and not keyword.iskeyword(name)
        and not keyword.issoftkeyword(name)
        and name not in CLIENT_ATTRIBUTES
        and name not in ANNOTATION_NAMES
        and not name.startswith("_")
    )


def _attribute(key: str, taken: set[str]) -> str:
    """A resource's attribute name for tag or segment ``key``, unique among ``taken``."""
    name = snake_case(key).strip("_") or "root"
    if not _usable(name):
        name = f"{name}_api".lstrip("_")
    name = unique(name, taken)
    taken.add(name)
    return name


def _segments(path: str) -> list[str]:
    """The literal segments of ``path`` (``/repos/{owner}/branches`` → ``repos``, ``branches``)."""
    return [s for s in path.split("/") if s and "{" not in s]


def _shared_prefix(all_segments: list[list[str]]) -> int:
    """How many leading literal segments every path shares (``/v1``: 1)."""
    if not all_segments:
        return 0
    shortest = min(len(s) for s in all_segments)
    count = 0
    while count < shortest and len({s[count] for s in all_segments}) == 1:
        count += 1
    return count
