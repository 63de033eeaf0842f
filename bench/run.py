"""Side-by-side benchmarks (not timed tests): specgen and its peers in one run, as ratios.

    .venv/bin/python bench/run.py [--runs 3] [--skip-peers] [--large]

Each comparison runs its contenders in alternating order (A B A B ...), every run a fresh
process, and records the wall time, the CPU time (user + system, the process and the children it
waited for) and the peak resident memory of the largest of those processes (``wait4``). Every
specgen run starts with an empty validation cache. The table gives medians and the ratio of
each contender to the comparison's reference:

- five APIs: ``specgen generate`` (whole packages) against datamodel-code-generator alone on the
  same five specs (five processes, models only);
- ``specgen check`` on a clean tree, and ``check --full``, against ``specgen generate``;
- ``specgen diff`` of the five APIs against ``git HEAD`` (nothing changed, and a property added
  to a model of each, which makes it name the models), against ``specgen generate``;
- the synthetic 500-schema spec: specgen against datamodel-code-generator alone and
  openapi-python-client;
- with ``--large``: GitHub REST and Stripe from the corpus cache (``bench/corpus.py fetch``),
  specgen (whole package) against datamodel-code-generator (models only), and
  datamodel-code-generator alone on the document specgen hands it (the same models: request
  bodies and inline schemas included);
- with ``--imports``: importing the packages generated from GitHub REST and Stripe, building
  a client and the models of one call, against importing the openai SDK (hundreds of pydantic
  models too) and building its client, in one venv with the same pydantic and httpx.

openapi-python-client is installed on first use into a venv of its own under ``.bench/``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from synthetic import synthetic_spec  # noqa: E402

PY = sys.executable
BIN = Path(PY).parent
BENCH = ROOT / ".bench"
APIS = sorted(p.parent.name for p in (ROOT / "specs").glob("*/openapi.*"))


@dataclass
class Contender:
    """One command line to time; ``prepare`` runs before each run, untimed."""

    label: str
    commands: Sequence[Sequence[str]]
    prepare: Callable[[], None] = lambda: None
    env: dict[str, str] = field(default_factory=dict)
    times: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)


def measure(commands: Sequence[Sequence[str]], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds of running ``commands`` one after another, their CPU seconds, and the
    largest peak RSS (MB)."""
    start = time.perf_counter()
    peak = cpu = 0.0
    for command in commands:
        with tempfile.TemporaryFile() as stderr:
            process = subprocess.Popen(
                command, stdout=subprocess.DEVNULL, stderr=stderr, env={**os.environ, **env}
            )
            _pid, status, usage = os.wait4(process.pid, 0)
            code = os.waitstatus_to_exitcode(status)
            if code not in (0,):
                stderr.seek(0)
                text = stderr.read().decode(errors="replace")
                raise SystemExit(f"{' '.join(command)} exited {code}:\n{text[-2000:]}")
        peak = max(peak, usage.ru_maxrss / 1024)
        cpu += usage.ru_utime + usage.ru_stime
    return time.perf_counter() - start, cpu, peak


def compare(title: str, contenders: list[Contender], runs: int) -> list[str]:
    """Run the contenders alternately ``runs`` times each; Markdown rows, ratios to the first."""
    for round_ in range(runs):
        order = contenders if round_ % 2 == 0 else list(reversed(contenders))
        for contender in order:
            # Every run validates its spec: no run profits from an earlier one's cache.
            shutil.rmtree(os.environ["SPECGEN_CACHE_DIR"], ignore_errors=True)
            contender.prepare()
            seconds, cpu, peak = measure(contender.commands, contender.env)
            contender.times.append(seconds)
            contender.cpus.append(cpu)
            contender.peaks.append(peak)
            print(
                f"  {title} / {contender.label}: {seconds:.2f} s, cpu {cpu:.2f} s, {peak:.0f} MB",
                file=sys.stderr,
            )
    reference = contenders[0]
    ref_time = statistics.median(reference.times)
    ref_peak = statistics.median(reference.peaks)
    rows = []
    for contender in contenders:
        median_time = statistics.median(contender.times)
        median_peak = statistics.median(contender.peaks)
        median_cpu = statistics.median(contender.cpus)
        rows.append(
            f"| {title} | {contender.label} | {median_time:.2f} | {median_cpu:.2f} | "
            f"{median_peak:.0f} | "
            f"{median_time / ref_time:.2f}× | {median_peak / ref_peak:.2f}× |"
        )
    return rows


