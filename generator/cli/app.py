"""The ``specgen`` command group, the helpers its commands share, and the entry point.

Exit codes: 0 success; 1 drift found by ``check``; 2 bad input (spec, settings, arguments);
3 an internal error (a specgen bug); 4 the output could not be written (the operating system
refused: read-only folder, full disk). No traceback reaches a user.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from ..config import (
    ProjectConfig,
    available_apis,
    find_project,
    load_api_config,
    load_project_config,
)
from ..errors import ConfigError, Location, OutputError, SpecgenError

__all__ = [
    "api_names",
    "cli",
    "default_templates_dir",
    "display",
    "jobs_option",
    "main",
    "progress",
    "progress_done",
    "project_of",
    "project_option",
    "project_or_none",
    "rel_output",
    "rel_path",
    "spec_option",
    "warn",
    "writing",
]


F = TypeVar("F", bound=Callable[..., Any])


def _remember_project(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
    if value is not None:
        ctx.ensure_object(dict)
        root = ctx.find_root()
        root.ensure_object(dict)
        root.obj["project"] = value.resolve()


def jobs_option(what: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--jobs``/``-j`` (default: one per CPU); ``what`` says what runs side by side."""
    return click.option(
        "--jobs",
        "-j",
        "jobs",
        type=click.IntRange(min=1),
        default=None,
        help=f"Worker processes (default: one per CPU): {what}.",
    )


def project_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--project`` after the subcommand too (``specgen check --project DIR``)."""
    return click.option(
        "--project",
        type=click.Path(file_okay=False, path_type=Path),
        expose_value=False,
        callback=_remember_project,
        help="Project root (as before the subcommand).",
    )(command)


def spec_option(help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--spec FILE``: a spec anywhere instead of ``specs/<api>/``."""
    return click.option(
        "--spec",
        "spec_file",
        type=click.Path(dir_okay=False, exists=True, path_type=Path),
        help=help_text,
    )


def project_of(ctx: click.Context) -> ProjectConfig:
    root: Path | None = ctx.obj.get("project") if ctx.obj else None
    return load_project_config(root or find_project(Path.cwd()))


def api_names(project: ProjectConfig, apis: tuple[str, ...]) -> list[str]:
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


_MAX_WARNINGS = 20


def progress(name: str) -> Callable[[str], None]:
    """Stage lines for a person at a terminal (``name: models (812 schemas)``); silent otherwise."""
    if not sys.stderr.isatty():
        return lambda stage: None

    def report(stage: str) -> None:
        click.echo(f"\r\x1b[K{name}: {stage}...", err=True, nl=False)

    return report


def progress_done() -> None:
    if sys.stderr.isatty():
        click.echo("\r\x1b[K", err=True, nl=False)


def warn(findings: tuple[tuple[Location | None, str], ...], spec_path: Path) -> None:
    for location, message in findings[:_MAX_WARNINGS]:
        click.echo(
            f"warning: {location}: {message}" if location else f"warning: {message}", err=True
        )
    if len(findings) > _MAX_WARNINGS:
        click.echo(
            f"warning: ... and {len(findings) - _MAX_WARNINGS} more; "
            f"`specgen lint --spec {display(spec_path)}` lists them all",
            err=True,
        )


def project_or_none(ctx: click.Context) -> ProjectConfig | None:
    try:
        return project_of(ctx)
    except ConfigError:
        return None


def default_templates_dir() -> Path:
    """The templates installed beside the generator (editable installs and source checkouts)."""
    return Path(__file__).resolve().parents[2] / "templates"


def display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def rel_path(project: ProjectConfig, path: Path) -> str:
    try:
        return str(path.relative_to(project.root))
    except ValueError:
        return str(path)


def rel_output(project: ProjectConfig, name: str) -> str:
    return rel_path(project, project.output_dir / name)


@contextmanager
def writing(target: Path) -> Iterator[None]:
    """An operating-system error while writing ``target`` becomes an :class:`OutputError`
    (exit 4) naming the path and the reason: it is not a specgen bug (exit 3). The writer has
    already put the previous output back."""
    try:
        yield
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if exc.filename and Path(exc.filename) != target:
            reason += f" ({display(Path(exc.filename))})"
        raise OutputError(f"cannot write {display(target)}: {reason}") from exc


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
