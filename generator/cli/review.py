"""Commands that compare and copy: ``check`` (drift), ``diff`` (what a spec change means for
the package's users) and ``vendor``."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..config import ApiConfig, ProjectConfig, load_api_config
from ..errors import ConfigError

if TYPE_CHECKING:
    from ..surfaces import Comparison
from .app import (
    api_names,
    cli,
    display,
    jobs_option,
    project_of,
    project_option,
    rel_path,
    spec_option,
    writing,
)

__all__ = ["check", "diff", "vendor"]


@cli.command()
@project_option
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
    from ..output.drift import Drift, compare, ensure_pinned_tools
    from ..output.uptodate import is_up_to_date
    from ..pipeline import build_all
    from ..vendor import check_vendored

    ensure_pinned_tools()
    project = project_of(ctx)
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
        names = api_names(project, apis)
        stale = [
            name
            for name in names
            if full
            or not is_up_to_date(
                load_api_config(project, name),
                project.output_dir / name,
                templates_dir=project.templates_dir,
            )
        ]
        # Regenerated side by side, as `generate` does (same bytes whatever the job count).
        built = dict(zip(stale, build_all(project, stale, jobs=os.cpu_count() or 1)))
        for name in names:
            target = project.output_dir / name
            drift = (
                compare(built[name].files, target, max_diff_lines=max_diff_lines)
                if name in built
                else Drift(target, (), (), (), "")
            )
            results.append((f"generated/{name}", drift))
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
        from ..output.index import INDEX_NAME, project_index

        index = project.output_dir / INDEX_NAME
        try:
            current = index.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            current = ""
        if current != project_index(project):
            dirty += 1
            click.echo(f"{display(index)}: the package index differs from the packages' manifests")
    if not vendored:
        from ..output.writer import leftovers

        for path in leftovers(project.output_dir):
            dirty += 1
            click.echo(
                f"{display(path)}: left by an interrupted `specgen generate`; the next "
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
        f"`specgen diff {name} --base-spec {rel_path(project, shipped)}` says what that "
        "means for the package's users (breaking, minor or patch)"
    )


@cli.command()
@project_option
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
@spec_option("Diff this spec file (with --name) instead of specs/<api>/.")
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
@click.option(
    "--allow-breaking",
    is_flag=True,
    envvar="SPECGEN_ALLOW_BREAKING",
    help="Exit 0 even when a change is breaking (also SPECGEN_ALLOW_BREAKING=1: the change is "
    "intended).",
)
@click.option(
    "--changelog",
    "write_changelog",
    is_flag=True,
    help="Also add the report as the newest section of specs/<api>/CHANGELOG.md, which every "
    "build copies into the package as its CHANGELOG.md.",
)
@jobs_option("APIs are compared side by side. The report is the same either way")
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
    jobs: int | None,
) -> None:
    """Report what a spec change does to each package's public Python API.

    Each change (a removed field, a new required parameter, a tightened maxLength, a new
    server, ...) is classified breaking, minor or patch, located in the spec (file:line and
    JSON pointer) and named as users import it (harmony_client.models.Customer.initials), with
    the suggested version bump. Exit 0 when nothing is breaking (or --allow-breaking), 1 when
    something is, 2 on bad input.
    """
    from ..diff import ApiReport, compare, render
    from ..surfaces import surface_pairs

    comparisons = _comparisons(
        ctx,
        _diff_targets(ctx, apis, base_rev, base_spec, spec_file, one_off_name, vendored),
        base_rev=base_rev,
        package=package,
        in_project=spec_file is None and vendored is None,
    )
    reports = []
    pairs = surface_pairs(comparisons, jobs=jobs or os.cpu_count() or 1)
    for comparison, (base, current) in zip(comparisons, pairs, strict=True):
        config = comparison.config
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
        from ..surfaces import write_changelogs

        if spec_file is not None or vendored is not None:
            raise click.UsageError("--changelog writes specs/<api>/CHANGELOG.md: name project APIs")
        for path in write_changelogs(project_of(ctx), reports):
            click.echo(f"{display(path)}: a new section", err=True)
    if not allow_breaking and any(report.breaking for report in reports):
        sys.exit(1)


def _comparisons(
    ctx: click.Context,
    targets: list[tuple[ApiConfig, Path, Path | None]],
    *,
    base_rev: str | None,
    package: str | None,
    in_project: bool,
) -> list[Comparison]:
    """What ``specgen diff`` compares for each target, under ``package`` if given; a
    project's API may prove its models' names by its package in generated/."""
    from dataclasses import replace

    from ..naming import is_safe_package_name
    from ..surfaces import Comparison, Generated

    if package is not None and not is_safe_package_name(package):
        raise ConfigError(f"--package {package!r} must be a lower-case identifier")
    project = project_of(ctx) if in_project else None
    comparisons = []
    for config, root, base_file in targets:
        if package is not None:
            config = replace(config, package=package, distribution=package.replace("_", "-"))
        generated = (
            None
            if project is None
            else Generated(project.output_dir / config.name, project.templates_dir)
        )
        comparisons.append(Comparison(config, root, base_rev, base_file, generated))
    return comparisons


def _diff_targets(
    ctx: click.Context,
    apis: tuple[str, ...],
    base_rev: str | None,
    base_spec: Path | None,
    spec_file: Path | None,
    one_off_name: str | None,
    vendored: Path | None,
) -> list[tuple[ApiConfig, Path, Path | None]]:
    """``(config, root, base spec)`` of each API ``specgen diff`` compares."""
    from ..config import one_off_config
    from ..surfaces import vendored_config

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
        project = project_of(ctx)
        config, recorded = vendored_config(project, vendored)
        base_spec = base_spec or (None if base_rev else recorded)
        targets.append((config, project.root, base_spec))
    else:
        project = project_of(ctx)
        names = api_names(project, apis)
        if base_spec is not None and len(names) != 1:
            raise click.UsageError("--base-spec compares one API: name it")
        targets = [(load_api_config(project, name), project.root, base_spec) for name in names]
    return targets


@cli.command()
@project_option
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
    from ..vendor import vendor as do_vendor

    project = project_of(ctx)
    with writing(dest):
        built = do_vendor(project, api, dest, package=package)
    click.echo(
        f"{api}: {len(built.files)} files vendored into {dest} as package {built.api.package}"
    )
