"""Copy a generated package into another repository, and verify such a copy later.

A vendored copy is not a file copy: it is the package *rebuilt* from the spec with the
requested import name. Generated code imports itself relatively, so only the package folder,
pyproject, README, tests and manifest mention the name, and a rebuild gets them all right.
The copy carries its spec and manifest, so ``check --vendored`` can rebuild it again anywhere.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from .config import ApiConfig, ProjectConfig, load_api_config
from .errors import ConfigError, Location
from .naming import is_safe_package_name
from .output.drift import Drift, compare
from .output.manifest import MANIFEST_NAME
from .output.writer import write_fileset
from .pipeline import Built, build_api

__all__ = ["check_vendored", "vendor"]


def vendor(project: ProjectConfig, name: str, dest: Path, *, package: str | None = None) -> Built:
    """Write API ``name`` into ``dest`` (created or replaced), renamed to ``package`` if given."""
    config = load_api_config(project, name)
    if package is not None:
        if not is_safe_package_name(package):
            raise ConfigError(f"--package {package!r} must be a lower-case identifier")
        config = replace(config, package=package, distribution=package.replace("_", "-"))
    built = build_api(config, templates_dir=project.require_templates())
    dest = dest.resolve()
    if dest.exists() and not (dest / MANIFEST_NAME).is_file() and any(dest.iterdir()):
        raise ConfigError(
            f"{dest} exists and is not a specgen package (no {MANIFEST_NAME}); refusing to replace it"
        )
    write_fileset(built.files, dest, output_root=dest.parent)
    return built


def check_vendored(project: ProjectConfig, directory: Path, *, max_diff_lines: int = 200) -> Drift:
    """Rebuild the vendored copy in ``directory`` from the spec and settings it records."""
    manifest_path = directory / MANIFEST_NAME
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        spec_name = Path(manifest["spec"]["path"]).name
        # A package generated with --spec records the spec by its bare file name.
        one_off = not str(manifest["spec"]["path"]).startswith("specs/")
        config = ApiConfig(
            name=str(manifest["api"]),
            spec_path=directory / spec_name,
            config_path=None,
            package=str(manifest["package"]),
            distribution=str(manifest["distribution"]),
            title=str(manifest["title"]),
            changelog_path=(
                directory / "CHANGELOG.md" if (directory / "CHANGELOG.md").is_file() else None
            ),
            one_off=one_off,
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError(
            f"not a vendored specgen package (cannot read {MANIFEST_NAME}: {exc})",
            Location(manifest_path),
        ) from None
    if not is_safe_package_name(config.package) or not is_safe_package_name(config.name):
        raise ConfigError("the manifest names an unsafe package or API", Location(manifest_path))
    built = build_api(config, templates_dir=project.require_templates())
    return compare(built.files, directory, max_diff_lines=max_diff_lines)
