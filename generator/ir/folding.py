"""Bringing a level of the client (the client itself or one of its resources) within
:data:`MAX_NAMES` names when the API's own grouping leaves more there: nesting what shares a
leading word, and what still does not fit under ``more`` (:func:`fold`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..naming import snake_case
from .records import Operation

__all__ = ["CLIENT_OWN_NAMES", "MAX_NAMES", "Group", "fold", "names_of"]

MAX_NAMES = 40
"""The public names a resource aims to show (methods, their twins and child resources)."""

CLIENT_OWN_NAMES = 2
"""The client's own public names: ``base_url`` and ``close`` (``aclose`` on the async one)."""

_MORE = "~more"
"""The key of the group what does not fit goes into (named ``more``, after any of the API's)."""


@dataclass
class Group:
    """Operations bound for one namespace before it is named: its own methods (with the name
    a fold gave each, where one did) and the groups below it, by tag, segment or word."""

    description: str
    operations: list[Operation] = field(default_factory=list)
    children: dict[str, Group] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    own_names: int = 0
    """Public names its class has besides methods and resources (the client's
    :data:`CLIENT_OWN_NAMES`)."""

    def names(self) -> int:
        return self.own_names + len(self.children) + names_of(self.operations)

    def size(self) -> int:
        """How many operations it holds, below it too."""
        return len(self.operations) + sum(child.size() for child in self.children.values())

    def adopt(self, key: str, child: Group) -> None:
        """Hold ``child`` under ``key`` (merged into a group already there)."""
        if key in self.children:
            self.children[key].merge(child)
        else:
            self.children[key] = child

    def merge(self, other: Group) -> None:
        """Take ``other``'s methods and groups in (a group of the same key merged in turn)."""
        self.operations += other.operations
        self.labels.update(other.labels)
        for key, child in other.children.items():
            self.adopt(key, child)


def names_of(operations: Sequence[Operation]) -> int:
    """The public names the methods of ``operations`` take: ``name`` and
    ``name_with_response``, and ``name_all`` for one that pages."""
    return sum(3 if op.pagination else 2 for op in operations)


def fold(group: Group, attributes: Mapping[str, str]) -> None:
    """Bring ``group``, whose names do not fit, within :data:`MAX_NAMES`, step by step while it
    does not fit yet:

    1. child groups sharing a leading word are nested under it (``payment_intents`` and
       ``payment_links`` become ``payment.intents`` and ``payment.links``; ``issues`` and
       ``issue_comments`` become ``issues`` and ``issues.comments``);
    2. a method whose leading words name a child group joins it (``admin_apps_list`` goes to
       ``admin`` as ``apps_list``);
    3. where the methods alone do not fit (an RPC-style API), those sharing a leading word are
       nested under it (``send_message`` and ``send_photo`` become ``send.message`` and
       ``send.photo``);
    4. what still does not fit goes under ``more``: the child groups of fewest operations
       first, then the last methods.

    Words every name at the level begins with tell nothing and are passed over; a fold that
    would leave a single name at the level is not made."""
    _fold_children(group)
    if group.names() > MAX_NAMES:
        _join_children(group, attributes)
    if names_of(group.operations) > MAX_NAMES:
        _fold_methods(group, attributes)
    if group.names() > MAX_NAMES:
        _overflow(group)


def _fold_children(group: Group) -> None:
    words = {key: _words(snake_case(key)) for key in group.children}
    common = _common_lead(list(words.values()))
    families = _families({key: w[common:] for key, w in words.items()})
    if not _fold_leaves_more_than_one(group, families):
        return
    for name, members in families.items():
        family = Group(f"The ``{name}_*`` operations.")
        for key in members:
            child, rest = group.children.pop(key), words[key][common + 1 :]
            if rest:
                family.merge(Group("", children={"_".join(rest): child}))
            else:
                family.description = child.description
                family.merge(child)
        group.adopt(name, family)