def dcg(spec: Path, out: Path) -> list[str]:
    return [
        str(BIN / "datamodel-codegen"),
        *("--input", str(spec), "--input-file-type", "openapi", "--output", str(out)),
        *("--output-model-type", "pydantic_v2.BaseModel", "--disable-timestamp"),
    ]


def opc_binary() -> Path:
    venv = BENCH / "opc-venv"
    binary = venv / "bin" / "openapi-python-client"
    if not binary.exists():
        subprocess.run([PY, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(venv / "bin" / "pip"), "install", "--quiet", "openapi-python-client", "ruff"],
            check=True,
        )
    return binary


def project(where: Path, specs: dict[str, Path]) -> Path:
    """A throwaway specgen project holding ``specs`` (name -> spec file), not strict."""
    where.mkdir(parents=True, exist_ok=True)
    (where / "pyproject.toml").write_text(
        f"[tool.specgen]\ntemplates = {json.dumps(str(ROOT / 'templates'))}\n", encoding="utf-8"
    )
    for name, spec in specs.items():
        folder = where / "specs" / name
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(spec, folder / f"openapi{spec.suffix}")
        (folder / "specgen.toml").write_text("strict = false\n", encoding="utf-8")
    return where


def fresh(path: Path) -> Callable[[], None]:
    return lambda: shutil.rmtree(path, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-peers", action="store_true", help="leave openapi-python-client out")
    parser.add_argument(
        "--diff-only", action="store_true", help="only specgen diff beside specgen generate"
    )
    parser.add_argument("--large", action="store_true", help="GitHub REST and Stripe too (slow)")
    parser.add_argument("--large-only", action="store_true", help="only GitHub REST and Stripe")
    parser.add_argument(
        "--imports", action="store_true", help="import time of large packages vs the openai SDK"
    )
    parser.add_argument(
        "--large-specs",
        default="github_rest,stripe_com",
        help="corpus ids for --large (comma-separated)",
    )
    args = parser.parse_args()
    specgen = [PY, "-m", "generator"]
    rows: list[str] = []
    with tempfile.TemporaryDirectory(prefix="specgen-bench-") as tmp_name:
        tmp = Path(tmp_name)
        os.environ["SPECGEN_CACHE_DIR"] = str(tmp / "cache")
        if args.diff_only:
            five_specs = {api: next((ROOT / "specs" / api).glob("openapi.*")) for api in APIS}
            five = project(tmp / "five", five_specs)
            # The packages as the project commits them, as the whole run has them by now.
            generate = [*specgen, "--project", str(five), "generate"]
            subprocess.run(generate, check=True, capture_output=True)
            rows += diff_comparison(five, specgen, args)
        elif not args.large_only:
            rows += small_comparisons(tmp, specgen, args)
        if args.large or (args.large_only and not args.imports):
            rows += large_comparisons(tmp, specgen, args)
        if args.imports:
            rows += import_comparisons(tmp, specgen, args)
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
        f"datamodel-code-generator {version('datamodel-code-generator')}, "
        f"black {version('black')}, ruff {version('ruff')}; median of {args.runs} runs, "
        "alternating.\n"
    )
    print("| comparison | contender | median s | cpu s | peak MB | time ratio | memory ratio |")
    print("|---|---|---:|---:|---:|---:|---:|")
    print("\n".join(rows))


def small_comparisons(tmp: Path, specgen: list[str], args: argparse.Namespace) -> list[str]:
    """The five APIs, the drift check and the synthetic spec."""
    rows: list[str] = []
    five_specs = {api: next((ROOT / "specs" / api).glob("openapi.*")) for api in APIS}
    five = project(tmp / "five", five_specs)
    rows += compare(
        "five APIs, whole packages",
        [
            Contender(
                "datamodel-code-generator alone (5 processes, models only)",
                [dcg(spec, tmp / f"dcg-{api}.py") for api, spec in five_specs.items()],
            ),
            Contender(
                "specgen generate",
                [[*specgen, "--project", str(five), "generate"]],
                prepare=fresh(five / "generated"),
            ),
        ],
        args.runs,
    )
    subprocess.run([*specgen, "--project", str(five), "generate"], check=True, capture_output=True)
    rows += compare(
        "drift check, clean tree",
        [
            Contender(
                "specgen generate (nothing to write)",
                [[*specgen, "--project", str(five), "generate"]],
            ),
            Contender("specgen check", [[*specgen, "--project", str(five), "check"]]),
            Contender(
                "specgen check --full", [[*specgen, "--project", str(five), "check", "--full"]]
            ),
        ],
        args.runs,
    )
    rows += diff_comparison(five, specgen, args)
    synthetic = tmp / "synthetic.json"
    synthetic.write_text(json.dumps(synthetic_spec(rules=False)), encoding="utf-8")
    big = project(tmp / "big", {"synthetic": synthetic})
    contenders = [
        Contender("datamodel-code-generator alone", [dcg(synthetic, tmp / "dcg-syn.py")]),
        Contender(
            "specgen generate",
            [[*specgen, "--project", str(big), "generate"]],
            prepare=fresh(big / "generated"),
        ),
    ]
    if not args.skip_peers:
        binary = opc_binary()
        out = tmp / "opc"
        contenders.append(
            Contender(
                "openapi-python-client",
                [
                    [
                        str(binary),
                        "generate",
                        "--path",
                        str(synthetic),
                        "--output-path",
                        str(out),
                        "--meta",
                        "none",
                    ]
                ],
                prepare=fresh(out),
                # Its formatter (ruff) lives in its venv: on PATH, or it skips formatting.
                env={"PATH": f"{binary.parent}:{os.environ.get('PATH', '')}"},
            )
        )
    rows += compare("synthetic, 500 schemas / 200 operations", contenders, args.runs)
    return rows


