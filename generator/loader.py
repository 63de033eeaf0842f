"""Read a spec file, keep line numbers, resolve local ``$ref``s and validate it.

The loaded document stays a plain ``dict`` (what datamodel-code-generator and the JSON Schema
validators want); a side table maps every JSON pointer to the line it came from, so any later
stage can report ``file:line (at /json/pointer)``.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import Location, SpecLoadError, SpecValidationError, UnsupportedError

__all__ = ["LoadedSpec", "escape_pointer", "load_spec", "resolve_pointer"]


class _SpecYamlLoader(yaml.SafeLoader):
    """YAML 1.2-flavoured safe loader.

    Two YAML 1.1 habits would silently change a spec's meaning, so they are switched off:
    unquoted dates (``2024-06-12``) stay strings, as JSON Schema sees them, and only
    ``true``/``false`` are booleans (``NO``, the country code, stays the string ``"NO"``).
    """


_SpecYamlLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _first in "tTfF":
    _SpecYamlLoader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), [_first]
    )


def escape_pointer(token: str) -> str:
    """Escape one JSON pointer reference token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


@dataclass(frozen=True, slots=True)
class LoadedSpec:
    """A parsed spec with everything needed to point back into its file."""

    path: Path
    text: str
    data: dict[str, Any]
    lines: Mapping[str, int]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def openapi_version(self) -> str:
        return str(self.data.get("openapi", ""))

    def location(self, pointer: str) -> Location:
        """The location of ``pointer``, falling back to its nearest ancestor's line."""
        probe = pointer
        while probe and probe not in self.lines:
            probe = probe.rsplit("/", 1)[0]
        return Location(self.path, self.lines.get(probe, 0), pointer or "/")

    def resolve(self, ref: str) -> Any:
        return resolve_pointer(self.data, ref[1:])


def resolve_pointer(document: Any, pointer: str) -> Any:
    """The value at JSON pointer ``pointer`` (``/components/schemas/X``); ``KeyError`` if absent."""
    node = document
    if not pointer:
        return node
    for raw in pointer.lstrip("/").split("/"):
        token = _unescape(raw)
        if isinstance(node, list):
            node = node[int(token)]
        elif isinstance(node, dict):
            node = node[token]
        else:
            raise KeyError(pointer)
    return node


