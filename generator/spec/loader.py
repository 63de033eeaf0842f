"""Read a spec file, keep line numbers, resolve local ``$ref``s and validate it.

The loaded document stays a plain ``dict`` (what datamodel-code-generator and the JSON Schema
validators want); a side table maps every JSON pointer to the line it came from, so any later
stage can report ``file:line (at /json/pointer)``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import Location, SpecLoadError, SpecValidationError, UnsupportedError
from ..schema.pointer import escape_pointer, ref_pointer, resolve_pointer
from .positions import JsonPositions, Positions, TablePositions

__all__ = [
    "LoadedSpec",
    "Positions",
    "escape_pointer",
    "deref",
    "load_spec",
    "ref_pointer",
    "resolve_pointer",
]


# libyaml's parser where it is installed (PyYAML wheels ship it); the resolver below is Python
# either way, so both loaders read a spec the same way.
_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _SpecYamlLoader(_BaseLoader):  # type: ignore[misc]
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


@dataclass(frozen=True, slots=True)
class LoadedSpec:
    """A parsed spec with everything needed to point back into its file.

    ``problems`` are the OpenAPI validator's findings: a strict run refuses the spec for them,
    any other run reports them as warnings and generates what it can.
    """

    path: Path
    text: str
    data: dict[str, Any]
    lines: Positions
    problems: tuple[tuple[Location | None, str], ...] = ()

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def openapi_version(self) -> str:
        return str(self.data.get("openapi", ""))

    def location(self, pointer: str) -> Location:
        """The location of ``pointer``, falling back to its nearest ancestor's position."""
        probe = pointer
        while probe and probe not in self.lines:
            probe = probe.rsplit("/", 1)[0]
        line, column = self.lines.get(probe) or (0, 0)
        return Location(self.path, line, pointer or "/", column)

    def resolve(self, ref: str) -> Any:
        """The target of a local ``$ref`` (``#/a/b``; percent-encoding in the fragment decoded)."""
        return resolve_pointer(self.data, ref_pointer(ref))


