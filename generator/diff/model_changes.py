"""Classify changes to model classes: fields, types, constraints, enum values and rules.

Judgements depend on the side a model is used on (see :class:`~.change.Sides`): callers
*build* input models, so anything that rejects a value they could send before breaks them;
callers *read* output models, so anything that lets a value through they could not receive
before (a new type, ``None``, a missing field) breaks them. A model on both sides gets the
stricter judgement.
"""

from __future__ import annotations

from .change import BREAKING, MINOR, PATCH, Change, Sides, sides_of
from .shape import BOUNDS, Shape, display, relation
from .surface import FieldSurface, ModelSurface, Surface, Where

__all__ = ["model_changes", "shape_changes"]

# Said wherever an output gains an enum value: what a deployed client does with it.
ENUM_ON_OUTPUT_NOTE = (
    "enum fields are closed: a client generated from the base spec raises ValidationError "
    "when a response carries the new value, so upgrade the package before the vendor sends it"
)


def model_changes(base: Surface, current: Surface) -> list[Change]:
    """Changes to every model class of ``base`` and ``current`` (named by ``current``'s package)."""
    prefix = f"{current.package}.models"
    changes: list[Change] = []
    renamed = _renames(base, current)
    for old_cls, new_cls in sorted(renamed.items()):
        changes.append(
            Change(
                "model_renamed",
                BREAKING,
                f"{prefix}.{old_cls}",
                f"model {old_cls} renamed to {new_cls} (same fields)",
                current.models[new_cls].where,
                f"import {new_cls} instead",
            )
        )
    for cls in sorted(set(base.models) | set(current.models)):
        old, new = base.models.get(cls), current.models.get(cls)
        name = f"{prefix}.{cls}"
        if cls in renamed or cls in renamed.values():
            continue
        if new is None and old is not None:
            changes.append(
                Change("model_removed", BREAKING, name, f"model {cls} removed", old.where)
            )
        elif old is None and new is not None:
            changes.append(
                Change("model_added", MINOR, name, f"model {cls} added ({new.role})", new.where)
            )
        elif old is not None and new is not None:
            changes += _one_model(old, new, name, base, current)
    return changes


def _renames(base: Surface, current: Surface) -> dict[str, str]:
    """Old class → new class, for a removed and an added model with the same non-empty fields
    (a schema renamed in the spec); only where the match is unambiguous."""

    def signature(model: ModelSurface) -> tuple[object, ...]:
        return tuple(sorted((f.wire, f.required, f.shape) for f in model.fields.values()))

    removed = [base.models[c] for c in sorted(set(base.models) - set(current.models))]
    added = [current.models[c] for c in sorted(set(current.models) - set(base.models))]
    pairs: dict[str, str] = {}
    for old in removed:
        if not old.fields:
            continue
        matches = [new for new in added if signature(new) == signature(old)]
        others = [o for o in removed if o.fields and signature(o) == signature(old)]
        if len(matches) == 1 and len(others) == 1:
            pairs[old.cls] = matches[0].cls
    return pairs


