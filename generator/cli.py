"""The ``specgen`` command line.

Exit codes: 0 success; 1 drift found by ``check``; 2 bad input (spec, settings, arguments);
3 an internal error (a specgen bug). No traceback reaches a user.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from .config import ProjectConfig, available_apis, find_project, load_api_config, load_project_config
from .errors import SpecgenError

__all__ = ["main"]

F = TypeVar("F", bound=Callable[..., Any])


def _project(ctx: click.Context) -> ProjectConfig:
    root: Path | None = ctx.obj.get("project") if ctx.obj else None
    return load_project_config(root or find_project(Path.cwd()))


def _names(project: ProjectConfig, apis: tuple[str, ...]) -> list[str]:
    names = list(apis) or available_apis(project)
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
@click.pass_context
def list_command(ctx: click.Context) -> None:
    """List the APIs that have a spec."""
    project = _project(ctx)
    for name in available_apis(project):
        click.echo(name)


@cli.command()
@click.argument("apis", nargs=-1)
@click.pass_context
def lint(ctx: click.Context, apis: tuple[str, ...]) -> None:
    """Validate specs (OpenAPI validator + specgen's rules) without generating.

    Problems are reported as FILE:LINE (at /json/pointer): message. Exit 2 if any.
    """
    from .lint import lint as lint_spec
    from .loader import load_spec

    project = _project(ctx)
    failures = 0
    for name in _names(project, apis):
        config = load_api_config(project, name)
        try:
            spec = load_spec(config.spec_path)
        except SpecgenError as exc:
            click.echo(str(exc), err=True)
            failures += 1
            continue
        problems = lint_spec(spec)
        for location, message in problems:
            click.echo(f"{location}: {message}", err=True)
        failures += bool(problems)
        if not problems:
            click.echo(f"{name}: ok ({config.spec_path.relative_to(project.root)})")
    if failures:
        sys.exit(2)


@cli.command()
@click.argument("apis", nargs=-1)
@click.pass_context
def generate(ctx: click.Context, apis: tuple[str, ...]) -> None:
    """Regenerate generated/<api>/ for the named APIs (default: all).

    Every package is built in memory first; if any spec is bad, nothing is written.
    """
    from .pipeline import build
    from .writer import write_fileset

    project = _project(ctx)
    built = [build(project, name) for name in _names(project, apis)]
    for item in built:
        changed = write_fileset(item.files, project.output_dir / item.api.name, output_root=project.output_dir)
        state = "written" if changed else "unchanged"
        click.echo(
            f"{item.api.name}: {len(item.files)} files {state} in {_rel(project, item.api.name)}, "
            f"{item.test_count} spec-derived tests"
        )


@cli.command()
@click.argument("apis", nargs=-1)
@click.option(
    "--vendored",
    "vendored",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    multiple=True,
    help="Verify a vendored copy (made by `specgen vendor`) instead; repeatable.",
)
@click.option("--max-diff-lines", default=200, show_default=True, help="Cut the printed diff after this many lines.")
@click.pass_context
def check(ctx: click.Context, apis: tuple[str, ...], vendored: tuple[Path, ...], max_diff_lines: int) -> None:
    """Fail (exit 1) when generated/ differs from what the specs produce.

    Regenerates in memory, exactly as `generate` would, and reports changed, missing and extra
    files (hand edits included) with a unified diff. Exit 0 when clean, 1 on drift, 2 on an
    error. Refuses to judge when the installed datamodel-code-generator or black is not the
    pinned version.
    """
    from .drift import compare, ensure_pinned_tools
    from .pipeline import build
    from .vendor import check_vendored

    ensure_pinned_tools()
    project = _project(ctx)
    dirty = 0
    results = []
    if vendored:
        if apis:
            raise click.UsageError("give either API names or --vendored, not both")
        results = [(str(path), check_vendored(project, path, max_diff_lines=max_diff_lines)) for path in vendored]
    else:
        for name in _names(project, apis):
            item = build(project, name)
            results.append((f"generated/{name}", compare(item.files, project.output_dir / name, max_diff_lines=max_diff_lines)))
    for label, drift in results:
        if drift.clean:
            click.echo(f"{label}: up to date")
            continue
        dirty += 1
        click.echo(f"{label}: differs from what its spec produces (stale, or edited by hand):")
        click.echo(drift.summary())
        if drift.diff:
            click.echo(drift.diff, nl=False)
    if dirty:
        click.echo(f"{dirty} package(s) differ from their specs: run `specgen generate` and commit.", err=True)
        sys.exit(1)


@cli.command()
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
    click.echo(f"{api}: {len(built.files)} files vendored into {dest} as package {built.api.package}")


def _rel(project: ProjectConfig, name: str) -> str:
    target = project.output_dir / name
    try:
        return str(target.relative_to(project.root))
    except ValueError:
        return str(target)


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
        click.echo(f"internal error: {type(exc).__name__}: {exc} (please report it with the spec)", err=True)
        sys.exit(3)
