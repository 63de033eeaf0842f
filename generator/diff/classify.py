"""Compare two surfaces: every change to the client, its servers, its auth and its models.

Operations are matched by ``METHOD path`` (what the vendor serves); the Python method name is
what users call, so the same operation under another ``operationId`` is a rename (breaking),
and the same method name on another path is a move (the call still works).
"""

from __future__ import annotations

from dataclasses import replace

from .change import BREAKING, MINOR, PATCH, Change, Sides
from .connection import auth_changes, server_changes
from .model_changes import model_changes, shape_changes
from .surface import OperationSurface, ParamSurface, Surface

__all__ = ["compare"]


def compare(base: Surface, current: Surface) -> list[Change]:
    """Every change from ``base`` to ``current``, most severe first, then by Python name.

    Python names use ``current.package``: a vendored copy renamed with ``--package`` reads
    its own import name.
    """
    changes = _operation_changes(base, current)
    changes += server_changes(base, current)
    changes += auth_changes(base, current)
    changes += model_changes(base, current)
    changes += _webhook_changes(base, current)
    return sorted(set(changes), key=Change.sort_key)


def _webhook_changes(base: Surface, current: Surface) -> list[Change]:
    """Names ``parse_webhook`` accepts: removed or given another payload class (breaking), or
    added (minor); the payload models' own changes are reported on the models."""
    changes: list[Change] = []
    for name in sorted(set(base.webhooks) | set(current.webhooks)):
        old, new = base.webhooks.get(name), current.webhooks.get(name)
        python = f"{current.package}.parse_webhook({name!r}, …)"
        if new is None and old is not None:
            changes.append(
                Change("webhook_removed", BREAKING, python, f"webhook {name!r} removed", old[1])
            )
        elif old is None and new is not None:
            changes.append(
                Change("webhook_added", MINOR, python, f"webhook {name!r} ({new[0]}) added", new[1])
            )
        elif old is not None and new is not None and old[0] != new[0]:
            changes.append(
                Change(
                    "webhook_payload_changed",
                    BREAKING,
                    python,
                    f"payload {old[0]} → {new[0]}",
                    new[1],
                )
            )
    return changes


def _method(surface: Surface, op: OperationSurface) -> str:
    return f"{surface.package}.Client.{op.python_name}"


def _operation_changes(base: Surface, current: Surface) -> list[Change]:
    changes: list[Change] = []
    old_names = {op.python_name: key for key, op in base.operations.items()}
    new_names = {op.python_name: key for key, op in current.operations.items()}
    for key in sorted(set(base.operations) | set(current.operations)):
        old, new = base.operations.get(key), current.operations.get(key)
        if new is None and old is not None:
            moved_to = new_names.get(old.python_name)
            if moved_to is not None and moved_to not in base.operations:
                # The method keeps its name: what else changed is judged as for any operation.
                changes += _one_operation(old, current.operations[moved_to], base, current)
                changes.append(
                    Change(
                        "operation_moved",
                        MINOR,
                        _method(current, old),
                        f"{old.python_name} now calls {moved_to} (was {key})",
                        current.operations[moved_to].where,
                    )
                )
            else:
                changes.append(
                    Change(
                        "operation_removed",
                        BREAKING,
                        _method(current, old),
                        f"operation {key} ({old.operation_id}) removed",
                        old.where,
                    )
                )
        elif old is None and new is not None:
            if old_names.get(new.python_name) not in (None, *current.operations):
                continue  # reported as a move above
            changes.append(
                Change(
                    "operation_added",
                    MINOR,
                    _method(current, new),
                    f"operation {key} ({new.operation_id}) added",
                    new.where,
                )
            )
        elif old is not None and new is not None:
            changes += _one_operation(old, new, base, current)
    return changes