def _one_model(
    old: ModelSurface, new: ModelSurface, name: str, base: Surface, current: Surface
) -> list[Change]:
    sides = sides_of(old.role, new.role)
    changes: list[Change] = []
    if not old.fields and not new.fields:
        # A root model (enum, list, union): its own type and constraints are what users see.
        changes += shape_changes(
            old.shape, new.shape, sides, name, new.where, (base, current), new.cls, ""
        )
    for wire in sorted(set(old.fields) | set(new.fields)):
        before, after = old.fields.get(wire), new.fields.get(wire)
        if after is None and before is not None:
            changes.append(
                Change(
                    "field_removed",
                    BREAKING,
                    f"{name}.{before.attribute}",
                    f"field {wire!r} removed from {new.cls}",
                    before.where,
                )
            )
        elif before is None and after is not None:
            changes.append(_field_added(after, sides, name, new.cls))
        elif before is not None and after is not None:
            changes += _field_changes(before, after, sides, name, (base, current), new.cls)
    for key in sorted(set(old.rules) | set(new.rules)):
        was, now = old.rules.get(key), new.rules.get(key)
        if now is not None and was is None:
            level = sides.judge(on_input=BREAKING, on_output=MINOR)
            note = "" if level == MINOR else "callers must now satisfy it when building the model"
            changes.append(Change("rule_added", level, name, f"new rule: {now[0]}", now[1], note))
        elif was is not None and now is None:
            changes.append(Change("rule_removed", MINOR, name, f"rule removed: {was[0]}", was[1]))
        elif was is not None and now is not None and was[0] != now[0]:
            changes.append(
                Change("rule_message_changed", PATCH, name, f"rule message now: {now[0]}", now[1])
            )
    if old.open and not new.open:
        level = sides.judge(on_input=BREAKING, on_output=MINOR)
        note = (
            "building it with a field the spec does not name now raises"
            if level == BREAKING
            else ""
        )
        changes.append(
            Change(
                "model_closed",
                level,
                name,
                "additional properties no longer allowed",
                new.where,
                note,
            )
        )
    elif new.open and not old.open:
        changes.append(
            Change("model_opened", MINOR, name, "additional properties now allowed", new.where)
        )
    if old.description != new.description:
        changes.append(
            Change("description_changed", PATCH, name, "model description changed", new.where)
        )
    if old.examples != new.examples:
        changes.append(Change("example_changed", PATCH, name, "model example changed", new.where))
    return changes


def _field_added(field: FieldSurface, sides: Sides, name: str, cls: str) -> Change:
    python = f"{name}.{field.attribute}"
    if field.required:
        level = sides.judge(on_input=BREAKING, on_output=MINOR)
        note = "every caller that builds the model must now pass it" if level == BREAKING else ""
        return Change(
            "required_field_added",
            level,
            python,
            f"required field {field.wire!r} ({display(field.shape)}) added to {cls}",
            field.where,
            note,
        )
    return Change(
        "field_added",
        MINOR,
        python,
        f"optional field {field.wire!r} ({display(field.shape)}) added to {cls}",
        field.where,
    )


def _field_changes(
    old: FieldSurface,
    new: FieldSurface,
    sides: Sides,
    name: str,
    surfaces: tuple[Surface, Surface],
    cls: str,
) -> list[Change]:
    python = f"{name}.{new.attribute}"
    changes: list[Change] = []
    if old.attribute != new.attribute:
        changes.append(
            Change(
                "field_renamed",
                BREAKING,
                python,
                f"attribute for {new.wire!r} renamed from {old.attribute} to {new.attribute}",
                new.where,
            )
        )
    if not old.required and new.required:
        level = sides.judge(on_input=BREAKING, on_output=MINOR)
        changes.append(
            Change(
                "field_became_required", level, python, f"{new.wire!r} is now required", new.where
            )
        )
    elif old.required and not new.required:
        level = sides.judge(on_input=MINOR, on_output=BREAKING)
        note = "readers must handle None where a value was guaranteed" if level == BREAKING else ""
        changes.append(
            Change(
                "field_became_optional",
                level,
                python,
                f"{new.wire!r} is no longer required",
                new.where,
                note,
            )
        )
    shaped = shape_changes(
        old.shape, new.shape, sides, python, new.where, surfaces, cls, new.attribute
    )
    changes += shaped
    if old.shape.enum == new.shape.enum:  # else the enum's own changes say it
        changes += _literal_changes(surfaces, cls, new.attribute, sides, python, new.where)
    changes += _default_changes(old, new, sides, python)
    if old.description != new.description:
        changes.append(
            Change("description_changed", PATCH, python, "field description changed", new.where)
        )
    # An example of the old type is dropped with it: the type change says all there is.
    retyped = any(change.kind == "type_changed" for change in shaped)
    if old.examples != new.examples and not retyped:
        changes.append(Change("example_changed", PATCH, python, "field example changed", new.where))
    if not old.deprecated and new.deprecated:
        changes.append(
            Change("field_deprecated", MINOR, python, f"{new.wire!r} is now deprecated", new.where)
        )
    return changes


