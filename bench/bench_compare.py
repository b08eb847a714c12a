"""Cost of reading and comparing one pair of callables, once the libraries are imported.

What is measured, against what
------------------------------
Claim: "once modules are imported, reading and comparing one pair should cost well under a
millisecond". For 1,000 real pairs (NumPy, PyTorch, standard library; see ``pairs.py``), in one
process, after importing every module and one warm-up pass over all pairs:

``compare (first read)``
    ``sphinx_apidiff.compare(left, right)`` with the per-object caches emptied before each call
    (the ``read_api`` memo and the parsed-docstring cache), so every call really resolves, reads
    and compares both sides. Per-file and per-package caches (parsed ``.pyi`` stubs, installed
    versions) stay warm: a docs build pays them once, not per pair. This is the headline number.
``compare (memoized)``
    the same call again right away: what a repeated pair costs (the memo answers ``read_api``).
``read_api x2`` / ``compare_apis``
    the split of a first-read pair: reading both sides, then comparing the two ``Api`` values.
``baseline: inspect.signature x2``
    plain :func:`inspect.signature` on both (already resolved) objects, for the pairs where it
    works on both sides. Ratios are taken over those same pairs.

Each pair is timed with :func:`time.perf_counter_ns` in every round (modes interleaved per pair,
round order alternating); a pair's value is its median over the rounds, and the tables report
the median, p90, p99 and max over the pairs.

Callables that ``read_api`` cannot read (``ApiDiffError``) are counted over every enumerated
callable, grouped by message, object type and what ``inspect.signature`` says; candidate pairs
with such a side are skipped and counted too.

If the first-read median is not well under a millisecond (>= 0.5 ms), or with ``--profile``,
one first-read pass over all pairs is run under cProfile and the hotspots are reported.

Nothing here asserts a time. Output: a table on stdout and ``bench/_out/compare.json``.

Run: ``/work/venv/bin/python bench/bench_compare.py [--pairs 1000] [--rounds 5] [--no-torch]``
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import inspect
import io
import pstats
import re
import statistics
import sys
import time
import types
from collections import Counter, defaultdict
from pathlib import Path

from common import OUT_DIR, finish, ratio, run_metadata, summary, table
from pairs import Pair, enumerate_callables, import_modules, select_pairs

# the function under test; main() checks it is one (a ``compare`` submodule used to shadow it)
import sphinx_apidiff
from sphinx_apidiff import compare as compare_pair
from sphinx_apidiff.api import ApiDiffError
from sphinx_apidiff.comparison import compare_apis
from sphinx_apidiff.introspect import clear_caches, read_api, resolve

#: A first-read median at or above this (ns) is "not well under 1 ms": profile it.
PROFILE_THRESHOLD_NS = 500_000

_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_ADDRESS = re.compile(r"0x[0-9a-fA-F]+")


def _mask(message: str) -> str:
    return _ADDRESS.sub("0x…", _QUOTED.sub("'…'", message))


# ------------------------------------------------------------------------- readability


def _object_type(obj: object) -> str:
    if isinstance(obj, type) and issubclass(obj, BaseException):
        return "exception class"
    return type(obj).__name__


def _inspect_says(obj: object) -> str:
    try:
        sig = inspect.signature(obj)  # type: ignore[arg-type]
    except Exception as exc:
        first = str(exc).splitlines()[0] if str(exc) else ""
        return _mask(f"{type(exc).__name__}: {first}")[:70]
    params = list(sig.parameters.values())
    kinds = {param.kind for param in params}
    if len(params) == 2 and kinds == {params[0].VAR_POSITIONAL, params[0].VAR_KEYWORD}:
        return "ok but only (*args, **kwargs)"
    return "ok"


def _has_doc(obj: object) -> str:
    doc = getattr(obj, "__doc__", None)
    return "docstring" if isinstance(doc, str) and doc.strip() else "no docstring"


def read_everything(sources: dict[str, list[str]]) -> tuple[dict[str, bool | str], dict, float]:
    """Read every enumerated callable once: which are readable, why the others are not."""
    readable: dict[str, bool | str] = {}
    groups: dict[tuple[str, str, str, str], list[str]] = defaultdict(list)
    start = time.perf_counter()
    for paths in sources.values():
        for path in paths:
            if path in readable:
                continue
            try:
                read_api(path)
                readable[path] = True
            except ApiDiffError as exc:
                readable[path] = str(exc)
            except Exception as exc:  # a crash, not a clean refusal: worth reporting apart
                readable[path] = f"CRASH {type(exc).__name__}: {exc}"
    elapsed = time.perf_counter() - start
    for path, state in readable.items():
        if state is True:
            continue
        try:
            obj = resolve(path)[0]
        except ApiDiffError:
            obj = None
        key = (_mask(str(state)), _object_type(obj), _inspect_says(obj), _has_doc(obj))
        groups[key].append(path)
    failures = {
        "callables": len(readable),
        "unreadable": sum(1 for s in readable.values() if s is not True),
        "groups": [
            {
                "message": key[0],
                "object_type": key[1],
                "inspect_signature": key[2],
                "doc": key[3],
                "count": len(paths),
                "examples": paths[:6],
            }
            for key, paths in sorted(groups.items(), key=lambda kv: -len(kv[1]))
        ],
        "by_module": dict(
            Counter(
                module
                for module, paths in sources.items()
                for path in paths
                if readable.get(path) is not True
            ).most_common()
        ),
    }
    return readable, failures, elapsed


# ------------------------------------------------------------------------------ timing


def _signature_ok(obj: object) -> bool:
    try:
        inspect.signature(obj)  # type: ignore[arg-type]
    except Exception:
        return False
    return True


def warm_up(pairs: list[Pair]) -> tuple[list[Pair], list[tuple[Pair, str]]]:
    """One call per pair; pairs whose comparison raises are set aside."""
    kept, raised = [], []
    for pair in pairs:
        try:
            compare_pair(pair.left, pair.right)
        except Exception as exc:
            raised.append((pair, f"{type(exc).__name__}: {exc}"))
        else:
            kept.append(pair)
    return kept, raised


def time_pairs(pairs: list[Pair], rounds: int) -> dict[str, list[list[int]]]:
    """Per mode, per pair, one sample (ns) per round."""
    ns = time.perf_counter_ns
    objects = [(resolve(p.left)[0], resolve(p.right)[0]) for p in pairs]
    base_ok = [_signature_ok(a) and _signature_ok(b) for a, b in objects]
    modes = (
        "first",
        "memo",
        "read",
        "read_again",
        "compare_apis",
        "read_left",
        "read_right",
        "baseline",
    )
    samples: dict[str, list[list[int]]] = {m: [[] for _ in pairs] for m in modes}
    signature = inspect.signature
    for round_index in range(rounds):
        order = range(len(pairs)) if round_index % 2 == 0 else range(len(pairs) - 1, -1, -1)
        gc.collect()
        for i in order:
            left, right = pairs[i].left, pairs[i].right
            if base_ok[i]:
                lobj, robj = objects[i]
                t0 = ns()
                signature(lobj)
                signature(robj)
                samples["baseline"][i].append(ns() - t0)
            clear_caches()
            t0 = ns()
            compare_pair(left, right)
            t1 = ns()
            compare_pair(left, right)
            t2 = ns()
            samples["first"][i].append(t1 - t0)
            samples["memo"][i].append(t2 - t1)
            clear_caches()
            t0 = ns()
            lapi = read_api(left)
            t1 = ns()
            rapi = read_api(right)
            t2 = ns()
            compare_apis(lapi, rapi)
            t3 = ns()
            read_api(left)  # memo hits: what every later page naming the pair pays
            read_api(right)
            t4 = ns()
            samples["read_again"][i].append(t4 - t3)
            samples["read_left"][i].append(t1 - t0)
            samples["read_right"][i].append(t2 - t1)
            samples["read"][i].append(t2 - t0)
            samples["compare_apis"][i].append(t3 - t2)
    return samples


def per_pair(samples: list[list[int]]) -> list[float]:
    """Each pair's median over the rounds, in microseconds (pairs without samples dropped)."""
    return [statistics.median(s) / 1000 for s in samples if s]


