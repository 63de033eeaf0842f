"""Commands that build packages: ``list``, ``lint``, ``generate`` and ``add``."""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import click

from ..config import (
    ApiConfig,
    available_apis,
    load_api_config,
)
from ..errors import ConfigError, SpecgenError
from .app import (
    api_names,
    cli,
    default_templates_dir,
    display,
    jobs_option,
    progress,
    progress_done,
    project_of,
    project_option,
    project_or_none,
    rel_output,
    spec_option,
    warn,
    writing,
)

__all__ = ["add", "generate", "lint", "list_command"]


@cli.command("list")
@project_option
@click.pass_context
def list_command(ctx: click.Context) -> None:
    """List the APIs that have a spec."""
    project = project_of(ctx)
    for name in available_apis(project):
        click.echo(name)


@cli.command()
@project_option
@click.argument("apis", nargs=-1)
@spec_option("Lint this spec file instead of specs/<api>/.")
@click.pass_context
def lint(ctx: click.Context, apis: tuple[str, ...], spec_file: Path | None) -> None:
    """Report every problem `generate` would meet, without writing anything.

    Runs the whole pipeline in memory (OpenAPI validity, specgen's authoring rules, safety
    refusals, names, examples against their schemas, models), so `lint` ok means `generate`
    ok. Problems are reported as FILE:LINE:COLUMN (at /json/pointer): message. Exit 2 if any.
    """
    from ..config import one_off_config
    from ..pipeline import build_api

    project = project_or_none(ctx) if spec_file is not None else project_of(ctx)
    targets: list[ApiConfig]
    if spec_file is not None:
        if apis:
            raise click.UsageError("give either API names or --spec, not both")
        targets = [one_off_config(spec_file, _api_name_for(spec_file))]
    else:
        assert project is not None
        targets = [load_api_config(project, name) for name in api_names(project, apis)]
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
            click.echo(f"{config.name}: ok ({display(config.spec_path)})")
    if failures:
        sys.exit(2)


def _api_name_for(spec_file: Path) -> str:
    """An API name for a spec outside the project (``Acme API.v2.yaml`` -> ``acme_api_v2``)."""
    name = re.sub(r"[^a-z0-9]+", "_", spec_file.stem.lower()).strip("_")
    return name if name and not name[0].isdigit() else f"api_{name}"


@cli.command()
@project_option
@click.argument("apis", nargs=-1)
@spec_option("Generate from this OpenAPI file (anywhere) instead of specs/<api>/; needs --name.")
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
@jobs_option(
    "APIs are built side by side, or a single large package is formatted in parallel. The output is byte-identical either way"
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
    from ..output.index import write_index
    from ..output.writer import write_fileset
    from ..pipeline import Outcome, build_all

    if spec_file is not None:
        if apis:
            raise click.UsageError("give either API names or --spec, not both")
        _generate_one_off(ctx, spec_file, name, package, output, strict, jobs)
        return
    if name or package or output:
        raise click.UsageError("--name, --package and --output go with --spec")
    project = project_of(ctx)
    names = api_names(project, apis)
    finished: list[str] = []

    def done(outcome: Outcome) -> None:
        # One line per API as it completes (stderr: stdout keeps the summary lines only).
        progress_done()
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
        progress=progress,
    )
    for result in built:
        warn(result.warnings, result.spec_path)
        with writing(project.output_dir / result.api.name):
            changed = write_fileset(
                result.files, project.output_dir / result.api.name, output_root=project.output_dir
            )
        state = "written" if changed else "unchanged"
        click.echo(
            f"{result.api.name}: {len(result.files)} files {state} in "
            f"{rel_output(project, result.api.name)}, {result.test_count} spec-derived tests"
        )
    with writing(project.output_dir):
        write_index(project)


def _generate_one_off(
    ctx: click.Context,
    spec_file: Path,
    name: str | None,
    package: str | None,
    output: Path | None,
    strict: bool | None,
    jobs: int | None,
) -> None:
    """``generate --spec``: one package from a file anywhere, written to ``--output``."""
    from ..config import one_off_config
    from ..output.manifest import MANIFEST_NAME
    from ..output.writer import write_fileset
    from ..pipeline import build_api

    if not name:
        raise click.UsageError("--spec needs --name (the API name, e.g. --name acme)")
    project = project_or_none(ctx)
    config = one_off_config(spec_file, name, package=package)
    templates = project.require_templates() if project else default_templates_dir()
    item = build_api(
        config,
        templates_dir=templates,
        strict=bool(strict),
        progress=progress(name),
        jobs=jobs or os.cpu_count() or 1,
    )
    progress_done()
    warn(item.warnings, config.spec_path)
    if output is None:
        output = (project.output_dir if project else Path.cwd()) / name
    target = output.resolve()
    if target.is_dir() and any(target.iterdir()) and not (target / MANIFEST_NAME).is_file():
        # The write replaces the whole folder: never someone's own files.
        raise ConfigError(
            f"{display(target)} exists and is not a specgen package (no {MANIFEST_NAME}); "
            "choose an empty or new --output folder"
        )
    with writing(target):
        changed = write_fileset(item.files, target, output_root=target.parent)
    click.echo(
        f"{name}: {len(item.files)} files {'written' if changed else 'unchanged'} in {display(target)}, "
        f"{item.test_count} spec-derived tests"
    )


@cli.command()
@project_option
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
    from ..config import SPEC_FILENAMES, one_off_config
    from ..output.index import write_index
    from ..output.writer import write_fileset
    from ..pipeline import build
    from ..spec.loader import load_spec

    project = project_of(ctx)
    one_off_config(source, name, package=package)  # the same name checks as --spec
    folder = project.specs_dir / name
    if folder.exists():
        raise ConfigError(
            f"{display(folder)} already exists: edit its spec, or choose another name"
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
    click.echo(f"{name}: spec copied to {display(target)}")
    warn(item.warnings, target)
    with writing(project.output_dir / name):
        write_fileset(item.files, project.output_dir / name, output_root=project.output_dir)
    click.echo(
        f"{name}: {len(item.files)} files written in {rel_output(project, name)}, "
        f"{item.test_count} spec-derived tests"
    )
    with writing(project.output_dir):
        write_index(project)
