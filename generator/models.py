"""The one call to datamodel-code-generator, and what specgen adds to its output.

Every option is spelled out (a changed default in a new release must not change our output
silently), the output carries our header instead of a timestamp, and afterwards:

- the placeholder base-class import becomes a relative import (vendored copies may be renamed);
- ``Decimal`` annotations become ``WireDecimal`` (parsed exactly, sent as JSON numbers);
- each model gets its compiled rule validators and its not-null check;
- every class the client will reference is checked to exist.
"""

from __future__ import annotations

import ast
import contextlib
import gc
import io
import json
import re
import tempfile
import warnings
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Location, SpecgenError, UnsupportedError
from .ir import Rule
from .literals import LINE_LENGTH, Code, python_call, python_lines
from .schema.members import nfkc_aliases, not_null_fields
from .schema.view import rename_components

__all__ = ["DCG_OPTIONS", "Models", "generate_models"]

_PLACEHOLDER = "specgen_placeholder_pkg"


@dataclass(frozen=True)
class Models:
    """The model module's source and, for every root model, the type of its value
    (``Pets(RootModel[list[Pet]])`` → ``"list[models.Pet]"``), which the client returns."""

    source: str
    root_types: dict[str, str]
    enum_types: dict[str, str] = field(default_factory=dict)
    """Every enum class's value type (``StrEnum`` → ``"str"``, ``IntEnum`` → ``"int"``)."""


