"""Starting pages for ``sphinx-apidiff new``: a ready comparison page, or a set of them from a CSV.

A page has a title, the ``apidiff`` directive, a note placeholder for each difference the
comparison finds (each warned about until written: :mod:`.scaffold_marks`) and an example
skeleton that imports both sides, in reStructuredText or (a ``.md`` file) MyST Markdown. From a
CSV (``left,right`` and optional ``title``, ``file`` columns, checked by
:mod:`.scaffold_input`), one page per row, an index page with a toctree and
``apidiff-summary``, and a ``conf.py`` when the folder is in no Sphinx project yet. Every
file stays inside the output folder; existing files are never overwritten unless asked (a
``conf.py`` never). Pure Python: no docutils, no Sphinx.

The handful of words the scaffold itself writes ("TODO: ...") are in :data:`PHRASES`, per
language; the sentences about each difference come from :class:`~.describe.Describer` and the
package's message catalog, as on a built page.
"""

from __future__ import annotations

import gettext
import importlib.util
import json
import re
import shlex
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .api import ApiDiffError
from .comparison import Change, Comparison
from .describe import Describer
from .introspect import resolve
from .labels import side_labels
from .scaffold_input import PairRow, check_dotted, file_for, inside, read_pairs

__all__ = [
    "PHRASES",
    "Page",
    "add_new_command",
    "common_differences",
    "conf_text",
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
        "unread": "TODO: {reason}",
        "index_title": "API comparisons",
        "index_intro": "Every comparison of this project, generated from the pages themselves:",
    },
    "zh_CN": {
        "title": "{left} 与 {right} 的对比",
        "note": "待补充：从 {left_label} 迁移时需要注意的地方（{summary}）。",
        "example": "# 待补充：用同一输入分别调用两者，并打印各自的结果",
        "unread": "待补充：{reason}",
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


def _catalog(lang: str) -> gettext.NullTranslations:
    return gettext.translation(
        "sphinx_apidiff", localedir=str(LOCALE_DIR), languages=[lang], fallback=True
    )


def _text(value: str) -> str:
    return _RST_SPECIAL.sub(r"\\\1", " ".join(str(value).split()))


def _heading(value: str) -> str:
    """A title's text: escaped, and starting with an escaped space (nothing on the page) when
    its first character could start other markup (``.. raw::``, ``- item``, ``====``)."""
    text = _text(value)
    return text if text[:1].isalnum() else "\\ " + text


def _code(value: str, *, tight: bool = False) -> str:
    """Inline code; ``tight``: between escaped spaces, for languages that put no space around
    it (an end-string before ``（`` is not markup otherwise)."""
    body = " ".join(str(value).split()).replace("\\", "\\\\").replace("`", "\\`")
    if not body:
        return ""
    return f"\\ :literal:`{body}`\\ " if tight else f":literal:`{body}`"


#: What CommonMark gives a meaning to in running text (any ASCII punctuation may be escaped);
#: not braces or ``_`` inside a word: the describer escapes its templates (``{left_kind}``).
_MD_SPECIAL = re.compile(r"([\\`*\[\]<>#|~$&!]|(?<!\w)_|_(?!\w))")


def _md_text(value: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(value).split()))


def _md_code(value: str) -> str:
    """A code span with a fence longer than any run of backticks in ``value``."""
    body = " ".join(str(value).split())
    if not body:
        return ""
    fence = "`" * (max((len(run) for run in re.findall("`+", body)), default=0) + 1)
    pad = " " if body.startswith("`") or body.endswith("`") else ""
    return f"{fence}{pad}{body}{pad}{fence}"


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
    markup: str = "rst",
    leave_out: frozenset[str] = frozenset(),
) -> str:
    """The page comparing ``left`` with ``right``: reStructuredText, or MyST Markdown when
    ``markup`` is ``"md"``. No note for the parameters in ``leave_out`` (the set's
    :func:`common_differences`, which ``apidiff_ignore`` may take once for every page).

    ``comparison`` None (a side could not be read): the page holds the directive and a comment
    saying why (``reason``), no notes; the build will say it too.
    """
    words = _phrases(lang)
    left_label, right_label = side_labels(left, right, None, None, None)
    heading = title or words["title"].format(left=left, right=right)
    md = markup == "md"
    text = _md_text if md else _text
    notes: list[tuple[str, str]] = []  # (parameter, placeholder)
    if comparison is not None:
        tight = not lang.startswith("en")
        catalog = _catalog(lang)
        describer = Describer(
            left_label,
            right_label,
            gettext=catalog.gettext,
            ngettext=catalog.ngettext,
            language=lang,
            text=text,
            code=_md_code if md else lambda value: _code(value, tight=tight),
        )
        for row in comparison.changed_rows:
            param = row.left or row.right
            assert param is not None
            if _one_sided(row) and param.name in leave_out:
                continue
            note = words["note"].format(
                left_label=text(left_label), summary=describer.row_summary(row)
            )
            notes.append((param.name, note))
    unread = None
    if comparison is None:
        unread = words["unread"].format(reason=" ".join((reason or "?").split()))
    modules = list(dict.fromkeys(_module_of(p) for p in (left, right)))
    imports = [f"import {module}" for module in modules]
    if md:
        return _md_page(
            heading=_md_text(heading),
            directive=f"{left} {right}",
            notes=notes,
            unread=unread,
            code=[*imports, "", words["example"]],
        )
    lines = [_heading(heading), "=" * _width(_heading(heading)), ""]
    lines += [f".. apidiff:: {left} {right}", ""]
    if unread is not None:
        lines += [f"   .. {unread}", ""]
    for name, note in notes:
        lines += [f"   .. apidiff-note:: {name}", "", f"      {note}", ""]
    lines += ["   .. apidiff-example::", ""]
    lines += [f"      {line}" if line else "" for line in [*imports, "", words["example"]]]
    return "\n".join([*lines, ""])


