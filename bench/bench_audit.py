"""``sphinx-apidiff audit`` on the development pages: seeded faults found, and the time.

Copies each development page of ``/work/shared/corpora`` (PaddlePaddle, MindSpore, MegEngine),
injects one known fault at a time (``audit_faults.py``: a row's parameter renamed, a row
deleted, a printed default changed, the category swapped, an API misspelt, a colon added to a
``code-block``), audits the copy and counts the faults found with the right code and line.
Then times the audit of each whole development set (libraries already imported, examples
parsed, not run) and prints its findings per code, for a reviewer to sample.

    PYTHONPATH=src python bench/bench_audit.py [--corpora DIR] [--show]
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from audit_faults import faults

from sphinx_apidiff.cli_audit import audit_set
from sphinx_apidiff.migrate import SUFFIXES
from sphinx_apidiff.migrate.audit import Libraries

FOLDERS = {"paddle": "paddle", "mindspore": "mindspore", "megengine": "megengine"}


def seeded(corpora: Path, show: bool) -> tuple[int, int]:
    total = found = skipped = 0
    libraries = Libraries()
    by_kind: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    with tempfile.TemporaryDirectory() as tmp:
        for fmt, folder in FOLDERS.items():
            root = corpora / folder
            for page in sorted(root.rglob(f"*{SUFFIXES[fmt]}")):
                relative = page.relative_to(root)
                for fault in faults(fmt, page.read_text(encoding="utf-8")):
                    if fault.kind == "misspell-api" and not libraries.installed(fault.package):
                        skipped += 1  # no library to say the path does not exist
                        continue
                    copy = Path(tmp) / fmt / relative
                    copy.parent.mkdir(parents=True, exist_ok=True)
                    copy.write_text(fault.text, encoding="utf-8")
                    findings, _ = audit_set(fmt, copy)
                    hit = any(f.code in fault.codes and f.line == fault.line for f in findings)
                    total += 1
                    found += hit
                    by_kind[fault.kind][0] += 1
                    by_kind[fault.kind][1] += hit
                    if not hit and show:
                        print(f"  missed {fault.kind} in {fmt}/{relative} line {fault.line}")
    print(
        f"seeded faults: {found}/{total} found with the right code and line "
        f"({100 * found / max(total, 1):.1f}%)"
    )
    print(f"  ({skipped} misspelt APIs of libraries not installed here not counted)")
    for kind, (n, hit) in sorted(by_kind.items()):
        print(f"  {kind:<18} {hit}/{n}")
    return found, total


def timed(corpora: Path) -> None:
    for fmt, folder in FOLDERS.items():
        audit_set(fmt, corpora / folder)  # libraries imported, reads memoised: a warm run
        start = time.perf_counter()
        findings, pages = audit_set(fmt, corpora / folder)
        elapsed = time.perf_counter() - start
        counts = collections.Counter(f.code for f in findings)
        print(
            f"{fmt}: {pages} pages audited in {elapsed:.2f} s "
            f"({1000 * elapsed / pages:.0f} ms a page), {len(findings)} findings"
        )
        for code, n in sorted(counts.items()):
            print(f"    {code:<28} {n}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", default="/work/shared/corpora", type=Path)
    parser.add_argument("--show", action="store_true", help="list the faults missed")
    args = parser.parse_args()
    seeded(args.corpora, args.show)
    timed(args.corpora)


if __name__ == "__main__":
    main()
