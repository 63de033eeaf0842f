"""One Jinja environment, one template per output file, rendered into a :class:`FileSet`.

``templates/package/`` mirrors the generated tree: ``src/pkg/client.py.jinja`` renders
``src/<package>/client.py``. Templates receive IR records only.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jinja2

from ..cachedir import cache_dir
from ..errors import Location, SpecgenError
from ..ir import Api
from ..literals import fits, python_literal
from .client_parts import (
    auth_doc,
    auth_spec,
    example_credentials,
    extra_arguments,
    operation_notes,
    operation_spec,
    other_schemes,
    pagination_doc,
    pagination_spec,
    parameter_docs,
)
from .fileset import FileSet
from .formatting import format_all, tidy_imports
from .inert import docstring_text
from .model_modules import split_models
from .prose import markdown_prose
from .sources import runtime_files

__all__ = ["escape_invisible", "make_environment", "render_package"]

_PACKAGE_DIR = "package"
# Characters that must never reach a generated file raw: C0/C1 controls (NUL, ESC …), format
# characters including the bidi overrides of "Trojan Source" (U+202A-U+202E, U+2066-U+2069),
# zero-width characters and the Unicode line/paragraph separators. Listed, not computed from
# ``unicodedata``, so output does not change with the Python version's Unicode tables.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891"
    "\u08e2\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
    "\ufff9-\ufffb]"
)


def escape_invisible(text: str) -> str:
    """``text`` with every invisible or control character written as ``\\uXXXX``.

    The escape keeps a value's meaning in Python string literals, regular expressions, JSON
    and TOML strings, and shows the character for what it is in docstrings, comments and
    Markdown.
    """
    return _INVISIBLE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def _comment(text: str) -> str:
    """Spec text as the body of one or more ``#`` comment lines (no line breaks escape it)."""
    return "\n# ".join(line.rstrip() for line in str(text).splitlines()) or ""


def _markdown(text: str) -> str:
    """Spec text inside Markdown prose: code fences and HTML cannot open; line breaks are
    ``\n`` (a spec written on Windows says ``\r\n``, whose ``\r`` would show escaped)."""
    text = re.sub(r"\r\n?", "\n", str(text))
    return text.replace("```", "ʼʼʼ").replace("<", "&lt;").replace(">", "&gt;")


def _pyrepr(value: Any) -> str:
    """A Python literal for ``value`` as black would write it (so formatting leaves it alone);
    IR enum members are written as their plain values."""
    return python_literal(value)


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, sort_keys=False, ensure_ascii=False)


def _json_lines(tables: dict[str, list[Any]]) -> str:
    """A dict of lists as JSON with one list item per line: compact, yet diffs read per case."""
    parts = []
    for key, items in tables.items():
        rows = ",\n".join(
            "    " + json.dumps(item, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
            for item in items
        )
        parts.append(
            f"  {json.dumps(key)}: [\n{rows}\n  ]" if items else f"  {json.dumps(key)}: []"
        )
    return "{\n" + ",\n".join(parts) + "\n}"


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs (compiling them costs every run about 0.4 s);
    Jinja checks each entry against its template's source, so an edited template is compiled
    again. ``None`` when caching is off or the cache folder cannot be made."""
    folder = cache_dir("templates")
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def make_environment(templates_dir: Path) -> jinja2.Environment:
    """The only Jinja environment: strict, newline-preserving, with specgen's filters."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        bytecode_cache=_bytecode_cache(),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters.update(
        docstring=docstring_text,
        comment=_comment,
        markdown=_markdown,
        prose=markdown_prose,
        operation_notes=operation_notes,
        extra_arguments=extra_arguments,
        operation_spec=operation_spec,
        pagination_doc=pagination_doc,
        pagination_spec=pagination_spec,
        parameter_docs=parameter_docs,
        pyrepr=_pyrepr,
        tojson_pretty=_json,
        tojson_lines=_json_lines,
    )
    # ``{% if line is fits %}``: whether black keeps a line the template writes as it is.
    env.tests["fits"] = fits
    return env


def provenance(api: Api, style: str) -> str:
    text = (
        f"Generated by specgen from {api.spec_file}. Do not edit: change the spec and run "
        f"`{api.regenerate_command}`."
    )
    if style == "markdown":
        return f"<!-- {text} -->"
    return f"# {text}"


