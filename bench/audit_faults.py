"""Seeded faults for the audit: copies of a page, each with one known fault, and the finding
(code and line) the audit should give for it. Used by ``bench_audit.py`` (on the development
pages) and by ``tests/packaging/test_audit.py`` (on pages the test writes).

Each fault is placed through what the reader found (a row's line, a parameter's line in the
printed signature, the title...), never by a page's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sphinx_apidiff.migrate import read_page
from sphinx_apidiff.migrate.paddle import CATEGORIES
from sphinx_apidiff.migrate.printed import read_printed

__all__ = ["Fault", "faults"]


@dataclass(frozen=True)
class Fault:
    kind: str
    text: str
    codes: tuple[str, ...]
    line: int
    #: The top-level package the fault's API belongs to.
    package: str = ""


def _replace_line(lines: list[str], line: int, old: str, new: str) -> str | None:
    text = lines[line - 1]
    pattern = re.compile(rf"(?<![\w.]){re.escape(old)}(?![\w])")
    if not pattern.search(text):
        return None
    out = list(lines)
    out[line - 1] = pattern.sub(new, text, count=1)
    return "\n".join(out) + "\n"


def faults(fmt: str, text: str) -> list[Fault]:
    """One copy of ``text`` per fault that applies to it."""
    page = read_page(fmt, text)
    lines = text.splitlines()
    found: list[Fault] = []
    if not page.pairs:
        return found
    pair = page.pairs[0]
    left = pair.left
    printed = read_printed(left.signature) if left.signature is not None else None
    params = printed.overloads[0].parameters if printed and printed.overloads else ()
    names = {p.name for p in params}
    mentioned_by_notes = {n for note in page.notes for n in note.parameters}
    rows = [r for r in pair.rows if r.group == "parameter" and len(r.left) == 1]

    # rename a row's parameter
    for row in rows:
        if row.left[0] in names:
            new = _replace_line(lines, row.line, row.left[0], row.left[0] + "q")
            if new:
                found.append(
                    Fault(
                        "rename-row",
                        new,
                        ("row-unknown-parameter", "row-not-in-signature"),
                        row.line,
                    )
                )
                break
    # delete a row
    for row in rows:
        name = row.left[0]
        others = [r for r in pair.rows if r is not row and name in (*r.left, *r.right)]
        if name in names and name not in mentioned_by_notes and not others:
            out = lines[: row.line - 1] + lines[row.line :]
            found.append(
                Fault(
                    "delete-row", "\n".join(out) + "\n", ("parameter-without-row",), pair.table_line
                )
            )
            break
    # change a printed default
    for param in params:
        if param.default is None or not param.default_known or left.signature is None:
            continue
        line = left.signature.parameter_line(param.name)
        written = lines[line - 1]
        m = re.search(rf"(?<![\w.]){re.escape(param.name)}\s*=\s*", written)
        if m is None or not written[m.end() :].startswith(param.default):
            continue
        changed = written[: m.end()] + "12345" + written[m.end() + len(param.default) :]
        out = list(lines)
        out[line - 1] = changed
        found.append(Fault("change-default", "\n".join(out) + "\n", ("signature-default",), line))
        break
    # swap the category (the formats that state one)
    if fmt == "paddle" and page.category in CATEGORIES and CATEGORIES[page.category]:
        new_label = "参数完全一致" if page.category != "参数完全一致" else "torch 参数更多"
        title = lines[page.title_line - 1]
        if page.category in " ".join(title.split()) and pair.right is not None:
            swapped = re.sub(r"\[\s*[^\]]*?\s*\]", f"[ {new_label} ]", title, count=1)
            out = list(lines)
            out[page.title_line - 1] = swapped
            found.append(
                Fault(
                    "swap-category", "\n".join(out) + "\n", ("category-disagrees",), page.title_line
                )
            )
    # misspell an API (the side's heading or card)
    if "." in left.api:
        head, _, last = left.api.rpartition(".")
        wrong = f"{head}.{last[:-1] or last}{last[-1]}z"
        new = _replace_line(lines, left.line, left.api, wrong)
        if new:
            found.append(
                Fault("misspell-api", new, ("api-missing",), left.line, left.api.split(".")[0])
            )
    # add a colon to a code-block directive (reStructuredText)
    if fmt == "megengine":
        for block in page.examples:
            if block.problem:
                continue
            for k in range(block.line - 1, 0, -1):
                if re.match(r"^\s*\.\.\s+code-block::\s", lines[k - 1] + " "):
                    out = list(lines)
                    out[k - 1] = out[k - 1].replace("code-block::", "code-block:::", 1)
                    found.append(
                        Fault(
                            "code-block-colon",
                            "\n".join(out) + "\n",
                            ("example-invisible",),
                            block.line,
                        )
                    )
                    break
            break
    return found
