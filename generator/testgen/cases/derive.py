"""``derive_cases``: single targeted mutations of a valid example, each with its expected
outcome (see the package docstring for the design rules).
"""

from __future__ import annotations

import copy
from collections.abc import Collection, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

from ...schema.constraints import LIMITS
from ...schema.truth import (
    Context,
    accepts,
    decimal_of,
    is_number,
    json_equal,
    json_type,
    pattern_search,
    rejecting_conjunct,
    required_names,
    type_allows,
)
from ...schema.view import (
    Conjunct,
    SchemaNode,
    SchemaReader,
    SchemaView,
    all_understood,
    child,
)
from .values import (
    WRONG_TYPE_CANDIDATES,
    as_json_number,
    label_of,
    not_in_enum,
    other_than,
    stretched,
)
from .vocabulary import (
    DEFAULT_FORMATS,
    MALFORMED_FORMAT_VALUES,
    MAX_GENERATED_ITEMS,
    MAX_GENERATED_LENGTH,
    PATTERN_MISMATCH_CANDIDATES,
    Case,
    Path,
    format_path,
)

__all__ = ["derive_cases"]


class _Emitter:
    def __init__(self, example: Any) -> None:
        self.example = example
        self.cases: dict[str, Case] = {}

    def emit(
        self,
        path: Path,
        kind: str,
        variant: str,
        pointer: str,
        valid: bool,
        instance: Any,
        ordinal: int = 1,
        id_path: Path | None = None,
    ) -> None:
        label = kind if ordinal == 1 else f"{kind}[{ordinal}]"
        case_id = f"{format_path(path if id_path is None else id_path)}:{label}:{variant}"
        if case_id in self.cases:
            return
        self.cases[case_id] = Case(case_id, kind, pointer, tuple(path), valid, instance)

    def replaced(self, path: Path, value: Any) -> Any:
        if not path:
            return copy.deepcopy(value)
        document = copy.deepcopy(self.example)
        node = document
        for item in path[:-1]:
            node = node[item]
        node[path[-1]] = copy.deepcopy(value)
        return document

    def removed(self, path: Path) -> Any:
        document = copy.deepcopy(self.example)
        node = document
        for item in path[:-1]:
            node = node[item]
        del node[path[-1]]
        return document


def _ordinals(conjuncts: Sequence[Conjunct], keyword: str) -> Iterator[tuple[int, Conjunct]]:
    """The conjuncts that spell ``keyword`` (well formed or not: a case's ordinal counts them
    all), numbered from 1."""
    ordinal = 0
    for conjunct in conjuncts:
        if keyword in conjunct.constraints.present:
            ordinal += 1
            yield ordinal, conjunct