@contextlib.contextmanager
def _few_collections() -> Iterator[None]:
    """No cyclic garbage collection while datamodel-code-generator runs.

    It keeps millions of objects alive until it returns, so each of Python's full collections
    walks all of them, ever more as it goes: a quarter of its time on Stripe's spec (about 4 s),
    for some 90,000 cyclic objects freed in all (under 10 MB). Reference counting still frees
    everything else as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _options() -> dict[str, Any]:
    from datamodel_code_generator import InputFileType, PythonVersion
    from datamodel_code_generator.enums import DataModelType

    return {
        "input_file_type": InputFileType.OpenAPI,
        "output_model_type": DataModelType.PydanticV2BaseModel,
        "target_python_version": PythonVersion.PY_311,
        "base_class": f"{_PLACEHOLDER}._base.RequestModel",
        "snake_case_field": True,
        "allow_population_by_field_name": False,  # set once in SpecModel.model_config
        "allow_extra_fields": False,
        "field_constraints": True,
        "use_annotated": True,
        "use_standard_collections": True,
        "use_union_operator": True,
        "strict_nullable": True,
        "use_schema_description": True,
        "use_field_description": True,
        "use_default_kwarg": False,
        "capitalise_enum_members": True,
        "keep_model_order": False,
        "disable_timestamp": True,
        "enable_version_header": False,
        "use_double_quotes": True,
        "use_title_as_name": False,
        "collapse_root_models": False,
        "reuse_model": False,
        "enum_field_as_literal": "one",
        "use_subclass_enum": False,
        "use_one_literal_as_default": False,
        "set_default_enum_member": True,
        "use_exact_imports": False,
        # A property's default stays on the property: copied onto the root models made from
        # its anyOf/oneOf branches it fits none of them (`root: list[str] = None`).
        "keep_field_defaults_off_branch_roots": True,
        # A decimal or integer *string* stays a ``str``: as ``Decimal`` (``WireDecimal`` below)
        # or ``int`` it would be sent as a JSON number, which its ``type: string`` refuses. A
        # ULID too: its Python type needs a package the generated one does not depend on.
        "type_mappings": [
            "string+decimal=string",
            "string+integer=string",
            "string+ulid=string",
            "string+unixtime=string",
        ],
        # No formatter inside the run: datamodel-code-generator's builtin formatter is applied
        # afterwards (``_formatter``), once the parser's state is freed.
        "formatters": [],
    }


def _formatter(settings: Path) -> Any:
    """datamodel-code-generator's builtin formatter, as its run would set it up with our
    options: it lays the models out as black would (at our line length) without running
    black, so our formatting only touches what it missed."""
    from datamodel_code_generator import PythonVersion
    from datamodel_code_generator.format import CodeFormatter, Formatter

    return CodeFormatter(
        PythonVersion.PY_311,
        settings_path=settings,
        skip_string_normalization=False,  # use_double_quotes
        formatters=[Formatter.BUILTIN],
        builtin_format_line_length=LINE_LENGTH,
    )


DCG_OPTIONS = _options
"""The exact options passed to ``datamodel_code_generator.generate`` (a function: the enum
types are imported lazily, because importing datamodel-code-generator costs ~0.5 s)."""


def _render_rule(rule: Rule) -> str:
    self = Code("self")
    if rule.kind in ("if_then", "if_else"):
        call = python_call(
            "check_if",
            [
                (None, self),
                ("when", rule.when),
                ("when_required", rule.when_required),
                ("negate", rule.negate),
                ("require", rule.require),
                ("forbid", rule.forbid),
                ("message", rule.message),
            ],
            indent=8,
        )
    elif rule.kind in ("any_of", "one_of"):
        call = python_call(
            "check_groups",
            [
                (None, self),
                ("groups", rule.groups),
                ("exactly_one", rule.kind == "one_of"),
                ("non_null", rule.require),
                ("message", rule.message),
            ],
            indent=8,
        )
    elif rule.kind == "dependent":
        call = python_call(
            "check_dependent",
            [
                (None, self),
                ("trigger", rule.when[0][0]),
                ("require", rule.require),
                ("message", rule.message),
            ],
            indent=8,
        )
    elif rule.kind == "forbid":
        call = python_call(
            "check_forbid",
            [(None, self), ("names", rule.forbid), ("message", rule.message)],
            indent=8,
        )
    else:  # pragma: no cover - rules.py only makes the kinds above
        raise AssertionError(rule.kind)
    return (
        '    @model_validator(mode="after")\n'
        f"    def {rule.method_name}(self) -> _typing.Self:\n"
        f"        # spec rule at {_comment(rule.pointer)}\n"
        f"{call}\n"
        "        return self\n"
    )


def _comment(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_./~#-]", "?", text)


def _render_not_null(names: tuple[str, ...]) -> str:
    return (
        '    @model_validator(mode="after")\n'
        "    def _not_null(self) -> _typing.Self:\n"
        f"{python_call('check_not_null', [(None, Code('self')), ('names', names)], indent=8)}\n"
        "        return self\n"
    )


def generate_models(
    document: dict[str, Any],
    *,
    header: str,
    bases: Mapping[str, str],
    rules: Iterable[Rule],
    class_of_schema: Mapping[str, str],
    location: Location,
    closed_objects: bool = True,
) -> Models:
    """Models source for ``document`` (already stripped of rule keywords), unformatted, and the
    root models' value types.

    ``bases``: each component schema's class → its base (``Api.model_bases``: whether it
    rejects or keeps unknown members). ``closed_objects``: the base of the inline classes,
    ``RequestModel`` if true (``Api.default_model_base``), else ``OpenModel``.

    ``class_of_schema`` maps component schema names to class names the rest of the package
    uses; a missing class is an error rather than a broken import at run time.
    """
    # datamodel-code-generator names classes by its own rules (``BaseModel`` -> ``BaseModel1``);
    # handing it the schemas under the class names specgen chose makes the two agree.
    document = rename_components(document, class_of_schema)
    class_of_schema = {cls: cls for cls in class_of_schema.values()}
    options = _options()
    schemas = (document.get("components") or {}).get("schemas") or {}
    if not schemas:
        # A client-only package: datamodel-code-generator refuses an empty document.
        return Models(
            source=f'{header}\n"""Models: this API declares no schemas."""\n\n'
            "from __future__ import annotations\n",
            root_types={},
        )
    if not closed_objects:
        options["base_class"] = f"{_PLACEHOLDER}._base.OpenModel"
    options["base_class_map"] = {
        cls: f"{_PLACEHOLDER}._base.{base}" for cls, base in sorted(bases.items())
    }
    options["custom_file_header"] = header
    aliases = nfkc_aliases(schemas)
    if aliases:
        options["aliases"] = aliases
    source, metadata = _run_datamodel_codegen(document, options, location)
    return _finished(source, metadata, document, rules, class_of_schema, location)


def _run_datamodel_codegen(
    document: dict[str, Any], options: dict[str, Any], location: Location
) -> tuple[str, Any]:
    """datamodel-code-generator's module for ``document`` (formatted by its builtin formatter)
    and its model metadata (which schema each class came from)."""
    from datamodel_code_generator import generate

    sink = io.StringIO()
    try:
        with (
            warnings.catch_warnings(),
            contextlib.redirect_stderr(sink),
            tempfile.TemporaryDirectory(prefix="specgen-models-") as scratch,
        ):
            warnings.simplefilter("ignore")
            # Which schema each class came from: inline objects get classes too, and their
            # optional non-nullable members need the same not-null check as a component's.
            metadata_path = Path(scratch) / "models.json"
            # The builtin formatter reads the nearest pyproject.toml's [tool] settings: an empty
            # one of our own keeps whatever surrounds the caller out of the output.
            (Path(scratch) / "pyproject.toml").write_text("", encoding="utf-8")
            options["settings_path"] = Path(scratch)
            with _few_collections():
                source = generate(document, emit_model_metadata=metadata_path, **options)
            metadata = _read_metadata(metadata_path)
            if isinstance(source, str):
                # Formatted here rather than in the run, where the parser's whole state (most
                # of the memory) was still alive beside the formatter's: a third less peak
                # memory on Stripe's models, the same bytes.
                with contextlib.suppress(Exception):  # as in the run: left to black then
                    source = _formatter(Path(scratch)).format_code(source)
    except SpecgenError:
        raise
    except Exception as exc:
        raise UnsupportedError(
            f"datamodel-code-generator could not build models: {' '.join(str(exc).split())[:400]}",
            location,
        ) from None
    if not isinstance(source, str):
        raise UnsupportedError(
            "the spec produced several model modules; specgen expects one", location
        )

    return source, metadata


def _finished(
    source: str,
    metadata: Any,
    document: dict[str, Any],
    rules: Iterable[Rule],
    class_of_schema: Mapping[str, str],
    location: Location,
) -> Models:
    """datamodel-code-generator's ``source`` made the package's: specgen's class names, the
    runtime's bases, the rules' and not-null checks' validators, models built on first use."""
    schemas = (document.get("components") or {}).get("schemas") or {}
    source = source.replace(f"from {_PLACEHOLDER}._base import", "from ._base import SpecModel,")
    source = source.rstrip("\n") + "\n"
    # One parse of the (large) model source: names are swapped in place, line by line, so the
    # tree's line numbers stay right for inserting the validators below.
    tree = ast.parse(source)
    swaps, metadata = _component_swaps(metadata, set(class_of_schema.values()))
    wire_decimal = "from decimal import Decimal\n" in source
    renames = {**swaps, "Decimal": "WireDecimal"} if wire_decimal else swaps
    lines = _renamed(python_lines(source), tree, renames, swaps)
    _build_on_first_use(tree, lines)
    classes = {
        swaps.get(node.name, node.name): node
        for node in tree.body
        if isinstance(node, ast.ClassDef)
    }
    missing = sorted(set(class_of_schema.values()) - set(classes))
    if missing:
        raise UnsupportedError(
            "datamodel-code-generator did not produce the expected model class(es) "
            + ", ".join(missing),
            location,
        )
    roots = _root_types(classes, renames)
    _root_model_defaults(classes, set(roots), renames, lines)
    additions: dict[str, list[str]] = {}
    for rule in sorted(rules, key=lambda r: (r.model, r.method_name)):
        additions.setdefault(rule.model, []).append(_render_rule(rule))
    not_null: dict[str, tuple[str, ...]] = {}
    for name in sorted(schemas):
        schema = schemas[name]
        if isinstance(schema, dict) and name in class_of_schema:
            names = not_null_fields(schema, schemas)
            if names:
                not_null[class_of_schema[name]] = names
    for class_name, schema in _model_schemas(document, metadata):
        if class_name in classes and class_name not in not_null:
            names = not_null_fields(schema, schemas)
            if names:
                not_null[class_name] = names
    not_null = _with_inherited(not_null, classes, renames)
    for class_name in sorted(not_null):
        additions.setdefault(class_name, []).append(_render_not_null(not_null[class_name]))
    for class_name in sorted(additions, key=lambda n: classes[n].end_lineno or 0, reverse=True):
        node = classes[class_name]
        body_only_docstring = all(
            isinstance(stmt, ast.Expr) or isinstance(stmt, ast.Pass) for stmt in node.body
        )
        insert_at = node.end_lineno or len(lines)
        block = "\n" + "\n".join(additions[class_name])
        if body_only_docstring and isinstance(node.body[-1], ast.Pass):
            start = node.body[-1].lineno - 1
            del lines[start : node.body[-1].end_lineno or start + 1]
            insert_at = start
        lines.insert(insert_at, block)
    # No rebuild loop: models build on first use (SpecModel's ``defer_build``), when every
    # forward reference in the module can be resolved.
    # The dropped rebuild calls end the module: no trailing blank lines are left (black-clean).
    source = "".join(lines).rstrip("\n") + "\n"
    if wire_decimal:
        source = source.replace("from decimal import Decimal\n", "", 1).replace(
            "from ._base import ", "from ._base import WireDecimal, ", 1
        )
    if additions:
        used = sorted(set(re.findall(r"\b(check_[a-z_]+)\(\s*self\b", source)))
        imports = (
            # An alias: a spec may name a model ``Self`` (a property called "self").
            "import typing as _typing\n\n"
            "from pydantic import model_validator\n\n"
            f"from ._rules import {', '.join(used)}\n"
        )
        marker = "from ._base import"
        source = source.replace(marker, imports + marker, 1)
    return Models(source=source, root_types=roots, enum_types=_enum_types(classes))


