"""black formats only the statements that need it, and the result is black's
(``generator.output.formatting.format_where_needed``)."""

from __future__ import annotations

from typing import Any

import pytest
from generator.output import formatting
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


# Laid out by another formatter (datamodel-code-generator's): its wrapping is black's to redo.
REWRAP = {"wrapped for length, not as black would", "a one-member class wrapped for length"}


@pytest.mark.parametrize("reader", ["syntax tree", "tokens"])
@pytest.mark.parametrize("name", sorted(SOURCES))
def test_formatting_where_needed_equals_black_on_the_whole_file(
    name: str, reader: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Either reader of the statements (tokens are for modules too large for a tree)."""
    if reader == "tokens":
        monkeypatch.setattr(formatting, "_TREE_MAX_CHARS", 0)
    source = SOURCES[name]
    whole = format_python(source, name="m.py")
    assert format_where_needed(source, name="m.py", rewrap=name in REWRAP) == whole
    assert whole != source  # each case has something black changes


@pytest.mark.parametrize("limit", [0, 10**6])
def test_invalid_python_from_a_template_is_a_located_internal_error_for_either_reader(
    limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.errors import SpecgenError

    monkeypatch.setattr(formatting, "_TREE_MAX_CHARS", limit)
    with pytest.raises(SpecgenError) as info:
        format_where_needed("def f(:\n    pass\n", name="src/pkg/client.py")
    assert info.value.exit_code == 3 and "src/pkg/client.py" in str(info.value)


LONG_WORDS = " ".join(["word"] * 30)

# Docstrings not plainly as black writes them, in code laid out by another formatter: black
# changes most of them, and each must come out as black's.
DOCSTRINGS = {
    "trailing spaces": f'class A(B):\n    """\n    {LONG_WORDS}   \n    """\n\n    a: int\n',
    "indented deeper": f'class A(B):\n    """\n        {LONG_WORDS}\n        """\n\n    a: int\n',
    "a quote at the end": f'class A(B):\n    """\n    {LONG_WORDS}\n    said "x" """\n\n    a: int\n',
    "a quote at the start": f'class A(B):\n    """"x" {LONG_WORDS}\n    """\n\n    a: int\n',
    "a backslash": f'class A(B):\n    """\n    {LONG_WORDS} \\u00e9\n    """\n\n    a: int\n',
    "a tab": f'class A(B):\n    """\n\t{LONG_WORDS}\n    """\n\n    a: int\n',
    "single quotes": f"class A(B):\n    '''\n    {LONG_WORDS}\n    '''\n\n    a: int\n",
    "module docstring indented": f'"""\n  {LONG_WORDS}\n  """\n\nx = 1\n',
    # docusign (corpus): short, so never "wrapped for length", but indented one space too deep.
    "a short one indented deeper": 'class A(B):\n    """\n     An envelope.\n    """\n\n    a: int\n',
    "a short one-liner with spaces": 'class A(B):\n    """ An envelope. """\n\n    a: int\n',
}


@pytest.mark.parametrize("name", sorted(DOCSTRINGS))
def test_a_docstring_not_plainly_blacks_is_formatted(name: str) -> None:
    source = DOCSTRINGS[name]
    whole = format_python(source, name="m.py")
    assert format_where_needed(source, name="m.py", rewrap=True) == whole
    # Black keeps these two, but they are not judged here: black decides.
    assert (whole == source) == (name in ("a backslash", "a quote at the end"))


def test_a_long_docstring_black_keeps_is_not_formatted(monkeypatch: pytest.MonkeyPatch) -> None:
    """The docstrings datamodel-code-generator writes (the spec's long descriptions) are black's
    already: they do not cost a black call each."""
    from generator.output import formatting

    source = (
        f'"""\n{LONG_WORDS}\n"""\n\n\nclass A(B):\n    """\n    {LONG_WORDS}\n\n    {LONG_WORDS}\n'
        f'    """\n\n    a: int\n    """{LONG_WORDS[:84]}"""\n'
    )
    assert format_python(source, name="m.py") == source
    monkeypatch.setattr(formatting, "format_python", _no_black)
    assert format_where_needed(source, name="m.py", rewrap=True) == source


def test_the_templates_wrapping_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """A statement a template exploded with magic trailing commas is black's layout: it does
    not go to black (``rewrap`` is off for everything but the model source)."""
    from generator.output import formatting

    source = (
        "_GET = OperationSpec(\n"
        f'    name="{"g" * 60}",\n'
        f'    path="/{"p" * 60}",\n'
        "    response_models={\n"
        "        200: models.Account,\n"
        "    },\n"
        ")\n"
    )
    assert format_python(source, name="m.py") == source
    monkeypatch.setattr(formatting, "format_python", _no_black)
    assert format_where_needed(source, name="m.py") == source


def _no_black(source: str, *, name: str) -> str:
    raise AssertionError(f"black called on {source!r}")


def test_black_stable_code_is_left_as_it_is() -> None:
    source = 'VALUE = {"a": 1}\n\n\nclass A:\n    b: str = "it\'s"\n'
    assert not needs_black(source)
    assert format_where_needed(source, name="m.py") == source == format_python(source, name="m.py")


def test_a_field_split_inside_its_annotation_is_kept_only_where_black_keeps_it() -> None:
    """datamodel-code-generator splits a long field inside ``Annotated[...]``; black keeps
    that where neither the whole line nor the line up to ``= (`` fits, and writes the others
    otherwise. Only the first kind skips black, and the result is black's either way."""
    import black
    from generator.output.formatting import format_where_needed

    mode = black.Mode(line_length=100, target_versions={black.TargetVersion.PY311})
    for name in ("x" * 8, "x" * 10, "x" * 20, "x" * 40):  # joined, parenthesised, split, split
        source = (
            "class Model(Base):\n"
            f"    {name}: Annotated[\n"
            '        Payments | None, Field(title="capability_param", description="pay")\n'
            "    ] = None\n"
        )
        assert format_where_needed(source, name="m.py", rewrap=True) == black.format_str(
            source, mode=mode
        ), name


def _shape(groups: list[Any]) -> list[Any]:
    return [(g.first, g.last, g.is_class, _shape(g.members)) for g in groups]


def test_tokens_and_the_syntax_tree_find_the_same_statements() -> None:
    """The streaming reader (large generated modules) and the syntax tree agree on every
    statement's lines, class members included, over the packages, goldens and the generator:
    decorators, docstrings, ``else``/``except`` clauses, comments, one-line classes."""
    import ast
    from pathlib import Path

    from generator.output.statements import ast_groups, token_groups

    root = Path(__file__).resolve().parents[2]
    sources = [
        *sorted((root / "generated").rglob("*.py")),
        *sorted((root / "tests" / "golden" / "cases").rglob("*.py")),
        *sorted((root / "generator").rglob("*.py")),
    ]
    sources = [path for path in sources if "__pycache__" not in path.parts]
    assert len(sources) > 200
    extra = (
        "import os\n\n\n@a\n@b(\n    1,\n)\nclass A: pass\n\n\n"
        "try:\n    import x\nexcept ImportError:  # comment\n    x = None\nelse:\n    y = 1\n"
        "a = 1; b = 2\n\n\nclass B:\n    '''Doc.'''\n\n    # c\n    @property\n"
        "    def p(self) -> int:\n        if a:\n            return 1\n        else:\n"
        "            return 2\n"
    )
    for text in [extra, *(path.read_text(encoding="utf-8") for path in sources)]:
        assert _shape(token_groups(text)) == _shape(ast_groups(ast.parse(text).body))


def test_a_template_that_writes_invalid_python_is_a_located_internal_error() -> None:
    from generator.errors import SpecgenError
    from generator.output.formatting import tidy_imports

    with pytest.raises(SpecgenError) as info:
        tidy_imports({"src/pkg/client.py": "import os\ndef f(:\n    pass\n"}, first_party=("pkg",))
    assert info.value.exit_code == 3
    assert "src/pkg/client.py:2:7 is not valid Python" in str(info.value)


def test_markdown_text_has_unix_line_breaks_and_no_fences_or_html() -> None:
    from generator.output.render import _markdown

    text = "Line one.\r\nLine two.\rLine three <b>\n```python"
    assert _markdown(text) == "Line one.\nLine two.\nLine three &lt;b&gt;\nʼʼʼpython"


def test_prose_keeps_the_common_html_clean_and_shows_any_other_tag_as_text() -> None:
    """A description's links, emphasis and line breaks render in the README (Trello's links
    were shown as ``&lt;a href=...&gt;``); nothing unsafe survives, and a ``<`` that opens no
    kept tag is text, so ``List<T>`` keeps its ``<T>``."""
    from generator.output.prose import markdown_prose

    text = (
        'See <a href="https://trello.com/docs" target="_blank" onclick="x()">the docs</a>,\r\n'
        '<a href="javascript:alert(1)">this</a>, <script>alert(1)</script>, <B>bold</B><br/>'
        "\n- `List<T>` & **more** <img src=x onerror=alert(1)>\n```python"
    )
    assert markdown_prose(text) == (
        'See <a href="https://trello.com/docs">the docs</a>,\n'
        "<a>this</a>, &lt;script&gt;alert(1)&lt;/script&gt;, <b>bold</b><br>"
        "\n- `List&lt;T&gt;` &amp; **more** &lt;img src=x onerror=alert(1)&gt;\nʼʼʼpython"
    )
