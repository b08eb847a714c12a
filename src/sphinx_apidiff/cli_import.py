"""``sphinx-apidiff import FORMAT SRC -o OUT``: a team's hand-written set written again as
pages with ``apidiff`` directives (:mod:`.migrate.convert`: MyST; :mod:`.migrate.convert_rst`:
rst for MegEngine), one page per input page at the same relative path, with
``OUT/import-report.json`` (what became of each part), an index page (the team's index, when
``SRC`` holds one: :mod:`.migrate.project`) and, when ``OUT`` has none, a ``conf.py``.

No Sphinx here.

Exit status: 0 when written (or nothing to do: every page already converted, every file
already as it would be written); 1 when written but some pages of the folder could not be
read (each is in the report with its reason); 2 with a one-line reason for bad input, and
nothing written then: no such ``SRC``, a single file that is not a comparison page of the
format or cannot be read, a folder with no page to convert, ``OUT`` inside ``SRC`` or not a
folder, a file that would change without ``--force``, a path that would leave ``OUT``.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

from .api import Api, ApiDiffError
from .cli_common import add_snapshot_option, libraries_quiet, snapshot_from
from .migrate import SUFFIXES, read_page
from .migrate.audit import Libraries
from .migrate.convert import convert_markdown
from .migrate.convert_rst import convert_rst
from .migrate.indexes import Index, is_index, read_index
from .migrate.project import ImportedPage, import_project, relink
from .migrate.source import (
    Input,
    already_converted,
    find_inputs,
    is_comparison_page,
    read_text,
)
from .migrate.syntax import SYNTAXES
from .scaffold import Page, conf_text, index_page, write_pages

__all__ = ["add_import_command", "import_set", "run_import"]

#: The formats the importer writes so far.
IMPORT_FORMATS = ("megengine", "mindspore", "paddle")
REPORT = "import-report.json"
#: The copy of ``--snapshot`` in OUT.
SNAPSHOT = "apidiff-signatures.json"
#: What the report says of a page that is already an ``apidiff`` page.
ALREADY_CONVERTED = "already converted (an apidiff page, or an earlier import's output)"


def add_import_command(sub) -> None:
    cmd = sub.add_parser(
        "import",
        help="convert a team's hand-written comparison pages to apidiff pages",
        description="Write every page of FORMAT under SRC again, at the same relative path "
        "under OUT, as a page with apidiff directives (MyST, or rst for megengine), plus "
        "OUT/import-report.json, an index page and (when OUT has none) a conf.py. A file "
        "already as it would be written is left alone; one that would change needs --force.",
    )
    cmd.add_argument(
        "format", metavar="FORMAT", choices=IMPORT_FORMATS, help="|".join(IMPORT_FORMATS)
    )
    cmd.add_argument("src", metavar="SRC", help="a page, or a folder read recursively")
    cmd.add_argument("-o", "--output", required=True, metavar="OUT", help="the folder to write")
    cmd.add_argument(
        "--force", action="store_true", help="overwrite existing files that would change"
    )
    add_snapshot_option(
        cmd, f"OUT gets a copy ({SNAPSHOT}), named in the conf.py the import writes"
    )


def _live(libraries: Libraries):
    def names(path: str) -> set[str] | None:
        package = path.split(".", 1)[0]
        if not path or "." not in path:
            return None
        api = libraries.read(path) if libraries.installed(package) else libraries.recorded(path)
        if not isinstance(api, Api):
            return None
        return {p.name for sig in api.overloads for p in sig.parameters}

    return names


def _count(report: dict, key: str) -> int:
    """How many files of the report have ``key`` (``output``, ``skipped``, ``error``)."""
    return sum(1 for entry in report["pages"] if key in entry)


def _check_places(root: Path, target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise ApiDiffError(f"{target}: OUT is a file, not a folder")
    resolved = target.resolve()
    if resolved == root.resolve() or root.resolve() in resolved.parents:
        raise ApiDiffError(f"{target}: OUT must not be inside SRC ({root})")


def earlier_outputs(src: Path) -> set[Path]:
    """The pages an earlier import wrote, as the nearest ``import-report.json`` at or above
    ``src`` lists them (resolved paths), with the index pages it writes (the folders' too):
    already converted, whatever they hold (a page with no counterpart API, a toctree hold no
    ``apidiff`` directive)."""
    folder = (src if src.is_dir() else src.parent).resolve()
    for place in (folder, *folder.parents):
        report = place / REPORT
        if not report.is_file():
            continue
        try:
            data = json.loads(report.read_bytes().decode("utf-8"))
            written = [e["output"] for e in data.get("pages", []) if "output" in e]
            index = data.get("index") or {}
            written += [index["output"]] if "output" in index else []
            written += [folder["output"] for folder in data.get("folders", [])]
        except (OSError, ValueError, AttributeError, TypeError, KeyError):
            return set()  # not a report of ours: no page is known to be converted
        return {(place / path).resolve() for path in [*written, "index.rst", "index.md"]}
    return set()


def _convert(
    fmt: str, source: Input, live, done: set[Path]
) -> tuple[dict | Index, str | None, ImportedPage | None]:
    """The report entry of one file, the page's new text and what the project needs of it
    (None, None: not converted); or the team's index, read."""
    relative = source.relative
    text = read_text(source.path)  # ApiDiffError: the caller decides
    if already_converted(text) or source.path.resolve() in done:
        return {"page": relative, "skipped": ALREADY_CONVERTED}, None, None
    try:
        if is_index(fmt, text):
            return read_index(fmt, text, relative), None, None
        page = read_page(fmt, text, relative)
        if not is_comparison_page(page):
            return {"page": relative, "skipped": f"not a {fmt} comparison page"}, None, None
        converted = (convert_rst if fmt == "megengine" else convert_markdown)(page, live)
    except Exception as exc:  # a reader's bug is this page's problem, not the whole set's
        raise ApiDiffError(
            f"{source.path}: the {fmt} reader failed ({type(exc).__name__}: {exc}); "
            "please report it"
        ) from None
    output = PurePosixPath(relative).with_suffix(SYNTAXES[fmt].suffix)
    entry = {"page": relative, "output": str(output), "parts": converted.parts}
    return entry, converted.text, ImportedPage.of(page, str(output.with_suffix("")), entry["parts"])


def import_set(
    fmt: str, src: str | Path, out: str | Path, snapshot: str | Path | None = None
) -> tuple[list[Page], dict]:
    """The pages to write and the report (nothing is written here). Raises
    :class:`ApiDiffError` for bad input (see the module's docstring). With a ``snapshot``
    file, an API of a library not installed here is what it recorded (the notes go to the
    parameters it names), and OUT gets a copy that its ``conf.py`` names, so that the build
    reads the same sides."""
    root, target = Path(src), Path(out)
    _check_places(root, target)
    recorded = snapshot_from(str(snapshot)) if snapshot is not None else None
    inputs, skipped = find_inputs(SUFFIXES[fmt], fmt, root)
    libraries = Libraries(recorded)
    live = _live(libraries)
    done = earlier_outputs(root)
    indexes: list[Index] = []
    imported: list[ImportedPage] = []
    pages: list[Page] = []
    report: dict = {"format": fmt, "pages": []}
    entries = report["pages"]
    entries += [{"page": s.relative, "skipped": s.reason} for s in skipped]
    for source in inputs:  # sorted by their path: the report's order
        try:
            entry, text, one = _convert(fmt, source, live, done)
        except ApiDiffError as exc:
            if root.is_file():
                raise
            entries.append({"page": source.relative, "error": str(exc)})
            continue
        if isinstance(entry, Index):
            indexes.append(entry)
            continue
        if root.is_file() and text is None and entry["skipped"] != ALREADY_CONVERTED:
            raise ApiDiffError(f"{root}: {entry['skipped']}")
        entries.append(entry)
        if text is not None and one is not None:
            pages.append(Page(target / entry["output"], text))
            imported.append(one)
    entries.sort(key=lambda e: e["page"])
    if not pages and not indexes:
        if entries and all(e.get("skipped") == ALREADY_CONVERTED for e in entries):
            return pages, report  # nothing to do
        raise ApiDiffError(f"{root}: no {fmt} comparison page to convert ({_tally(entries)})")
    if fmt == "megengine":  # a :ref: to the rest of the team's site would not resolve here
        converted = [e for e in entries if "output" in e]  # the order of ``pages``
        for k, (text, parts) in enumerate(relink([p.text for p in pages], imported, indexes)):
            pages[k] = Page(pages[k].path, text)
            converted[k]["parts"] = converted[k]["parts"] + parts
    names = [s.relative for s in inputs if s.path.resolve() not in done]
    names += [s.relative for s in skipped]  # no folder index takes the name of SRC's page
    taken = [str(PurePosixPath(name).with_suffix("")) for name in names]
    project = import_project(fmt, indexes, imported, libraries, taken)
    pages += [Page(target / path, text) for path, text in project.files]
    report["folders"] = project.folders
    if project.report:
        report["index"] = project.report
    else:
        pages.append(Page(target / "index.rst", index_page(project.toc, lang="zh_CN")))
    settings = list(project.conf)
    if snapshot is not None:
        pages.append(Page(target / SNAPSHOT, Path(snapshot).read_text(encoding="utf-8")))
        settings += [
            "# the sides of a library not installed where the site is built",
            f"apidiff_signature_snapshot = {json.dumps(SNAPSHOT)}",
            "",
        ]
    conf = conf_text(lang="zh_CN", myst=fmt != "megengine") + "\n".join(settings)
    existing = target / "conf.py"
    if not existing.exists() or _same_text(existing, conf):  # ours, from an earlier run
        pages.append(Page(existing, conf))
    else:
        parser = "myst_parser, " if fmt != "megengine" else ""
        needed = "".join(f"; {ln}" for ln in settings if ln and not ln.startswith("#"))
        report["conf_py"] = (
            f"kept; it needs extensions {parser}sphinx_apidiff, sphinx_design{needed}"
        )
    _refuse_to_overwrite_inputs(pages, inputs)
    report_text = json.dumps(report, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    pages.append(Page(target / REPORT, report_text))
    return pages, report


def _same_text(path: Path, text: str) -> bool:
    try:
        return path.read_bytes() == text.encode("utf-8")
    except OSError:
        return False


def _refuse_to_overwrite_inputs(pages: list[Page], inputs: list[Input]) -> None:
    """OUT may hold SRC (``-o docs`` for ``docs/raw``): no page may land on an input page."""
    read = {source.path.resolve() for source in inputs}
    for page in pages:
        if page.path.resolve() in read:
            raise ApiDiffError(f"{page.path}: would overwrite a page of SRC; choose another OUT")


def _tally(entries: list[dict]) -> str:
    """``2 not a paddle comparison page, 1 not UTF-8``: why no file of a folder was converted."""
    reasons: dict[str, int] = {}
    for entry in entries:
        why = entry.get("skipped") or entry.get("error", "")
        why = why.split(": ", 1)[1] if "error" in entry and ": " in why else why
        reasons[why] = reasons.get(why, 0) + 1
    return "; ".join(f"{n} {why}" for why, n in reasons.items()) or "no file"


def run_import(args) -> int:
    with libraries_quiet():
        pages, report = import_set(args.format, args.src, args.output, args.snapshot)
    if not pages:
        print(f"nothing to import: every page of {args.src} is {ALREADY_CONVERTED}")
        return 0
    written = write_pages(pages, force=args.force, inside=Path(args.output))
    converted = _count(report, "output")
    failed = _count(report, "error")
    skipped = _count(report, "skipped")
    print(
        f"{converted} page{'s' * (converted != 1)} converted into {args.output}"
        + f" ({len(written)} file{'s' * (len(written) != 1)} written"
        + f", {len(pages) - len(written)} unchanged)"
        + (f", {skipped} skipped" if skipped else "")
        + (f", {failed} not read" if failed else "")
        + (f" (see {Path(args.output) / REPORT})" if skipped or failed else "")
        + f"; next: sphinx-build {args.output} {Path(args.output) / '_build' / 'html'}"
    )
    return 1 if failed else 0