_ENUM_VALUES = {"StrEnum": "str", "IntEnum": "int"}


def _enum_types(classes: Mapping[str, ast.ClassDef]) -> dict[str, str]:
    """``class name → the type of its values`` of every enum class among ``classes``."""
    found: dict[str, str] = {}
    for name, node in classes.items():
        for base in node.bases:
            if isinstance(base, ast.Name) and base.id in (*_ENUM_VALUES, "Enum"):
                found[name] = _ENUM_VALUES.get(base.id, "Any")
    return found


def _root_model_defaults(
    classes: Mapping[str, ast.ClassDef],
    roots: set[str],
    renames: Mapping[str, str],
    lines: list[str],
) -> None:
    """A field typed by a root model (``SpaceType | None``, a one-value enum's
    ``RootModel[Literal["server"]]``) whose default datamodel-code-generator writes as the raw
    value (``= "server"``, validated at run time) gets it as the model (``= SpaceType("server")``),
    which is what it holds after validation and what a type checker accepts. Edits stay within
    their line, so the tree's line numbers stay right."""
    for node in classes.values():
        for item in node.body:
            if not (isinstance(item, ast.AnnAssign) and isinstance(item.value, ast.Constant)):
                continue
            value = item.value
            if value.value is None or value.lineno != value.end_lineno:
                continue
            model = _only_root_model(item.annotation, roots, renames)
            if model is None or value.end_col_offset is None:
                continue
            raw = lines[value.lineno - 1].encode("utf-8")  # ast offsets count UTF-8 bytes
            start, end = value.col_offset, value.end_col_offset
            wrapped = f"{model}(".encode() + raw[start:end] + b")"
            lines[value.lineno - 1] = (raw[:start] + wrapped + raw[end:]).decode("utf-8")


