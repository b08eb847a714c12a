"""Reading check: is every keyword-capable parameter name the engine shows for PyTorch's C
builtins and Tensor methods one the callable accepts?

For each engine given (``--src DIR``, repeatable; default: this checkout's ``src`` and, as
"before", the ``src`` of the ``main`` branch checked out at ``--before``), a child process
reads every public C callable of torch, torch.linalg, torch.fft, torch.special,
torch.nn.functional and torch.Tensor with that engine; each name it shows is then probed
(``reading_probe.py``: the name bound to a sentinel, in child processes with a timeout, no
real work) and counted accepted / rejected / undecidable; callables the engine cannot read are
counted as unreadable. The table puts the engines side by side; ``--show`` lists each engine's
rejected names with the source the engine read them from.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from common import OUT_DIR, ROOT, finish, run_metadata, table
from reading_probe import (
    REJECTED,
    UNDECIDABLE,
    builtin_paths,
    counts,
    engine_location,
    plan_in_child,
    run_probes,
)


def _check(label: str, src: str, paths: list[str], cache: dict) -> dict:
    started = time.perf_counter()
    planned = plan_in_child(paths, src)
    read_s = time.perf_counter() - started
    todo = [p for p in planned["probes"] if _key(p) not in cache]
    for item, verdict in zip(todo, run_probes(todo), strict=True):
        cache[_key(item)] = verdict
    verdicts = [cache[_key(p)] for p in planned["probes"]]
    listed = {
        kind: [
            f"{p['path']}({p['name']}=)  [{planned['sources'][p['path']]}]"
            for p, v in zip(planned["probes"], verdicts, strict=True)
            if v == kind
        ]
        for kind in (REJECTED, UNDECIDABLE)
    }
    by_source: dict[str, int] = {}
    for p, v in zip(planned["probes"], verdicts, strict=True):
        if v == REJECTED:
            source = planned["sources"][p["path"]]
            by_source[source] = by_source.get(source, 0) + 1
    return {
        "label": label,
        "engine": engine_location(src),
        "counts": counts(planned, verdicts),
        "rejected_by_source": by_source,
        "rejected": listed[REJECTED],
        "undecidable": listed[UNDECIDABLE],
        "unreadable": planned["unreadable"],
        "read_seconds": round(read_s, 1),
        "seconds": round(time.perf_counter() - started, 1),
    }


def _key(probe: dict) -> str:
    return repr((probe["path"], probe["name"], probe["fills"]))


def _print(report: dict) -> None:
    engines = report["engines"]
    rows = []
    for key in ("callables", "unreadable", "accepted", "rejected", "undecidable"):
        rows.append([key, *(e["counts"][key] for e in engines)])
    print(f"{report['paths']} public C callables; names probed per engine:\n")
    print(table(["", *(e["label"] for e in engines)], rows))
    for engine in engines:
        print(f"\n{engine['label']}: {engine['engine']} (read in {engine['read_seconds']} s)")
        print(f"  rejected by source read: {engine['rejected_by_source'] or 'none'}")
        for line in engine["rejected"][: report["show"]]:
            print(f"  rejected   {line}")
        for line in engine["undecidable"][: report["show"]]:
            print(f"  undecidable {line}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--src",
        action="append",
        metavar="[LABEL=]DIR",
        help="an engine's src/ directory (repeatable; default: --before's src, then ./src)",
    )
    parser.add_argument(
        "--before",
        type=Path,
        default=Path("/work/main"),
        help="checkout whose src/ is the 'before' engine (default /work/main)",
    )
    parser.add_argument("--limit", type=int, default=0, help="only the first N callables")
    parser.add_argument("--show", type=int, default=0, help="list N rejected/undecidable names")
    parser.add_argument("--out", type=Path, default=OUT_DIR / "reading.json")
    args = parser.parse_args()

    engines: list[tuple[str, str]] = []
    for spec in args.src or [f"before={args.before / 'src'}", f"after={ROOT / 'src'}"]:
        label, _, directory = spec.rpartition("=")
        engines.append((label or directory, directory))
    meta = run_metadata()
    paths = builtin_paths()
    if args.limit:
        paths = paths[: args.limit]
    cache: dict[str, str] = {}  # a probe's verdict does not depend on the engine that asked
    report = {
        "meta": meta,
        "paths": len(paths),
        "show": args.show,
        "engines": [_check(label, src, paths, cache) for label, src in engines],
    }
    return finish(args.out, report, meta, _print)


if __name__ == "__main__":
    sys.exit(main())