def _md_page(
    *,
    heading: str,
    directive: str,
    notes: list[tuple[str, str]],
    unread: str | None,
    code: list[str],
) -> str:
    """The MyST page: the notes and the example are fences inside a longer ``apidiff`` fence."""
    lines = [f"# {heading}", "", f"````{{apidiff}} {directive}"]
    if unread is not None:
        lines += [f"% {unread}", ""]
    for name, note in notes:
        lines += [f"```{{apidiff-note}} {name}", note, "```", ""]
    lines += ["```{apidiff-example}", *code, "```", "````", ""]
    return "\n".join(lines)


@dataclass(frozen=True)
class Page:
    """One page to write: where, and what."""

    path: Path
    text: str
    #: The problem found while reading its APIs (the page is written anyway), if any.
    problem: str | None = None


def _read(left: str, right: str) -> tuple[Comparison | None, str | None]:
    """The comparison of ``left`` and ``right``, or ``None`` and why not."""
    from . import compare

    check_dotted(left, "LEFT")
    check_dotted(right, "RIGHT")
    try:
        return compare(left, right), None
    except ApiDiffError as exc:
        return None, str(exc)


def new_page(
    left: str, right: str, *, lang: str = "en", title: str | None = None, markup: str = "rst"
) -> Page:
    """Read and compare ``left`` and ``right`` and lay out their page (path left empty)."""
    comparison, problem = _read(left, right)
    text = page_text(left, right, comparison, lang=lang, title=title, reason=problem, markup=markup)
    return Page(Path(), text, problem)


def _one_sided(row) -> bool:
    """A parameter only one side has, not ``*args``/``**kwargs`` (those say what the other
    side may absorb: never a candidate for ``apidiff_ignore``)."""
    param = row.left or row.right
    one_side = {Change.ONLY_LEFT, Change.ONLY_RIGHT} & set(row.changes)
    return bool(one_side) and param is not None and not param.kind.variadic


def common_differences(comparisons: Iterable[Comparison | None]) -> tuple[str, ...]:
    """Parameters only one side has, in at least two different APIs and on at least half of
    the pages (``device`` and ``dtype`` of every PyTorch module): noise a project leaves out
    once, with ``apidiff_ignore``, rather than explain on every page. Renamed or changed
    parameters are never among them: those differences are what the pages are for; and one
    API on several pages counts once."""
    read = [c for c in comparisons if c is not None]
    having: dict[str, set[str]] = {}  # parameter name -> the APIs that have it alone
    for comparison in read:
        for row in comparison.rows:
            if _one_sided(row):
                api = comparison.left if row.left is not None else comparison.right
                having.setdefault((row.left or row.right).name, set()).add(api.path)  # type: ignore[union-attr]
    return tuple(
        sorted(n for n, apis in having.items() if len(apis) >= 2 and 2 * len(apis) >= len(read))
    )


def _file_name(row: PairRow, taken: set[str]) -> PurePosixPath:
    if row.file:
        return file_for(row.file, "file")
    name = PurePosixPath(f"{row.left}.rst")
    if name.with_suffix("").as_posix() in taken:
        name = PurePosixPath(f"{row.left}--{row.right}.rst")
    return name


