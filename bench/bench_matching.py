"""Parameter matching measured against human judgment (MindSpore's "Differences with torch.X").

What is measured, against what
------------------------------
``/work/shared/data/mindspore-torch-pairs.jsonl`` holds 221 hand-written comparison tables: both
API paths, both signatures as the page printed them, and the human's parameter pairs
(``[torch_name, mindspore_name]``, null for "-"). For every page whose torch API is importable,
the live torch API is compared with the page's MindSpore signature text (``right_signature=``).

Only parameters the human named are scored. A *pair* is ``(torch_name, mindspore_name)`` with
both sides named; the engine's pairs are the rows with both sides, restricted to parameters the
human named on at least one side, and to torch parameters the page showed (in its torch
signature or its rows: a parameter newer than the page was never judged; such pairs are
counted as "unjudged" and listed, not scored). Precision, recall and F1 are over pairs; *rename recall* is the
recall over the human pairs whose two names differ.

Two scores are reported. *Plain* counts every human row as written. The *set-apart* score
(the top-level figures) leaves out the rows where the human is surely wrong: such a row is
counted apart ("human-suspect"), with the evidence printed. The criteria look at the human's rows and the two
signatures only, never at what the engine paired:

- *absent*: the name is not in the live torch signature nor in the page's own signature text
  (a stale signature, or a forward input listed as a parameter);
- *no counterpart, yet both have it*: the human says a name has no counterpart, and the other
  side has a parameter of that very name;
- *crossed*: the human pairs ``a`` with ``b`` while the other side has a twin of each, ``a``
  on the right and ``b`` on the left (equal, or equal once case, underscores and a plural
  ``s`` are set aside; not the engine's synonym table, so that the criterion does not grow
  with the rules it measures): the rows of two tables were aligned by their order, not by
  their meaning (``keepdim``/``dtype`` against ``dtype``/``keepdims``);
- *not shown*: the human says a right-hand name has no counterpart, but the live torch API has
  a twin of it (as above) that the page's torch signature did not show: the human never judged
  that pair;
- *inconsistent*: the corpus pairs ``a`` with ``b`` on some pages and, on others where both
  are present, says neither has a counterpart. The minority verdict is set apart (both
  verdicts on a tie: then neither is a reference).

Nothing is tuned to a page: the engine never sees the human rows.

The instance a method is called on (``torch.Tensor.sum`` against a function: the row
``self``/``input``, ``match: "instance"``) is not scored: the tables list parameters by name, and
the instance has none; such rows are counted and listed apart.

Disagreements are listed by kind: ``missed-rename`` (human pairs two different names, engine
does not), ``missed-same-name``, ``wrong-pair`` (engine pairs differently), ``extra-pair``
(engine pairs what the human left alone).

Run: ``PYTHONPATH=src /work/venv/bin/python bench/bench_matching.py [--data PATH] [--show N]
[--write-docs [PATH]]``; ``--write-docs`` also writes the figures that the manual's accuracy
page (``docs/reference/accuracy.rst``) includes, ``docs/reference/accuracy-figures.inc``.
Nothing here asserts anything; output on stdout and ``bench/_out/matching.json``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import warnings
from collections import Counter, defaultdict
from pathlib import Path

from sphinx_apidiff import compare
from sphinx_apidiff.api import ApiDiffError
from sphinx_apidiff.matching import name_evidence

DATA = Path("/work/shared/data/mindspore-torch-pairs.jsonl")
OUT = Path(__file__).resolve().parent / "_out"
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _names_in(text: str) -> set[str]:
    return set(_NAME.findall(text or ""))


def _twins(a: str, b: str) -> bool:
    """Equal, or equal once case, underscores and a plural ``s`` are set aside.

    Not the engine's synonym table nor its weaker name evidence: a criterion that calls the
    human wrong must not grow with the rules it measures.
    """
    return a == b or name_evidence(a, b) == "same-words"


def _verdicts(pages: list[dict]) -> tuple[dict, dict]:
    """Pages where the corpus pairs ``(a, b)`` (a != b), and where it refuses that pair."""
    paired: dict[tuple[str, str], set[str]] = defaultdict(set)
    for page in pages:
        for lft, rgt in page["rows"]:
            if lft and rgt and lft != rgt:
                paired[(lft, rgt)].add(page["page"])
    refused: dict[tuple[str, str], set[str]] = defaultdict(set)
    for page in pages:
        alone_left = {lft for lft, rgt in page["rows"] if lft and not rgt}
        alone_right = {rgt for lft, rgt in page["rows"] if rgt and not lft}
        for lft, rgt in paired:
            if lft in alone_left and rgt in alone_right:
                refused[(lft, rgt)].add(page["page"])
    return paired, refused


def _inconsistent(paired: dict, refused: dict) -> dict[tuple[str, str, str], str]:
    """(page, a, b) -> why, for the verdicts set apart as inconsistent (see the docstring)."""
    out: dict[tuple[str, str, str], str] = {}
    for pair, no in refused.items():
        yes = paired[pair]
        a, b = pair
        if len(yes) <= len(no):
            for page in yes:
                out[(page, a, b)] = f"paired here, refused on {len(no)} page(s): {sorted(no)}"
        if len(no) <= len(yes):
            for page in no:
                out[(page, a, b)] = f"refused here, paired on {len(yes)} page(s): {sorted(yes)}"
    return out


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score(data: Path, show: int) -> dict:
    tp = fp = fn = 0
    plain_tp = plain_fp = plain_fn = 0
    plain_missed: list[str] = []
    instance_rows: list[str] = []
    plain_extra: list[str] = []
    rename_tp = rename_total = 0
    kinds: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    suspects: list[str] = []
    suspect_kinds: Counter[str] = Counter()
    unjudged: list[str] = []

    def suspect(criterion: str, text: str) -> None:
        suspect_kinds[criterion] += 1
        suspects.append(text)

    skipped: Counter[str] = Counter()
    pages = 0
    corpus = [json.loads(line) for line in data.read_text(encoding="utf-8").splitlines()]
    inconsistent = _inconsistent(*_verdicts(corpus))
    for page in corpus:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                cmp = compare(
                    page["torch"],
                    "mindspore." + page["mindspore"].split(".", 1)[-1],
                    right_signature=page["mindspore_signature"],
                )
        except ApiDiffError as exc:
            skipped[re.sub(r"'[^']*'", "'…'", str(exc).split(":")[0])] += 1
            continue
        except Exception as exc:  # a crash is reported, not hidden
            skipped[f"CRASH {type(exc).__name__}"] += 1
            continue
        pages += 1
        live_left = {p.name for sig in cmp.left.overloads for p in sig.parameters}
        page_left = _names_in(page.get("torch_signature", "")) | _names_in(
            " ".join(page.get("torch_overloads") or [])
        )
        right_names = {p.name for p in cmp.right_signature.parameters}
        human: set[tuple[str, str]] = set()
        named_left: set[str] = set()
        named_right: set[str] = set()
        rows = page["rows"]
        refused_here = {
            (a, b): why for (where, a, b), why in inconsistent.items() if where == page["page"]
        }
        # plain: every human row as the human wrote it, nothing set apart
        plain_human = {(lft, rgt) for lft, rgt in rows if lft and rgt}
        plain_left = {lft for lft, _ in rows if lft}
        plain_right = {rgt for _, rgt in rows if rgt}
        for lft, rgt in rows:
            where = f"{page['page']}: [{lft}, {rgt}]"
            why = next(
                (
                    f"inconsistent: {a!r}/{b!r} {why}"
                    for (a, b), why in sorted(refused_here.items())
                    if (lft, rgt) == (a, b)
                    or (lft == a and rgt is None)
                    or (rgt == b and lft is None)
                ),
                None,
            )
            if why:
                suspect("inconsistent", f"{where} {why}")
                continue
            if lft is not None and lft not in live_left:
                stale = (
                    "(stale page signature)" if lft in page_left else "nor in the page signature"
                )
                suspect("absent", f"{where} torch {lft!r} not in live {page['torch']} {stale}")
                continue
            if rgt is not None and rgt not in right_names:
                suspect("absent", f"{where} mindspore {rgt!r} not in the page's own signature")
                continue
            if lft and rgt and not _twins(lft, rgt):
                twin_right = next((r for r in sorted(right_names) if _twins(lft, r)), None)
                twin_left = next((t for t in sorted(live_left) if _twins(t, rgt)), None)
                if twin_right and twin_left:
                    suspect(
                        "crossed",
                        f"{where} crossed: mindspore has {twin_right!r} for {lft!r}"
                        f" and torch has {twin_left!r} for {rgt!r}",
                    )
                    continue
            if rgt and not lft:
                unseen = sorted(live_left - page_left)
                twin = next((t for t in unseen if _twins(t, rgt)), None)
                if twin:
                    suspect(
                        "not-shown",
                        f"{where} not shown: live torch has {twin!r}, the page's signature did not",
                    )
                    continue
            if (lft and not rgt and lft in right_names) or (rgt and not lft and rgt in live_left):
                suspect(
                    "no-counterpart-yet-both",
                    f"{where} 'no counterpart', yet both signatures have {lft or rgt!r}",
                )
                continue
            if lft:
                named_left.add(lft)
            if rgt:
                named_right.add(rgt)
            if lft and rgt:
                human.add((lft, rgt))
        # the instance a method is called on has no name in the tables: not a judged pair
        for row in cmp.rows:
            if row.match == "instance":
                instance_rows.append(f"{page['page']}: {row.left.name} -> {row.right.name}")  # type: ignore[union-attr]
        engine_every = {
            (row.left.name, row.right.name)
            for row in cmp.rows
            if row.left is not None and row.right is not None and row.match != "instance"
        }
        engine_all = {
            (lft, rgt) for lft, rgt in engine_every if lft in named_left or rgt in named_right
        }
        # a pair with a torch parameter the page never showed (in its signature or its rows)
        # is one the human never judged
        seen_left = page_left | {lft for lft, _ in page["rows"] if lft}
        engine = {(lft, rgt) for lft, rgt in engine_all if lft in seen_left}
        for lft, rgt in sorted(engine_all - engine):
            unjudged.append(f"{page['page']}: {lft} -> {rgt} ({lft!r} not on the page)")
        # plain: against every human row, the ones set apart too (not only those in engine_all)
        plain_engine = {
            (lft, rgt)
            for lft, rgt in engine_every
            if lft in seen_left and (lft in plain_left or rgt in plain_right)
        }
        plain_tp += len(plain_human & plain_engine)
        plain_fp += len(plain_engine - plain_human)
        plain_fn += len(plain_human - plain_engine)
        for lft, rgt in sorted(plain_human - plain_engine):
            plain_missed.append(f"{page['page']}: {lft} -> {rgt}")
        for lft, rgt in sorted(plain_engine - plain_human):
            plain_extra.append(f"{page['page']}: {lft} -> {rgt}")
        tp += len(human & engine)
        fp += len(engine - human)
        fn += len(human - engine)
        for lft, rgt in human:
            if lft != rgt:
                rename_total += 1
                rename_tp += (lft, rgt) in engine
        engine_left = {lft: rgt for lft, rgt in engine}
        engine_right = {rgt: lft for lft, rgt in engine}
        for lft, rgt in sorted(human - engine):
            kind = "missed-same-name" if lft == rgt else "missed-rename"
            if lft in engine_left or rgt in engine_right:
                kind = "wrong-pair"
            kinds[kind] += 1
            examples[kind].append(f"{page['page']}: {lft} -> {rgt}")
        human_left = {lft for lft, _ in human}
        human_right = {rgt for _, rgt in human}
        for lft, rgt in sorted(engine - human):
            if lft in human_left or rgt in human_right:
                continue  # already listed as wrong-pair
            kinds["extra-pair"] += 1
            examples["extra-pair"].append(f"{page['page']}: {lft} -> {rgt}")
    precision, recall, f1 = _prf(tp, fp, fn)
    plain = _prf(plain_tp, plain_fp, plain_fn)
    result = {
        "pages": pages,
        "skipped": dict(skipped),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "plain": {
            "tp": plain_tp,
            "fp": plain_fp,
            "fn": plain_fn,
            "precision": round(plain[0], 4),
            "recall": round(plain[1], 4),
            "f1": round(plain[2], 4),
        },
        "renames_found": rename_tp,
        "renames_total": rename_total,
        "rename_recall": round(rename_tp / rename_total, 4) if rename_total else 0.0,
        "disagreements": dict(kinds),
        "human_suspect": len(suspects),
        "human_suspect_by_criterion": dict(sorted(suspect_kinds.items())),
        "unjudged_engine_pairs": len(unjudged),
        "instance_rows": len(instance_rows),
    }
    print(json.dumps(result, indent=1))
    for kind, items in sorted(examples.items()):
        print(f"\n{kind} ({len(items)}):")
        for item in items[:show]:
            print("  ", item)
    print(f"\nunjudged engine pairs ({len(unjudged)}), left out of the scores:")
    for item in unjudged[:show]:
        print("  ", item)
    print(f"\ninstance rows ({len(instance_rows)}), not scored:")
    for item in instance_rows[:show]:
        print("  ", item)
    print(f"\nhuman-suspect rows ({len(suspects)}), left out of the scores:")
    for item in suspects[:show]:
        print("  ", item)
    print(
        f"\nplain: human pairs missed ({len(plain_missed)}), engine pairs not the human's"
        f" ({len(plain_extra)}):"
    )
    for item in plain_missed[:show]:
        print("   missed", item)
    for item in plain_extra[:show]:
        print("   extra ", item)
    result["examples"] = {k: v for k, v in examples.items()}
    result["plain"]["missed"] = plain_missed
    result["plain"]["extra"] = plain_extra
    result["suspects"] = suspects
    result["unjudged"] = unjudged
    result["instance"] = instance_rows
    return result


#: The reStructuredText fragment the manual's accuracy page includes (``--write-docs``).
DOCS_FIGURES = (
    Path(__file__).resolve().parent.parent / "docs" / "reference" / "accuracy-figures.inc"
)


def _pair_list(items: list[str]) -> str:
    """``page.md: a -> b`` lines as ``a``/``b`` (page, page) items, one per pair, sorted."""
    pages: dict[tuple[str, str], list[str]] = defaultdict(list)
    for item in items:
        page, _, pair = item.partition(": ")
        lft, _, rgt = pair.partition(" -> ")
        pages[(lft, rgt)].append(page.removesuffix(".md"))
    out = [
        f"``{lft}``/``{rgt}`` ({', '.join(sorted(set(where)))})"
        for (lft, rgt), where in sorted(pages.items())
    ]
    return "; ".join(out) if out else "none"


def docs_figures(result: dict, data: Path, torch_version: str) -> str:
    """The figures of :func:`score` as the reStructuredText the accuracy page includes."""
    plain = result["plain"]
    suspects = result["human_suspect_by_criterion"]
    examples = result["examples"]
    missed = [
        item
        for kind in ("missed-rename", "missed-same-name", "wrong-pair")
        for item in examples.get(kind, [])
    ]
    corpus = sum(1 for line in data.read_text(encoding="utf-8").splitlines() if line.strip())
    lines = [
        ".. This file is written by bench/bench_matching.py --write-docs; do not edit it.",
        "",
        f"Measured on {corpus} pages of MindSpore's tables; {result['pages']} compared "
        f"(PyTorch {torch_version} as installed where the benchmark ran), "
        f"{sum(result['skipped'].values())} skipped (their PyTorch side, mostly torchvision, "
        "torchaudio and torchtext, is not installed there, or the page's signature is "
        "malformed).",
        "",
        ".. list-table::",
        "   :header-rows: 1",
        "   :widths: 40 15 15 15 15",
        "",
        "   * - Score",
        "     - Precision",
        "     - Recall",
        "     - F1",
        "     - Agreeing pairs",
        "   * - Plain: every human row as written",
        f"     - {plain['precision']:.3f}",
        f"     - {plain['recall']:.3f}",
        f"     - **{plain['f1']:.3f}**",
        f"     - {plain['tp']} of {plain['tp'] + plain['fn']}",
        "   * - Set apart: rows where the human is surely wrong left out",
        f"     - {result['precision']:.3f}",
        f"     - {result['recall']:.3f}",
        f"     - **{result['f1']:.3f}**",
        f"     - {result['tp']} of {result['tp'] + result['fn']}",
        "",
        f"Renames (the human pairs two different names): {result['renames_found']} of "
        f"{result['renames_total']} found ({result['rename_recall']:.1%}). Human rows set "
        f"apart: {result['human_suspect']} ("
        + ", ".join(f"{n} {kind}" for kind, n in suspects.items())
        + f"). Rows pairing the instance of a method, not scored: {result['instance_rows']}.",
        "",
        "Human pairs the engine does not make, once the rows above are set apart: "
        + _pair_list(missed)
        + ".",
        "",
        "Engine pairs the human does not make: " + _pair_list(plain["extra"]) + ".",
        "",
        "Human pairs set apart, or not in the signatures compared, that the engine does not "
        "make: " + _pair_list([m for m in plain["missed"] if m not in missed]) + ".",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--show", type=int, default=25)
    parser.add_argument("--out", type=Path, default=OUT / "matching.json")
    parser.add_argument(
        "--write-docs",
        nargs="?",
        type=Path,
        const=DOCS_FIGURES,
        default=None,
        metavar="PATH",
        help="also write the figures the manual's accuracy page includes "
        "(default docs/reference/accuracy-figures.inc)",
    )
    args = parser.parse_args()
    result = score(args.data, args.show)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    if args.write_docs is not None:
        import torch

        version = torch.__version__.split("+")[0]
        args.write_docs.write_text(docs_figures(result, args.data, version), encoding="utf-8")
        print(f"\nwrote {args.write_docs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