def _one_operation(
    old: OperationSurface, new: OperationSurface, base: Surface, current: Surface
) -> list[Change]:
    method = _method(current, new)
    changes: list[Change] = []
    if old.python_name != new.python_name and old.operation_id == new.operation_id:
        changes.append(
            Change(
                "method_regrouped",
                BREAKING,
                f"{current.package}.Client.{old.python_name}",
                f"{new.key}: method {old.python_name} → {new.python_name} (the operation is "
                "unchanged, its resource is not: its tag changed, or the grouping that keeps "
                "each level of the client to 40 names did)",
                new.where,
                f"call Client.{new.python_name} instead",
            )
        )
    elif old.python_name != new.python_name:
        changes.append(
            Change(
                "operation_renamed",
                BREAKING,
                f"{current.package}.Client.{old.python_name}",
                f"{new.key}: operationId {old.operation_id!r} → {new.operation_id!r}, "
                f"method {old.python_name} → {new.python_name}",
                new.where,
                f"call Client.{new.python_name} instead",
            )
        )
    elif old.operation_id != new.operation_id:
        changes.append(
            Change(
                "operation_id_changed",
                PATCH,
                method,
                f"operationId {old.operation_id!r} → {new.operation_id!r} (same method name)",
                new.where,
            )
        )
    for key in sorted(set(old.parameters) | set(new.parameters)):
        changes += _parameter_change(old.parameters.get(key), new.parameters.get(key), method)
    changes += _body_changes(old, new, method)
    if _return_types(old) != _return_types(new):
        changes.append(
            Change(
                "return_type_changed",
                BREAKING,
                method,
                f"returns {_returns(old)} → {_returns(new)}",
                new.where,
            )
        )
    for status in sorted(set(new.statuses) - set(old.statuses)):
        changes.append(
            Change("response_added", MINOR, method, f"response {status} documented", new.where)
        )
    for status in sorted(set(old.statuses) - set(new.statuses)):
        changes.append(
            Change(
                "response_removed",
                MINOR,
                method,
                f"response {status} no longer documented",
                new.where,
            )
        )
    if old.security != new.security:
        level = _auth_change_level(old, new, base.client_scheme)
        changes.append(
            Change(
                "operation_auth_changed",
                level,
                method,
                f"security {_list(old.security)} → {_list(new.security)}",
                new.where,
                "" if level == MINOR else "the client needs the credentials of the new scheme(s)",
            )
        )
    if not old.deprecated and new.deprecated:
        changes.append(Change("operation_deprecated", MINOR, method, "now deprecated", new.where))
    if (old.summary, old.description) != (new.summary, new.description):
        changes.append(
            Change("operation_doc_changed", PATCH, method, "summary/description changed", new.where)
        )
    return changes


def _auth_change_level(old: OperationSurface, new: OperationSurface, old_scheme: str) -> str:
    """Breaking when credentials that authenticated the call before meet none of its
    requirements now (the client takes every scheme's credentials, so what matters is
    whether a caller must give new ones); minor otherwise (no security any more,
    alternatives added beside the old ones). A call that listed no requirement was sent
    with the client's first scheme's credentials (``old_scheme``), else with none."""
    if not new.security:
        return MINOR
    before = old.security_alternatives or (((old_scheme,),) if old_scheme else ((),))
    stranded = any(
        not any(set(now) <= set(was) for now in new.security_alternatives) for was in before
    )
    return BREAKING if stranded else MINOR


def _list(items: tuple[str, ...]) -> str:
    return "[" + ", ".join(items) + "]" if items else "none"


def _return_types(op: OperationSurface) -> frozenset[str]:
    """What the method can return, whatever the statuses: ``empty`` (200) → ``empty`` (204)
    or ``Pet`` (200) → ``Pet`` (201) leave the return type as it was (the statuses themselves
    are reported as responses documented or no longer documented)."""
    return frozenset(model for _status, model in op.success)


def _returns(op: OperationSurface) -> str:
    return " | ".join(f"{model} ({status})" for status, model in op.success) or "nothing"