def _only_root_model(
    annotation: ast.expr, roots: set[str], renames: Mapping[str, str]
) -> str | None:
    """The root model an annotation is (``R``, ``R | None``, either inside ``Annotated``), or
    ``None``: a union with another type (``str | Prompt``) may hold the raw default as is."""
    if (
        isinstance(annotation, ast.Subscript)
        and isinstance(annotation.value, ast.Name)
        and annotation.value.id == "Annotated"
        and isinstance(annotation.slice, ast.Tuple)
    ):
        annotation = annotation.slice.elts[0]
    members: list[ast.expr] = []
    pending = [annotation]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            pending += [node.left, node.right]
        elif not (isinstance(node, ast.Constant) and node.value is None):
            members.append(node)
    if len(members) == 1 and isinstance(members[0], ast.Name):
        name = renames.get(members[0].id, members[0].id)
        return name if name in roots else None
    return None


def _build_on_first_use(tree: ast.Module, lines: list[str]) -> None:
    """Leave every model to build on first use: drop the module-level ``X.model_rebuild()``
    calls datamodel-code-generator ends with (each builds ``X`` and all it refers to at import)
    and take ``RootModel`` from ``._base``, whose root models defer their build as
    ``SpecModel`` does. Lines are blanked, not removed, so the tree's line numbers stay right."""
    for node in tree.body:
        call = node.value if isinstance(node, ast.Expr) else None
        if (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr == "model_rebuild"
            and not call.args
            and not call.keywords
        ):
            for index in range(node.lineno - 1, node.end_lineno or node.lineno):
                lines[index] = ""
        elif isinstance(node, ast.ImportFrom) and node.module == "pydantic":
            names = [alias for alias in node.names if alias.name == "RootModel"]
            if names and not names[0].asname:
                kept = [ast.unparse(alias) for alias in node.names if alias.name != "RootModel"]
                for index in range(node.lineno - 1, node.end_lineno or node.lineno):
                    lines[index] = ""
                # Into the ``._base`` import where there is one (later steps extend that line).
                has_base = any(
                    isinstance(other, ast.ImportFrom)
                    and other.module == "_base"
                    and other.level == 1
                    for other in tree.body
                )
                imports = "" if has_base else "from ._base import RootModel\n"
                if kept:
                    imports += f"from pydantic import {', '.join(kept)}\n"
                lines[node.lineno - 1] = imports
                if has_base:
                    for index, line in enumerate(lines):
                        if line.startswith("from ._base import "):
                            lines[index] = line.replace(" import ", " import RootModel, ", 1)
                            break


