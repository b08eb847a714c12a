"""Starting pages for ``sphinx-apidiff new``: a ready comparison page, or a set of them from a CSV.

A page has a title, the ``apidiff`` directive, a note placeholder for each difference the
comparison finds (each warned about until written: :mod:`.scaffold_marks`) and an example
skeleton that imports both sides. From a CSV (``left,right`` and optional ``title``, ``file``
columns), one page per row and an index page with a toctree and ``apidiff-summary``.
Existing files are never overwritten unless asked. Pure Python: no docutils, no Sphinx.

The handful of words the scaffold itself writes ("TODO: ...") are in :data:`PHRASES`, per
language; the sentences about each difference come from :class:`~.describe.Describer` and the
package's message catalog, as on a built page.
"""

from __future__ import annotations

import csv
import gettext
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .api import ApiDiffError
from .comparison import Comparison
from .describe import Describer
from .introspect import resolve
from .labels import side_labels

__all__ = [
    "PHRASES",
    "Page",
    "add_new_command",
    "index_page",
    "new_page",
    "page_text",
    "pages_from_csv",
    "run_new",
    "write_pages",
]

LOCALE_DIR = Path(__file__).resolve().parent / "locale"

#: The scaffold's own words by language (the placeholders an author replaces).
PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "title": "{left} vs {right}",
        "note": "TODO: what a reader moving from {left_label} needs to know here ({summary}).",
        "example": "# TODO: call both on the same input and print what each returns",
        "unread": ".. TODO: {reason}",
        "index_title": "API comparisons",
        "index_intro": "Every comparison of this project, generated from the pages themselves:",
    },
    "zh_CN": {
        "title": "{left} 与 {right} 的对比",
        "note": "待补充：从 {left_label} 迁移时需要注意的地方（{summary}）。",
        "example": "# 待补充：用同一输入分别调用两者，并打印各自的结果",
        "unread": ".. 待补充：{reason}",
        "index_title": "API 对比",
        "index_intro": "本项目的全部对比，由各页面自动生成：",
    },
}

#: What starts inline markup in running text (the page is for a person to edit: nothing more
#: is escaped): emphasis, literals, substitutions, and ``_`` ending a word (a reference).
_RST_SPECIAL = re.compile(r"([\\*`|]|_(?=\W|$))")


def _phrases(lang: str) -> dict[str, str]:
    lang = lang.replace("-", "_")
    if lang not in PHRASES:
        raise ApiDiffError(f"--lang {lang!r}: choose one of {', '.join(sorted(PHRASES))}")
    return PHRASES[lang]


def _gettext(lang: str):
    catalog = gettext.translation(
        "sphinx_apidiff", localedir=str(LOCALE_DIR), languages=[lang], fallback=True
    )
    return catalog.gettext


def _text(value: str) -> str:
    return _RST_SPECIAL.sub(r"\\\1", " ".join(str(value).split()))


def _code(value: str, *, tight: bool = False) -> str:
    """Inline code; ``tight``: between escaped spaces, for languages that put no space around
    it (an end-string before ``（`` is not markup otherwise)."""
    body = " ".join(str(value).split()).replace("\\", "\\\\").replace("`", "\\`")
    if not body:
        return ""
    return f"\\ :literal:`{body}`\\ " if tight else f":literal:`{body}`"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _module_of(path: str) -> str:
    """The importable module of ``path`` (``torch.nn`` for ``torch.nn.Conv2d``)."""
    try:
        return resolve(path)[2]
    except Exception:
        return path.split(".", 1)[0]


def page_text(
    left: str,
    right: str,
    comparison: Comparison | None,
    *,
    lang: str = "en",
    title: str | None = None,
    reason: str | None = None,
) -> str:
    """The reStructuredText of a new page comparing ``left`` with ``right``.

    ``comparison`` None (a side could not be read): the page holds the directive and a comment
    saying why (``reason``), no notes; the build will say it too.
    """
    words = _phrases(lang)
    left_label, right_label = side_labels(left, right, None, None, None)
    heading = title or words["title"].format(left=left, right=right)
    lines = [_text(heading), "=" * _width(_text(heading)), "", f".. apidiff:: {left} {right}", ""]
    if comparison is None:
        lines += ["   " + words["unread"].format(reason=reason or "?"), ""]
    else:
        tight = not lang.startswith("en")
        describer = Describer(
            left_label,
            right_label,
            gettext=_gettext(lang),
            language=lang,
            text=_text,
            code=lambda value: _code(value, tight=tight),
        )
        for row in comparison.changed_rows:
            param = row.left or row.right
            assert param is not None
            note = words["note"].format(
                left_label=_text(left_label), summary=describer.row_summary(row)
            )
            lines += [f"   .. apidiff-note:: {param.name}", "", f"      {note}", ""]
    modules = list(dict.fromkeys(_module_of(p) for p in (left, right)))
    lines += ["   .. apidiff-example::", ""]
    lines += [f"      import {module}" for module in modules]
    lines += ["", f"      {words['example']}", ""]
    return "\n".join(lines)


@dataclass(frozen=True)
class Page:
    """One page to write: where, and what."""

    path: Path
    text: str
    #: The problem found while reading its APIs (the page is written anyway), if any.
    problem: str | None = None


def new_page(left: str, right: str, *, lang: str = "en", title: str | None = None) -> Page:
    """Read and compare ``left`` and ``right`` and lay out their page (path left empty)."""
    from . import compare

    try:
        comparison: Comparison | None = compare(left, right)
        problem = None
    except ApiDiffError as exc:
        comparison, problem = None, str(exc)
    text = page_text(left, right, comparison, lang=lang, title=title, reason=problem)
    return Page(Path(), text, problem)


