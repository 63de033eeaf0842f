"""One classified change, and the three levels a change can have."""

from __future__ import annotations

from dataclasses import dataclass

from .surface import Where

__all__ = ["BREAKING", "LEVELS", "MINOR", "PATCH", "Change", "Sides", "sides_of"]

BREAKING = "breaking"
MINOR = "minor"
PATCH = "patch"
LEVELS = (BREAKING, MINOR, PATCH)
"""Most severe first: reports list changes in this order."""


@dataclass(frozen=True, slots=True)
class Change:
    """A change to the package's public Python API.

    ``kind`` is a stable identifier (``field_removed``, ``constraint_tightened``, ...) for
    tools; ``python`` the name a user's code mentions; ``where`` the current spec's location,
    or the base spec's for something that no longer exists; ``note`` says what to do or how
    the generated code behaves, where that is not obvious.
    """

    kind: str
    level: str
    python: str
    message: str
    where: Where
    note: str = ""

    def sort_key(self) -> tuple[int, str, str, str, str]:
        return (LEVELS.index(self.level), self.python, self.kind, self.where.pointer, self.message)


@dataclass(frozen=True, slots=True)
class Sides:
    """Where a model is used: ``input`` (request bodies: callers build it) and/or ``output``
    (responses: callers read it). A model used on neither side is judged as both, because a
    user may still build and read it."""

    input: bool
    output: bool

    def judge(self, *, on_input: str, on_output: str) -> str:
        """The stricter of the two judgements that apply."""
        levels = [
            level for side, level in ((self.input, on_input), (self.output, on_output)) if side
        ]
        return min(levels, key=LEVELS.index)


def sides_of(*roles: str) -> Sides:
    """The union of ``roles`` (one per version of the model)."""
    used = [r for r in roles if r != "none"]
    if not used:
        return Sides(True, True)
    return Sides(
        any(r in ("input", "both") for r in used), any(r in ("output", "both") for r in used)
    )
