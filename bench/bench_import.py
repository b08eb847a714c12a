"""``sphinx-apidiff import`` on the development pages: what is kept, attached, placed and run.

Reads every page of ``/work/shared/corpora/paddle`` and ``/work/shared/corpora/mindspore``,
converts it as ``sphinx-apidiff import`` does (nothing is written, nothing is built or run) and
counts, per format:

- table-row notes attached to their parameter (an ``apidiff-note`` on it) of all the parameter
  rows of comparisons with a counterpart; every other row listed with its reason (``--show``);
- examples placed under the note of the row their heading names, of all examples and of those
  whose heading names a row at all;
- example code kept: every line of every input block is a line of the output page, in order;
- note text kept: every row's note, note section and paragraph is in the output page;
- what the examples became: executed, halves, plain blocks (by reason).

No timing. Run from the repository root (the "before" figures: the same script with another
checkout's ``src`` first on ``PYTHONPATH``)::

    PYTHONPATH=src /work/main/.venv/bin/python bench/bench_import.py [--show]
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

from common import table  # noqa: E402

from sphinx_apidiff.cli_import import import_set  # noqa: E402
from sphinx_apidiff.migrate import read_page  # noqa: E402
from sphinx_apidiff.migrate.printed import read_printed  # noqa: E402

CORPORA = Path("/work/shared/corpora")
#: The pages of each set that are not comparison pages (the format guide, the generated index).
NOT_PAGES = ("pytorch_api_mapping_cn.md", "pytorch_api_mapping_format_cn.md")


def _subsequence(needles: list[str], hay: list[str]) -> bool:
    it = iter(hay)
    return all(any(line == n for line in it) for n in needles)


def _plain(text: str) -> str:
    return " ".join(text.split())


def measure(fmt: str, root: Path, show: bool) -> dict:
    pages, report = import_set(fmt, root, Path("/tmp/bench-import-unused") / fmt)
    texts = {str(p.path.relative_to(Path("/tmp/bench-import-unused") / fmt)): p.text for p in pages}
    c: collections.Counter = collections.Counter()
    misses: list[str] = []
    fates: collections.Counter = collections.Counter()
    for entry in report["pages"]:
        if "output" not in entry or entry["page"].split("/")[-1] in NOT_PAGES:
            continue
        page = read_page(fmt, (root / entry["page"]).read_text("utf-8"), entry["page"])
        out = texts[entry["output"]]
        out_lines = out.splitlines()
        flat = _plain(out)
        parts = {(p["kind"], p["line"]): p for p in entry["parts"]}
        comparable = {p.left.line for p in page.pairs if p.right is not None and p.right.api}
        for pair in page.pairs:
            for row in pair.rows:
                c["note text"] += 1
                c["note text kept"] += _plain(row.note) in flat
                if pair.left.line not in comparable or row.group != "parameter":
                    continue
                c["rows"] += 1
                named = _names_parameters(pair, row)
                c["rows, sides naming parameters"] += named
                part = parts[("row", row.line)]
                if part["became"] == "note":
                    c["rows attached"] += 1
                    c["rows attached, sides naming parameters"] += named
                    if part.get("reason"):
                        c["rows attached, a name lacking"] += 1
                        misses.append(f"  partly  {entry['page']}:{row.line} {part['reason']}")
                else:
                    misses.append(f"  general {entry['page']}:{row.line} {part.get('reason')}")
        for note in page.notes:
            c["note text"] += 1
            c["note text kept"] += _plain(note.text) in flat
        for block in page.examples:
            c["examples"] += 1
            part = parts[("example", block.line)]
            placed = "note" in part
            c["examples placed"] += placed
            named = bool(block.heading) and any(
                key in (*row.left, *row.right, row.left_cell, row.right_cell)
                for pair in page.pairs
                for row in pair.rows
                for key in _keys(block.heading)
            )
            c["examples naming a row"] += named
            c["examples naming a row, placed"] += named and placed
            if named and not placed:
                misses.append(
                    f"  example {entry['page']}:{block.line} {block.heading!r} not placed"
                )
            kept = _subsequence(block.code.splitlines(), out_lines)
            c["example code kept"] += kept
            if not kept:
                misses.append(f"  LOST    {entry['page']}:{block.line} example code")
            became = part["became"]
            reason = part.get("reason", "")
            kind = reason.split(":")[0] if became == "plain-block" else ""
            if "half at line" in reason:
                kind = reason.split(": ", 1)[1].split(":")[0] + " (a half)"
            fates[f"{became}{': ' + kind if kind else ''}"] += 1
    if show:
        print(f"{fmt}:")
        print("\n".join(misses) or "  (none)")
    return {"counts": c, "fates": fates}


def _names_parameters(pair, row) -> bool:
    """Neither side's printed signature is only a catch-all (``(*kwargs)``) that does not
    name the row's parameter: rows that can only be general notes unless the library is
    installed."""
    for side, names in ((pair.left, row.left), (pair.right, row.right)):
        if side.signature is None:
            continue
        reading = read_printed(side.signature)
        params = [p for sig in reading.overloads for p in sig.parameters]
        variadic = params and all(p.kind.variadic for p in params)
        if variadic and not {p.name for p in params} & set(names):
            return False
    return True


def _keys(heading: str) -> tuple[str, ...]:
    try:
        from sphinx_apidiff.migrate.examples import heading_keys
    except ImportError:  # an older checkout: the identifiers of the heading's first part
        import re

        head = re.split(r"[:：]", heading, maxsplit=1)[0]
        return (*re.findall(r"[A-Za-z_]\w*", head), head.strip())
    return heading_keys(heading)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", action="store_true", help="list every row and example missed")
    args = parser.parse_args(argv)
    results = {fmt: measure(fmt, CORPORA / fmt, args.show) for fmt in ("paddle", "mindspore")}

    def pct(a: int, b: int) -> str:
        return f"{a}/{b} ({100 * a / b:.1f}%)" if b else "-"

    rows = []
    for label, num, den in (
        ("notes attached to their parameter", "rows attached", "rows"),
        (
            "  sides naming parameters",
            "rows attached, sides naming parameters",
            "rows, sides naming parameters",
        ),
        ("  of which partly (self, or a name lacking)", "rows attached, a name lacking", "rows"),
        ("examples placed under their row's note", "examples placed", "examples"),
        (
            "  of those whose heading names a row",
            "examples naming a row, placed",
            "examples naming a row",
        ),
        ("example code kept (every line)", "example code kept", "examples"),
        ("note text kept", "note text kept", "note text"),
    ):
        rows.append([label, *(pct(r["counts"][num], r["counts"][den]) for r in results.values())])
    print(table(["", *results], rows))
    print()
    kinds = sorted({k for r in results.values() for k in r["fates"]})
    print(
        table(
            ["examples became", *results],
            [[k, *(r["fates"][k] for r in results.values())] for k in kinds],
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