def _rows(text: str) -> list[dict[str, str]]:
    rows = list(csv.reader(io.StringIO(text)))
    rows = [[cell.strip() for cell in row] for row in rows if any(c.strip() for c in row)]
    if not rows:
        raise ApiDiffError("the CSV has no rows")
    header = [c.lower() for c in rows[0]]
    first = 2  # the line number of the first row of data
    if "left" not in header or "right" not in header:  # no header: the columns in this order
        header, first = ["left", "right", "title", "file"], 1
        rows.insert(0, header)
    out = []
    for number, row in enumerate(rows[1:], start=first):
        record = dict(zip(header, row, strict=False))
        if not record.get("left") or not record.get("right"):
            raise ApiDiffError(f"CSV row {number}: a row needs a left and a right dotted path")
        out.append(record)
    return out


def _file_name(record: dict[str, str], taken: set[str]) -> str:
    name = record.get("file") or f"{record['left']}.rst"
    if not record.get("file") and name in taken:
        name = f"{record['left']}--{record['right']}.rst"
    if not name.endswith((".rst", ".md")):
        name += ".rst"
    return name


def pages_from_csv(text: str, outdir: Path, *, lang: str = "en") -> list[Page]:
    """A page per CSV row and ``index.rst`` (toctree and summary), all under ``outdir``."""
    _phrases(lang)
    pages: list[Page] = []
    taken: set[str] = set()
    for record in _rows(text):
        name = _file_name(record, taken)
        if name in taken or name == "index.rst":
            raise ApiDiffError(f"two pages would be written to {name!r}: give a file column")
        taken.add(name)
        page = new_page(record["left"], record["right"], lang=lang, title=record.get("title"))
        pages.append(Page(outdir / name, page.text, page.problem))
    docnames = [p.path.relative_to(outdir).with_suffix("").as_posix() for p in pages]
    pages.append(Page(outdir / "index.rst", index_page(docnames, lang=lang)))
    return pages


def index_page(docnames: Iterable[str], *, lang: str = "en") -> str:
    words = _phrases(lang)
    title = words["index_title"]
    lines = [title, "=" * _width(title), "", words["index_intro"], "", ".. apidiff-summary::", ""]
    lines += [".. toctree::", "   :maxdepth: 1", "   :hidden:", ""]
    lines += [f"   {doc}" for doc in docnames]
    return "\n".join([*lines, ""])


def write_pages(pages: Iterable[Page], *, force: bool = False) -> list[Path]:
    """Write every page, or none: an existing file stops it all unless ``force``."""
    pages = list(pages)
    existing = [p.path for p in pages if p.path.exists()]
    if existing and not force:
        shown = ", ".join(str(p) for p in existing[:5]) + (" ..." if len(existing) > 5 else "")
        raise ApiDiffError(f"not overwriting {shown} (pass --force to overwrite)")
    for page in pages:
        page.path.parent.mkdir(parents=True, exist_ok=True)
        page.path.write_text(page.text, encoding="utf-8")
    return [p.path for p in pages]


# ------------------------------------------------------------------------ the command


def add_new_command(sub) -> None:
    """``sphinx-apidiff new``: registered on the CLI's subparsers."""
    new = sub.add_parser(
        "new",
        help="write a starting comparison page, or one per row of a CSV",
        description="Write a ready page comparing LEFT and RIGHT: the directive, a note "
        "placeholder for each difference, an example skeleton. With --from, one page per "
        "CSV row (columns left,right and optionally title,file) and an index page.",
    )
    new.add_argument("left", metavar="LEFT", nargs="?", help="dotted path of the left side")
    new.add_argument("right", metavar="RIGHT", nargs="?", help="dotted path of the right side")
    new.add_argument("--from", dest="csv", metavar="CSV", help="pairs.csv: one page per row")
    new.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="the file to write (default: standard output); with --from, the folder",
    )
    new.add_argument(
        "--lang", default="en", help=f"language of the page ({', '.join(sorted(PHRASES))})"
    )
    new.add_argument("--force", action="store_true", help="overwrite existing files")


def run_new(args) -> int:
    """Run ``sphinx-apidiff new``; :class:`ApiDiffError` for bad input (the CLI says it)."""
    import sys

    if args.csv:
        if args.left or args.right:
            raise ApiDiffError("give either LEFT RIGHT or --from CSV, not both")
        if not args.output:
            raise ApiDiffError("--from needs -o DIR, the folder to write the pages in")
        try:
            text = Path(args.csv).read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise ApiDiffError(f"cannot read {args.csv}: {exc.strerror}") from None
        pages = pages_from_csv(text, Path(args.output), lang=args.lang)
    else:
        if not (args.left and args.right):
            raise ApiDiffError("new needs LEFT and RIGHT dotted paths, or --from CSV")
        page = new_page(args.left, args.right, lang=args.lang)
        if not args.output:
            for problem in [page.problem] if page.problem else []:
                print(f"sphinx-apidiff: warning: {problem}", file=sys.stderr)
            sys.stdout.write(page.text)
            return 0
        pages = [Page(Path(args.output), page.text, page.problem)]
    for page in pages:
        if page.problem:
            print(f"sphinx-apidiff: warning: {page.path}: {page.problem}", file=sys.stderr)
    for path in write_pages(pages, force=args.force):
        print(f"wrote {path}")
    return 0
