"""``sphinx-apidiff import FORMAT SRC -o OUT``: a team's hand-written set written again as
pages with ``apidiff`` directives (:mod:`.migrate.convert`: MyST; :mod:`.migrate.convert_rst`:
rst for MegEngine), one page per input page at the same relative path, with
``OUT/import-report.json`` (what became of each part), an index page (the team's index, when
``SRC`` holds one: :mod:`.migrate.project`) and, when ``OUT`` has none, a ``conf.py``.

No Sphinx here. Exit 0 when
written, 2 with a one-line reason for bad input (nothing is written then): no such ``SRC``, no
page in it, ``OUT`` inside ``SRC``, an existing file without ``--force``.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

from .api import Api, ApiDiffError
from .cli_audit import _pages, _read_text
from .migrate import read_page
from .migrate.audit import Libraries
from .migrate.convert import convert_markdown
from .migrate.convert_rst import convert_rst
from .migrate.indexes import is_index, read_index
from .migrate.project import ImportedPage, import_project, relink
from .migrate.syntax import SYNTAXES
from .scaffold import Page, conf_text, index_page, write_pages

__all__ = ["add_import_command", "import_set", "run_import"]

#: The formats the importer writes so far.
IMPORT_FORMATS = ("megengine", "mindspore", "paddle")
REPORT = "import-report.json"


def add_import_command(sub) -> None:
    cmd = sub.add_parser(
        "import",
        help="convert a team's hand-written comparison pages to apidiff pages",
        description="Write every page of FORMAT under SRC again, at the same relative path "
        "under OUT, as a page with apidiff directives (MyST, or rst for megengine), plus "
        "OUT/import-report.json, an index page and (when OUT has none) a conf.py.",
    )
    cmd.add_argument(
        "format", metavar="FORMAT", choices=IMPORT_FORMATS, help="|".join(IMPORT_FORMATS)
    )
    cmd.add_argument("src", metavar="SRC", help="a page, or a folder read recursively")
    cmd.add_argument("-o", "--output", required=True, metavar="OUT", help="the folder to write")
    cmd.add_argument("--force", action="store_true", help="overwrite existing files")


def _live(libraries: Libraries):
    def names(path: str) -> set[str] | None:
        package = path.split(".", 1)[0]
        if not path or "." not in path or not libraries.installed(package):
            return None
        api = libraries.read(path)
        if not isinstance(api, Api):
            return None
        return {p.name for sig in api.overloads for p in sig.parameters}

    return names


def import_set(fmt: str, src: str | Path, out: str | Path) -> tuple[list[Page], dict]:
    """The pages to write and the report (nothing is written here)."""
    root, target = Path(src), Path(out)
    if target.resolve() == root.resolve() or root.resolve() in target.resolve().parents:
        raise ApiDiffError(f"{target}: OUT must not be inside SRC ({root})")
    paths = _pages(fmt, root)
    libraries = Libraries()
    live = _live(libraries)
    indexes, imported = [], []
    pages: list[Page] = []
    report: dict = {"format": fmt, "pages": []}
    for path in paths:
        relative = path.name if root.is_file() else path.relative_to(root).as_posix()
        try:
            text = _read_text(path)
        except ApiDiffError as exc:
            if root.is_file():
                raise
            report["pages"].append({"page": relative, "error": str(exc)})
            continue
        if is_index(fmt, text):
            indexes.append(read_index(fmt, text, relative))
            continue
        page = read_page(fmt, text, relative)
        converted = (convert_rst if fmt == "megengine" else convert_markdown)(page, live)
        output = PurePosixPath(relative).with_suffix(SYNTAXES[fmt].suffix)
        pages.append(Page(target / output, converted.text))
        report["pages"].append({"page": relative, "output": str(output), "parts": converted.parts})
        imported.append(ImportedPage.of(page, str(output.with_suffix("")), converted.parts))
    docnames = [
        str(PurePosixPath(e["output"]).with_suffix("")) for e in report["pages"] if "output" in e
    ]
    if fmt == "megengine":  # a :ref: to the rest of the team's site would not resolve here
        entries = [e for e in report["pages"] if "output" in e]
        for k, (text, parts) in enumerate(relink([p.text for p in pages], imported, indexes)):
            pages[k], entries[k]["parts"] = Page(pages[k].path, text), entries[k]["parts"] + parts
    project = import_project(fmt, indexes, imported, libraries)
    pages += [Page(target / path, text) for path, text in project.files]
    if project.report:
        report["index"] = project.report
    else:
        pages.append(Page(target / "index.rst", index_page(docnames, lang="zh_CN")))
    if not (target / "conf.py").exists():
        conf = conf_text(lang="zh_CN", myst=fmt != "megengine") + "\n".join(project.conf)
        pages.append(Page(target / "conf.py", conf))
    else:
        parser = "myst_parser, " if fmt != "megengine" else ""
        settings = "".join(f"; {ln}" for ln in project.conf if ln and not ln.startswith("#"))
        report["conf_py"] = (
            f"kept; it needs extensions {parser}sphinx_apidiff, sphinx_design{settings}"
        )
    pages.append(
        Page(
            target / REPORT, json.dumps(report, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        )
    )
    return pages, report


def run_import(args) -> int:
    from .cli import _libraries_quiet

    with _libraries_quiet():
        pages, report = import_set(args.format, args.src, args.output)
    write_pages(pages, force=args.force)
    written = sum(1 for e in report["pages"] if "output" in e)
    failed = len(report["pages"]) - written
    print(
        f"{written} page{'s' * (written != 1)} written to {args.output}"
        + (f", {failed} not read (see {REPORT})" if failed else "")
        + f"; next: sphinx-build {args.output} {Path(args.output) / '_build' / 'html'}"
    )
    return 0