def _with_inherited(
    own: Mapping[str, tuple[str, ...]],
    classes: Mapping[str, ast.ClassDef],
    names: Mapping[str, str],
) -> dict[str, tuple[str, ...]]:
    """The not-null checks each class needs, its bases' included.

    Every check is a method named ``_not_null``: a class's own overrides its base's, and of
    several bases (``allOf`` of several ``$ref``) only the first one's is inherited. So a class
    with a check of its own, or with more than one base that has one, checks them all."""
    memo: dict[str, tuple[str, ...]] = {}

    def bases(name: str) -> list[str]:
        found = [
            names.get(base.id, base.id)
            for base in classes[name].bases
            if isinstance(base, ast.Name)
        ]
        return [base for base in found if base in classes and base != name]

    def every(name: str, seen: frozenset[str]) -> tuple[str, ...]:
        if name not in memo:
            merged = dict.fromkeys(own.get(name, ()))
            for base in bases(name):
                if base not in seen:  # a cycle cannot be Python, but stay total
                    merged.update(dict.fromkeys(every(base, seen | {name})))
            memo[name] = tuple(merged)
        return memo[name]

    result: dict[str, tuple[str, ...]] = {}
    for name in classes:
        checked_bases = [base for base in bases(name) if every(base, frozenset({name}))]
        if (name in own or len(checked_bases) > 1) and every(name, frozenset()):
            result[name] = every(name, frozenset())
    return result


def _component_swaps(metadata: list[Any], wanted: set[str]) -> tuple[dict[str, str], list[Any]]:
    """Class renames that put every component schema's class under the name specgen gave it,
    and ``metadata`` under the new names.

    datamodel-code-generator names an inline object after its property (the items of ``Dreps``
    become ``Drep``) even when a component already holds that name; the component's class then
    becomes ``Drep1``, and everything that uses the component's name would get the inline one.
    The two classes swap names back.
    """
    claims: dict[str, set[str]] = {}  # a component's wanted name -> the classes made of it
    for model in metadata:
        if not isinstance(model, dict):
            continue
        tokens, actual = model.get("source_path"), model.get("class_name")
        if (
            isinstance(tokens, list)
            and len(tokens) == 3
            and tokens[:2] == ["components", "schemas"]
            and tokens[2] in wanted
            and isinstance(actual, str)
        ):
            claims.setdefault(tokens[2], set()).add(actual)
    # A component made into several classes (a copy per union it is a member of, box.com's
    # File) or already under its name keeps what it has; the others swap, each by itself.
    swaps = {
        next(iter(actuals)): name
        for name, actuals in sorted(claims.items())
        if len(actuals) == 1 and name not in actuals
    }
    if not swaps:
        return swaps, metadata
    # Each displaced holder of a wanted name takes the name the component was given instead.
    for actual, name in list(swaps.items()):
        if name not in swaps and actual not in swaps.values():
            swaps[name] = actual
    if len(set(swaps.values())) != len(swaps):
        return {}, metadata  # a chain this simple swap cannot untangle: left as generated
    renamed = [
        (
            {**model, "class_name": swaps.get(model["class_name"], model["class_name"])}
            if isinstance(model, dict) and isinstance(model.get("class_name"), str)
            else model
        )
        for model in metadata
    ]
    return swaps, renamed