def _literal_changes(
    surfaces: tuple[Surface, Surface],
    cls: str,
    attribute: str,
    sides: Sides,
    python: str,
    where: Where,
) -> list[Change]:
    """The values a ``Literal[...]`` field allows, where the schema's own type and enum do not
    say them: a discriminator's mapping key is the value its branch's field must have."""
    before = surfaces[0].names.literal(cls, attribute)
    after = surfaces[1].names.literal(cls, attribute)
    if before is None or after is None or before == after:
        return []
    level = sides.judge(
        on_input=MINOR if before <= after else BREAKING,
        on_output=MINOR if after <= before else BREAKING,
    )
    shown = ", ".join(sorted(before)), ", ".join(sorted(after))
    return [
        Change(
            "literal_changed",
            level,
            python,
            f"allowed value {shown[0]} → {shown[1]}",
            where,
            (
                "a discriminator value: the JSON that selects this class changed"
                if level == BREAKING
                else ""
            ),
        )
    ]


def _default_changes(
    old: FieldSurface, new: FieldSurface, sides: Sides, python: str
) -> list[Change]:
    """A field's default: what the model reads when the field is left out (it is not sent)."""
    if old.default == new.default:
        return []
    if not old.default:
        message, level, note = f"default {new.default} added", MINOR, ""
    elif not new.default:
        level = sides.judge(on_input=MINOR, on_output=BREAKING)
        message = f"default {old.default} removed"
        note = "readers must handle None where the default was" if level == BREAKING else ""
    else:
        message, level = f"default {old.default} → {new.default}", MINOR
        note = "a field the server leaves out now reads differently" if sides.output else ""
    return [Change("default_changed", level, python, message, new.where, note)]


def shape_changes(
    old: Shape,
    new: Shape,
    sides: Sides,
    python: str,
    where: Where,
    surfaces: tuple[Surface, Surface] | None,
    cls: str,
    attribute: str,
) -> list[Change]:
    """Type, nullability, constraint and enum changes of one field, root model or parameter;
    ``surfaces`` (base, current) name enum members as each side's models do (``None``: the
    values have no enum class, as for parameters)."""
    changes: list[Change] = []
    moved = relation(old, new)
    if moved != "same":
        text = f"type {display(old)} → {display(new)}"
        if moved == "changed":
            changes.append(Change("type_changed", BREAKING, python, text, where))
        elif moved == "narrowed":
            level = sides.judge(on_input=BREAKING, on_output=MINOR)
            changes.append(Change("type_narrowed", level, python, text, where))
        else:
            level = sides.judge(on_input=MINOR, on_output=BREAKING)
            note = "readers may now receive values of the new type" if level == BREAKING else ""
            changes.append(Change("type_widened", level, python, text, where, note))
    if old.nullable and not new.nullable:
        level = sides.judge(on_input=BREAKING, on_output=MINOR)
        changes.append(
            Change("became_non_nullable", level, python, "null is no longer accepted", where)
        )
    elif new.nullable and not old.nullable:
        level = sides.judge(on_input=MINOR, on_output=BREAKING)
        note = "readers must handle None" if level == BREAKING else ""
        changes.append(
            Change("became_nullable", level, python, "null is now accepted", where, note)
        )
    changes += _constraint_changes(old, new, sides, python, where)
    changes += _enum_changes(old, new, sides, python, where, surfaces, cls, attribute)
    return changes


