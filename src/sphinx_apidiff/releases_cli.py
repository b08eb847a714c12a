"""``sphinx-apidiff overview OLD NEW``: the migration overview between two releases of one
module, as text or JSON (:mod:`.releases`). Registered on the CLI by :func:`add_overview_command`;
``sphinx-apidiff diff`` reads a side at a release through :func:`~.introspect.read_api`
(``numpy.linspace@1.26.4``).

No Sphinx here. Bad input is an :class:`~.api.ApiDiffError` the CLI prints as one line.
"""

from __future__ import annotations

import argparse
import json

from .releases import KINDS, Overview, overview_of

__all__ = ["add_overview_command", "render_overview", "run_overview"]

_SIDE_HELP = "PACKAGE (installed), PACKAGE==VERSION, or MODULE@RELEASE (a version, git:REF, a path)"


def add_overview_command(sub) -> None:
    """``sphinx-apidiff overview``: registered on the CLI's subparsers."""
    cmd = sub.add_parser(
        "overview",
        help="what a module's public members did between two releases, e.g. "
        "'sphinx-apidiff overview numpy==1.26.4 numpy'",
        description="List every public member of a module removed, renamed, moved, changed "
        "(its call differs) or added between two releases. A release that is not installed "
        "is read from its source without importing it: fetched once from the package index "
        "with pip (PACKAGE==VERSION), from a wheel, sdist or folder (MODULE@PATH) or a git "
        "ref of the repository here (MODULE@git:REF), and kept in the user's cache.",
    )
    cmd.add_argument("old", metavar="OLD", help=_SIDE_HELP)
    cmd.add_argument("new", metavar="NEW", help=_SIDE_HELP)
    cmd.add_argument("--json", action="store_true", help="print the overview as JSON")
    cmd.add_argument(
        "--types",
        action="store_true",
        help="a callable whose annotations alone differ is changed too "
        "(by default it is counted as retyped)",
    )
    cmd.add_argument(
        "--submodules",
        action="store_true",
        help="the members of the module's public submodules too, each by its own path",
    )
    cmd.add_argument(
        "--class-members",
        action="store_true",
        help="list the public members of classes too (methods, attributes)",
    )


def render_overview(overview: Overview) -> str:
    """The overview as plain text: a heading per kind with its count, a member per line."""
    lines = [
        f"{overview.module}: {overview.old.describe()}",
        f"{' ' * len(overview.module)}  -> {overview.new.describe()}",
        "",
    ]
    for kind in KINDS:
        changes = overview.of_kind(kind)
        lines.append(f"{kind} ({len(changes)})")
        for change in changes:
            head = f"  {change.path}"
            if change.to:
                head += f" -> {change.to}"
            lines.append(head)
            lines.extend(f"      {text}" for text in change.differences)
            if change.note:
                lines.append(f"      note: {change.note}")
            if change.deprecated_place:
                place = change.deprecated_place
                lines.append(
                    f"      still reachable as {place.path}, in the deprecated module "
                    f"{place.module} ({place.source})"
                )
        lines.append("")
    unchanged = f"unchanged: {overview.unchanged}"
    if overview.retyped:
        unchanged += f" ({overview.retyped} of them with other annotations only)"
    lines.append(unchanged)
    return "\n".join(lines)


def run_overview(args: argparse.Namespace) -> int:
    overview = overview_of(
        args.old,
        args.new,
        class_members=args.class_members,
        submodules=args.submodules,
        types=args.types,
    )
    if args.json:
        print(json.dumps(overview.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(render_overview(overview))
    return 0
