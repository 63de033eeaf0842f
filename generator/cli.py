"""The ``specgen`` command line.

Exit codes: 0 success; 1 drift found by ``check``; 2 bad input (spec, settings, arguments);
3 an internal error (a specgen bug). No traceback reaches a user.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from .config import (
    ApiConfig,
    ProjectConfig,
    available_apis,
    find_project,
    load_api_config,
    load_project_config,
)
from .errors import ConfigError, Location, SpecgenError

__all__ = ["main"]

F = TypeVar("F", bound=Callable[..., Any])


def _remember_project(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
    if value is not None:
        ctx.ensure_object(dict)
        root = ctx.find_root()
        root.ensure_object(dict)
        root.obj["project"] = value.resolve()


def _project_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--project`` after the subcommand too (``specgen check --project DIR``)."""
    return click.option(
        "--project",
        type=click.Path(file_okay=False, path_type=Path),
        expose_value=False,
        callback=_remember_project,
        help="Project root (as before the subcommand).",
    )(command)


def _spec_option(help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--spec FILE``: a spec anywhere instead of ``specs/<api>/``."""
    return click.option(
        "--spec",
        "spec_file",
        type=click.Path(dir_okay=False, exists=True, path_type=Path),
        help=help_text,
    )


def _project(ctx: click.Context) -> ProjectConfig:
    root: Path | None = ctx.obj.get("project") if ctx.obj else None
    return load_project_config(root or find_project(Path.cwd()))


def _names(project: ProjectConfig, apis: tuple[str, ...]) -> list[str]:
    names = list(apis) or available_apis(project, require_specs=True)
    for name in names:
        load_api_config(project, name)  # unknown or unsafe names fail before any work
    return names


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--project",
    type=click.Path(file_okay=False, path_type=Path),
    help="Project root (default: nearest directory with [tool.specgen] in pyproject.toml).",
)
@click.version_option(package_name="specgen", prog_name="specgen")
@click.pass_context
def cli(ctx: click.Context, project: Path | None) -> None:
    """Generate typed, tested Python clients from hand-written OpenAPI specs.

    Specs live in specs/<api>/openapi.yaml; packages are written to generated/<api>/.
    """
    ctx.ensure_object(dict)
    ctx.obj["project"] = project.resolve() if project else None


@cli.command("list")
@_project_option
@click.pass_context
def list_command(ctx: click.Context) -> None:
    """List the APIs that have a spec."""
    project = _project(ctx)
    for name in available_apis(project):
        click.echo(name)


@cli.command()
@_project_option
@click.argument("apis", nargs=-1)
@_spec_option("Lint this spec file instead of specs/<api>/.")
@click.pass_context
def lint(ctx: click.Context, apis: tuple[str, ...], spec_file: Path | None) -> None:
    """Report every problem `generate` would meet, without writing anything.

    Runs the whole pipeline in memory (OpenAPI validity, specgen's authoring rules, safety
    refusals, names, examples against their schemas, models), so `lint` ok means `generate`
    ok. Problems are reported as FILE:LINE:COLUMN (at /json/pointer): message. Exit 2 if any.
    """
    from .config import one_off_config
    from .pipeline import build_api

    project = _project_or_none(ctx) if spec_file is not None else _project(ctx)
    targets: list[ApiConfig]
    if spec_file is not None:
        if apis:
            raise click.UsageError("give either API names or --spec, not both")
        targets = [one_off_config(spec_file, _api_name_for(spec_file))]
    else:
        assert project is not None
        targets = [load_api_config(project, name) for name in _names(project, apis)]
    templates = project.require_templates() if project else default_templates_dir()
    failures = 0
    for config in targets:
        try:
            # Not strict: every finding is collected and reported, none stops the others.
            problems = build_api(config, templates_dir=templates, strict=False).warnings
        except SpecgenError as exc:
            if exc.exit_code != 2:
                raise
            click.echo(str(exc), err=True)
            failures += 1
            continue
        for location, message in problems:
            click.echo(f"{location}: {message}" if location else message, err=True)
        failures += bool(problems)
        if not problems:
            click.echo(f"{config.name}: ok ({_display(config.spec_path)})")
    if failures:
        sys.exit(2)


def _api_name_for(spec_file: Path) -> str:
    """An API name for a spec outside the project (``Acme API.v2.yaml`` -> ``acme_api_v2``)."""
    name = re.sub(r"[^a-z0-9]+", "_", spec_file.stem.lower()).strip("_")
    return name if name and not name[0].isdigit() else f"api_{name}"


@cli.command()
@_project_option
@click.argument("apis", nargs=-1)
@_spec_option("Generate from this OpenAPI file (anywhere) instead of specs/<api>/; needs --name.")
@click.option("--name", "name", help="With --spec: the API name (a lower-case identifier).")
@click.option(
    "--package", "package", help="With --spec: the import package (default: NAME_client)."
)
@click.option(
    "--output",
    "output",
    type=click.Path(file_okay=False, path_type=Path),
    help="With --spec: the package folder to write (default: generated/NAME in a project, else ./NAME).",
)
@click.option(
    "--strict/--no-strict",
    "strict",
    default=None,
    help="Refuse the spec on any OpenAPI validity or authoring-rule finding "
    "(default: on for the project's specs/, off for --spec).",
)
@click.option(
    "--jobs",
    "-j",
    "jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: one per CPU): APIs are built side by side, or a single "
    "large package is formatted in parallel. The output is byte-identical either way.",
)
@click.pass_context
def generate(
    ctx: click.Context,
    apis: tuple[str, ...],
    spec_file: Path | None,
    name: str | None,
    package: str | None,
    output: Path | None,
    strict: bool | None,
    jobs: int | None,
) -> None:
    """Regenerate generated/<api>/ for the named APIs (default: all), or one package from --spec.

    Every package is built in memory first; if any spec is bad, nothing is written. Warnings
    (OpenAPI validity, authoring rules) are printed and do not stop generation unless --strict.
    """
    from .output.index import write_index
    from .output.writer import write_fileset
    from .pipeline import Outcome, build_all, build_api

    if spec_file is not None:
        from .config import one_off_config
        from .output.manifest import MANIFEST_NAME

        if apis:
            raise click.UsageError("give either API names or --spec, not both")
        if not name:
            raise click.UsageError("--spec needs --name (the API name, e.g. --name acme)")
        project = _project_or_none(ctx)
        config = one_off_config(spec_file, name, package=package)
        templates = project.require_templates() if project else default_templates_dir()
        item = build_api(
            config,
            templates_dir=templates,
            strict=bool(strict),
            progress=_progress(name),
            jobs=jobs or os.cpu_count() or 1,
        )
        _progress_done()
        _warn(item.warnings, config.spec_path)
        if output is None:
            output = (project.output_dir if project else Path.cwd()) / name
        target = output.resolve()
        if target.is_dir() and any(target.iterdir()) and not (target / MANIFEST_NAME).is_file():
            # The write replaces the whole folder: never someone's own files.
            raise ConfigError(
                f"{_display(target)} exists and is not a specgen package (no {MANIFEST_NAME}); "
                "choose an empty or new --output folder"
            )
        changed = write_fileset(item.files, target, output_root=target.parent)
        click.echo(
            f"{name}: {len(item.files)} files {'written' if changed else 'unchanged'} in {_display(target)}, "
            f"{item.test_count} spec-derived tests"
        )
        return
    if name or package or output:
        raise click.UsageError("--name, --package and --output go with --spec")
    project = _project(ctx)
    names = _names(project, apis)
    finished: list[str] = []

    def done(outcome: Outcome) -> None:
        # One line per API as it completes (stderr: stdout keeps the summary lines only).
        _progress_done()
        finished.append(outcome.api.name)
        click.echo(
            f"[{len(finished)}/{len(names)}] {outcome.api.name}: built in "
            f"{outcome.seconds:.1f} s",
            err=True,
        )

    built = build_all(
        project,
        names,
        strict=strict,
        jobs=jobs or os.cpu_count() or 1,
        done=done,
        # Stage lines on a terminal where an API is built in the foreground (alone, or -j 1).
        progress=_progress,
    )
    for result in built:
        _warn(result.warnings, result.spec_path)
        changed = write_fileset(
            result.files, project.output_dir / result.api.name, output_root=project.output_dir
        )
        state = "written" if changed else "unchanged"
        click.echo(
            f"{result.api.name}: {len(result.files)} files {state} in "
            f"{_rel(project, result.api.name)}, {result.test_count} spec-derived tests"
        )
    write_index(project)


@cli.command()
@_project_option
@click.argument("name")
@click.argument("source", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "--package", "package", help="Import package of the generated client (default: NAME_client)."
)
@click.pass_context
def add(ctx: click.Context, name: str, source: Path, package: str | None) -> None:
    """Add a vendor's published OpenAPI file as API NAME, then generate its package.

    The file is copied unchanged to specs/NAME/ with a specgen.toml that sets `strict = false`:
    a published spec was not written to specgen's authoring rules, so they are warnings for it.
    """
    from .config import SPEC_FILENAMES, one_off_config
    from .output.index import write_index
    from .output.writer import write_fileset
    from .pipeline import build
    from .spec.loader import load_spec

    project = _project(ctx)
    one_off_config(source, name, package=package)  # the same name checks as --spec
    folder = project.specs_dir / name
    if folder.exists():
        raise ConfigError(
            f"{_display(folder)} already exists: edit its spec, or choose another name"
        )
    load_spec(source, validate=False)  # refuse what cannot be read before copying anything
    suffix = ".json" if source.suffix.lower() == ".json" else ".yaml"
    target = folder / next(f for f in SPEC_FILENAMES if f.endswith(suffix))
    folder.mkdir(parents=True)
    target.write_bytes(source.read_bytes())
    settings = [
        f"# Added by `specgen add` from {source.name}: the vendor's published spec, kept as published.",
        "# Authoring rules are warnings for it; set strict = true once it meets them.",
        "strict = false",
    ]
    if package:
        settings.append(f'package = "{package}"')
    (folder / "specgen.toml").write_text("\n".join(settings) + "\n", encoding="utf-8")
    try:
        item = build(project, name)
    except BaseException:
        shutil.rmtree(folder)  # all or nothing: a spec that cannot generate is not added
        raise
    click.echo(f"{name}: spec copied to {_display(target)}")
    _warn(item.warnings, target)
    write_fileset(item.files, project.output_dir / name, output_root=project.output_dir)
    click.echo(
        f"{name}: {len(item.files)} files written in {_rel(project, name)}, "
        f"{item.test_count} spec-derived tests"
    )
    write_index(project)


_MAX_WARNINGS = 20


def _progress(name: str) -> Callable[[str], None]:
    """Stage lines for a person at a terminal (``name: models (812 schemas)``); silent otherwise."""
    if not sys.stderr.isatty():
        return lambda stage: None

    def report(stage: str) -> None:
        click.echo(f"\r\x1b[K{name}: {stage}...", err=True, nl=False)

    return report


def _progress_done() -> None:
    if sys.stderr.isatty():
        click.echo("\r\x1b[K", err=True, nl=False)


def _warn(findings: tuple[tuple[Location | None, str], ...], spec_path: Path) -> None:
    for location, message in findings[:_MAX_WARNINGS]:
        click.echo(
            f"warning: {location}: {message}" if location else f"warning: {message}", err=True
        )
    if len(findings) > _MAX_WARNINGS:
        click.echo(
            f"warning: ... and {len(findings) - _MAX_WARNINGS} more; "
            f"`specgen lint --spec {_display(spec_path)}` lists them all",
            err=True,
        )


def _project_or_none(ctx: click.Context) -> ProjectConfig | None:
    try:
        return _project(ctx)
    except ConfigError:
        return None


def default_templates_dir() -> Path:
    """The templates installed beside the generator (editable installs and source checkouts)."""
    return Path(__file__).resolve().parent.parent / "templates"


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@cli.command()
@_project_option
@click.argument("apis", nargs=-1)
@click.option(
    "--vendored",
    "vendored",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    multiple=True,
    help="Verify a vendored copy (made by `specgen vendor`) instead; repeatable.",
)
@click.option(
    "--max-diff-lines",
    default=200,
    show_default=True,
    help="Cut the printed diff after this many lines.",
)
@click.option(
    "--full",
    is_flag=True,
    help="Always regenerate, even when the manifest's hashes prove nothing could have changed.",
)
@click.pass_context
def check(
    ctx: click.Context,
    apis: tuple[str, ...],
    vendored: tuple[Path, ...],
    max_diff_lines: int,
    full: bool,
) -> None:
    """Fail (exit 1) when generated/ differs from what the specs produce.

    When every input hash recorded in a package's manifest (spec, settings, templates, runtime,
    generator source, tool versions) still matches and every file has its recorded hash, the
    package is up to date without regenerating. Otherwise (or with --full) it regenerates in
    memory, exactly as `generate` would, and reports changed, missing and extra files (hand
    edits included) with a unified diff. Exit 0 when clean, 1 on drift, 2 on an error. Refuses
    to judge when a pinned output tool (datamodel-code-generator, black, ruff) differs.
    """
    from .output.drift import Drift, compare, ensure_pinned_tools
    from .output.uptodate import is_up_to_date
    from .pipeline import build
    from .vendor import check_vendored

    ensure_pinned_tools()
    project = _project(ctx)
    dirty = 0
    results = []
    if vendored:
        if apis:
            raise click.UsageError("give either API names or --vendored, not both")
        results = [
            (str(path), check_vendored(project, path, max_diff_lines=max_diff_lines))
            for path in vendored
        ]
    else:
        for name in _names(project, apis):
            target = project.output_dir / name
            config = load_api_config(project, name)
            if not full and is_up_to_date(config, target, templates_dir=project.templates_dir):
                results.append((f"generated/{name}", Drift(target, (), (), (), "")))
                continue
            item = build(project, name)
            results.append(
                (
                    f"generated/{name}",
                    compare(item.files, project.output_dir / name, max_diff_lines=max_diff_lines),
                )
            )
    for label, drift in results:
        if drift.clean:
            click.echo(f"{label}: up to date")
            continue
        dirty += 1
        click.echo(f"{label}: differs from what its spec produces (stale, or edited by hand):")
        click.echo(drift.summary())
        if drift.diff:
            click.echo(drift.diff, nl=False)
        if not vendored:
            hint = _diff_hint(project, label.split("/", 1)[1])
            if hint:
                click.echo(hint)
    if not vendored and not apis:
        from .output.index import INDEX_NAME, project_index

        index = project.output_dir / INDEX_NAME
        try:
            current = index.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            current = ""
        if current != project_index(project):
            dirty += 1
            click.echo(f"{_display(index)}: the package index differs from the packages' manifests")
    if not vendored:
        from .output.writer import leftovers

        for path in leftovers(project.output_dir):
            dirty += 1
            click.echo(
                f"{_display(path)}: left by an interrupted `specgen generate`; the next "
                "`generate` removes it (or restores the package it belongs to)"
            )
    if dirty:
        click.echo(
            f"{dirty} package(s) or leftover(s) differ from what the specs produce: "
            "run `specgen generate` and commit.",
            err=True,
        )
        sys.exit(1)


def _diff_hint(project: ProjectConfig, name: str) -> str:
    """A pointer to `specgen diff` when API ``name``'s spec differs from the copy its package
    ships (the spec it was generated from); ``""`` otherwise (drift from templates, hand edits)."""
    config = load_api_config(project, name)
    shipped = (
        project.output_dir
        / name
        / ("openapi.json" if config.spec_path.suffix.lower() == ".json" else "openapi.yaml")
    )
    try:
        if shipped.read_bytes() == config.spec_path.read_bytes():
            return ""
    except OSError:
        return ""
    return (
        f"{name}: its spec changed since the package was generated; "
        f"`specgen diff {name} --base-spec {_rel_path(project, shipped)}` says what that "
        "means for the package's users (breaking, minor or patch)"
    )


def _rel_path(project: ProjectConfig, path: Path) -> str:
    try:
        return str(path.relative_to(project.root))
    except ValueError:
        return str(path)


@cli.command()
@_project_option
@click.argument("apis", nargs=-1)
@click.option(
    "--base",
    "base_rev",
    metavar="GIT_REV",
    help="Compare with the spec at this git revision (default: HEAD).",
)
@click.option(
    "--base-spec",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Compare with this spec file instead of a git revision (one API).",
)
@_spec_option("Diff this spec file (with --name) instead of specs/<api>/.")
@click.option("--name", "one_off_name", help="API name for --spec (default: the file's folder).")
@click.option(
    "--vendored",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="What re-vendoring DIR would change: its recorded spec against the project's, "
    "under the copy's import name.",
)
@click.option(
    "--package", "package", help="Name changes under this import package (a renamed copy)."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
)
@click.option("--allow-breaking", is_flag=True, help="Exit 0 even when a change is breaking.")
@click.option(
    "--changelog",
    "write_changelog",
    is_flag=True,
    help="Also add the report as the newest section of specs/<api>/CHANGELOG.md, which every "
    "build copies into the package as its CHANGELOG.md.",
)
@click.pass_context
def diff(
    ctx: click.Context,
    apis: tuple[str, ...],
    base_rev: str | None,
    base_spec: Path | None,
    spec_file: Path | None,
    one_off_name: str | None,
    vendored: Path | None,
    package: str | None,
    fmt: str,
    allow_breaking: bool,
    write_changelog: bool,
) -> None:
    """Report what a spec change does to each package's public Python API.

    Each change (a removed field, a new required parameter, a tightened maxLength, a new
    server, ...) is classified breaking, minor or patch, located in the spec (file:line and
    JSON pointer) and named as users import it (harmony_client.models.Customer.initials), with
    the suggested version bump. Exit 0 when nothing is breaking (or --allow-breaking), 1 when
    something is, 2 on bad input.
    """
    from dataclasses import replace

    from .config import one_off_config
    from .diff import ApiReport, compare, render
    from .naming import is_safe_package_name
    from .surfaces import surface_pair, vendored_config

    if base_rev is not None and base_spec is not None:
        raise click.UsageError("give --base or --base-spec, not both")
    targets = []
    if spec_file is not None or vendored is not None:
        if apis or (spec_file is not None and vendored is not None):
            raise click.UsageError("--spec and --vendored take no API names, and not each other")
    if spec_file is not None:
        name = one_off_name or spec_file.resolve().parent.name
        targets.append((one_off_config(spec_file, name), spec_file.resolve().parent, base_spec))
    elif vendored is not None:
        project = _project(ctx)
        config, recorded = vendored_config(project, vendored)
        base_spec = base_spec or (None if base_rev else recorded)
        targets.append((config, project.root, base_spec))
    else:
        project = _project(ctx)
        names = _names(project, apis)
        if base_spec is not None and len(names) != 1:
            raise click.UsageError("--base-spec compares one API: name it")
        targets = [(load_api_config(project, name), project.root, base_spec) for name in names]
    if package is not None and not is_safe_package_name(package):
        raise ConfigError(f"--package {package!r} must be a lower-case identifier")
    reports = []
    for config, root, base_file in targets:
        if package is not None:
            config = replace(config, package=package, distribution=package.replace("_", "-"))
        base, current = surface_pair(config, root=root, base_rev=base_rev, base_spec=base_file)
        reports.append(
            ApiReport(
                api=config.name,
                package=config.package,
                base=base.label,
                current=current.label,
                base_version=base.surface.version,
                current_version=current.surface.version,
                changes=tuple(compare(base.surface, current.surface)),
            )
        )
    click.echo(render(reports, fmt), nl=False)
    if write_changelog:
        from .surfaces import write_changelogs

        if spec_file is not None or vendored is not None:
            raise click.UsageError("--changelog writes specs/<api>/CHANGELOG.md: name project APIs")
        for path in write_changelogs(_project(ctx), reports):
            click.echo(f"{_display(path)}: a new section", err=True)
    if not allow_breaking and any(report.breaking for report in reports):
        sys.exit(1)


@cli.command()
@_project_option
@click.argument("api")
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path))
@click.option("--package", "package", help="Import name for the copy (default: the generated one).")
@click.pass_context
def vendor(ctx: click.Context, api: str, dest: Path, package: str | None) -> None:
    """Copy API's package (with its tests, spec and manifest) into DEST.

    With --package the import package is renamed; the copy is rebuilt from the spec under the
    new name, so nothing inside still refers to the old one. Verify it later with
    `specgen check --vendored DEST`.
    """
    from .vendor import vendor as do_vendor

    project = _project(ctx)
    built = do_vendor(project, api, dest, package=package)
    click.echo(
        f"{api}: {len(built.files)} files vendored into {dest} as package {built.api.package}"
    )


def _rel(project: ProjectConfig, name: str) -> str:
    return _rel_path(project, project.output_dir / name)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``specgen`` console script and ``python -m generator``."""
    try:
        cli.main(args=argv, prog_name="specgen", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except SpecgenError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("Interrupted; generated/ was left as it was.", err=True)
        sys.exit(130)
    except Exception as exc:  # a specgen bug: say so plainly, without a traceback
        click.echo(
            f"internal error: {type(exc).__name__}: {exc} (please report it with the spec)",
            err=True,
        )
        sys.exit(3)