def diff_comparison(five: Path, specgen: list[str], args: argparse.Namespace) -> list[str]:
    """``specgen diff`` of the five APIs against ``HEAD`` of a git repository holding them and,
    as a project that commits ``generated/`` does, their packages generated from those specs."""
    import yaml

    def git(*command: str) -> None:
        subprocess.run(["git", "-C", str(five), *command], check=True, capture_output=True)

    git("init", "-q")
    git("add", "-A")
    git("-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "commit", "-qm", "base")
    originals = {path: path.read_bytes() for path in sorted(five.glob("specs/*/openapi.*"))}

    def add_a_property(schema: dict[str, Any] | None = None) -> None:
        """A new optional property on each spec's first object schema (a minor change)."""
        for path in originals:
            data = yaml.safe_load(path.read_bytes())
            for schema_ in (data.get("components") or {}).get("schemas", {}).values():
                if isinstance(schema_, dict) and isinstance(schema_.get("properties"), dict):
                    schema_["properties"]["bench_note"] = schema or {"type": "string"}
                    break
            text = (
                json.dumps(data)
                if path.suffix == ".json"
                else yaml.safe_dump(data, sort_keys=False)
            )
            path.write_text(text, encoding="utf-8")

    def add_an_enum() -> None:
        """The same property as an inline enum: a class the model generator names."""
        add_a_property({"type": "string", "enum": ["draft", "final"]})

    def restore() -> None:
        for path, content in originals.items():
            path.write_bytes(content)

    def regenerate() -> None:
        subprocess.run(
            [*specgen, "--project", str(five), "generate"], check=True, capture_output=True
        )

    diff = [*specgen, "--project", str(five), "diff"]
    rows = compare(
        "diff of the five APIs",
        [
            Contender(
                "specgen generate",
                [[*specgen, "--project", str(five), "generate"]],
                prepare=lambda: (restore(), fresh(five / "generated")()),
            ),
            Contender("specgen diff (nothing changed)", [diff], prepare=restore),
            Contender("specgen diff (a property added to a model of each)", [diff], add_a_property),
            Contender(
                "specgen diff (an inline enum property added instead: its models generated)",
                [diff],
                add_an_enum,
            ),
            Contender(
                "specgen diff (the same, packages regenerated as a pull request has them)",
                [diff],
                prepare=lambda: (add_a_property(), regenerate()),
            ),
        ],
        args.runs,
    )
    restore()
    return rows


def model_document(spec: Path, target: Path) -> Path:
    """The document specgen hands datamodel-code-generator for ``spec`` (component schemas,
    request bodies and other inline schemas, under specgen's class names), written to
    ``target``."""
    sys.path.insert(0, str(ROOT))
    from generator.config import one_off_config
    from generator.ir.build import parse
    from generator.models import _rename_schemas
    from generator.spec.loader import load_spec

    parsed = parse(load_spec(spec, validate=False), one_off_config(spec, "big"))
    document = _rename_schemas(parsed.model_document, parsed.class_of_schema)
    target.write_text(json.dumps(document), encoding="utf-8")
    return target


def large_specs(args: argparse.Namespace) -> list[tuple[str, Path]]:
    """``(corpus id, file)`` of ``--large-specs`` in the corpus cache; a missing one is said."""
    found = []
    for name in args.large_specs.split(","):
        spec = BENCH / "corpus" / f"{name}.json"
        if spec.is_file():
            found.append((name, spec))
        else:
            print(f"{spec} missing: run bench/corpus.py fetch first", file=sys.stderr)
    return found


def large_comparisons(tmp: Path, specgen: list[str], args: argparse.Namespace) -> list[str]:
    """GitHub REST and Stripe from the corpus cache: whole package against models only."""
    rows: list[str] = []
    for name, spec in large_specs(args):
        out = tmp / f"large-{name}"
        same_models = model_document(spec, tmp / f"models-{name}.json")
        rows += compare(
            name,
            [
                Contender(
                    "datamodel-code-generator (models only)",
                    # A folder: a spec with dotted schema names (Stripe) gives modular output.
                    [dcg(spec, tmp / f"dcg-{name}")],
                ),
                Contender(
                    "datamodel-code-generator on specgen's model document (the same models)",
                    [dcg(same_models, tmp / f"dcg-same-{name}")],
                ),
                Contender(
                    "specgen (whole package)",
                    [
                        [
                            *specgen,
                            "generate",
                            "--spec",
                            str(spec),
                            "--name",
                            "big",
                            "--output",
                            str(out),
                        ]
                    ],
                    prepare=fresh(out),
                ),
            ],
            args.runs,
        )
    return rows


OPENAI_VERSION = "2.8.1"
"""The openai SDK the import comparison installs (pinned: its import cost changes by release)."""

# One call's worth of model builds: the models of the first operation (by name) that answers
# with one, built as the first call would build them: the client, the module holding that
# operation (``client.py``, or the resource module its attribute loads), its models.
_IMPORT_AND_ONE_CALL = """
import importlib, sys
import httpx
sys.path.insert(0, sys.argv[1])
package = importlib.import_module(sys.argv[2])
package.Client(base_url="https://api.example.test", auth=httpx.BasicAuth("u", "p"))
spec = getattr(importlib.import_module(sys.argv[3]), sys.argv[4])
for model in spec.answers().values():
    if hasattr(model, "model_rebuild"):
        model.model_rebuild()
"""

# Which operation that is, found once beforehand (untimed): every module holding operations.
_FIRST_OPERATION = """
import importlib, pkgutil, sys
sys.path.insert(0, sys.argv[1])
package = importlib.import_module(sys.argv[2])
names = [sys.argv[2] + ".client"]
try:  # a package of more than 30 operations keeps most of them in resources/
    resources = importlib.import_module(sys.argv[2] + ".resources")
    names += [m.name for m in pkgutil.iter_modules(resources.__path__, resources.__name__ + ".")]
except ImportError:
    pass
found = []
for name in names:
    for attribute, value in vars(importlib.import_module(name)).items():
        if type(value).__name__ == "OperationSpec" and value.response_models:
            found.append((value.name, name, attribute))
found.sort()
print(found[0][1], found[0][2])
"""


def import_venv() -> Path:
    """A venv with the openai SDK and the generated packages' dependencies, at the versions
    this project runs (so both sides import the same pydantic and httpx)."""
    venv = BENCH / f"imports-venv-{OPENAI_VERSION}"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([PY, "-m", "venv", str(venv)], check=True)
        pins = [f"{name}=={version(name)}" for name in ("pydantic", "pydantic-core", "httpx")]
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", f"openai=={OPENAI_VERSION}", *pins],
            check=True,
        )
    return python