def _yaml_positions(node: yaml.Node, path: Path) -> dict[str, tuple[int, int]]:
    table: dict[str, tuple[int, int]] = {"": (node.start_mark.line + 1, node.start_mark.column + 1)}
    # Iterative, so a deeply nested document cannot exhaust the interpreter's stack.
    stack: list[tuple[yaml.Node, str]] = [(node, "")]
    # An alias is the very node of its anchor: walking it again would expand an alias bomb
    # (or loop forever on a self-referencing anchor). Its values keep the anchor's positions.
    seen_nodes: set[int] = set()
    while stack:
        current, pointer = stack.pop()
        if id(current) in seen_nodes:
            continue
        seen_nodes.add(id(current))
        if isinstance(current, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, value_node in current.value:
                key = str(key_node.value)
                mark = key_node.start_mark
                if key in seen:
                    raise SpecLoadError(
                        f"duplicate key {key!r}: YAML keeps only the last one",
                        Location(path, mark.line + 1, pointer or "/", mark.column + 1),
                    )
                seen.add(key)
                child = f"{pointer}/{escape_pointer(key)}"
                table[child] = (mark.line + 1, mark.column + 1)
                stack.append((value_node, child))
        elif isinstance(current, yaml.SequenceNode):
            for index, item in enumerate(current.value):
                child = f"{pointer}/{index}"
                table[child] = (item.start_mark.line + 1, item.start_mark.column + 1)
                stack.append((item, child))
    return table


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _load_json(text: str, path: Path) -> tuple[Any, Positions]:
    try:
        data = json.loads(text, object_pairs_hook=_reject_duplicates)
    except _DuplicateKey as exc:
        raise SpecLoadError(
            f"duplicate key {exc.key!r}: JSON parsers disagree about which one wins", Location(path)
        ) from None
    except json.JSONDecodeError as exc:
        raise SpecLoadError(
            f"not valid JSON: {exc.msg}", Location(path, exc.lineno, "", exc.colno)
        ) from None
    except RecursionError:
        raise _too_deep(_json_depth_location(text, path)) from None
    except ValueError as exc:
        raise SpecLoadError(f"not valid JSON: {_value_problem(exc)}", Location(path)) from None
    return data, JsonPositions(text)


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _json_depth_location(text: str, path: Path) -> Location:
    """Where ``text`` first nests deeper than :data:`MAX_DEPTH` (strings skipped)."""
    depth = 0
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                offset = match.start()
                line = text.count("\n", 0, offset) + 1
                return Location(path, line, "", offset - text.rfind("\n", 0, offset))
        elif token in "]}":
            depth -= 1
    return Location(path)


def _load_yaml(text: str, path: Path) -> tuple[Any, Positions]:
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
        column = mark.column + 1 if mark else 0
        problem = exc.problem or exc.context or "syntax error"
        if (
            exc.context
            and exc.context_mark
            and exc.problem_mark
            and exc.context_mark.line != exc.problem_mark.line
        ):
            problem += f" ({exc.context} at line {exc.context_mark.line + 1})"
        raise SpecLoadError(
            f"not valid YAML/JSON: {problem}", Location(path, line, "", column)
        ) from None
    except yaml.YAMLError as exc:
        raise SpecLoadError(f"not valid YAML/JSON: {exc}", Location(path)) from None
    except RecursionError:
        raise _too_deep(Location(path)) from None
    except ValueError as exc:
        raise SpecLoadError(f"not valid YAML: {_value_problem(exc)}", Location(path)) from None
    table = _yaml_positions(node, path)
    return data, TablePositions(table)


# Bounds that keep a hostile document from exhausting memory or the interpreter's stack. The
# largest real spec we know (GitHub REST, 8.9 MB) has ~260,000 values nested at most 34 deep.
MAX_BYTES = 64 * 1024 * 1024
MAX_VALUES = 4_000_000
MAX_DEPTH = 96
# YAML aliases let a few lines stand for billions of values ("billion laughs"); every later
# stage walks the expanded tree, so reuse beyond this many values is refused.
MAX_ALIAS_VALUES = 200_000


def _check_shape(data: Any, path: Path, location: Callable[[str], Location]) -> None:
    """Refuse a document that is too large, too deep, cyclic or an alias bomb.

    One iterative walk that visits each distinct container once (YAML aliases share objects),
    remembering each container's expanded size and height, so even a 9**9 alias bomb is
    measured in microseconds.
    """
    measured: dict[int, tuple[int, int]] = {}  # id -> (expanded values, height)
    on_path: set[int] = set()
    reused = 0
    # Frames: [container, iterator over (key, child), expanded values, height, pointer].
    stack: list[list[Any]] = [[data, _children(data), 1, 0, ""]]
    on_path.add(id(data))
    while stack:
        frame = stack[-1]
        for key, child in frame[1]:
            if not isinstance(child, (dict, list)):
                frame[2] += 1
                continue
            pointer = f"{frame[4]}/{escape_pointer(str(key))}"
            known = measured.get(id(child))
            if known is not None:
                reused += known[0]
                if reused > MAX_ALIAS_VALUES:
                    raise SpecLoadError(
                        f"YAML aliases expand the document by more than {MAX_ALIAS_VALUES:,} "
                        "values (an alias bomb?)",
                        location(pointer),
                    )
                frame[2] += known[0]
                frame[3] = max(frame[3], known[1])
                if len(stack) + known[1] > MAX_DEPTH:
                    raise _too_deep(location(pointer))
                continue
            if id(child) in on_path:
                raise SpecLoadError(
                    "the document refers to itself (a YAML alias inside its own anchor)",
                    location(pointer),
                )
            if len(stack) >= MAX_DEPTH:
                raise _too_deep(location(pointer))
            on_path.add(id(child))
            stack.append([child, _children(child), 1, 0, pointer])
            break
        else:
            stack.pop()
            on_path.discard(id(frame[0]))
            measured[id(frame[0])] = (frame[2], frame[3] + 1)
            if frame[2] > MAX_VALUES:
                raise SpecLoadError(
                    f"the document holds more than {MAX_VALUES:,} values", location(frame[4])
                )
            if stack:
                stack[-1][2] += frame[2]
                stack[-1][3] = max(stack[-1][3], frame[3] + 1)


def _children(node: Any) -> Iterator[tuple[Any, Any]]:
    return iter(node.items()) if isinstance(node, dict) else iter(enumerate(node))


def _too_deep(where: Location) -> SpecLoadError:
    return SpecLoadError(f"the document is nested more than {MAX_DEPTH} levels deep", where)


def _value_problem(exc: ValueError) -> str:
    if "integer string conversion" in str(exc):
        # Python refuses to convert such numbers at all (a guard against quadratic time).
        return "a number has more than 4300 digits"
    return str(exc)


def _looks_like_json(path: Path, text: str) -> bool:
    return path.suffix.lower() == ".json" or text.lstrip()[:1] == "{"


def load_spec(path: Path, *, validate: bool = True) -> LoadedSpec:
    """Read, parse and validate the spec at ``path``.

    JSON is read with :mod:`json` (locations computed only when a message needs one), YAML
    with libyaml's C parser where available. OpenAPI validator findings are kept in
    ``LoadedSpec.problems``; whether they stop generation is the caller's decision.

    Raises:
        SpecLoadError: unreadable file, bad YAML/JSON, duplicate keys, not a mapping.
        SpecValidationError: an ``openapi`` version other than 3.0/3.1, or unresolved ``$ref``s.
        UnsupportedError: an external ``$ref`` (only local ``#/...`` references are supported).
    """
    try:
        if path.stat().st_size > MAX_BYTES:
            raise SpecLoadError(
                f"the spec file is larger than {MAX_BYTES // (1024 * 1024)} MiB", Location(path)
            )
        # utf-8-sig: a leading byte order mark (common in JSON exported on Windows) is not part
        # of the document; JSON parsers refuse it, datamodel-code-generator skips it.
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecLoadError(f"cannot read the spec: {exc}", Location(path)) from None
    if not text.strip():
        raise SpecLoadError("the spec file is empty", Location(path, 1))
    data: Any = None
    positions: Positions | None = None
    if _looks_like_json(path, text):
        try:
            data, positions = _load_json(text, path)
        except SpecLoadError:
            if path.suffix.lower() == ".json":
                raise
    if positions is None:
        data, positions = _load_yaml(text, path)
    if not isinstance(data, dict):
        raise SpecLoadError("the spec must be a mapping at the top level", Location(path, 1))
    spec = LoadedSpec(path=path, text=text, data=data, lines=positions)
    _check_shape(data, path, spec.location)
    _check_version(spec)
    _check_refs(spec)
    if not validate:
        return spec
    from .validation import validate as validated  # it builds on this module

    return validated(spec)


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
        except (KeyError, IndexError, ValueError, TypeError):
            problems.append((spec.location(f"{pointer}/$ref"), f"unresolved $ref {ref!r}"))
    if problems:
        raise SpecValidationError(
            f"{len(problems)} unresolved $ref(s)", Location(spec.path), tuple(problems)
        )
    _check_alias_chains(spec)


# Schemas that are only a $ref, one after another: the model generator's time grows with the
# square of such a chain's length (3,000: minutes), and ``deref`` follows 32 links at most.
# Real specs chain two or three.
MAX_ALIAS_CHAIN = 32


def _check_alias_chains(spec: LoadedSpec) -> None:
    """Refuse a ``$ref`` chain of schemas that only point at each other when it loops (it has
    no type at all: no model can express it) or is longer than ``MAX_ALIAS_CHAIN``.

    Each link's length is worked out once, so a long chain costs time linear in its length."""
    hops: dict[str, int] = {}  # ref -> how many alias-only schemas follow it
    for pointer, ref in iter_refs(spec.data):
        chain: list[str] = []
        current: str | None = ref
        while current is not None and current not in hops:
            if current in chain:
                raise UnsupportedError(
                    "circular $ref with no schema in between: " + " -> ".join([*chain, current]),
                    spec.location(f"{pointer}/$ref"),
                )
            chain.append(current)
            current = _alias_of(spec.resolve(current))
        following = hops[current] if current is not None else -1
        for link in reversed(chain):
            following += 1
            hops[link] = following
        if hops[ref] > MAX_ALIAS_CHAIN:
            raise UnsupportedError(
                f"$ref chain through {hops[ref]} schemas that are only a $ref (more than "
                f"{MAX_ALIAS_CHAIN}): point at the schema at its end directly",
                spec.location(f"{pointer}/$ref"),
            )


def _alias_of(target: Any) -> str | None:
    """The ``$ref`` of a schema that is nothing but a pointer to another one; else ``None``."""
    if isinstance(target, dict) and set(target) <= {"$ref", "description", "summary"}:
        nxt = target.get("$ref")
        return nxt if isinstance(nxt, str) else None
    return None


def _check_version(spec: LoadedSpec) -> None:
    version = spec.openapi_version
    if not (version.startswith("3.1") or version.startswith("3.0")):
        hint = (
            " (a Swagger 2.0 document: convert it to OpenAPI 3 first)"
            if "swagger" in spec.data
            else ""
        )
        raise SpecValidationError(
            f"unsupported 'openapi' version {version!r}: specgen reads OpenAPI 3.0 and 3.1{hint}",
            spec.location("/openapi" if "openapi" in spec.data else ""),
        )


def deref(spec: LoadedSpec, node: Any, depth: int = 0) -> dict[str, Any]:
    """``node`` with a ``$ref`` followed (chains too); ``{}`` for anything that is not an object."""
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and depth < 32:
        try:
            node = spec.resolve(node["$ref"])
        except (KeyError, IndexError, ValueError, TypeError):
            return {}
        depth += 1
    return node if isinstance(node, dict) else {}
