"""The one place where the stages meet: load → parse → models → render → manifest.

``build`` returns the complete package as a :class:`FileSet` and writes nothing; ``generate``
and ``check`` both start here, so they cannot disagree.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .config import ApiConfig, ProjectConfig, load_api_config
from .errors import Location
from .fileset import FileSet
from .ir import Api
from .loader import LoadedSpec, load_spec
from .manifest import MANIFEST_NAME, build_manifest
from .models import generate_models
from .parse import parse
from .render import make_environment, provenance, render_package, template_digest
from .testplan import count_tests, test_context

__all__ = ["Built", "build", "build_api"]


@dataclass(frozen=True, slots=True)
class Built:
    api: Api
    files: FileSet
    spec: LoadedSpec
    test_count: int = 0


def build_api(config: ApiConfig, *, templates_dir: Path) -> Built:
    """Generate the package for one API in memory."""
    spec = load_spec(config.spec_path)
    parsed = parse(spec, config)
    api = parsed.api
    models_source = generate_models(
        parsed.model_document,
        header=provenance(api, "hash"),
        response_only=parsed.response_only,
        rules=parsed.rules,
        class_of_schema=parsed.class_of_schema,
        location=Location(spec.path),
    )
    env = make_environment(templates_dir)
    tests = test_context(api, spec)
    files = render_package(
        api,
        env=env,
        models_source=models_source,
        spec_text=spec.text,
        spec_filename=config.spec_path.name,
        extra_context=tests,
    )
    # The effective settings, not the file bytes: a vendored copy rebuilt from its manifest
    # (no specgen.toml at hand) must hash the same.
    settings = f"{config.name}\0{config.package}\0{config.distribution}\0{config.title}"
    manifest = build_manifest(
        api,
        files,
        spec_sha256=spec.sha256,
        config_sha256=hashlib.sha256(settings.encode("utf-8")).hexdigest(),
        templates_sha256=template_digest(templates_dir),
    )
    return Built(
        api=api,
        files=files.with_files({MANIFEST_NAME: manifest}),
        spec=spec,
        test_count=count_tests(tests),
    )


def build(project: ProjectConfig, name: str) -> Built:
    return build_api(load_api_config(project, name), templates_dir=project.templates_dir)