def import_comparisons(tmp: Path, specgen: list[str], args: argparse.Namespace) -> list[str]:
    """Import (bytecode cached, as after an install) and one call's models, against openai."""
    python = str(import_venv())
    # Bytecode is written and read, as for an installed package (the sandbox may turn it off).
    cached = {"PYTHONDONTWRITEBYTECODE": ""}
    contenders = [
        Contender(
            f"openai {OPENAI_VERSION}: import, OpenAI()",
            [[python, "-c", "import openai; openai.OpenAI(api_key='sk-bench')"]],
            env=cached,
        )
    ]
    for name, spec in large_specs(args):
        out = tmp / f"imports-{name}"
        generate = [*specgen, "generate", "--spec", str(spec), "--name", "big", "--output"]
        subprocess.run([*generate, str(out)], check=True, capture_output=True)
        where = subprocess.run(
            [python, "-c", _FIRST_OPERATION, str(out / "src"), "big_client"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        command = [python, "-c", _IMPORT_AND_ONE_CALL, str(out / "src"), "big_client", *where]
        subprocess.run(command, check=True, env={**os.environ, **cached})  # bytecode written
        contenders.append(
            Contender(f"specgen {name}: import, one call's models", [command], env=cached)
        )
    subprocess.run(contenders[0].commands[0], check=True, env={**os.environ, **cached})
    return compare("import", contenders, args.runs)


if __name__ == "__main__":
    main()
