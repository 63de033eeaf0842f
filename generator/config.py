"""Settings: per-API ``specs/<api>/specgen.toml`` and the project's ``[tool.specgen]``."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ConfigError, Location
from .naming import is_safe_package_name

__all__ = [
    "ApiConfig",
    "ProjectConfig",
    "find_project",
    "load_api_config",
    "load_project_config",
    "one_off_config",
    "package_dir",
    "regenerate_command",
    "spec_file",
]

SPEC_FILENAMES = ("openapi.yaml", "openapi.yml", "openapi.json")
CHANGELOG_FILENAME = "CHANGELOG.md"
"""Optional, beside the spec: copied into the package (``specgen diff --changelog`` writes it)."""


@dataclass(frozen=True, slots=True)
class ProjectConfig:
    """Where specs live and where packages go, relative to the project root."""

    root: Path
    specs_dir: Path
    output_dir: Path
    templates_dir: Path
    strict: bool = False
    """Authoring rules and OpenAPI validity are errors, not warnings (for hand-written specs)."""

    def require_templates(self) -> Path:
        """The templates folder, or a ConfigError naming the setting when it holds none.

        Without this check, generate would "succeed" with a package missing every rendered file.
        """
        if not (self.templates_dir / "package").is_dir():
            raise ConfigError(
                f"templates: {self.templates_dir / 'package'} is not a folder of specgen templates",
                Location(self.root / "pyproject.toml", 0, "tool.specgen.templates"),
            )
        return self.templates_dir


@dataclass(frozen=True, slots=True)
class ApiConfig:
    """One API: its folder name, spec file and the names of the package generated from it."""

    name: str
    spec_path: Path
    config_path: Path | None
    package: str
    distribution: str
    title: str
    strict: bool | None = None
    """Per-API override of the project's ``strict`` (``None``: the project decides)."""
    changelog_path: Path | None = None
    """The package's changelog source (``specs/<api>/CHANGELOG.md``), if there is one."""
    one_off: bool = False
    """Generated from a spec outside the project (``--spec FILE``): the package names its spec
    by the file's name and says how to regenerate it, not ``specs/<api>/`` and ``generated/``."""


def find_project(start: Path) -> Path:
    """The nearest directory at or above ``start`` holding a ``pyproject.toml`` with ``[tool.specgen]``."""
    for candidate in (start, *start.parents):
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and "[tool.specgen]" in pyproject.read_text(encoding="utf-8"):
            return candidate
    raise ConfigError(
        f"no pyproject.toml with a [tool.specgen] section at or above {start}; "
        "run specgen from a specgen project (or pass --project)",
        exit_code=2,
    )


def load_project_config(root: Path) -> ProjectConfig:
    pyproject = root / "pyproject.toml"
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read [tool.specgen]: {exc}", Location(pyproject)) from None
    section: dict[str, Any] = data.get("tool", {}).get("specgen", {})
    unknown = sorted(set(section) - {"specs", "output", "templates", "strict"})
    if unknown:
        raise ConfigError(
            f"unknown [tool.specgen] key(s): {', '.join(unknown)} "
            "(known: specs, output, templates, strict)",
            Location(pyproject, 0, f"tool.specgen.{unknown[0]}"),
        )
    templates_dir = root / str(section.get("templates", "templates"))
    strict = section.get("strict", False)
    if not isinstance(strict, bool):
        raise ConfigError(
            f"strict must be true or false, not {strict!r}",
            Location(pyproject, 0, "tool.specgen.strict"),
        )
    return ProjectConfig(
        root=root,
        specs_dir=root / str(section.get("specs", "specs")),
        output_dir=root / str(section.get("output", "generated")),
        templates_dir=templates_dir,
        strict=strict,
    )


def available_apis(project: ProjectConfig, *, require_specs: bool = False) -> list[str]:
    """API folder names under the specs directory that hold a spec, sorted.

    With ``require_specs``, a folder that holds no spec (a misspelt ``openapi.yml``, a spec not
    yet copied) is a ConfigError rather than an API silently left out of ``generate``.
    """
    if not project.specs_dir.is_dir():
        return []
    names = []
    for entry in sorted(project.specs_dir.iterdir()):
        if not entry.is_dir() or entry.name.startswith((".", "_")):
            continue
        if any((entry / name).is_file() for name in SPEC_FILENAMES):
            names.append(entry.name)
        elif require_specs:
            raise ConfigError(
                f"{entry} holds no spec: name it {', '.join(SPEC_FILENAMES[:-1])} or "
                f"{SPEC_FILENAMES[-1]}",
                Location(entry),
            )
    return names