def pages_from_csv(
    text: str, outdir: Path, *, lang: str = "en", source: str = "the CSV"
) -> list[Page]:
    """A page per CSV row and ``index.rst`` (toctree and summary), all under ``outdir``
    (``source`` names the CSV in messages)."""
    return page_set(text, outdir, lang=lang, source=source)[0]


def page_set(
    text: str, outdir: Path, *, lang: str = "en", source: str = "the CSV"
) -> tuple[list[Page], tuple[str, ...]]:
    """The pages of :func:`pages_from_csv`, and the set's :func:`common_differences`, for
    which the pages hold no notes."""
    _phrases(lang)
    planned: list[tuple[PairRow, PurePosixPath]] = []
    taken: set[str] = {"index"}
    for row in read_pairs(text, source):
        name = _file_name(row, taken)
        docname = name.with_suffix("").as_posix()
        if docname in taken:
            whose = "the index page's" if docname == "index" else "another row's page"
            raise ApiDiffError(
                f"{source}, line {row.line}: {docname!r} is {whose}: give this row its own "
                "file (the file column)"
            )
        taken.add(docname)
        planned.append((row, name))
    read = [_read(row.left, row.right) for row, _ in planned]
    common = common_differences(comparison for comparison, _ in read)
    pages: list[Page] = []
    for (row, name), (comparison, problem) in zip(planned, read, strict=True):
        markup = "md" if name.suffix == ".md" else "rst"
        text = page_text(
            row.left,
            row.right,
            comparison,
            lang=lang,
            title=row.title,
            reason=problem,
            markup=markup,
            leave_out=frozenset(common),
        )
        pages.append(Page(inside(outdir, name), text, problem))
    docnames = [p.path.relative_to(outdir).with_suffix("").as_posix() for p in pages]
    pages.append(Page(outdir / "index.rst", index_page(docnames, lang=lang)))
    return pages, common


def index_page(docnames: Iterable[str], *, lang: str = "en") -> str:
    words = _phrases(lang)
    title = words["index_title"]
    lines = [title, "=" * _width(title), "", words["index_intro"], "", ".. apidiff-summary::", ""]
    lines += [".. toctree::", "   :maxdepth: 1", "   :hidden:", ""]
    lines += [f"   {doc}" for doc in docnames]
    return "\n".join([*lines, ""])


def conf_text(*, lang: str = "en", myst: bool = False, ignore: Iterable[str] = ()) -> str:
    """A ``conf.py`` for a folder of new pages that has none: the extensions they need, and
    ``apidiff_ignore`` for the set's :func:`common_differences` (``ignore``), commented out."""
    ignore = list(ignore)
    suggestion = (
        [
            f"# {', '.join(ignore)}: only on one side on most of these pages, and the pages",
            "# hold no note for them. If they never matter to a reader, leave them out of",
            "# every comparison (until then, each is warned about as undocumented):",
            f"# apidiff_ignore = {json.dumps(ignore)}",
            "",
        ]
        if ignore
        else []
    )
    extensions = ["sphinx_apidiff", "sphinx_design", *(["myst_parser"] if myst else [])]
    lang = lang.replace("-", "_")
    return "\n".join(
        [
            "# Sphinx configuration written by `sphinx-apidiff new`: edit it freely.",
            "# https://www.sphinx-doc.org/en/master/usage/configuration.html",
            "",
            f"project = {json.dumps(_phrases(lang)['index_title'], ensure_ascii=False)}",
            f"extensions = {json.dumps(extensions)}",
            f"language = {json.dumps(lang)}",
            'exclude_patterns = ["_build"]',
            "",
            '# How each package is named on the pages, e.g. {"torch": "PyTorch"}',
            "apidiff_labels = {}",
            "",
            *suggestion,
        ]
    )


def _project_folder(folder: Path) -> Path | None:
    """The nearest folder from ``folder`` up that holds a ``conf.py``."""
    for candidate in [folder, *folder.absolute().parents]:
        if (candidate / "conf.py").is_file():
            return candidate
    return None