def _join_children(group: Group, attributes: Mapping[str, str]) -> None:
    remaining = []
    heads = sorted(group.children, key=lambda k: (-len(_words(snake_case(k))), k))
    for op in group.operations:
        verb, words = _verb_and_words(op, _words(attributes[op.python_name]))
        for key in heads:
            head = [_stem(w) for w in _words(snake_case(key))]
            if len(words) > len(head) and [_stem(w) for w in words[: len(head)]] == head:
                label = "_".join(verb + words[len(head) :])
                group.children[key].merge(Group("", [op], labels={op.python_name: label}))
                break
        else:
            remaining.append(op)
    group.operations = remaining


def _fold_methods(group: Group, attributes: Mapping[str, str]) -> None:
    words = {op.python_name: _words(attributes[op.python_name]) for op in group.operations}
    common = _common_lead(list(words.values()))
    split = {
        op.python_name: _verb_and_words(op, words[op.python_name][common:])
        for op in group.operations
    }
    families = _families({key: rest for key, (_, rest) in split.items()})
    if not _fold_leaves_more_than_one(group, families):
        return
    member_of = {key: name for name, members in families.items() for key in members}
    for name in families:
        family = Group(f"The ``{name}_*`` operations.")
        for op in group.operations:
            if member_of.get(op.python_name) == name:
                verb, rest = split[op.python_name]
                label = "_".join(verb + rest[1:]) or rest[0]
                family.merge(Group("", [op], labels={op.python_name: label}))
        group.adopt(name, family)
    group.operations = [op for op in group.operations if op.python_name not in member_of]


def _verb_and_words(op: Operation, words: list[str]) -> tuple[list[str], list[str]]:
    """A method's name as the HTTP verb it begins with, where that is its own (an operation
    without an ``operationId``, or a vendor naming them so: ``get_account`` on GET), and the
    words that say what it acts on."""
    if len(words) > 1 and words[0] == op.method.lower():
        return words[:1], words[1:]
    return [], words


def _overflow(group: Group) -> None:
    more = Group(
        f"Resources of few operations, kept here so that the level above shows at most"
        f" {MAX_NAMES} names."
    )
    for key in sorted(group.children, key=lambda k: (group.children[k].size(), k)):
        if group.names() + 1 <= MAX_NAMES:
            break
        more.children[key] = group.children.pop(key)
    while group.operations and group.names() + 1 > MAX_NAMES:
        more.operations.insert(0, group.operations.pop())
    for op in more.operations:
        if op.python_name in group.labels:
            more.labels[op.python_name] = group.labels[op.python_name]
    group.children[_MORE] = more


def _families(rests: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """The keys of ``rests`` whose words begin alike (``issues``, ``issue_comments``), by the
    family's name: the name of a member that is that word alone, else the word as the first
    member spells it. Families of one are left out."""
    by_stem: dict[str, list[str]] = {}
    for key in sorted(rests):
        if rests[key]:
            by_stem.setdefault(_stem(rests[key][0]), []).append(key)
    families = {}
    for members in by_stem.values():
        if len(members) > 1:
            alone = [key for key in members if len(rests[key]) == 1]
            families[rests[(alone or members)[0]][0]] = members
    return families


def _fold_leaves_more_than_one(group: Group, families: Mapping[str, list[str]]) -> bool:
    folded = sum(len(members) - 1 for members in families.values())
    return bool(families) and len(group.children) + len(group.operations) - folded > 1


def _words(name: str) -> list[str]:
    return [word for word in name.split("_") if word]


def _common_lead(all_words: list[list[str]]) -> int:
    """How many leading words every one of ``all_words`` shares, leaving each one at least."""
    if len(all_words) < 2:
        return 0
    count = 0
    shortest = min(len(words) for words in all_words) - 1
    while count < shortest and len({words[count] for words in all_words}) == 1:
        count += 1
    return count


def _stem(word: str) -> str:
    """``issues`` and ``issue`` alike: a word as a family of names is keyed."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word
