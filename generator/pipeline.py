"""The one place where the stages meet: load → parse → models → render → manifest.

``build`` returns the complete package as a :class:`FileSet` and writes nothing; ``generate``
and ``check`` both start here, so they cannot disagree.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import ApiConfig, ProjectConfig, load_api_config
from .errors import Location, SpecgenError, SpecValidationError
from .ir import Api
from .ir.build import Parsed, parse
from .models import generate_models
from .output.fileset import FileSet
from .output.index import package_summary
from .output.manifest import MANIFEST_NAME, build_manifest, settings_digest
from .output.render import (
    escape_invisible,
    make_environment,
    provenance,
    render_package,
)
from .output.sources import template_digest
from .spec.lint import lint
from .spec.loader import LoadedSpec, load_spec
from .spec.safety import check_safety
from .spec.validation import start_validation
from .testgen.plan import count_tests, test_context

__all__ = ["Built", "Outcome", "build", "build_all", "build_api", "check_spec"]


@dataclass(frozen=True, slots=True)
class Built:
    api: Api
    files: FileSet
    spec: LoadedSpec
    test_count: int = 0
    warnings: tuple[tuple[Location | None, str], ...] = ()


def check_spec(spec: LoadedSpec, *, strict: bool) -> tuple[tuple[Location | None, str], ...]:
    """OpenAPI validity (``spec.problems``) and authoring-rule findings of ``spec``.

    Strict (the project's own hand-written specs): any finding refuses the spec. Otherwise
    (someone else's spec) they are warnings for the user; generation goes on, and a problem that
    would prevent correct code is refused later, where it is met, with its location. (Unsafe
    constructs are refused before: see :func:`generator.spec.safety.check_safety`.)
    """
    findings: list[tuple[Location | None, str]] = list(spec.problems)
    findings += [(location, f"{message} [authoring rule]") for location, message in lint(spec)]
    if strict and findings:
        raise SpecValidationError(
            f"{len(findings)} problem(s) with OpenAPI validity or specgen's authoring rules (strict)",
            Location(spec.path),
            tuple(findings),
        )
    return tuple(findings)


def with_value_types(
    api: Api, roots: Mapping[str, str], enums: Mapping[str, str] | None = None
) -> Api:
    """``api`` with each success response of a root model annotated with the root's plain
    type (the client returns ``list[models.Pet]``, not ``models.Pets``), and each request body
    of a root model or an enum class accepting that plain type or the enum's values besides
    the model (not a mapping of fields)."""
    enums = enums or {}
    if not roots and not enums:
        return api
    operations = tuple(
        dataclasses.replace(
            op,
            body_alternative=roots.get(
                op.body_model, enums.get(op.body_model, op.body_alternative)
            ),
            responses=tuple(
                (
                    dataclasses.replace(r, annotation=roots[r.model])
                    if r.is_success and r.model in roots
                    else r
                )
                for r in op.responses
            ),
        )
        for op in api.operations
    )
    return dataclasses.replace(api, operations=operations)


def _quiet(stage: str) -> None:
    """The default progress sink: say nothing."""


def build_api(
    config: ApiConfig,
    *,
    templates_dir: Path,
    strict: bool = False,
    progress: Callable[[str], None] = _quiet,
    jobs: int = 1,
) -> Built:
    """Generate the package for one API in memory; ``progress`` hears each stage as it starts.

    ``jobs``: processes the build may use. With more than one, a spec the validation cache does
    not know is validated in a second process while the package is built, and black may share
    a large package's files (same bytes either way)."""
    progress("reading the spec")
    spec = load_spec(config.spec_path, validate=False)
    progress("validating")
    validation = start_validation(spec, background=jobs > 1)
    try:
        check_safety(spec)  # never a warning: the client would not do what the spec says
        if strict and lint(spec):
            check_spec(validation.result(), strict=True)  # refuses it, with the validity findings
        parsed, api, tests, files = _package(config, spec, templates_dir, progress, jobs, strict)
        spec = validation.result()
    except SpecgenError:
        if strict:  # the spec's own problems come first, as when it was validated first
            check_spec(validation.result(), strict=True)
        raise
    finally:
        validation.cancel()  # a build that failed leaves the worker running
    # What changes the generated code first, then validity, then authoring rules.
    warnings = parsed.warnings + check_spec(spec, strict=strict)
    test_count = count_tests(tests)
    manifest = build_manifest(
        config,
        {path: files.sha256(path) for path in files},
        spec_sha256=spec.sha256,
        config_sha256=settings_digest(config),
        templates_sha256=template_digest(templates_dir),
        summary=package_summary(api, test_count=test_count),
    )
    return Built(
        api=api,
        files=files.with_files({MANIFEST_NAME: manifest}),
        spec=spec,
        test_count=test_count,
        warnings=warnings,
    )


def _package(
    config: ApiConfig,
    spec: LoadedSpec,
    templates_dir: Path,
    progress: Callable[[str], None],
    jobs: int,
    strict: bool,
) -> tuple[Parsed, Api, dict[str, Any], FileSet]:
    """The IR, the test plan and the package's files (without the manifest) for ``spec``."""
    progress("building the IR")
    parsed = parse(spec, config, strict=strict)
    api = parsed.api
    progress(f"models ({len(api.models)} schemas)")
    models = generate_models(
        parsed.model_document,
        header=provenance(api, "hash"),
        bases=dict(api.model_bases),
        rules=parsed.rules,
        class_of_schema=parsed.class_of_schema,
        location=Location(spec.path),
        closed_objects=api.closed_objects,
    )
    api = with_value_types(api, models.root_types, models.enum_types)
    env = make_environment(templates_dir)
    progress(f"tests and client ({len(api.operations)} operations)")
    tests = test_context(api)
    files = render_package(
        api,
        env=env,
        models_source=models.source,
        spec_text=spec.text,
        # The package ships its spec under one of two names, whatever the source file was called.
        spec_filename=(
            "openapi.json" if config.spec_path.suffix.lower() == ".json" else "openapi.yaml"
        ),
        extra_context=tests,
        jobs=jobs,
    )
    if config.changelog_path is not None:
        files = files.with_files(
            {"CHANGELOG.md": escape_invisible(config.changelog_path.read_text(encoding="utf-8"))}
        )
    return parsed, api, tests, files


def build(
    project: ProjectConfig,
    name: str,
    *,
    strict: bool | None = None,
    progress: Callable[[str], None] = _quiet,
    jobs: int = 1,
) -> Built:
    """Build API ``name`` of ``project``; ``strict`` overrides the API's and project's setting."""
    config = load_api_config(project, name)
    if strict is None:
        strict = project.strict if config.strict is None else config.strict
    return build_api(
        config,
        templates_dir=project.require_templates(),
        strict=strict,
        progress=progress,
        jobs=jobs,
    )


@dataclass(frozen=True, slots=True)
class Outcome:
    """What writing and reporting need of a built package: picklable (no loaded spec), so a
    worker process can hand it back."""

    api: Api
    files: FileSet
    spec_path: Path
    test_count: int
    warnings: tuple[tuple[Location | None, str], ...]
    seconds: float


def _outcome(
    project: ProjectConfig,
    name: str,
    strict: bool | None,
    jobs: int,
    progress: Callable[[str], None] = _quiet,
) -> Outcome:
    started = time.monotonic()
    built = build(project, name, strict=strict, jobs=jobs, progress=progress)
    return Outcome(
        api=built.api,
        files=built.files,
        spec_path=built.spec.path,
        test_count=built.test_count,
        warnings=built.warnings,
        seconds=time.monotonic() - started,
    )


def build_all(
    project: ProjectConfig,
    names: Sequence[str],
    *,
    strict: bool | None = None,
    jobs: int = 1,
    done: Callable[[Outcome], None] = lambda outcome: None,
    progress: Callable[[str], Callable[[str], None]] = lambda name: _quiet,
) -> list[Outcome]:
    """Build every API in ``names`` in memory, in ``jobs`` worker processes when there are
    several; ``done`` hears each as it completes. Results come back in ``names`` order and
    are byte-identical whatever ``jobs`` is. The first error stops the rest and is raised.
    ``progress(name)`` gives the stage sink of an API built in this process (not in a worker)."""
    if jobs <= 1 or len(names) <= 1:
        # One API alone may still use the workers for black on its large files.
        results = []
        for name in names:
            results.append(_outcome(project, name, strict, jobs, progress(name)))
            done(results[-1])
        return results
    finished: dict[str, Outcome] = {}
    with ProcessPoolExecutor(max_workers=min(jobs, len(names))) as pool:
        futures = {pool.submit(_outcome, project, name, strict, 1): name for name in names}
        try:
            for future in as_completed(futures):
                finished[futures[future]] = future.result()
                done(finished[futures[future]])
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    return [finished[name] for name in names]
