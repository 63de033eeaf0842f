"""Changes to how the client connects: its environments (servers) and its auth schemes.

Environments are matched by the name the client takes (``environment="test"``); auth schemes
by their key in ``components.securitySchemes``. A scheme's kind and options decide the
client's credential arguments, so any change to them is breaking.
"""

from __future__ import annotations

from .change import BREAKING, MINOR, PATCH, Change
from .surface import Surface

__all__ = ["auth_changes", "server_changes"]


def server_changes(base: Surface, current: Surface) -> list[Change]:
    """Environments removed (breaking), added or moved to another URL (minor), and a changed
    default environment (breaking: a client built without ``environment=`` calls elsewhere)."""
    changes: list[Change] = []
    client = f"{current.package}.Client"
    for name in sorted(set(base.servers) | set(current.servers)):
        old, new = base.servers.get(name), current.servers.get(name)
        python = f"{client}(environment={name!r})"
        if new is None and old is not None:
            changes.append(
                Change(
                    "server_removed",
                    BREAKING,
                    python,
                    f"environment {name!r} ({old[0]}) removed",
                    old[1],
                )
            )
        elif old is None and new is not None:
            changes.append(
                Change(
                    "server_added", MINOR, python, f"environment {name!r} ({new[0]}) added", new[1]
                )
            )
        elif old is not None and new is not None and old[0] != new[0]:
            changes.append(
                Change(
                    "server_url_changed",
                    MINOR,
                    python,
                    f"environment {name!r}: {old[0]} → {new[0]}",
                    new[1],
                )
            )
    for name in sorted(set(base.server_variables) | set(current.server_variables)):
        was, now = base.server_variables.get(name), current.server_variables.get(name)
        python = f"{client}({name}=…)"
        if now is None and was is not None:
            changes.append(
                Change(
                    "server_variable_removed",
                    BREAKING,
                    python,
                    f"server variable argument {name!r} removed",
                    was[1],
                )
            )
        elif was is None and now is not None:
            changes.append(
                Change(
                    "server_variable_added",
                    MINOR,
                    python,
                    f"server variable argument {name!r} (default {now[0]!r}) added",
                    now[1],
                )
            )
        elif was is not None and now is not None and was[0] != now[0]:
            changes.append(
                Change(
                    "server_variable_default_changed",
                    MINOR,
                    python,
                    f"default {was[0]!r} → {now[0]!r}",
                    now[1],
                    "a client built without it now calls another host",
                )
            )
    base_default = next(iter(base.servers), None)
    new_default = next(iter(current.servers), None)
    if (
        base_default
        and new_default
        and base_default != new_default
        and base_default in current.servers
    ):
        changes.append(
            Change(
                "default_environment_changed",
                BREAKING,
                f"{client}()",
                f"default environment {base_default!r} → {new_default!r}",
                current.servers[new_default][1],
                "a client built without environment= now calls another host",
            )
        )
    return changes


# Kinds whose options shape the client's arguments: a login flow's operation and fields, a
# custom scheme's header.
_ARGUMENTS_FROM_OPTIONS = frozenset({"login", "custom"})


def auth_changes(base: Surface, current: Surface) -> list[Change]:
    """Security schemes removed or changed (breaking), added (minor: the client takes their
    credentials as new optional arguments; an operation that now needs them is reported as
    that operation's change), or only re-described (patch)."""
    changes: list[Change] = []
    client = f"{current.package}.Client"
    for key in sorted(set(base.schemes) | set(current.schemes)):
        old, new = base.schemes.get(key), current.schemes.get(key)
        python = f"{client}(…) [{key}]"
        if new is None and old is not None:
            changes.append(
                Change(
                    "auth_scheme_removed",
                    BREAKING,
                    python,
                    f"security scheme {key!r} ({old[0]}) removed",
                    old[3],
                )
            )
        elif old is None and new is not None:
            changes.append(
                Change(
                    "auth_scheme_added",
                    MINOR,
                    python,
                    f"security scheme {key!r} ({new[0]}) added",
                    new[3],
                    "the client takes its credentials as new optional arguments",
                )
            )
        elif old is not None and new is not None:
            if (old[0], old[1]) != (new[0], new[1]):
                # The kind decides the client's credential arguments (api_key=, token= ...); the
                # options (a header's name, a token URL) only how they are sent.
                same_arguments = old[0] == new[0] and old[0] not in _ARGUMENTS_FROM_OPTIONS
                changes.append(
                    Change(
                        "auth_scheme_changed",
                        MINOR if same_arguments else BREAKING,
                        python,
                        f"security scheme {key!r}: {old[0]} {dict(old[1])} → {new[0]} {dict(new[1])}",
                        new[3],
                        (
                            "the client's arguments stay; it sends the credentials as the spec now says"
                            if same_arguments
                            else "the client's credential arguments change"
                        ),
                    )
                )
            elif old[2] != new[2]:
                changes.append(
                    Change("auth_doc_changed", PATCH, python, "description changed", new[3])
                )
    return changes
