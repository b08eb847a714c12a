"""Releases: NumPy 1.26.4 against the installed NumPy 2.x, agreement with griffe's own
breakage finder, and the time an overview takes (first build and from the cache).

    PYTHONPATH=src python bench/bench_releases.py              # all three parts, ~2-4 min
    PYTHONPATH=src python bench/bench_releases.py --part numpy # one part: numpy, griffe, speed

Fetches with pip (the package index must be reachable, or the releases already cached);
each part uses its own fresh cache folder under ``bench/_out/releases``. Reports only: no
time is asserted (the NumPy list is a test: ``tests/engine/test_releases_numpy.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "_out" / "releases"

#: Three pure-Python packages with two releases each, breaking ones between them:
#: (module, old, new).
GRIFFE_PAIRS = (
    ("click", "7.1.2", "8.1.7"),
    ("jinja2", "2.11.3", "3.1.4"),
    ("packaging", "21.3", "24.1"),
)


def fresh_cache(name: str) -> Path:
    folder = OUT / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    os.environ["SPHINX_APIDIFF_CACHE"] = str(folder)
    from sphinx_apidiff.introspect.static import clear_static_cache
    from sphinx_apidiff.releases.load import clear_release_loaders

    clear_static_cache()
    clear_release_loaders()
    return folder


# ------------------------------------------------------------------------------------ numpy


def part_numpy() -> dict:
    from numpy._expired_attrs_2_0 import __expired_attributes__ as expired

    from sphinx_apidiff.releases import overview_of

    fresh_cache("numpy")
    overview = overview_of("numpy==1.26.4", "numpy")
    gone = {c.path: c for c in overview.changes if c.kind in ("removed", "moved", "renamed")}
    missing = [n for n in expired if f"numpy.{n}" not in gone]
    wrong_note = [
        n
        for n, note in expired.items()
        if note.strip()
        and f"numpy.{n}" in gone
        and gone[f"numpy.{n}"].note != " ".join(note.split())
    ]
    beyond = sorted(
        (c.kind, c.path, c.to) for p, c in gone.items() if p.split(".", 1)[1] not in expired
    )
    print(
        f"numpy 1.26.4 -> {overview.new.version}: {overview.counts}, {overview.unchanged} unchanged"
    )
    print(
        f"  expired list: {len(expired)} names; found gone: {len(expired) - len(missing)}; "
        f"missing: {missing}; note differs: {wrong_note}"
    )
    print(f"  gone but not on the list: {len(beyond)}")
    for kind, path, to in beyond:
        print(f"    {kind:8} {path}" + (f" -> {to}" if to else ""))
    return {
        "counts": overview.counts,
        "expired": len(expired),
        "missing": missing,
        "note_differs": wrong_note,
        "beyond_the_list": [list(b) for b in beyond],
    }


# ----------------------------------------------------------------------------------- griffe


def _griffe_breakages(old_release, new_release, module: str) -> list:
    import griffe

    from sphinx_apidiff.releases.load import quiet_griffe, release_loader

    with quiet_griffe():
        old = release_loader(old_release).modules_collection.get_member(module)
        new = release_loader(new_release).modules_collection.get_member(module)
        return list(griffe.find_breaking_changes(old, new))


def _covered(path: str, overview, old_inventory) -> str | None:
    """The overview entry that reports the breakage at griffe's ``path`` (a canonical path;
    the overview's are public ones: mapped through where each old member is defined)."""
    entries = {c.path: c for c in overview.changes}
    public = {path: path}
    for member in old_inventory.members.values():
        public.setdefault(member.target, member.path)
    candidates = [path]
    head = path
    while "." in head:  # a parameter of click.core.Context.__init__ is the class's change
        if head in public:
            candidates.append(public[head])
        head = head.rpartition(".")[0]
        candidates.append(head)
    candidates = [c.removesuffix(".__init__") for c in candidates]
    for candidate in candidates:
        if candidate in entries:
            return f"{entries[candidate].kind} {candidate}"
    return None


def part_griffe() -> dict:
    from sphinx_apidiff.releases import obtain_release, parse_side
    from sphinx_apidiff.releases.inventory import read_inventory
    from sphinx_apidiff.releases.overview import build_overview

    fresh_cache("griffe")
    report = {}
    for module, old_v, new_v in GRIFFE_PAIRS:
        olds, news = parse_side(f"{module}=={old_v}"), parse_side(f"{module}=={new_v}")
        old_r = obtain_release(module, olds.release)
        new_r = obtain_release(module, news.release)
        old_i = read_inventory(old_r, module, class_members=True, submodules=True)
        new_i = read_inventory(new_r, module, class_members=True, submodules=True)
        overview = build_overview(old_i, new_i)
        breakages = _griffe_breakages(old_r, new_r, module)
        rows = []
        for b in breakages:
            path = str(b.obj.path)
            kind = b.kind.name
            where = _covered(path, overview, old_i)
            rows.append((kind, path, str(b.old_value)[:60], str(b.new_value)[:60], where))
        covered = sum(1 for r in rows if r[4])
        print(
            f"{module} {old_v} -> {new_v}: griffe {len(rows)} breakages, "
            f"{covered} in the overview; overview {overview.counts}"
        )
        for kind, path, old, new, where in rows:
            if not where:
                print(f"    not in overview: {kind:28} {path}  ({old} -> {new})")
        report[f"{module} {old_v} -> {new_v}"] = {
            "griffe": len(rows),
            "in_overview": covered,
            "not_in_overview": [r[:4] for r in rows if not r[4]],
            "overview": overview.counts,
        }
    return report


# ------------------------------------------------------------------------------------ speed


def part_speed() -> dict:
    import subprocess
    import sys

    fresh_cache("speed")
    code = (
        "import time; t=time.perf_counter();"
        "from sphinx_apidiff.releases import overview_of;"
        "o=overview_of('numpy==1.26.4','numpy');"
        "print(round(time.perf_counter()-t, 2), sum(o.counts.values()) + o.unchanged)"
    )
    times = {}
    for run in ("first", "cached"):  # a fresh process each: nothing kept in memory
        start = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=os.environ
        ).stdout.split()
        times[run] = {
            "overview_s": float(out[0]),
            "members": int(out[1]),
            "process_s": round(time.perf_counter() - start, 2),
        }
        print(
            f"numpy overview, {run}: {out[0]} s in the call ({times[run]['process_s']} s "
            f"with the interpreter's start), {out[1]} members"
        )
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--part", choices=("numpy", "griffe", "speed"), action="append")
    args = parser.parse_args()
    parts = args.part or ["numpy", "griffe", "speed"]
    OUT.mkdir(parents=True, exist_ok=True)
    results = {}
    for part in parts:
        results[part] = {"numpy": part_numpy, "griffe": part_griffe, "speed": part_speed}[part]()
    (OUT / "releases.json").write_text(json.dumps(results, indent=1) + "\n")
    print(f"written {OUT / 'releases.json'}")


if __name__ == "__main__":
    main()
