"""The computed category against PaddlePaddle's own, read both ways and from PyTorch's side.

What is measured, against what
------------------------------
PaddlePaddle's PyTorch mapping pages (``/work/shared/corpora/paddle/api_difference``, a sample
chosen to cover every variant of the team's ~1,640) each name their category in their title
(``## [ 参数默认值不一致 ] torch.linalg.diagonal``, the classes of the team's format guide,
``pytorch_api_mapping_format_cn.md``), then print both signatures. For every page with one
PyTorch API against one Paddle API and a category a signature can decide (not 组合替代实现,
可删除, 功能缺失), the PyTorch side is read live (torch is installed; the page's text where it
cannot be read) and the Paddle side from the signature the page prints (paddle is not
installed), ``name`` ignored (the guide's rule 4). The engine's category is compared with the
page's, in three readings:

- ``both``: every fact is a difference (the default);
- ``left``: read from PyTorch's side (``apidiff_perspective = "left"``), the guide's rule 2;
- ``left+optional``: the same, with optional parameters passed by keyword
  (``apidiff_keyword_calls = "optional"``).

Two matchings: ``engine`` (no renames: the engine matches as on an unannotated page) and
``page`` (the page's 参数映射 table read as the author's :rst:dir:`apidiff:rename`: a row
``dim | axis`` is ``dim=axis``, ``bias | bias_ih_attr, bias_hh_attr`` a group, ``- | perm``
``=perm``), which sets matching mistakes apart from perspective. And two readings of the
PyTorch side: ``live`` (the installed torch) and ``page`` (the signature the page prints, what
the human judged; torch has changed since some pages were written). Disagreements are listed,
each with the categories and the changes found. The sample is small (a few dozen pages): the
figures say which way the perspective moves agreement, not the rate over the whole set.

Run: ``PYTHONPATH=src python bench/bench_perspective.py [--corpus DIR] [--show]``. Nothing
here asserts anything; output on stdout and ``bench/_out/perspective.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import sys
import warnings
from pathlib import Path

from sphinx_apidiff.api import ApiDiffError
from sphinx_apidiff.comparison import compare_apis
from sphinx_apidiff.introspect import read_api

CORPUS = Path("/work/shared/corpora/paddle/api_difference")
OUT = Path(__file__).resolve().parent / "_out"

#: The guide's category names, and the engine's codes for those a signature decides.
CATEGORIES = {
    "无参数": "no-parameters",
    "参数完全一致": "identical",
    "仅参数名不一致": "names-differ",
    "paddle 参数更多": "right-has-more",
    "参数默认值不一致": "defaults-differ",
    "torch 参数更多": "left-has-more",
    "输入参数用法不一致": "usage-differs",
    "输入参数类型不一致": "types-differ",
    "返回参数类型不一致": "return-type-differs",
}
PERSPECTIVES = {
    "both": {"perspective": "both"},
    "left": {"perspective": "left"},
    "left+optional": {"perspective": "left", "keyword_calls": "optional"},
}
#: (PyTorch side read from, matching by)
SETUPS = (("live", "engine"), ("live", "page"), ("page", "page"))

_TITLE = re.compile(r"^#+\s*\[\s*(.+?)\s*\]\s*(\S+)", re.M)
_API = re.compile(r"^###\s*\[\s*([\w.]+)\s*\]\(", re.M)
_CODE = re.compile(r"```python\n(.*?)```", re.S)
_TAG = re.compile(r"<[^>]+>")


def page_renames(text: str) -> list[str]:
    """The page's 参数映射 table as rename entries (``a=b``, ``a b=c``, ``a=``, ``=b``)."""
    start = text.find("参数映射")
    if start < 0:
        return []
    entries = []
    for line in text[start:].splitlines()[1:]:
        if line.startswith("#"):
            break
        cells = [_TAG.sub("", c).strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 2 or set(cells[0]) <= set("-: "):
            continue
        sides = []
        for cell in cells[:2]:
            names = [n.strip().lstrip("*") for n in cell.replace("、", ",").split(",")]
            sides.append([n for n in names if n and n != "-"])
        if not all(n.isidentifier() for side in sides for n in side) or not any(sides):
            continue
        if sides[0] == sides[1]:
            continue
        entries.append(f"{' '.join(sides[0])}={' '.join(sides[1])}")
    return entries


def read_page(path: Path) -> dict:
    """The page's category, its API headings and the signature under each."""
    text = path.read_text(encoding="utf-8")
    title = _TITLE.search(text)
    apis = _API.findall(text)
    # the signature printed under each API heading: the first code block after it
    signatures = []
    for match in _API.finditer(text):
        code = _CODE.search(text, match.end())
        signatures.append(" ".join(code.group(1).split()) if code else None)
    return {
        "page": path.stem,
        "category": title.group(1) if title else None,
        "apis": apis,
        "signatures": signatures,
        "renames": page_renames(text),
    }


def _signature_text(printed: str) -> str:
    """``paddle.transpose(x, perm, name=None)`` -> ``(x, perm, name=None)``."""
    return printed[printed.index("(") :] if "(" in printed else printed


def _apis(page: dict, torch_from: str):
    (left_path, right_path), (left_text, right_text) = page["apis"], page["signatures"]
    left = None
    if torch_from == "live":
        with contextlib.suppress(ApiDiffError):  # not in this torch: the page's text
            left = read_api(left_path, label="PyTorch")
    if left is None:
        left = read_api(left_path, label="PyTorch", signature=_signature_text(left_text))
    right = read_api(right_path, label="Paddle", signature=_signature_text(right_text))
    return left, right


def compare_page(page: dict) -> dict:
    """What the engine says of one decidable page, in each setup and reading (or why not)."""
    code = CATEGORIES.get(page["category"] or "")
    if code is None:
        return {"skipped": f"category {page['category']!r} is not decided by a signature"}
    if len(page["apis"]) != 2 or None in page["signatures"]:
        return {"skipped": f"{len(page['apis'])} API headings: not one pair"}
    out: dict = {"human": code, "renames": page["renames"], "setups": {}}
    for torch_from, matching in SETUPS:
        try:
            left, right = _apis(page, torch_from)
        except ApiDiffError as exc:
            return {"skipped": f"unreadable: {exc}"}
        renames = page["renames"] if matching == "page" else None
        readings = {}
        for name, options in PERSPECTIVES.items():
            try:
                comparison = compare_apis(left, right, ignore="name", rename=renames, **options)
            except ApiDiffError as exc:
                return {"skipped": f"the page's table as renames: {exc}"}
            readings[name] = {
                "category": comparison.category,
                "kinds": comparison.kinds,
                "uncounted": sorted({c for r in comparison.rows for c in r.uncounted}),
            }
        out["setups"][f"torch {torch_from}, matching {matching}"] = readings
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--show", action="store_true", help="list every decidable page")
    args = parser.parse_args(argv)
    pages = sorted(args.corpus.rglob("*.md"))
    if not pages:
        print(f"no pages under {args.corpus}", file=sys.stderr)
        return 2
    results = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for path in pages:
            page = read_page(path)
            results[page["page"]] = compare_page(page)
    decided = {k: v for k, v in results.items() if "skipped" not in v}
    print(f"{len(pages)} pages, {len(decided)} decidable by a signature")
    setups = next(iter(decided.values()))["setups"] if decided else {}
    for setup in setups:
        print(f"  {setup}:")
        for name in PERSPECTIVES:
            agree = sum(
                1 for v in decided.values() if v["setups"][setup][name]["category"] == v["human"]
            )
            share = agree / len(decided)
            print(f"    {name:14} agrees on {agree:2}/{len(decided)} ({share:.0%})")
    print()
    last = list(setups)[-1] if setups else None
    for key, value in sorted(results.items()):
        if "skipped" in value:
            if args.show:
                print(f"  skipped {key}: {value['skipped']}")
            continue
        readings = value["setups"][last]
        cats = {n: r["category"] for n, r in readings.items()}
        mark = "=" if cats["left"] == value["human"] else "x"
        if args.show or mark == "x" or cats["both"] != cats["left"]:
            print(
                f"{mark} {key}: page {value['human']}; both {cats['both']}; left {cats['left']};"
                f" left+optional {cats['left+optional']} [{last}; both: "
                f"{readings['both']['kinds']}; left leaves out {readings['left']['uncounted']}]"
            )
    OUT.mkdir(exist_ok=True)
    (OUT / "perspective.json").write_text(
        json.dumps(results, indent=1, ensure_ascii=False, sort_keys=True), encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
