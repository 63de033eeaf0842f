"""JSON Schema's composition is read in one place.

``$ref``, ``allOf``, ``anyOf`` and ``oneOf`` decide what applies to a value; if the models, the
test planner and the diff each interpreted them, they could disagree about one schema (they
did: generated tests failed on the vendors' own specs, the diff missed changes). So only the
loader (``spec/``), the IR builder (``ir/``) and the schema view (``schema/``) may spell them;
every later stage asks :class:`generator.schema.view.SchemaView`. Templates only render.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READERS = ("spec", "ir", "schema")
KEYWORDS = frozenset({"$ref", "allOf", "anyOf", "oneOf"})


def spelled_keywords(source: str) -> list[tuple[int, str]]:
    """``(line, text)`` of every string constant in ``source`` (docstrings aside) that is a
    composition keyword or a pointer into ``components/schemas``."""
    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            if isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        if id(node) in docstrings:
            continue
        if node.value in KEYWORDS or "components/schemas" in node.value:
            found.append((node.lineno, node.value))
    return sorted(found)


def _later_stage_modules() -> list[Path]:
    generator = ROOT / "generator"
    return sorted(
        path
        for path in generator.rglob("*.py")
        if path.relative_to(generator).parts[0] not in READERS
    )


def test_the_scanner_finds_a_keyword_and_ignores_docstrings() -> None:
    source = '"""Reads ``allOf``."""\n\ndef f(s):\n    """``$ref``."""\n    return s.get("allOf")\n'
    assert spelled_keywords(source) == [(5, "allOf")]
    assert spelled_keywords('x = f"#/components/schemas/{name}"\n') == [
        (1, "#/components/schemas/")
    ]


def test_no_later_stage_reads_composition_keywords() -> None:
    modules = _later_stage_modules()
    assert len(modules) > 30  # the scan really covers the stages after the IR
    offenders = {
        str(path.relative_to(ROOT)): spelled
        for path in modules
        if (spelled := spelled_keywords(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


def test_no_template_reads_composition_keywords() -> None:
    quoted = re.compile(r"""["'](\$ref|allOf|anyOf|oneOf)["']|components/schemas""")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "templates").rglob("*.jinja"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if quoted.search(line)
    ]
    assert offenders == []


#: Keywords whose lookup in a mapping (``x.get("type")``, ``x["items"]``) reads a schema.
SCHEMA_KEYWORDS = frozenset(
    {
        "additionalProperties",
        "const",
        "exclusiveMaximum",
        "exclusiveMinimum",
        "default",
        "deprecated",
        "description",
        "enum",
        "example",
        "examples",
        "format",
        "items",
        "maxItems",
        "maxLength",
        "maximum",
        "minItems",
        "minLength",
        "minimum",
        "multipleOf",
        "nullable",
        "pattern",
        "patternProperties",
        "prefixItems",
        "properties",
        "readOnly",
        "required",
        "type",
        "writeOnly",
    }
)


def schema_lookups(source: str) -> list[tuple[int, str]]:
    """``(line, keyword)`` of every ``.get(keyword)`` call and ``[keyword]`` subscript."""
    found = []
    for node in ast.walk(ast.parse(source)):
        key = None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "get" and node.args and isinstance(node.args[0], ast.Constant):
                key = node.args[0].value
        elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
            key = node.slice.value
        if key in SCHEMA_KEYWORDS:
            found.append((node.lineno, str(key)))
    return sorted(found)


def test_no_later_stage_looks_a_schema_keyword_up() -> None:
    """Every schema keyword is read in ``spec/``, ``ir/`` or ``schema/``: ``specgen diff``
    compares the IR's records (shapes, fields, references), the test planner derives its cases
    from each schema's typed :class:`~generator.schema.constraints.Constraints` and asks
    :mod:`generator.schema.truth` whether a value holds, and the models stage hands the model
    document to datamodel-code-generator with what ``schema.members`` reads of it."""
    assert schema_lookups('def f(s):\n    return s.get("type"), s["items"], s["name"]\n') == [
        (2, "items"),
        (2, "type"),
    ]
    modules = _later_stage_modules()
    assert len(modules) > 30
    offenders = {
        str(path.relative_to(ROOT)): found
        for path in modules
        if (found := schema_lookups(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


#: What a later stage may take from ``schema.view``: the reader, its opaque nodes and records,
#: and pointer helpers (``rename_components`` renames the model document the models stage
#: hands to datamodel-code-generator as a whole).
VIEW_NAMES = frozenset(
    {
        "Conjunct",
        "SchemaNode",
        "SchemaReader",
        "SchemaView",
        "all_understood",
        "child",
        "component_pointer",
        "rename_components",
    }
)


def test_later_stages_hold_schemas_only_as_opaque_nodes() -> None:
    """``Api.schemas`` answers with typed records and opaque ``SchemaNode`` handles (which
    ``mypy --strict`` refuses to read); the functions of ``schema.view`` that take or give a
    schema's keywords, and a conjunct's ``mapping``, are for ``spec/``, ``ir/`` and
    ``schema/`` only."""
    offenders = []
    for path in _later_stage_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("schema.view"):
                offenders += [
                    f"{path.relative_to(ROOT)}: {alias.name}"
                    for alias in node.names
                    if alias.name not in VIEW_NAMES
                ]
            if isinstance(node, ast.Attribute) and node.attr == "mapping":
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}: .mapping")
    assert offenders == []