def _output_path(template: str, api: Api) -> str:
    parts = template[len(_PACKAGE_DIR) + 1 : -len(".jinja")].split("/")
    if len(parts) >= 2 and parts[0] == "src" and parts[1] == "pkg":
        parts[1] = api.package
    return "/".join(parts)


_PER_RESOURCE = "{resource}"
"""In a template's name: rendered once per resource of the client (``Api.resources``), into
the file of the resource's module."""

PRISM_PACKAGE = "@stoplight/prism-cli@5.14.2"
"""The Prism release the contract tests are written for: the repository's ``package.json``
pins the same one (a test keeps them equal); a package's tests name it when Prism is missing."""


def render_package(
    api: Api,
    *,
    env: jinja2.Environment,
    models_source: str,
    spec_text: str,
    spec_filename: str,
    extra_context: dict[str, Any] | None = None,
    jobs: int = 1,
) -> FileSet:
    """Render every template under ``templates/package/`` for ``api``; Python files go through
    black (in ``jobs`` worker processes when they are large)."""
    files: dict[str, str] = {}
    names = sorted(
        name
        for name in env.list_templates()
        if name.startswith(f"{_PACKAGE_DIR}/") and name.endswith(".jinja")
    )
    model_modules = split_models(models_source)
    context_base: dict[str, Any] = {
        "api": api,
        "model_modules": model_modules,
        "spec_filename": spec_filename,
        "prism_package": PRISM_PACKAGE,
        "auth_doc": auth_doc(api),
        "auth_spec": auth_spec(api),
        "example_credentials": example_credentials(api),
        "other_schemes": other_schemes(api),
        **(extra_context or {}),
    }
    per_resource = [name for name in names if _PER_RESOURCE in name]
    outputs: list[tuple[str, str, dict[str, Any]]] = [
        (name, _output_path(name, api), {}) for name in names if name not in per_resource
    ]
    outputs += [
        (
            name,
            _output_path(name, api).replace(_PER_RESOURCE, resource.module),
            {"resource": resource},
        )
        for name in per_resource
        for resource in api.resources
    ]
    for name, out, extra in outputs:
        style = "markdown" if out.endswith(".md") else "hash"
        try:
            text = env.get_template(name).render(
                **context_base, **extra, provenance=provenance(api, style)
            )
        except jinja2.TemplateError as exc:
            raise SpecgenError(
                f"internal error: template {name} failed: {exc}", Location(Path(name)), exit_code=3
            ) from None
        # A template that renders nothing has no file for this API (webhooks.py without webhooks).
        if text.strip():
            # One newline at the end, as black leaves it (a template's last block may be empty).
            files[out] = text.rstrip() + "\n" if out.endswith(".py") else text
    package_dir = f"src/{api.package}"
    model_files = {f"{package_dir}/models/{m.module}.py": m.source for m in model_modules}
    files.update(model_files)
    files[f"{package_dir}/py.typed"] = ""
    files[spec_filename] = spec_text
    python = {path: text for path, text in files.items() if path.endswith(".py")}
    files.update(tidy_imports(python, first_party=(api.package,)))
    # The model source and the templates' output are already laid out as black lays them out;
    # black formats only a statement a spec made too long (a long name or value), and the
    # statements datamodel-code-generator's formatter wrapped (not always as black would).
    files.update(
        format_all(
            {path: files[path] for path in python},
            rewrap=set(model_files),
            jobs=jobs,
        )
    )
    for path in list(files):
        if not path.endswith(".py") and files[path] and not files[path].endswith("\n"):
            files[path] += "\n"
        files[path] = (
            re.sub(r"[ \t]+\n", "\n", files[path])
            if not path.endswith((".yaml", ".json"))
            else files[path]
        )
    for path, text in files.items():
        if path != spec_filename:  # the spec is shipped as the vendor wrote it
            files[path] = escape_invisible(text)
    # Already formatted and linted in this repository: copied, not reformatted.
    hash_line = provenance(api, "hash")
    for name, text in runtime_files().items():
        files[f"{package_dir}/{name}"] = f"{hash_line}\n{text}"
    return FileSet(files)
