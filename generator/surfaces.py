"""The two sides of ``specgen diff``: a spec (a file, a git revision, a vendored copy) → Surface.

This is the only place where the diff meets the loader and parser: each spec is loaded and
parsed into the IR and its model document. The names datamodel-code-generator gives the models
come from a package proven to have been generated from that spec, else from the other side's
names where nothing that differs can rename anything (``diff.names.carried_names``), else from
generating the models once, in memory; nothing is rendered or formatted. ``generator.diff``
receives the finished :class:`~generator.diff.Surface` records.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from .config import CHANGELOG_FILENAME, ApiConfig, ProjectConfig, load_api_config
from .diff import Surface, build_surface, empty_surface, model_names
from .diff.names import ModelNames, carried_names
from .diff.report import ApiReport, changelog_section, prepend_section
from .errors import ConfigError, Location, SpecgenError
from .ir.build import Parsed, parse
from .ir.model_facts import model_facts
from .models import generate_models
from .naming import is_safe_package_name
from .output.manifest import MANIFEST_NAME
from .output.uptodate import current_inputs
from .schema.skeleton import property_delta
from .spec.loader import LoadedSpec, load_spec

__all__ = [
    "Comparison",
    "Generated",
    "Side",
    "git_spec",
    "surface_of_file",
    "surface_pair",
    "surface_pairs",
    "surfaces_of_files",
    "vendored_config",
    "write_changelogs",
]


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a comparison: its label (``HEAD``, a file) and its surface."""

    label: str
    surface: Surface


@dataclass(frozen=True, slots=True)
class _Parsed:
    """One side parsed (loader and IR), before the model names are known."""

    spec: LoadedSpec
    parsed: Parsed
    shown_as: str
    proven_models: str | None = None
    """The model modules the project's package holds, when its manifest proves they were
    generated from exactly this side's inputs (:func:`_proven_models`)."""

    def model_inputs(self) -> tuple[object, ...]:
        """Everything ``generate_models`` reads: equal inputs give equal names."""
        parsed = self.parsed
        return (
            parsed.model_document,
            parsed.api.model_bases,
            parsed.rules,
            parsed.class_of_schema,
            parsed.api.closed_objects,
        )

    def names(self) -> ModelNames | None:
        """The names datamodel-code-generator gives (``None`` when it refuses the models:
        attribute names then follow specgen's own snake_case)."""
        if self.proven_models is not None:  # what datamodel-code-generator made of these inputs
            return model_names(self.proven_models)
        parsed = self.parsed
        try:
            return model_names(
                generate_models(
                    parsed.model_document,
                    header="",
                    bases=dict(parsed.api.model_bases),
                    rules=parsed.rules,
                    class_of_schema=parsed.class_of_schema,
                    location=Location(self.spec.path),
                    closed_objects=parsed.api.closed_objects,
                ).source
            )
        except SpecgenError:
            return None

    def carried_to(self, other: _Parsed, names: ModelNames) -> ModelNames | None:
        """``other``'s model names from this side's ``names``, where its model document
        differs from this one's only by plain properties (``None``: generate them)."""
        mine, theirs = self.parsed, other.parsed
        if mine.class_of_schema != theirs.class_of_schema:
            return None
        delta = property_delta(mine.model_document, theirs.model_document)
        return carried_names(names, delta, theirs.class_of_schema) if delta is not None else None

    def surface(self, names: ModelNames | None) -> Surface:
        spec, parsed = self.spec, self.parsed
        return build_surface(
            parsed.api,
            models=model_facts(parsed.model_document, parsed.class_of_schema),
            schema_pointers=parsed.places.schema_pointers,
            locate=lambda pointer: spec.location(pointer).line,
            file=self.shown_as,
            names=names,
            parameter_pointers=parsed.places.parameter_pointers,
            parameter_shapes=parsed.places.parameter_shapes,
        )


def _parsed(config: ApiConfig, spec_path: Path, shown_as: str) -> _Parsed:
    """Authoring rules and validator findings do not matter here (a vendor's spec need not
    follow them), so the spec is parsed leniently; a spec that cannot be parsed raises."""
    spec = replace(load_spec(spec_path, validate=False), path=Path(shown_as))
    return _Parsed(spec, parse(spec, config, strict=False), shown_as)


def surface_of_file(config: ApiConfig, spec_path: Path, shown_as: str) -> Surface:
    """The surface of the spec at ``spec_path``, with its model names; locations name it
    ``shown_as``."""
    side = _parsed(config, spec_path, shown_as)
    return side.surface(side.names())


def surfaces_of_files(
    config: ApiConfig, base: tuple[Path, str], current: tuple[Path, str]
) -> tuple[Surface, Surface]:
    """The surfaces of two specs, each given as ``(path, shown as)``, as ``specgen diff``
    compares them."""
    return _surfaces(_parsed(config, *base), _parsed(config, *current))


