"""How many public names completion shows on each generated client and resource (issue 26).

    .venv/bin/python bench/navigation.py [--over 40]

For every corpus document (``.bench/corpus/``, see ``bench/corpus.py fetch``) of more than 30
operations, the IR's resources are read (nothing is generated): a level's names are its child
resources plus two per method (``name``, ``name_with_response``) and a third for one that pages
(``name_all``), and on the client its own ``base_url`` and ``close``, as
``generator.ir.resources`` counts them. Prints the APIs with a level over
``--over`` names, the worst level first, and why: too many top-level groups in the spec's own
taxonomy (tags or path segments), operations left on the client, or a large resource.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.config import one_off_config  # noqa: E402
from generator.errors import SpecgenError  # noqa: E402
from generator.ir.build import parse  # noqa: E402
from generator.ir.resources import CLIENT_OWN_NAMES, FLAT_UP_TO, names_of  # noqa: E402
from generator.spec.loader import load_spec  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--over", type=int, default=40)
    args = parser.parse_args()
    large = over = overflowed = deepest = fullest = 0
    rows = []
    for path in sorted((ROOT / ".bench" / "corpus").iterdir()):
        name = "c" + hashlib.sha256(path.name.encode()).hexdigest()[:8]
        try:
            with contextlib.redirect_stderr(io.StringIO()):
                api = parse(load_spec(path, validate=False), one_off_config(path, name)).api
        except SpecgenError:
            continue
        if len(api.operations) <= FLAT_UP_TO:
            continue
        large += 1
        levels = []
        for resource in [None, *api.resources]:
            children = len(api.child_resources(resource))
            methods = api.resource_operations(resource)
            label = ".".join(resource.path) if resource else "client"
            own = CLIENT_OWN_NAMES if resource is None else 0  # base_url, close
            levels.append((own + children + names_of(methods), label, children, len(methods)))
        worst = max(levels, key=lambda level: (level[0], level[1]))
        overflowed += int(any(resource.attribute == "more" for resource in api.resources))
        deepest = max([deepest, *(len(resource.path) for resource in api.resources)])
        fullest = max(fullest, worst[0])
        if worst[0] <= args.over:
            continue
        over += 1
        rows.append((path.name, len(api.operations), *worst))
    print(
        f"{large} documents of more than {FLAT_UP_TO} operations; {over} with a level over "
        f"{args.over} names; the fullest level shows {fullest}, the deepest resource is "
        f"{deepest} levels down, and {overflowed} have a ``more`` resource.\n"
    )
    print("| document | operations | names | level | child resources | methods |")
    print("|---|---:|---:|---|---:|---:|")
    for document, operations, names, label, children, methods in sorted(
        rows, key=lambda row: (-row[2], row[0])
    ):
        print(f"| {document} | {operations} | {names} | {label} | {children} | {methods} |")


if __name__ == "__main__":
    main()