def _constraint_changes(
    old: Shape, new: Shape, sides: Sides, python: str, where: Where
) -> list[Change]:
    tightened: list[str] = []
    loosened: list[str] = []
    before, after = dict(old.bounds), dict(new.bounds)
    for key in sorted(set(before) | set(after)):
        was, now = before.get(key), after.get(key)
        if was == now:
            continue
        if was is None:
            text = f"new {key} {_num(now)}"
        elif now is None:
            text = f"{key} {_num(was)} removed"
        else:
            text = f"{key} {_num(was)} → {_num(now)}"
        if now is None:
            loosened.append(text)
        elif was is None or (now < was if BOUNDS[key] == "down" else now > was):
            tightened.append(text)
        else:
            loosened.append(text)
    if old.pattern != new.pattern:
        if new.pattern is None:
            loosened.append(f"pattern {old.pattern!r} removed")
        elif old.pattern is None:
            tightened.append(f"new pattern {new.pattern!r}")
        else:
            # No proof that the new pattern accepts every old value: judged as tightened.
            tightened.append(f"pattern {old.pattern!r} → {new.pattern!r}")
    changes: list[Change] = []
    if tightened:
        level = sides.judge(on_input=BREAKING, on_output=MINOR)
        changes.append(
            Change(
                "constraint_tightened",
                level,
                python,
                "; ".join(tightened),
                where,
                "values that were valid before are now rejected" if level == BREAKING else "",
            )
        )
    if loosened:
        changes.append(Change("constraint_loosened", MINOR, python, "; ".join(loosened), where))
    return changes


def _num(value: float | None) -> str:
    if value is None:
        return "none"
    return str(int(value)) if value == int(value) else str(value)


def _enum_changes(
    old: Shape,
    new: Shape,
    sides: Sides,
    python: str,
    where: Where,
    surfaces: tuple[Surface, Surface] | None,
    cls: str,
    attribute: str,
) -> list[Change]:
    def member(side: int, value: str) -> str:
        """``pkg.models.Enum.MEMBER`` where that side's models name one, else ``python``."""
        if surfaces is None:
            return python
        found = surfaces[side].names.enum_member(cls, attribute, value)
        return f"{surfaces[1].package}.models.{found}" if found else python

    if old.enum is None or new.enum is None:
        if old.enum is None and new.enum is not None:
            level = sides.judge(on_input=BREAKING, on_output=MINOR)
            return [
                Change(
                    "enum_added", level, python, f"now restricted to {', '.join(new.enum)}", where
                )
            ]
        if old.enum is not None and new.enum is None:
            return [
                Change(
                    "enum_removed",
                    BREAKING,
                    python,
                    "no longer an enum: any value of the type is accepted",
                    where,
                    "the enum class and its members are gone",
                )
            ]
        return []
    changes = _enum_class_changes(python, where, surfaces, cls, attribute)
    for value in sorted(set(old.enum) - set(new.enum)):
        changes.append(
            Change(
                "enum_value_removed",
                BREAKING,
                member(0, value),
                f"enum value {value} removed",
                where,
            )
        )
    for value in sorted(set(new.enum) - set(old.enum)):
        note = ENUM_ON_OUTPUT_NOTE if sides.output else ""
        changes.append(
            Change(
                "enum_value_added",
                MINOR,
                member(1, value),
                f"enum value {value} added",
                where,
                note,
            )
        )
    return changes


def _enum_class_changes(
    python: str,
    where: Where,
    surfaces: tuple[Surface, Surface] | None,
    cls: str,
    attribute: str,
) -> list[Change]:
    """An enum class that appears or disappears while the values stay an enum: the models
    type a single allowed value as a ``Literal``, not a class of one member."""
    if surfaces is None:
        return []
    before = surfaces[0].names.enum_class(cls, attribute)
    after = surfaces[1].names.enum_class(cls, attribute)
    if before and not after:
        return [
            Change(
                "enum_class_removed",
                BREAKING,
                f"{surfaces[0].package}.models.{before}",
                f"enum class {before} removed: the one value left is a Literal",
                where,
                f"code naming {before} or its members must use the value itself",
            )
        ]
    if after and not before:
        return [
            Change(
                "enum_class_added",
                MINOR,
                f"{surfaces[1].package}.models.{after}",
                f"values now an enum class, {after} (was a Literal)",
                where,
            )
        ]
    return []