def one_off_config(spec_path: Path, name: str, *, package: str | None = None) -> ApiConfig:
    """Settings for a spec outside ``specs/`` (``specgen generate --spec FILE --name NAME``)."""
    if not is_safe_package_name(name):
        raise ConfigError(f"--name {name!r} must be a lower-case identifier (letters, digits, _)")
    if not spec_path.is_file():
        raise ConfigError(f"no such spec file: {spec_path}")
    package = package or f"{name}_client"
    if not is_safe_package_name(package):
        raise ConfigError(f"--package {package!r} must be a lower-case identifier")
    return ApiConfig(
        name=name,
        spec_path=spec_path,
        config_path=None,
        package=package,
        distribution=package.replace("_", "-"),
        title=name.replace("_", " ").title(),
        one_off=True,
    )


def load_api_config(project: ProjectConfig, name: str) -> ApiConfig:
    """Settings of API ``name``; the folder name must be a safe package-like identifier."""
    if not is_safe_package_name(name):
        raise ConfigError(
            f"API name {name!r} must be a lower-case identifier (letters, digits, _): "
            "it names a folder under generated/ and must not point outside it"
        )
    folder = project.specs_dir / name
    spec_path = next((folder / f for f in SPEC_FILENAMES if (folder / f).is_file()), None)
    if spec_path is None:
        known = ", ".join(available_apis(project)) or "none"
        raise ConfigError(f"no spec for API {name!r} in {folder} (known APIs: {known})")
    config_path = folder / "specgen.toml"
    settings: dict[str, Any] = {}
    if config_path.is_file():
        try:
            settings = tomllib.loads(config_path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"not valid TOML: {exc}", Location(config_path)) from None
    unknown = sorted(set(settings) - {"package", "distribution", "title", "strict"})
    if unknown:
        raise ConfigError(
            f"unknown setting(s): {', '.join(unknown)} (known: package, distribution, title, "
            "strict)",
            Location(config_path, 0, unknown[0]),
        )
    package = str(settings.get("package", f"{name}_client"))
    if not is_safe_package_name(package):
        raise ConfigError(
            f"package {package!r} must be a lower-case identifier",
            Location(config_path, 0, "package"),
        )
    distribution = str(settings.get("distribution", package.replace("_", "-")))
    if not all(c.isalnum() or c in "-_." for c in distribution):
        raise ConfigError(
            f"distribution {distribution!r} is not a valid name", Location(config_path)
        )
    return ApiConfig(
        name=name,
        spec_path=spec_path,
        config_path=config_path if config_path.is_file() else None,
        package=package,
        distribution=distribution,
        title=str(settings.get("title", name.replace("_", " ").title())),
        strict=_strict_setting(settings, config_path),
        changelog_path=(
            folder / CHANGELOG_FILENAME if (folder / CHANGELOG_FILENAME).is_file() else None
        ),
    )


def _strict_setting(settings: dict[str, Any], config_path: Path) -> bool | None:
    value = settings.get("strict")
    if value is None or isinstance(value, bool):
        return value
    raise ConfigError(
        f"strict must be true or false, not {value!r}", Location(config_path, 0, "strict")
    )


def spec_file(config: ApiConfig) -> str:
    """Where the package says its spec came from: ``specs/<api>/<file>`` in a project, the
    file's name for a spec given with ``--spec`` (a path would differ between machines)."""
    if config.one_off:
        return config.spec_path.name
    return f"specs/{config.name}/{config.spec_path.name}"


def regenerate_command(config: ApiConfig) -> str:
    """The command that regenerates the package, as its README and file headers show it."""
    if not config.one_off:
        return f"specgen generate {config.name}"
    package = "" if config.package == f"{config.name}_client" else f" --package {config.package}"
    return (
        f"specgen generate --spec {config.spec_path.name} --name {config.name}{package} "
        "--output <this folder>"
    )


def package_dir(config: ApiConfig) -> str:
    """The package's folder as its README's commands name it: ``generated/<api>`` in a
    project, ``.`` (the folder itself) for a package generated with ``--spec``."""
    return "." if config.one_off else f"generated/{config.name}"