def _surfaces(base: _Parsed, current: _Parsed) -> tuple[Surface, Surface]:
    """Both surfaces. Model names are what datamodel-code-generator makes of the models, so
    it runs only when the two sides' models differ: identical model inputs give identical
    names and model surfaces, where no change can be reported (both then use specgen's own
    snake_case, which no report shows)."""
    if base.model_inputs() == current.model_inputs():
        return base.surface(None), current.surface(None)
    # One side's names, read from its package where that is proven, carry over to the other
    # when the models differ only in ways that cannot rename anything; else both generate.
    first, second = (current, base) if current.proven_models is not None else (base, current)
    first_names = first.names()
    second_names = second.names() if second.proven_models is not None else None
    if second_names is None and first_names is not None:
        second_names = first.carried_to(second, first_names)
    if second_names is None:
        second_names = second.names()
    if first is current:
        return base.surface(second_names), current.surface(first_names)
    return base.surface(first_names), current.surface(second_names)


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, check=False
        )
    except OSError as exc:
        raise ConfigError(f"cannot run git: {exc}") from None


def git_spec(spec_path: Path, rev: str) -> tuple[str, str] | None:
    """``(text, shown as)`` of ``spec_path`` at git revision ``rev``; ``None`` if the file did
    not exist there. A revision git does not know is a :class:`ConfigError` (exit 2)."""
    folder = spec_path.resolve().parent
    top = _git(folder, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise ConfigError(f"--base {rev}: {spec_path} is not in a git repository")
    verified = _git(folder, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    if verified.returncode != 0:
        raise ConfigError(f"--base {rev}: not a git revision of {top.stdout.strip()}")
    relative = spec_path.resolve().relative_to(Path(top.stdout.strip()).resolve()).as_posix()
    shown = _git(folder, "show", f"{rev}:{relative}")
    if shown.returncode != 0:
        return None
    return shown.stdout, f"{rev}:{relative}"


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def surface_pair(
    config: ApiConfig,
    *,
    root: Path,
    base_rev: str | None = None,
    base_spec: Path | None = None,
    generated: Generated | None = None,
) -> tuple[Side, Side]:
    """Base and current sides for ``config``'s spec; the base is ``base_spec``, else the spec
    at ``base_rev`` (default ``HEAD``). A base without the spec is empty: everything is added.
    With ``generated`` (a project's API), a side whose package is provably up to date takes
    its model names from that package instead of generating the models again."""
    label = _shown(config.spec_path, root)
    current = _parsed(config, config.spec_path, label)
    current_text = _on_disk(config.spec_path)
    if generated is not None and current_text is not None:
        current = replace(
            current, proven_models=_proven_models(config, current_text, generated, _all_on_disk)
        )
    if base_spec is not None:
        if not base_spec.is_file():
            raise ConfigError(f"--base-spec: no such file: {base_spec}")
        base_label = _shown(base_spec, root)
        base = _parsed(config, base_spec, base_label)
    else:
        rev = base_label = base_rev or "HEAD"
        found = git_spec(config.spec_path, rev)
        if found is None:
            empty = empty_surface(config.name, config.package, f"{rev}:{label}")
            return Side(f"{rev} (no spec)", empty), Side(label, current.surface(current.names()))
        text, shown = found
        if text == current_text:
            base = current  # the same bytes parse the same: no change can be found
        else:
            with tempfile.TemporaryDirectory(prefix="specgen-diff-") as tmp:
                path = Path(tmp) / config.spec_path.name
                path.write_text(text, encoding="utf-8")
                base = _parsed(config, path, shown)
            if generated is not None:
                at_rev = _at_revision(root, rev)
                base = replace(base, proven_models=_proven_models(config, text, generated, at_rev))
    before, after = _surfaces(base, current)
    return Side(base_label, before), Side(label, after)


@dataclass(frozen=True, slots=True)
class Generated:
    """Where the project keeps an API's generated package (``generated/<api>``), and the
    templates it is generated with."""

    folder: Path
    templates_dir: Path


@dataclass(frozen=True, slots=True)
class Comparison:
    """What :func:`surface_pair` compares for one API."""

    config: ApiConfig
    root: Path
    base_rev: str | None = None
    base_spec: Path | None = None
    generated: Generated | None = None


def _pair(comparison: Comparison) -> tuple[Side, Side]:
    return surface_pair(
        comparison.config,
        root=comparison.root,
        base_rev=comparison.base_rev,
        base_spec=comparison.base_spec,
        generated=comparison.generated,
    )


def surface_pairs(comparisons: Sequence[Comparison], *, jobs: int = 1) -> list[tuple[Side, Side]]:
    """Each comparison's two sides, in order, in up to ``jobs`` worker processes when there
    are several APIs (the sides, and so the report, are the same either way). The error of
    the first comparison in order that fails is raised, as a serial run raises it."""
    if jobs <= 1 or len(comparisons) <= 1:
        return [_pair(comparison) for comparison in comparisons]
    with ProcessPoolExecutor(max_workers=min(jobs, len(comparisons))) as pool:
        return list(pool.map(_pair, comparisons))


Reader = Callable[[Sequence[Path]], list[str | None]]
"""Reads files, several at once: each one's text, ``None`` for one that cannot be read."""


def _proven_models(
    config: ApiConfig, spec_text: str, generated: Generated, read: Reader
) -> str | None:
    """The source of the package's model classes (its ``models`` modules, read with ``read``,
    joined in path order) when its manifest proves they were generated from ``spec_text``
    with today's settings, templates, generator and tools, and each file is the one the
    manifest records; else ``None`` (the models are then generated). The same proof lets
    ``specgen check`` skip a rebuild (``output.uptodate``)."""
    manifest_text = read([generated.folder / MANIFEST_NAME])[0]
    inputs = current_inputs(config, spec_text, templates_dir=generated.templates_dir)
    if manifest_text is None or inputs is None:
        return None
    try:
        manifest = json.loads(manifest_text)
        digest, files = manifest["inputs_sha256"], dict(manifest["files"])
    except (ValueError, KeyError, TypeError):
        return None
    prefix = f"src/{config.package}/models/"
    paths = sorted(path for path in files if str(path).startswith(prefix))
    if digest != inputs.digest or not paths:
        return None
    texts = read([generated.folder / path for path in paths])
    for path, text in zip(paths, texts):
        if text is None or hashlib.sha256(text.encode("utf-8")).hexdigest() != files[path]:
            return None
    return "\n".join(text or "" for text in texts)


def _on_disk(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _all_on_disk(paths: Sequence[Path]) -> list[str | None]:
    return [_on_disk(path) for path in paths]


def _at_revision(root: Path, rev: str) -> Reader:
    """A reader of files (under ``root``) as they were at git revision ``rev``: one
    ``git cat-file --batch`` for all the files of a call."""

    def read(paths: Sequence[Path]) -> list[str | None]:
        top = _git(root, "rev-parse", "--show-toplevel")
        if top.returncode != 0:
            return [None] * len(paths)
        names = []
        for path in paths:
            try:
                relative = path.resolve().relative_to(Path(top.stdout.strip()).resolve())
            except ValueError:
                return [None] * len(paths)
            names.append(f"{rev}:{relative.as_posix()}\n")
        try:
            batch = subprocess.run(
                ["git", "-C", str(root), "cat-file", "--batch"],
                input="".join(names).encode("utf-8"),
                capture_output=True,
                check=False,
            )
        except OSError as exc:
            raise ConfigError(f"cannot run git: {exc}") from None
        return (
            _batch_contents(batch.stdout, len(paths))
            if batch.returncode == 0
            else [None] * len(paths)
        )

    return read


def _batch_contents(output: bytes, count: int) -> list[str | None]:
    """The ``count`` objects of ``git cat-file --batch``'s ``output``, as text (``None``: a
    missing object, or one that is not a UTF-8 file)."""
    contents: list[str | None] = []
    at = 0
    for _ in range(count):
        end = output.find(b"\n", at)
        header = output[at:end].split()
        at = end + 1
        if end < 0 or len(header) != 3:  # "<name> missing" (or ambiguous)
            contents.append(None)
            continue
        size = int(header[2])
        body = output[at : at + size]
        at += size + 1
        try:
            contents.append(body.decode("utf-8") if header[1] == b"blob" else None)
        except UnicodeDecodeError:
            contents.append(None)
    return contents


def vendored_config(project: ProjectConfig, directory: Path) -> tuple[ApiConfig, Path]:
    """The project's config of the API vendored in ``directory``, under the copy's import
    name, and the spec the copy was built from (the base of a re-vendoring)."""
    manifest_path = directory / MANIFEST_NAME
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        api, package = str(manifest["api"]), str(manifest["package"])
        spec_name = Path(manifest["spec"]["path"]).name
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError(
            f"not a vendored specgen package (cannot read {MANIFEST_NAME}: {exc})",
            Location(manifest_path),
        ) from None
    if not is_safe_package_name(package):
        raise ConfigError("the manifest names an unsafe package", Location(manifest_path))
    config = load_api_config(project, api)
    config = replace(config, package=package, distribution=package.replace("_", "-"))
    return config, directory / spec_name


def write_changelogs(project: ProjectConfig, reports: list[ApiReport]) -> list[Path]:
    """Prepend each report that has changes to its ``specs/<api>/CHANGELOG.md`` (the same
    section is never added twice); the files written."""
    written = []
    for report in reports:
        section = changelog_section(report)
        if not section:
            continue
        path = project.specs_dir / report.api / CHANGELOG_FILENAME
        existing = path.read_text(encoding="utf-8") if path.is_file() else ""
        if section.strip() in existing:
            continue
        text = prepend_section(existing, section, package=report.package)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