def _renamed(
    lines: list[str], tree: ast.Module, names: Mapping[str, str], classes: Mapping[str, str]
) -> list[str]:
    """``lines`` (of the source ``tree`` was parsed from) with every *name* in ``names`` (never
    text inside strings or docstrings) and every top-level class named in ``classes`` renamed.

    Only within lines: the tree's line numbers stay right."""
    if not names and not classes:
        return lines
    spots = [
        (node.lineno, node.col_offset + len("class "), node.name, classes[node.name])
        for node in tree.body
        if isinstance(node, ast.ClassDef) and node.name in classes
    ] + [
        (node.lineno, node.col_offset, node.id, names[node.id])
        for node in ast.walk(tree)
        if isinstance(node, ast.Name) and node.id in names
    ]
    lines = list(lines)
    for lineno, offset, old, new in sorted(spots, reverse=True):
        line = lines[lineno - 1]
        # ast counts columns in UTF-8 bytes; a line may hold other text before the name.
        col = len(line.encode("utf-8")[:offset].decode("utf-8", "replace"))
        if line[col : col + len(old)] == old:
            lines[lineno - 1] = line[:col] + new + line[col + len(old) :]
    return lines


def _read_metadata(path: Path) -> list[Any]:
    """datamodel-code-generator's model metadata (class name, source pointer); [] if absent."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    models = data.get("models") if isinstance(data, dict) else None
    return models if isinstance(models, list) else []


def _model_schemas(
    document: dict[str, Any], metadata: list[Any]
) -> list[tuple[str, dict[str, Any]]]:
    """``(class name, schema)`` of every model class, inline objects' included, by class name."""
    found: dict[str, dict[str, Any]] = {}
    for model in metadata:
        if not isinstance(model, dict) or not isinstance(model.get("class_name"), str):
            continue
        tokens = model.get("source_path")
        if not isinstance(tokens, list) or not all(isinstance(t, str) for t in tokens):
            continue
        node: Any = document
        for token in tokens:
            if isinstance(node, dict) and token in node:
                node = node[token]
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                node = None
                break
        if isinstance(node, dict) and model["class_name"] not in found:
            found[model["class_name"]] = node
    return sorted(found.items())


_PLAIN_NAMES = frozenset({"list", "dict", "str", "int", "float", "bool", "None", "Any", "Literal"})


def _root_types(classes: Mapping[str, ast.ClassDef], names: Mapping[str, str]) -> dict[str, str]:
    """``class name → annotation`` of every root model among the model ``classes`` (by their
    final names; other names renamed as ``names`` says): the value a client returns instead of
    the model (``Pets(RootModel[list[Pet]])`` → ``list[models.Pet]``).

    Model classes are qualified with ``models.``; a root type naming anything else (a date,
    a decimal, a constrained alias) is ``Any``, which client code can always import.
    """
    found: dict[str, str] = {}
    for name, node in classes.items():
        if not any(
            isinstance(base, ast.Subscript)
            and isinstance(base.value, ast.Name)
            and base.value.id == "RootModel"
            for base in node.bases
        ):
            continue
        annotation: ast.expr | None = None
        for item in node.body:
            if (
                isinstance(item, ast.AnnAssign)
                and isinstance(item.target, ast.Name)
                and item.target.id == "root"
            ):
                annotation = item.annotation
        if annotation is None:
            base = next(b for b in node.bases if isinstance(b, ast.Subscript))
            annotation = base.slice
        if (
            isinstance(annotation, ast.Subscript)
            and isinstance(annotation.value, ast.Name)
            and annotation.value.id == "Annotated"
            and isinstance(annotation.slice, ast.Tuple)
        ):
            annotation = annotation.slice.elts[0]
        found[name] = _qualified(annotation, set(classes), names)
    return found


def _qualified(annotation: ast.expr, classes: set[str], names: Mapping[str, str]) -> str:
    class Qualify(ast.NodeTransformer):
        plain = True

        def visit_Name(self, node: ast.Name) -> ast.AST:
            node = ast.copy_location(ast.Name(id=names.get(node.id, node.id), ctx=node.ctx), node)
            if node.id in classes:
                return ast.copy_location(
                    ast.Attribute(
                        value=ast.Name(id="models", ctx=ast.Load()), attr=node.id, ctx=node.ctx
                    ),
                    node,
                )
            if node.id not in _PLAIN_NAMES:
                self.plain = False
            return node

    qualify = Qualify()
    tree = qualify.visit(ast.parse(ast.unparse(annotation), mode="eval"))
    return ast.unparse(tree.body) if qualify.plain else "Any"
