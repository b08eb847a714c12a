"""``sphinx-apidiff export --format paddle-mappings APIDIFF_JSON``: a build's export
(``apidiff.json``) written again in the shape another team's tooling reads
(:mod:`.export_paddle`: PaddlePaddle's ``docs_mappings.json``).

No Sphinx here. Exit 0 when written (or printed), 2 with a one-line reason for bad input: no
such file, a file that is not an ``apidiff.json`` of format 2, a ``--reference-url`` that is
not ``PACKAGE=TEMPLATE``, an existing file that would change without ``--force``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .api import ApiDiffError
from .export import EXPORT_FORMAT
from .export_paddle import dumps_mappings, paddle_mappings
from .links import check_url_template
from .scaffold import Page, write_pages

__all__ = ["add_export_command", "read_export", "run_export"]

#: The shapes ``export`` writes.
EXPORT_SHAPES = ("paddle-mappings",)
#: The file a build writes into its output folder (:confval:`apidiff_export`).
EXPORT_NAME = "apidiff.json"


def add_export_command(sub) -> None:
    cmd = sub.add_parser(
        "export",
        help="write a build's apidiff.json in another tool's format (paddle-mappings)",
        description="Read the apidiff.json a build wrote (or the build's output folder) and "
        "write it in another tool's format: paddle-mappings is PaddlePaddle's "
        "docs_mappings.json, which its code converter PaConvert reads.",
    )
    cmd.add_argument(
        "source",
        metavar="APIDIFF_JSON",
        help="the build's apidiff.json, or the output folder that holds it",
    )
    cmd.add_argument("--format", required=True, choices=EXPORT_SHAPES, help="paddle-mappings")
    cmd.add_argument("-o", "--output", metavar="FILE", help="the file to write (default: print)")
    cmd.add_argument(
        "--reference-url",
        action="append",
        default=[],
        metavar="PACKAGE=TEMPLATE",
        help="the URL of a package's API pages, as apidiff_reference_urls writes it "
        "(e.g. 'torch=https://pytorch.org/docs/stable/generated/{path}.html'); repeatable",
    )
    cmd.add_argument("--force", action="store_true", help="overwrite a file that would change")


def read_export(source: str | Path) -> dict:
    """The export document at ``source`` (the file, or the folder that holds
    ``apidiff.json``). Raises :class:`ApiDiffError` with a one-line reason."""
    path = Path(source)
    if path.is_dir():
        path = path / EXPORT_NAME
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise ApiDiffError(f"{path}: no such file (build the project first)") from None
    except OSError as exc:
        raise ApiDiffError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        raise ApiDiffError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ApiDiffError(f"{path}: not JSON (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(document, dict) or not isinstance(document.get("pairs"), list):
        raise ApiDiffError(f"{path}: not an apidiff.json export (no list of pairs)")
    if document.get("format") != EXPORT_FORMAT:
        raise ApiDiffError(
            f"{path}: export format {document.get('format')!r}; this version reads format "
            f"{EXPORT_FORMAT} (build the project again)"
        )
    return document


def _templates(items: list[str]) -> dict[str, str]:
    templates = {}
    for item in items:
        package, sep, template = item.partition("=")
        if not sep or not package or not template:
            raise ApiDiffError(f"--reference-url {item!r}: expected PACKAGE=TEMPLATE")
        try:
            check_url_template(template)
        except ValueError as exc:
            raise ApiDiffError(f"--reference-url {item!r}: {exc}") from None
        templates[package] = template
    return templates


def run_export(args) -> int:
    templates = _templates(args.reference_url)
    document = read_export(args.source)
    try:
        result = paddle_mappings(document, templates)
    except (KeyError, TypeError, AttributeError) as exc:
        raise ApiDiffError(
            f"{args.source}: a pair lacks what format {EXPORT_FORMAT} has ({exc!r})"
        ) from None
    for page, api, why in result.left_out:
        print(f"sphinx-apidiff: warning: {page}: {api} left out: {why}", file=sys.stderr)
    text = dumps_mappings(result.entries)
    if not args.output:
        sys.stdout.write(text)
        return 0
    written = write_pages([Page(Path(args.output), text)], force=args.force)
    entries = len(result.entries)
    state = "written" if written else "unchanged"
    print(f"{entries} mapping{'s' * (entries != 1)} {state}: {args.output}")
    return 0