def _argument(method: str, param: ParamSurface) -> str:
    if param.location == "path":
        return f"{method}({param.python_name}, …)"
    return f"{method}(…, {param.python_name}=…)"


def _parameter_change(
    old: ParamSurface | None, new: ParamSurface | None, method: str
) -> list[Change]:
    if new is None and old is not None:
        return [
            Change(
                "parameter_removed",
                BREAKING,
                _argument(method, old),
                f"{old.location} parameter {old.name!r} removed",
                old.where,
            )
        ]
    if old is None and new is not None:
        if new.required:
            return [
                Change(
                    "required_parameter_added",
                    BREAKING,
                    _argument(method, new),
                    f"required {new.location} parameter {new.name!r} ({new.annotation}) added",
                    new.where,
                    "every call must now pass it",
                )
            ]
        return [
            Change(
                "parameter_added",
                MINOR,
                _argument(method, new),
                f"optional {new.location} parameter {new.name!r} ({new.annotation}) added",
                new.where,
            )
        ]
    assert old is not None and new is not None
    python = _argument(method, new)
    changes: list[Change] = []
    if old.python_name != new.python_name:
        changes.append(
            Change(
                "parameter_renamed",
                BREAKING,
                python,
                f"argument for {new.name!r} renamed {old.python_name} → {new.python_name}",
                new.where,
            )
        )
    if not old.required and new.required:
        changes.append(
            Change(
                "parameter_became_required",
                BREAKING,
                python,
                f"{new.name!r} is now required",
                new.where,
            )
        )
    elif old.required and not new.required:
        changes.append(
            Change(
                "parameter_became_optional",
                MINOR,
                python,
                f"{new.name!r} is now optional",
                new.where,
            )
        )
    if old.shape is not None and new.shape is not None:
        # Judged like a field of an input model; the kinds say it is a parameter.
        changes += [
            replace(change, kind=f"parameter_{change.kind}")
            for change in shape_changes(
                old.shape, new.shape, Sides(True, False), python, new.where, None, "", ""
            )
        ]
    elif old.annotation != new.annotation:
        old_parts = {p.strip() for p in old.annotation.split("|")}
        new_parts = {p.strip() for p in new.annotation.split("|")}
        widened = old_parts < new_parts
        changes.append(
            Change(
                "parameter_type_widened" if widened else "parameter_type_changed",
                MINOR if widened else BREAKING,
                python,
                f"type {old.annotation} → {new.annotation}",
                new.where,
            )
        )
    if old.description != new.description:
        changes.append(
            Change("parameter_doc_changed", PATCH, python, "description changed", new.where)
        )
    if not old.deprecated and new.deprecated:
        changes.append(Change("parameter_deprecated", MINOR, python, "now deprecated", new.where))
    return changes


def _body_changes(old: OperationSurface, new: OperationSurface, method: str) -> list[Change]:
    python = f"{method}(body=…)"
    if (old.body_model, old.body_kind) == (new.body_model, new.body_kind):
        if not old.body_required and new.body_required:
            return [
                Change(
                    "body_became_required",
                    BREAKING,
                    python,
                    "the request body is now required",
                    new.where,
                )
            ]
        if old.body_required and not new.body_required:
            return [
                Change(
                    "body_became_optional",
                    MINOR,
                    python,
                    "the request body is now optional",
                    new.where,
                )
            ]
        return []
    if not old.body_kind:
        level = BREAKING if new.body_required else MINOR
        return [
            Change(
                "body_added",
                level,
                python,
                f"takes a {new.body_model or new.body_kind} body",
                new.where,
            )
        ]
    if not new.body_kind:
        return [Change("body_removed", BREAKING, python, "no longer takes a body", new.where)]
    return [
        Change(
            "body_type_changed",
            BREAKING,
            python,
            f"body {old.body_model or old.body_kind} → {new.body_model or new.body_kind}",
            new.where,
        )
    ]
