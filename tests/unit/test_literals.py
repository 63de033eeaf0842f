"""Literals written into generated code are already as black writes them, so formatting
leaves them alone (and a template's output can be black-stable by construction)."""

from __future__ import annotations

import itertools
from typing import Any

import black
import pytest
from generator.ir import BodyKind
from generator.output.formatting import BLACK_LINE_LENGTH
from generator.output.render import _pyrepr  # the template filter over generator.literals

MODE = black.Mode(
    target_versions={black.TargetVersion.PY311},
    line_length=BLACK_LINE_LENGTH,
    magic_trailing_comma=True,
)

PIECES = ["a", "'", '"', "\\", "\n", "\x00", "é", "\u200b", "{", "%", "''", '""']
STRINGS = ["", *("".join(p) for n in (1, 2, 3) for p in itertools.product(PIECES, repeat=n))]


def _black_stable(value: Any) -> bool:
    line = f"x = {_pyrepr(value)}\n"
    return black.format_str(line, mode=MODE) == line


def test_every_string_is_written_as_black_writes_it() -> None:
    unstable = [s for s in STRINGS if not _black_stable(s)]
    assert not unstable, unstable[:10]
    assert len(STRINGS) > 1700


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        0,
        -1,
        1.5,
        1e100,
        b"\x00sample bytes",
        b"it's",
        b'say "hi"',
        (),
        ("one",),
        ("a", 1),
        [],
        ["a", ["b"], {"c": None}],
        {"it's": 'say "x"', "n": [1, 2.5]},
        BodyKind.JSON,
    ],
)
def test_values_are_written_as_black_writes_them(value: Any) -> None:
    assert _black_stable(value)
    assert eval(_pyrepr(value)) == (value.value if isinstance(value, BodyKind) else value)


def test_strings_round_trip() -> None:
    for text in STRINGS:
        assert eval(_pyrepr(text)) == text


def test_only_a_line_past_blacks_limit_calls_for_black() -> None:
    from generator.output.formatting import needs_black

    assert not needs_black("x = 1\n" + "y = " + "1" * 90 + "\n")
    assert needs_black("y = " + "1" * 97 + "\n")
    # A wide character is two columns for black: 60 of them fill 120.
    assert needs_black('x = "' + "字" * 60 + '"\n')
    # Lines black never splits: a comment, a one-line docstring, a docstring's inside.
    long_words = ("word " * 30).strip()
    unchanged = [
        f"# {long_words}\n",
        f'def f() -> None:\n    """{long_words}"""\n',
        f'def f() -> None:\n    """Summary.\n\n    {long_words}\n    end."""\n',
    ]
    for source in unchanged:
        assert not needs_black(source)
        assert black.format_str(source, mode=MODE) == source
    # ... but a long closing line of a docstring black may break before the quotes.
    assert needs_black(f'def f() -> None:\n    """Summary.\n\n    {long_words}"""\n')
    # A long code line after a docstring is still seen.
    assert needs_black(f'"""Doc."""\nx = "{long_words}"\n')


def test_a_file_black_skips_is_still_checked_for_syntax() -> None:
    from generator.errors import SpecgenError
    from generator.output.formatting import format_where_needed

    assert format_where_needed("x = 1\n", name="ok.py") == "x = 1\n"
    with pytest.raises(SpecgenError) as info:
        format_where_needed("def broken(:\n", name="src/pkg/client.py")
    assert info.value.exit_code == 3
    assert "src/pkg/client.py" in str(info.value)