class _Deriver:
    def __init__(self, ctx: Context, example: Any) -> None:
        self.ctx = ctx
        self.out = _Emitter(example)

    def walk(
        self,
        value: Any,
        path: Path,
        roots: Sequence[tuple[str, SchemaNode]],
        valid_ok: bool,
    ) -> None:
        """Derive the cases of ``value`` (at ``path``), to which every schema of ``roots`` applies."""
        conjuncts = self.ctx.view.expand_all(roots, nonnull=True)
        if not conjuncts:
            return
        if path:
            self._null_case(value, path, roots, valid_ok)
        if value is None:
            return
        leaf_ok = valid_ok and all_understood(conjuncts)
        if path:
            self._type_case(value, path, conjuncts)
        self._enum_const_cases(value, path, conjuncts, leaf_ok)
        if isinstance(value, str):
            self._string_cases(value, path, conjuncts, leaf_ok)
        elif is_number(value):
            self._number_cases(value, path, conjuncts, leaf_ok)
        elif isinstance(value, list):
            self._array_cases(value, path, conjuncts, valid_ok)
        elif isinstance(value, Mapping):
            self._object_cases(value, path, conjuncts, valid_ok)

    # ---- null and type

    def _null_case(
        self, value: Any, path: Path, roots: Sequence[tuple[str, SchemaNode]], valid_ok: bool
    ) -> None:
        if value is None:
            return
        conjuncts = self.ctx.view.expand_all(roots, nonnull=False)
        nulled = self.out.replaced(path, None)
        if valid_ok and accepts(self.ctx, None, conjuncts):
            self.out.emit(path, "null", "accepted", conjuncts[0].pointer, True, nulled)
            return
        rejecting = rejecting_conjunct(self.ctx, None, conjuncts)
        if rejecting is not None:
            self.out.emit(path, "null", "rejected", rejecting.pointer, False, nulled)

    def _type_case(self, value: Any, path: Path, conjuncts: Sequence[Conjunct]) -> None:
        typed = [c for c in conjuncts if c.constraints.declared is not None]
        if not typed:
            return
        for candidate in WRONG_TYPE_CANDIDATES:
            if json_type(candidate) == json_type(value):
                continue
            for conjunct in typed:
                if not type_allows(conjunct.constraints.declared, candidate):
                    self.out.emit(
                        path,
                        "type",
                        json_type(candidate),
                        conjunct.pointer,
                        False,
                        self.out.replaced(path, candidate),
                    )
                    return

    # ---- enum and const

    def _enum_const_cases(
        self, value: Any, path: Path, conjuncts: Sequence[Conjunct], leaf_ok: bool
    ) -> None:
        for ordinal, conjunct in _ordinals(conjuncts, "enum"):
            members = conjunct.constraints.enum
            if members is None:
                continue
            outsider = not_in_enum(value, members)
            if outsider is not None:
                self.out.emit(
                    path,
                    "enum",
                    "not_member",
                    conjunct.pointer,
                    False,
                    self.out.replaced(path, outsider),
                    ordinal,
                )
            if not leaf_ok:
                continue
            for member in members:
                # null is the "null" case's business
                if member is None or json_equal(member, value):
                    continue
                if accepts(self.ctx, member, conjuncts):
                    self.out.emit(
                        path,
                        "enum",
                        f"member={label_of(member)}",
                        conjunct.pointer,
                        True,
                        self.out.replaced(path, member),
                        ordinal,
                    )
        for ordinal, conjunct in _ordinals(conjuncts, "const"):
            self.out.emit(
                path,
                "const",
                "other",
                conjunct.pointer,
                False,
                self.out.replaced(path, other_than(_const(conjunct))),
                ordinal,
            )

    # ---- strings

    def _string_cases(
        self, value: str, path: Path, conjuncts: Sequence[Conjunct], leaf_ok: bool
    ) -> None:
        ctx, out = self.ctx, self.out
        patterns = [c.constraints.pattern for c in conjuncts if c.constraints.pattern is not None]

        def matches_patterns(text: str) -> bool:
            return all(pattern_search(pattern, text) is True for pattern in patterns)

        for ordinal, conjunct in _ordinals(conjuncts, "maxLength"):
            limit = conjunct.constraints.max_length
            if limit is None or limit > MAX_GENERATED_LENGTH:
                continue
            if leaf_ok:
                for text in stretched(value, limit):
                    if accepts(ctx, text, conjuncts):
                        out.emit(
                            path,
                            "maxLength",
                            "at",
                            conjunct.pointer,
                            True,
                            out.replaced(path, text),
                            ordinal,
                        )
                        break
            over = stretched(value, limit + 1)
            if over:
                chosen = next((text for text in over if matches_patterns(text)), over[0])
                out.emit(
                    path,
                    "maxLength",
                    "over",
                    conjunct.pointer,
                    False,
                    out.replaced(path, chosen),
                    ordinal,
                )

        for ordinal, conjunct in _ordinals(conjuncts, "minLength"):
            limit = conjunct.constraints.min_length
            if limit is None or limit > MAX_GENERATED_LENGTH:
                continue
            if leaf_ok:
                for text in stretched(value, limit):
                    if accepts(ctx, text, conjuncts):
                        out.emit(
                            path,
                            "minLength",
                            "at",
                            conjunct.pointer,
                            True,
                            out.replaced(path, text),
                            ordinal,
                        )
                        break
            if limit > 0:
                under = stretched(value, limit - 1)
                chosen = next((text for text in under if matches_patterns(text)), under[0])
                out.emit(
                    path,
                    "minLength",
                    "under",
                    conjunct.pointer,
                    False,
                    out.replaced(path, chosen),
                    ordinal,
                )

        max_lengths = [
            c.constraints.max_length for c in conjuncts if c.constraints.max_length is not None
        ]
        for ordinal, conjunct in _ordinals(conjuncts, "pattern"):
            pattern = conjunct.constraints.pattern
            if pattern is None:
                continue
            for candidate in PATTERN_MISMATCH_CANDIDATES:
                if any(len(candidate) > limit for limit in max_lengths):
                    continue
                if pattern_search(pattern, candidate) is False:
                    out.emit(
                        path,
                        "pattern",
                        "mismatch",
                        conjunct.pointer,
                        False,
                        out.replaced(path, candidate),
                        ordinal,
                    )
                    break

        for ordinal, conjunct in _ordinals(conjuncts, "format"):
            name = conjunct.constraints.format
            if name is not None and name in ctx.formats and name in MALFORMED_FORMAT_VALUES:
                out.emit(
                    path,
                    "format",
                    "malformed",
                    conjunct.pointer,
                    False,
                    out.replaced(path, MALFORMED_FORMAT_VALUES[name]),
                    ordinal,
                )

    # ---- numbers

    def _number_cases(
        self, value: int | float, path: Path, conjuncts: Sequence[Conjunct], leaf_ok: bool
    ) -> None:
        integer = any(conjunct.constraints.integer_only for conjunct in conjuncts)
        steps = [
            decimal_of(conjunct.constraints.multiple_of)
            for conjunct in conjuncts
            if conjunct.constraints.multiple_of is not None
        ]
        # (keyword, valid variant, offset of the valid value, invalid variant, offset of it)
        plans = (
            ("at", 0, "under", -1),
            ("at", 0, "over", 1),
            ("above", 1, "at", 0),
            ("below", -1, "at", 0),
        )
        for keyword, (good_variant, good_offset, bad_variant, bad_offset) in zip(LIMITS, plans):
            for ordinal, conjunct in _ordinals(conjuncts, keyword):
                limit = conjunct.constraints.limits.get(keyword)
                exact = decimal_of(limit) if limit is not None else None
                if exact is None or not exact.is_finite():
                    continue
                if integer and exact != exact.to_integral_value():
                    continue
                step = self._step(exact, integer, steps)
                if leaf_ok:
                    good = as_json_number(exact + good_offset * step, integer)
                    if accepts(self.ctx, good, conjuncts):
                        self.out.emit(
                            path,
                            keyword,
                            good_variant,
                            conjunct.pointer,
                            True,
                            self.out.replaced(path, good),
                            ordinal,
                        )
                bad = as_json_number(exact + bad_offset * step, integer)
                self.out.emit(
                    path,
                    keyword,
                    bad_variant,
                    conjunct.pointer,
                    False,
                    self.out.replaced(path, bad),
                    ordinal,
                )

    @staticmethod
    def _step(limit: Decimal, integer: bool, multiples: list[Decimal | None]) -> Decimal:
        if integer:
            return Decimal(1)
        known = [m for m in multiples if m is not None and m > 0]
        if known:
            return known[0]
        exponent = limit.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        return Decimal(1).scaleb(-max(2, places))

    # ---- arrays

    def _array_cases(
        self, value: list[Any], path: Path, conjuncts: Sequence[Conjunct], valid_ok: bool
    ) -> None:
        out = self.out
        risky = any(c.constraints.risky_array for c in conjuncts)
        leaf_ok = valid_ok and all_understood(conjuncts) and not risky
        for ordinal, conjunct in _ordinals(conjuncts, "maxItems"):
            limit = conjunct.constraints.max_items
            if limit is None or not value:
                continue
            if limit > MAX_GENERATED_ITEMS:
                continue
            if leaf_ok and limit >= len(value):
                grown = value + [value[-1]] * (limit - len(value))
                if accepts(self.ctx, grown, conjuncts):
                    out.emit(
                        path,
                        "maxItems",
                        "at",
                        conjunct.pointer,
                        True,
                        out.replaced(path, grown),
                        ordinal,
                    )
            over = (value + [value[-1]] * (limit + 1))[: limit + 1]
            out.emit(
                path, "maxItems", "over", conjunct.pointer, False, out.replaced(path, over), ordinal
            )
        for ordinal, conjunct in _ordinals(conjuncts, "minItems"):
            limit = conjunct.constraints.min_items
            if limit is None or limit > len(value):
                continue
            if leaf_ok and accepts(self.ctx, value[:limit], conjuncts):
                out.emit(
                    path,
                    "minItems",
                    "at",
                    conjunct.pointer,
                    True,
                    out.replaced(path, value[:limit]),
                    ordinal,
                )
            if limit > 0:
                out.emit(
                    path,
                    "minItems",
                    "under",
                    conjunct.pointer,
                    False,
                    out.replaced(path, value[: limit - 1]),
                    ordinal,
                )

        if any(c.constraints.prefix_items for c in conjuncts):
            return
        item_schemas = [
            (child(c.pointer, "items"), c.constraints.items)
            for c in conjuncts
            if c.constraints.items is not None
        ]
        if not item_schemas:
            return
        child_ok = valid_ok and not risky
        for index, item in enumerate(value):
            self.walk(item, (*path, index), item_schemas, child_ok)

    # ---- objects

    def _object_cases(
        self, value: Mapping[str, Any], path: Path, conjuncts: Sequence[Conjunct], valid_ok: bool
    ) -> None:
        out = self.out
        required_seen: dict[str, int] = {}
        for conjunct in conjuncts:
            for name in required_names(conjunct, conjuncts):
                if name not in value:
                    continue
                required_seen[name] = required_seen.get(name, 0) + 1
                out.emit(
                    (*path, name),
                    "required",
                    name,
                    conjunct.pointer,
                    False,
                    out.removed((*path, name)),
                    required_seen[name],
                    id_path=path,
                )

        mentioned = self.ctx.view.mentioned(conjuncts)
        patterns = [pattern for c in conjuncts for pattern in c.constraints.pattern_properties]
        for name in sorted(value):
            child_ok = (
                valid_ok
                and mentioned is not None
                and name not in mentioned
                and not any(pattern_search(pattern, name) is not False for pattern in patterns)
            )
            roots = [
                (child(c.pointer, "properties", name), c.constraints.properties[name])
                for c in conjuncts
                if name in c.constraints.properties
            ]
            if roots:
                self.walk(value[name], (*path, name), roots, child_ok)


def _const(conjunct: Conjunct) -> Any:
    const = conjunct.constraints.const
    assert const is not None  # only conjuncts that spell it are asked
    return const[0]


def derive_cases(
    document: SchemaReader | Mapping[str, Any],
    schema_pointer: str,
    example: Any,
    *,
    formats: Collection[str] = DEFAULT_FORMATS,
) -> list[Case]:
    """Every case derivable from ``example`` against the schema at ``schema_pointer``.

    ``example`` must be valid; cases are computed from the values it holds, so a property it
    leaves out gets no case. ``formats`` names the formats the validator asserts on: only those
    get a ``format`` case. The result is sorted by id; ids are unique.
    """
    view = SchemaView(document) if isinstance(document, Mapping) else document
    ctx = Context(view, formats)
    schema = view.at(schema_pointer)
    deriver = _Deriver(ctx, example)
    deriver.walk(example, (), [(schema_pointer, schema)], True)
    cases = list(deriver.out.cases.values())
    return sorted(cases, key=lambda case: case.id)
