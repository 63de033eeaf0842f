"""What the generated test suites receive: cases derived from the spec, ready for templates.

``test_context`` is merged into the template context of every package; ``count_tests`` says
how many tests the rendered suite holds (printed by ``specgen generate``).
"""

from __future__ import annotations

from typing import Any

from .ir import Api
from .loader import LoadedSpec

__all__ = ["count_tests", "test_context"]


def test_context(api: Api, spec: LoadedSpec) -> dict[str, Any]:
    """Extra template context for ``templates/package/tests/``."""
    return {}


def count_tests(context: dict[str, Any]) -> int:
    """Number of test cases the rendered suite will collect."""
    return 0
