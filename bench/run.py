"""Benchmarks (not timed tests): medians over several runs, printed as a Markdown table.

    .venv/bin/python bench/run.py [--runs 5] [--skip-peers]

Measures `specgen generate` for all APIs, `specgen check` on a clean tree, and generation of a
large synthetic spec (500 schemas, 200 operations) by specgen and, in the same run, by
openapi-python-client and by datamodel-code-generator alone. The peers are installed into
`.bench/` (a separate venv for openapi-python-client, whose pins differ from ours).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from synthetic import synthetic_spec  # noqa: E402

PY = sys.executable
BENCH = ROOT / ".bench"


def median_seconds(run: Callable[[], None], runs: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def sh(*cmd: str, cwd: Path | None = None) -> None:
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def make_project(where: Path, spec: dict[str, object] | None = None) -> Path:
    where.mkdir(parents=True, exist_ok=True)
    (where / "pyproject.toml").write_text(
        f'[tool.specgen]\nspecs = "specs"\noutput = "generated"\ntemplates = "{ROOT / "templates"}"\n'
    )
    if spec is None:
        shutil.copytree(ROOT / "specs", where / "specs", dirs_exist_ok=True)
    else:
        (where / "specs" / "synthetic").mkdir(parents=True, exist_ok=True)
        (where / "specs" / "synthetic" / "openapi.json").write_text(json.dumps(spec))
    return where


def opc_binary() -> Path:
    venv = BENCH / "opc-venv"
    binary = venv / "bin" / "openapi-python-client"
    if not binary.exists():
        sh(PY, "-m", "venv", str(venv))
        sh(str(venv / "bin" / "pip"), "install", "--quiet", "openapi-python-client", "ruff")
    return binary


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-peers", action="store_true")
    args = parser.parse_args()
    rows: list[tuple[str, float, list[float]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        five = make_project(tmp_path / "five")
        cmd = [PY, "-m", "generator", "--project", str(five)]

        def generate_five() -> None:
            shutil.rmtree(five / "generated", ignore_errors=True)
            sh(*cmd, "generate")

        rows.append(
            ("specgen generate (5 APIs, from scratch)", *median_seconds(generate_five, args.runs))
        )
        rows.append(
            (
                "specgen check (5 APIs, clean tree)",
                *median_seconds(lambda: sh(*cmd, "check"), args.runs),
            )
        )

        with_rules = make_project(tmp_path / "rules", synthetic_spec())
        big = make_project(tmp_path / "big", synthetic_spec(rules=False))
        spec_file = big / "specs" / "synthetic" / "openapi.json"

        def specgen_on(project: Path) -> Callable[[], None]:
            def run() -> None:
                shutil.rmtree(project / "generated", ignore_errors=True)
                sh(PY, "-m", "generator", "--project", str(project), "generate")

            return run

        rows.append(
            (
                "specgen, synthetic with a rule per schema",
                *median_seconds(specgen_on(with_rules), args.runs),
            )
        )
        rows.append(
            (
                "specgen, synthetic 500 schemas / 200 ops",
                *median_seconds(specgen_on(big), args.runs),
            )
        )

        def dcg_big() -> None:
            out = tmp_path / "dcg_models.py"
            sh(
                str(Path(PY).parent / "datamodel-codegen"),
                "--input",
                str(spec_file),
                "--input-file-type",
                "openapi",
                "--output",
                str(out),
                "--output-model-type",
                "pydantic_v2.BaseModel",
                "--disable-timestamp",
            )

        rows.append(
            ("datamodel-code-generator alone, synthetic", *median_seconds(dcg_big, args.runs))
        )
        if not args.skip_peers:
            binary = opc_binary()

            def opc_big() -> None:
                out = tmp_path / "opc_out"
                shutil.rmtree(out, ignore_errors=True)
                # Its formatter (ruff) lives in its own venv; without it on PATH it skips formatting.
                env_path = f"{binary.parent}:{os.environ.get('PATH', '')}"
                subprocess.run(
                    [
                        str(binary),
                        "generate",
                        "--path",
                        str(spec_file),
                        "--output-path",
                        str(out),
                        "--meta",
                        "none",
                    ],
                    check=True,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    env={**os.environ, "PATH": env_path},
                )
                if not (out / "models").is_dir():
                    raise SystemExit(
                        "openapi-python-client produced no models: the comparison would be meaningless"
                    )

            rows.append(("openapi-python-client, synthetic", *median_seconds(opc_big, args.runs)))

    print(f"| benchmark (median of {args.runs}) | median s | all runs s |")
    print("|---|---|---|")
    for label, median, times in rows:
        print(f"| {label} | {median:.2f} | {', '.join(f'{t:.2f}' for t in times)} |")
    base = {label: median for label, median, _ in rows}
    ours = base["specgen, synthetic 500 schemas / 200 ops"]
    for label in ("datamodel-code-generator alone, synthetic", "openapi-python-client, synthetic"):
        if label in base:
            print(f"\nspecgen / {label.split(',')[0]}: {ours / base[label]:.2f}x")


if __name__ == "__main__":
    main()