def write_pages(
    pages: Iterable[Page], *, force: bool = False, inside: Path | None = None
) -> list[Path]:
    """Write every page that is new or would change, or none, and return those written. A
    file that already holds the page's text is left as it is (running the same command
    twice is a no-op); a file that would change stops it all unless ``force``, and the
    message names those files. With ``inside``, a page whose path leaves that folder (a
    link in it pointing elsewhere, ``..``) stops it all."""
    pages = list(pages)
    for page in pages:
        if page.path.is_dir():
            raise ApiDiffError(f"{page.path} is a folder: name the file to write")
        blocked = next((p for p in page.path.parents if p.exists() and not p.is_dir()), None)
        if blocked is not None:
            raise ApiDiffError(f"cannot write {page.path}: {blocked} is a file, not a folder")
        if inside is not None and not _stays_inside(page.path, inside):
            raise ApiDiffError(f"cannot write {page.path}: it is outside {inside} (a link?)")
    changed = [p for p in pages if not _holds(p.path, p.text)]
    existing = [p.path for p in changed if p.path.exists() or p.path.is_symlink()]
    if existing and not force:
        shown = ", ".join(str(p) for p in existing[:5]) + (" ..." if len(existing) > 5 else "")
        count = f"{len(existing)} file{'s' * (len(existing) != 1)}"
        raise ApiDiffError(f"not overwriting {count} that would change: {shown} (pass --force)")
    for page in changed:
        try:
            page.path.parent.mkdir(parents=True, exist_ok=True)
            if page.path.is_symlink():  # replace the link, never write through it
                page.path.unlink()
            page.path.write_text(page.text, encoding="utf-8")
        except OSError as exc:
            raise ApiDiffError(f"cannot write {page.path}: {exc.strerror or exc}") from None
    return [p.path for p in changed]


def _holds(path: Path, text: str) -> bool:
    """Whether ``path`` is a file (not a link) that holds ``text`` already."""
    try:
        return not path.is_symlink() and path.read_bytes() == text.encode("utf-8")
    except OSError:
        return False


def _stays_inside(path: Path, folder: Path) -> bool:
    """Whether ``path``'s folder, links followed, is ``folder`` or inside it."""
    root = folder.resolve()
    parent = path.parent.resolve()
    return parent == root or root in parent.parents


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


def _read_csv(name: str) -> str:
    try:
        raw = Path(name).read_bytes()
    except OSError as exc:
        raise ApiDiffError(f"cannot read {name}: {exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ApiDiffError(
            f"cannot read {name}: line {line} is not UTF-8 (byte {raw[exc.start]:#04x}); "
            "save the CSV as UTF-8"
        ) from None


def _next_steps(
    outdir: Path, pages: list[Page], lang: str, common: tuple[str, ...] = ()
) -> tuple[list[Page], list[str]]:
    """``conf.py`` to write when neither ``outdir`` nor a folder above it has one, and the
    lines saying what to run next (and what ``apidiff_ignore`` could hold: ``common``)."""
    myst = any(p.path.suffix == ".md" for p in pages)
    project = _project_folder(outdir)
    extra: list[Page] = []
    suggest: list[str] = []
    if project is None:
        project = outdir
        extra.append(Page(outdir / "conf.py", conf_text(lang=lang, myst=myst, ignore=common)))
    if common:
        suggest.append(
            f"suggestion: {', '.join(common)} are only on one side on most pages, and the "
            f"pages hold no note for them: if they never matter, set apidiff_ignore = "
            f"{json.dumps(list(common))} in {project / 'conf.py'}"
            + (" (written there, commented out)" if extra else "")
        )
    build = shlex.join(["sphinx-build", "-b", "html", str(project), str(project / "_build/html")])
    if project.absolute() == outdir.absolute():
        lines = [f"next: {build}"]
    else:
        index = (outdir / "index").absolute().relative_to(project.absolute()).as_posix()
        lines = [f"next: list {index} in a toctree of {project}, then: {build}"]
    if myst and importlib.util.find_spec("myst_parser") is None:
        lines.append("the .md pages need MyST-Parser: pip install myst-parser")
    return extra, suggest + lines


def run_new(args) -> int:
    """Run ``sphinx-apidiff new``; :class:`ApiDiffError` for bad input (the CLI says it)."""
    import sys

    after: list[str] = []
    if args.csv:
        if args.left or args.right:
            raise ApiDiffError("give either LEFT RIGHT or --from CSV, not both")
        if not args.output:
            raise ApiDiffError("--from needs -o DIR, the folder to write the pages in")
        outdir = Path(args.output)
        if outdir.exists() and not outdir.is_dir():
            raise ApiDiffError(f"-o {args.output}: not a folder (with --from, -o is the folder)")
        text = _read_csv(args.csv)
        pages, common = page_set(text, outdir, lang=args.lang, source=args.csv)
        extra, after = _next_steps(outdir, pages, args.lang, common)
        pages += extra
    else:
        if not (args.left and args.right):
            raise ApiDiffError("new needs LEFT and RIGHT dotted paths, or --from CSV")
        markup = "md" if args.output and args.output.endswith(".md") else "rst"
        page = new_page(args.left, args.right, lang=args.lang, markup=markup)
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
    for line in after:
        print(line)
    return 0
