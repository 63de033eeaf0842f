"""The client's namespaces: an API of more than :data:`FLAT_UP_TO` operations has its methods
grouped into resources (``client.repos.list_for_org``), each in a module of its own, so that
completion shows at most :data:`MAX_NAMES` names on the client and on each resource (each
method has two, ``name`` and ``name_with_response``, and a third, ``name_all``, when it
pages; each child resource one).

An operation's resource is its first tag (without tags: the first segment of its path that
not every path shares, so ``/v1/customers/{id}`` is in ``customers``), also for the
operation alone under its tag; one still alone stays a method of the client. A resource whose
methods would not fit is split by the path segments below it (``client.repos.branches``), a
segment's own operations staying on its parent when there is just one. A level that still
does not fit (an API of more top-level tags than fit, an RPC-style API whose every path
differs) has what shares a leading word nested under it, and what still does not fit goes
under ``more`` (:func:`.folding.fold`); a level that fits is left as the API names it. A
method drops the resource's name where its own begins with it (``repos_list_for_org`` on
``repos`` is ``list_for_org``) unless that would make it collide.
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
from .folding import CLIENT_OWN_NAMES, MAX_NAMES, Group, fold, names_of
from .records import Api, Operation, Resource

__all__ = ["CLIENT_OWN_NAMES", "FLAT_UP_TO", "MAX_NAMES", "group_into_resources", "names_of"]

FLAT_UP_TO = 30
"""Up to this many operations, every method is the client's own (as for our five APIs)."""


def group_into_resources(api: Api, tag_descriptions: Mapping[str, str]) -> Api:
    """``api`` with :attr:`Api.resources` and each operation's ``resource`` and ``attribute``
    set; unchanged for an API of at most :data:`FLAT_UP_TO` operations."""
    if len(api.operations) <= FLAT_UP_TO:
        return api
    prefix = _shared_prefix([_segments(op.path) for op in api.operations])
    groups: dict[str, Group] = {}

    def by_path(op: Operation) -> None:
        rest = _segments(op.path)[prefix:]
        key = rest[0] if rest else "root"
        description = f"The operations under ``{key}``." if rest else "The API's root."
        groups.setdefault(key, Group(description)).operations.append(op)

    for op in api.operations:
        if op.tags:
            key = op.tags[0]
            description = tag_descriptions.get(key) or f"The operations tagged ``{key}``."
            groups.setdefault(key, Group(description)).operations.append(op)
        else:
            by_path(op)
    # A tag of one operation (an API tagging each by its service class, Magento) is no
    # namespace: its operation goes by its path instead; one still alone there stays a method
    # of the client.
    for key in sorted(groups):
        if len(groups[key].operations) == 1 and groups[key].operations[0].tags:
            by_path(groups.pop(key).operations[0])
    client = Group("", own_names=CLIENT_OWN_NAMES)
    for key in sorted(groups):
        if len(groups[key].operations) == 1:
            client.operations += groups.pop(key).operations
        else:
            client.children[key] = groups[key]
    placed: dict[str, tuple[tuple[str, ...], str]] = {}
    resources: list[Resource] = []
    _build((), client, prefix, placed, resources)
    if not resources:
        return api
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
    group: Group,
    prefix: int,
    placed: dict[str, tuple[tuple[str, ...], str]],
    out: list[Resource],
) -> None:
    """Record the resource at ``path`` (the client at ``()``) holding ``group`` in ``out``,
    and where each operation's method went in ``placed``. Where its names would not fit in
    :data:`MAX_NAMES`, its methods are split by the path segments below it, and then what
    still does not fit is folded by leading word (:func:`.folding.fold`)."""
    if path and names_of(group.operations) > MAX_NAMES:
        own, by_segment = _split_by_path(path, group.operations, prefix)
        group.operations = own
        for key, child in by_segment.items():
            group.adopt(key, child)
    attributes = _method_attributes(path, group.operations, group.labels)
    if group.names() > MAX_NAMES:
        fold(group, attributes)
        attributes = _method_attributes(path, group.operations, group.labels)
    taken = set(attributes.values()) | {a + WITH_RESPONSE for a in attributes.values()}
    taken |= set(CLIENT_ATTRIBUTES)
    child_names = {key: _attribute(key, taken) for key in sorted(group.children)}
    for op in group.operations:
        placed[op.python_name] = (path, attributes[op.python_name] if path else "")
    if path:
        out.append(
            Resource(
                path=path,
                class_name="",
                module="",
                description=group.description,
                operations=tuple(op.python_name for op in group.operations),
                children=tuple(sorted(child_names.values())),
            )
        )
    for key in sorted(group.children):
        _build((*path, child_names[key]), group.children[key], prefix, placed, out)


def _split_by_path(
    path: tuple[str, ...], operations: Sequence[Operation], prefix: int
) -> tuple[list[Operation], dict[str, Group]]:
    """``operations`` split by the first path segment below ``path`` they do not all share:
    those without one (and segments of one operation, while the names fit) stay on it."""
    below = {
        op.python_name: [s for s in _segments(op.path)[prefix:] if snake_case(s) not in path]
        for op in operations
    }
    shared = _shared_prefix(list(below.values()))
    children: dict[str, list[Operation]] = {}
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
    return own, {
        key: Group(f"The operations under ``{key}``.", ops) for key, ops in children.items()
    }


def _method_attributes(
    path: tuple[str, ...], operations: Sequence[Operation], labels: Mapping[str, str]
) -> dict[str, str]:
    """Each operation's method name on the resource at ``path``: its own name (or the label a
    fold gave it) without the resource's (``repos_list_for_org`` → ``list_for_org``) where
    that stays unique; its own name in full otherwise."""
    starts = sorted(
        {"_".join(path[i:j]) + "_" for i in range(len(path)) for j in range(i + 1, len(path) + 1)},
        key=lambda start: (-len(start), start),
    )
    wanted: dict[str, str] = {}
    for op in operations:
        label = labels.get(op.python_name, "")
        name = label if _usable(label) else op.python_name
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