def profile_first_reads(pairs: list[Pair], top: int = 15) -> dict:
    """cProfile one first-read pass; the hotspots by cumulative and by own time."""
    profiler = cProfile.Profile()
    for pair in pairs:
        clear_caches()
        profiler.enable()
        compare_pair(pair.left, pair.right)
        profiler.disable()
    stats = pstats.Stats(profiler, stream=io.StringIO())
    # 100% is the time spent inside compare() (the profiler's own bookkeeping left out)
    total = max(
        (
            v[3]
            for k, v in stats.stats.items()  # type: ignore[attr-defined]
            if k[2] == "compare" and k[0].endswith("sphinx_apidiff/__init__.py")
        ),
        default=stats.total_tt,  # type: ignore[attr-defined]
    )
    rows = []
    for (filename, line, func), (_cc, ncalls, tottime, cumtime, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        rows.append(
            {
                "function": f"{_short(filename)}:{func}",
                "line": line,
                "calls": ncalls,
                "own_s": tottime,
                "cumulative_s": cumtime,
                "own_pct": 100 * tottime / total if total else 0.0,
                "cumulative_pct": 100 * cumtime / total if total else 0.0,
                "ours": "sphinx_apidiff" in filename,
            }
        )
    ours = sorted((r for r in rows if r["ours"]), key=lambda r: -r["cumulative_s"])[:top]
    own = sorted(rows, key=lambda r: -r["own_s"])[:top]
    return {"total_s": total, "pairs": len(pairs), "ours_by_cumulative": ours, "by_own_time": own}


_LIB = re.compile(r".*/(?:site-packages|python3\.\d+)/")


def _short(filename: str) -> str:
    if "sphinx_apidiff/" in filename:
        return filename[filename.index("sphinx_apidiff/") :]
    return _LIB.sub("", filename)


# -------------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--pairs", type=int, default=1000, help="pairs to time (default 1000)")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds (default 5)")
    parser.add_argument("--no-torch", action="store_true", help="NumPy and stdlib only")
    parser.add_argument("--profile", action="store_true", help="always run the cProfile pass")
    parser.add_argument("--out", type=Path, default=OUT_DIR / "compare.json")
    args = parser.parse_args(argv)
    meta = run_metadata()

    if isinstance(compare_pair, types.ModuleType) or not callable(compare_pair):
        print("sphinx_apidiff.compare is not the compare() function", file=sys.stderr)
        return 2
    shadowed = isinstance(getattr(sphinx_apidiff, "compare", None), types.ModuleType)

    start = time.perf_counter()
    modules = import_modules(include_torch=not args.no_torch)
    import_s = time.perf_counter() - start

    sources = enumerate_callables(include_torch=not args.no_torch)
    readable, failures, first_pass_s = read_everything(sources)
    selection = select_pairs(args.pairs, sources, readable)
    pairs, raised = warm_up(selection.pairs)
    clear_caches()

    start = time.perf_counter()
    samples = time_pairs(pairs, args.rounds)
    timing_s = time.perf_counter() - start

    results = {m: per_pair(s) for m, s in samples.items()}
    with_base = [i for i, s in enumerate(samples["baseline"]) if s]
    first_on_base = [statistics.median(samples["first"][i]) / 1000 for i in with_base]
    base = results["baseline"]
    pair_ratios = [f / b for f, b in zip(first_on_base, base, strict=True) if b]
    stats = {m: summary(v) for m, v in results.items()}
    first_median_us = stats["first"]["median"]

    # by pair group, and read_api per side by the source that answered
    by_group: dict[str, list[float]] = defaultdict(list)
    for pair, value in zip(pairs, results["first"], strict=True):
        by_group[pair.group].append(value)
    by_source: dict[str, list[float]] = defaultdict(list)
    for i, pair in enumerate(pairs):
        for side, mode in ((pair.left, "read_left"), (pair.right, "read_right")):
            by_source[read_api(side).source].append(statistics.median(samples[mode][i]) / 1000)

    slowest = sorted(range(len(pairs)), key=lambda i: -results["first"][i])[:8]
    slowest_pairs = [
        {
            "left": pairs[i].left,
            "right": pairs[i].right,
            "first_us": results["first"][i],
            "read_api_x2_us": results["read"][i],
            "compare_apis_us": results["compare_apis"][i],
            "overloads": [
                len(read_api(pairs[i].left).overloads),
                len(read_api(pairs[i].right).overloads),
            ],
        }
        for i in slowest
    ]

    profile = None
    if args.profile or first_median_us * 1000 >= PROFILE_THRESHOLD_NS:
        profile = profile_first_reads(pairs)

    skipped_by_group = Counter(pair.group for pair, _ in selection.skipped)
    report = {
        "what": "per-pair cost of sphinx_apidiff.compare(left, right), microseconds",
        "meta": meta,
        "modules": modules,
        "import_seconds": import_s,
        "rounds": args.rounds,
        "pairs_timed": len(pairs),
        "pairs_with_baseline": len(with_base),
        "first_read_of_all_callables_seconds": first_pass_s,
        "timing_seconds": timing_s,
        "package_attribute_compare_is_submodule": shadowed,
        "per_pair_us": stats,
        "ratios": {
            "first_read_median_over_inspect_median_same_pairs": ratio(
                statistics.median(first_on_base) if first_on_base else 0.0,
                stats["baseline"]["median"],
            ),
            "median_of_per_pair_ratios": statistics.median(pair_ratios) if pair_ratios else None,
            "read_again_median_over_read_median": ratio(
                stats["read_again"]["median"], stats["read"]["median"]
            ),
            "read_api_share_of_first_read": ratio(
                stats["read"]["median"], stats["read"]["median"] + stats["compare_apis"]["median"]
            ),
        },
        "by_group_first_read_us": {g: summary(v) for g, v in by_group.items()},
        "read_api_per_side_by_source_us": {s: summary(v) for s, v in by_source.items()},
        "slowest_pairs_first_read": slowest_pairs,
        "composition": dict(Counter(p.group for p in pairs)),
        "unreadable_callables": failures,
        "skipped_pairs": {
            "count": len(selection.skipped),
            "by_group": dict(skipped_by_group.most_common()),
            "examples": [
                {"left": p.left, "right": p.right, "why": why} for p, why in selection.skipped[:10]
            ],
        },
        "pairs_whose_compare_raised": [
            {"left": p.left, "right": p.right, "error": e} for p, e in raised
        ],
        "profile": profile,
        "pairs": [[p.group, p.left, p.right] for p in pairs],
    }
    return finish(args.out, report, meta, print_report)


def print_report(r: dict) -> None:
    s = r["per_pair_us"]
    print(
        f"{r['pairs_timed']} pairs x {r['rounds']} rounds; modules imported in "
        f"{r['import_seconds']:.2f} s; first read of all {r['unreadable_callables']['callables']}"
        f" enumerated callables (stubs parsed on the way): {r['first_read_of_all_callables_seconds']:.2f} s\n"
    )
    labels = {
        "first": "compare, first read (headline)",
        "memo": "compare, memoized",
        "read": "  split: read_api x2",
        "compare_apis": "  split: compare_apis",
        "read_again": "read_api x2 again (memo hits)",
        "baseline": f"baseline: inspect.signature x2 ({r['pairs_with_baseline']} pairs)",
    }
    print("Per pair, microseconds (each pair: median over rounds)")
    print(
        table(
            ["", "pairs", "median", "p90", "p99", "max"],
            [
                [label, s[m]["n"], s[m]["median"], s[m]["p90"], s[m]["p99"], s[m]["max"]]
                for m, label in labels.items()
            ],
        )
    )
    ratios = r["ratios"]
    print(
        f"\nfirst read / inspect.signature (same {r['pairs_with_baseline']} pairs): "
        f"ratio of medians {ratios['first_read_median_over_inspect_median_same_pairs']:.1f}x, "
        f"median per-pair ratio {ratios['median_of_per_pair_ratios'] or float('nan'):.1f}x"
    )
    print(
        f"read_api share of a first-read pair: {100 * ratios['read_api_share_of_first_read']:.0f}%"
    )
    print(
        f"read_api x2 again (memo hits) / read_api x2 first: "
        f"{ratios['read_again_median_over_read_median']:.2f}x"
    )
    median_ms = s["first"]["median"] / 1000
    verdict = "well under" if median_ms < 0.5 else ("under" if median_ms < 1 else "NOT under")
    print(f"median first-read pair: {median_ms:.3f} ms ({verdict} 1 ms)")

    print("\nFirst read by pair group, microseconds")
    print(
        table(
            ["group", "pairs", "median", "p90", "max"],
            [
                [g, v["n"], v["median"], v["p90"], v["max"]]
                for g, v in sorted(r["by_group_first_read_us"].items(), key=lambda kv: -kv[1]["n"])
            ],
        )
    )
    print("\nSlowest pairs, first read, microseconds")
    print(
        table(
            ["pair", "first read", "read_api x2", "compare_apis", "overloads"],
            [
                [
                    f"{x['left']} vs {x['right']}",
                    x["first_us"],
                    x["read_api_x2_us"],
                    x["compare_apis_us"],
                    "x".join(map(str, x["overloads"])),
                ]
                for x in r["slowest_pairs_first_read"]
            ],
        )
    )
    print("\nread_api per side, by the source that answered, microseconds")
    print(
        table(
            ["source", "sides", "median", "p90", "p99", "max"],
            [
                [src, v["n"], v["median"], v["p90"], v["p99"], v["max"]]
                for src, v in r["read_api_per_side_by_source_us"].items()
            ],
        )
    )

    f = r["unreadable_callables"]
    print(
        f"\nUnreadable callables (ApiDiffError): {f['unreadable']} of {f['callables']} enumerated"
    )
    messages = Counter()
    for g in f["groups"]:
        messages[g["message"]] += g["count"]
    for message, count in messages.most_common():
        print(f"  {count:4d}  {message}")
    print(
        table(
            ["count", "object type", "inspect.signature says", "doc", "examples"],
            [
                [
                    g["count"],
                    g["object_type"],
                    g["inspect_signature"][:48],
                    g["doc"],
                    ", ".join(g["examples"][:3]),
                ]
                for g in f["groups"]
            ],
        )
    )
    print("by module: " + ", ".join(f"{m} {n}" for m, n in f["by_module"].items()))
    sk = r["skipped_pairs"]
    print(
        f"candidate pairs skipped (a side unreadable): {sk['count']}"
        + (" — " + ", ".join(f"{g}: {n}" for g, n in sk["by_group"].items()) if sk["count"] else "")
    )
    if r["pairs_whose_compare_raised"]:
        print(f"pairs whose compare() raised: {len(r['pairs_whose_compare_raised'])}")
        for item in r["pairs_whose_compare_raised"][:10]:
            print(f"  {item['left']} vs {item['right']}: {item['error']}")
    if r["package_attribute_compare_is_submodule"]:
        print(
            "note: after import, sphinx_apidiff.compare is the submodule, not the function "
            "(calling sphinx_apidiff.compare(...) raises TypeError)"
        )
    if r["profile"]:
        p = r["profile"]
        print(f"\ncProfile of one first-read pass ({p['pairs']} pairs, {p['total_s']:.3f} s)")
        print(
            table(
                ["sphinx_apidiff function (cumulative)", "calls", "cum s", "cum %", "own %"],
                [
                    [
                        x["function"],
                        x["calls"],
                        x["cumulative_s"],
                        x["cumulative_pct"],
                        x["own_pct"],
                    ]
                    for x in p["ours_by_cumulative"]
                ],
            )
        )
        print()
        print(
            table(
                ["any function (own time)", "calls", "own s", "own %"],
                [[x["function"], x["calls"], x["own_s"], x["own_pct"]] for x in p["by_own_time"]],
            )
        )


if __name__ == "__main__":
    sys.exit(main())
