"""black formats only the statements that need it, and the result is black's
(``generator.output.formatting.format_where_needed``)."""

from __future__ import annotations

import pytest
from generator.output.formatting import format_python, format_where_needed, needs_black

LONG = "x" * 90

SOURCES = {
    "top-level statements": f'''"""Module."""

from typing import Any

VALUE = call_something(argument_one="{LONG}", argument_two=1)

OTHER = 1


def f(a: int) -> int:
    return a
''',
    "members of a large class": f'''class Client:
    """Docstring."""

    attribute: int = 1
    """An attribute's docstring: not the first statement, so not a docstring for black."""

    @property
    def name(self) -> str:
        return self.something_long(argument_one="{LONG}", argument_two=2)

    def short(self) -> None:
        pass
''',
    "a long first member": f"""class Model:
    field: Annotated[str | None, Field(alias="{LONG}", description="more")] = None
    other: int = 0
""",
    "a long class line": f"""class {"N" * 95}(Base):
    a: int = 1
    b: int = 2
""",
    "statements sharing a line": f"""a = 1; b = "{LONG}"
c = 2
""",
    "quotes black would change": """class Kind(StrEnum):
    A = "\\'); DROP"
    B = '\\\\'
    C = "plain"
""",
    "wrapped for length, not as black would": """class Request(OpenModel):
    encryption_algorithm: Annotated[
        EncryptionAlgorithm, Field(examples=["AES-128"])
    ] = EncryptionAlgorithm.AES_128
    model_config = ConfigDict(
        extra="forbid",
    )
""",
    "a one-member class wrapped for length": """class Request(OpenModel):
    encryption_algorithm: Annotated[
        EncryptionAlgorithm, Field(examples=["AES-128"])
    ] = EncryptionAlgorithm.AES_128
""",
    "odd line separators in a string": f'''class Doc:
    """Has \u2028 and \x0c inside."""

    a: str = "\u2028{LONG}"
    b: int = 1
''',
}


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_formatting_where_needed_equals_black_on_the_whole_file(name: str) -> None:
    source = SOURCES[name]
    whole = format_python(source, name="m.py")
    assert format_where_needed(source, name="m.py") == whole
    assert whole != source  # each case has something black changes


def test_black_stable_code_is_left_as_it_is() -> None:
    source = 'VALUE = {"a": 1}\n\n\nclass A:\n    b: str = "it\'s"\n'
    assert not needs_black(source)
    assert format_where_needed(source, name="m.py") == source == format_python(source, name="m.py")