def _line_table(node: yaml.Node, path: Path) -> dict[str, int]:
    table: dict[str, int] = {"": node.start_mark.line + 1}

    def walk(current: yaml.Node, pointer: str) -> None:
        if isinstance(current, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, value_node in current.value:
                key = str(key_node.value)
                if key in seen:
                    raise SpecLoadError(
                        f"duplicate key {key!r}: YAML keeps only the last one",
                        Location(path, key_node.start_mark.line + 1, pointer or "/"),
                    )
                seen.add(key)
                child = f"{pointer}/{escape_pointer(key)}"
                table[child] = key_node.start_mark.line + 1
                walk(value_node, child)
        elif isinstance(current, yaml.SequenceNode):
            for index, item in enumerate(current.value):
                child = f"{pointer}/{index}"
                table[child] = item.start_mark.line + 1
                walk(item, child)

    walk(node, "")
    return table


def load_spec(path: Path) -> LoadedSpec:
    """Read, parse and validate the spec at ``path``.

    Raises:
        SpecLoadError: unreadable file, bad YAML/JSON, duplicate keys, not a mapping.
        SpecValidationError: not valid OpenAPI 3.0/3.1, or a project lint rule fails.
        UnsupportedError: an external ``$ref`` (only local ``#/...`` references are supported).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecLoadError(f"cannot read the spec: {exc}", Location(path)) from None
    try:
        loader = _SpecYamlLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                raise SpecLoadError("the spec file is empty", Location(path, 1))
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        problem = exc.problem or exc.context or "syntax error"
        if exc.context and exc.context_mark and exc.problem_mark and exc.context_mark.line != exc.problem_mark.line:
            problem += f" ({exc.context} at line {exc.context_mark.line + 1})"
        raise SpecLoadError(f"not valid YAML/JSON: {problem}", Location(path, line)) from None
    except yaml.YAMLError as exc:
        raise SpecLoadError(f"not valid YAML/JSON: {exc}", Location(path)) from None
    if not isinstance(data, dict):
        raise SpecLoadError("the spec must be a mapping at the top level", Location(path, 1))
    spec = LoadedSpec(path=path, text=text, data=data, lines=_line_table(node, path))
    _check_refs(spec)
    _validate_openapi(spec)
    return spec


def iter_refs(node: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    """Every ``$ref`` in ``node`` as ``(pointer of the $ref's object, target)``, in document order."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield pointer, ref
        for key, value in node.items():
            yield from iter_refs(value, f"{pointer}/{escape_pointer(str(key))}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from iter_refs(value, f"{pointer}/{index}")


def _check_refs(spec: LoadedSpec) -> None:
    problems: list[tuple[Location | None, str]] = []
    for pointer, ref in iter_refs(spec.data):
        if not ref.startswith("#"):
            raise UnsupportedError(
                f"external $ref {ref!r}: only local references (#/...) are supported",
                spec.location(f"{pointer}/$ref"),
            )
        try:
            spec.resolve(ref)
        except (KeyError, IndexError, ValueError):
            problems.append((spec.location(f"{pointer}/$ref"), f"unresolved $ref {ref!r}"))
    if problems:
        raise SpecValidationError(
            f"{len(problems)} unresolved $ref(s)", Location(spec.path), tuple(problems)
        )
    # A chain of schemas that only point at each other has no type at all: no model can express it.
    for pointer, ref in iter_refs(spec.data):
        seen = [ref]
        target = spec.resolve(ref)
        while isinstance(target, dict) and set(target) <= {"$ref", "description", "summary"}:
            nxt = target.get("$ref")
            if not isinstance(nxt, str):
                break
            if nxt in seen:
                raise UnsupportedError(
                    "circular $ref with no schema in between: " + " -> ".join([*seen, nxt]),
                    spec.location(f"{pointer}/$ref"),
                )
            seen.append(nxt)
            target = spec.resolve(nxt)


def _validate_openapi(spec: LoadedSpec) -> None:
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    version = spec.openapi_version
    if version.startswith("3.1"):
        validator_cls: Any = OpenAPIV31SpecValidator
    elif version.startswith("3.0"):
        validator_cls = OpenAPIV30SpecValidator
    else:
        raise SpecValidationError(
            f"unsupported 'openapi' version {version!r}: specgen reads OpenAPI 3.0 and 3.1",
            spec.location("/openapi"),
        )
    problems: list[tuple[Location | None, str]] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            for error in validator_cls(spec.data).iter_errors():
                path = getattr(error, "absolute_path", None) or getattr(error, "path", ())
                pointer = _error_pointer(spec, "".join(f"/{escape_pointer(str(part))}" for part in path), error)
                problems.append((spec.location(pointer), _short(str(error.message))))
        except Exception as exc:  # the validator's own crash on odd input is still a bad spec
            problems.append((Location(spec.path), f"validator failed: {_short(str(exc))}"))
    if problems:
        problems.sort(key=lambda item: (item[0].line if item[0] else 0, item[1]))
        raise SpecValidationError(
            f"not a valid OpenAPI {version} document ({len(problems)} problem(s))",
            Location(spec.path),
            tuple(problems[:20]),
        )


def _error_pointer(spec: LoadedSpec, pointer: str, error: Any) -> str:
    """The document pointer of a validator error.

    Errors inside a schema carry a path relative to that schema (``/properties/a/type``), not
    to the document; find the place in the spec that path leads to from some schema.
    """
    instance = getattr(error, "instance", None)

    def holds(candidate: str) -> bool:
        try:
            return bool(resolve_pointer(spec.data, candidate) == instance)
        except (KeyError, IndexError, ValueError):
            return False

    if not pointer or holds(pointer):
        return pointer
    candidates = sorted(p for p in spec.lines if p.endswith(pointer) and holds(p))
    return candidates[0] if candidates else pointer


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
