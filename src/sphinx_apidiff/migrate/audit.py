"""Audit a hand-written page as it is: what it prints and tabulates against the installed
libraries (and against itself where a library is not installed).

Pure Python: no docutils, no Sphinx. One :class:`Finding` per problem, with the page's line.
Every check that needs a library runs only for a side whose package is installed; the checks
that need none (the page against its own printed signatures, its structure) always run.
Examples are parsed, not run.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources

from ..api import Api, ApiDiffError
from ..comparison import Comparison, compare_apis
from ..comparison.categories import DEFAULT_PRECEDENCE
from ..introspect import ImportFailed, read_api, resolve
from ..signature import Signature
from ..snapshot import Snapshot
from .common import on_instance
from .model import MappingRow, Page, Pair, Side
from .paddle import CATEGORIES as PADDLE_CATEGORIES
from .printed import PrintedReading, read_printed

__all__ = [
    "CODES",
    "PROFILES",
    "SEVERITIES",
    "Finding",
    "Libraries",
    "Profile",
    "audit_page",
    "load_schema",
    "summary",
]

#: Severities, lowest first.
SEVERITIES = ("info", "warning", "error")

#: Every finding code: its severity and what it means.
CODES: dict[str, tuple[str, str]] = {
    "not-installed": (
        "info",
        "a side's library is not installed: only the checks that need "
        "no library run for it (once per library and run)",
    ),
    "no-signature": ("info", "the library gives no signature for the API"),
    "not-a-comparison-page": ("info", "the file has neither a comparison title nor sides"),
    "page-unreadable": ("error", "a page of the folder that cannot be read (not UTF-8...)"),
    "page-skipped": ("info", "a file of the folder not read: a link to outside SRC or to nothing"),
    "unrecognised-construct": ("info", "a construct the reader does not know, by kind"),
    "api-missing": ("error", "the API path the page names does not exist in the library"),
    "signature-unparseable": ("error", "the printed signature cannot be read as Python"),
    "signature-names-other-api": (
        "error",
        "the printed signature is of another API than its heading",
    ),
    "signature-extra-parameter": (
        "error",
        "the printed signature has a parameter the library lacks",
    ),
    "signature-renamed": ("error", "the printed signature names a parameter differently"),
    "signature-missing-parameter": (
        "warning",
        "the library has a parameter the printed signature omits",
    ),
    "signature-default": ("warning", "a printed default differs from the library's"),
    "signature-kind": (
        "warning",
        "a printed parameter is passed differently (positional, keyword-only) in the library",
    ),
    "signature-order": ("warning", "the printed parameters are in another order"),
    "row-unknown-parameter": ("error", "a table row names a parameter the library lacks"),
    "row-not-in-signature": (
        "warning",
        "a table row names a parameter the page's printed "
        "signature lacks (its library is not installed)",
    ),
    "parameter-without-row": ("warning", "a parameter no row of the table mentions"),
    "difference-without-note": (
        "warning",
        "a difference no note explains: a row whose note is empty or '-' over a default, kind "
        "or order that differs; on a page with no table, a difference no note names",
    ),
    "note-unknown-parameter": (
        "warning",
        "a note's heading names a parameter no signature of the page has",
    ),
    "pairing-disputed": ("warning", "the engine pairs a parameter otherwise than the row"),
    "category-disagrees": (
        "warning",
        "the page's category is not the one its signatures show (under the team's perspective)",
    ),
    "category-unknown": ("error", "the category label is none of the format's"),
    "title-names-other-api": ("error", "the title names another API than the page compares"),
    "link-empty": ("warning", "a link without a target or without text"),
    "example-invisible": ("error", "an example the site does not show (a malformed directive)"),
    "example-syntax": ("warning", "an example that does not parse as Python"),
    "example-fails": (
        "error",
        "an example that fails when run (--run-examples): the failing statement, the exception",
    ),
}


@dataclass(frozen=True)
class Finding:
    page: str
    line: int
    code: str
    parameter: str | None = None
    page_says: str = ""
    library_says: str = ""

    @property
    def severity(self) -> str:
        return CODES[self.code][0]

    def to_dict(self) -> dict:
        return {
            "page": self.page,
            "line": self.line,
            "code": self.code,
            "severity": self.severity,
            "parameter": self.parameter,
            "page_says": self.page_says,
            "library_says": self.library_says,
        }


@dataclass(frozen=True)
class Profile:
    """A team's conventions: parameters each side never tabulates, the side its pages are
    read from, and its category labels with the engine's category each stands for."""

    ignore_right: tuple[str, ...] = ()
    perspective: str = "left"
    keyword_calls: str = "keyword-only"
    categories: dict[str, str | None] | None = None
    #: The pages have no parameter table: each difference should have a note instead.
    tables: bool = True


PROFILES = {
    # the format guide: "所有的 Paddle API 无需关注 name 参数"; calls pass optional ones by keyword
    "paddle": Profile(("name",), "left", "optional", PADDLE_CATEGORIES),
    "mindspore": Profile(),
    "megengine": Profile(tables=False),
}

#: Categories a signature can show; a page saying one of these is checked exactly.
_VISIBLE = (
    "no-parameters",
    "identical",
    "names-differ",
    "right-has-more",
    "defaults-differ",
    "left-has-more",
)
_DOTTED = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$")


class Libraries:
    """What the installed libraries say, asked once a run; which were reported missing.
    With a signature ``snapshot`` (:mod:`sphinx_apidiff.snapshot`), an API of a library that
    is not installed here is what the snapshot recorded of it (:meth:`recorded`)."""

    def __init__(self, snapshot: Snapshot | None = None) -> None:
        self._installed: dict[str, bool] = {}
        self._read: dict[str, Api | str | None] = {}
        self.reported: set[str] = set()
        self.snapshot = snapshot

    def recorded(self, path: str) -> Api | None:
        """The snapshot's entry for ``path`` as an API (source ``snapshot``), or None."""
        entry = self.snapshot.get(path) if self.snapshot is not None else None
        return entry.to_api(entry.package) if entry is not None else None

    def installed(self, package: str) -> bool:
        if package not in self._installed:
            try:
                spec = importlib.util.find_spec(package)
            except (ImportError, ValueError):
                spec = None
            # a folder of that name on the path (the pages' own ``paddle/``) is no library
            self._installed[package] = spec is not None and spec.origin not in (None, "namespace")
        return self._installed[package]

    def read(self, path: str) -> Api | str | None:
        """The live API, or a message (str) saying why not: ``"missing: ..."``,
        ``"unimportable: ..."``, ``"attribute"``, ``"no-signature: ..."``."""
        if path not in self._read:
            self._read[path] = self._read_one(path)
        return self._read[path]

    @staticmethod
    def _read_one(path: str) -> Api | str:
        try:
            obj, _owner, _module = resolve(path)
        except ImportFailed as exc:
            return f"unimportable: {exc}"
        except ApiDiffError as exc:
            return f"missing: {exc}"
        if not callable(obj):
            return "attribute"
        try:
            return read_api(path)
        except ApiDiffError as exc:
            return f"no-signature: {exc}"


def _explicit(path: str, overloads: tuple[Signature, ...]) -> Api:
    return Api(path, path.split(".", 1)[0], "explicit", "explicit", overloads)


class _PageAudit:
    def __init__(self, page: Page, libraries: Libraries, profile: Profile) -> None:
        self.page = page
        self.lib = libraries
        self.profile = profile
        self.findings: list[Finding] = []
        #: Every parameter name of the page's signatures (printed or the library's).
        self.known: set[str] = set()

    def add(
        self,
        line: int,
        code: str,
        parameter: str | None = None,
        page_says: str = "",
        library_says: str = "",
    ) -> None:
        self.findings.append(
            Finding(self.page.path, line, code, parameter, page_says, library_says)
        )

    # ------------------------------------------------------------------ structure
    def structure(self) -> None:
        page = self.page
        for item in page.unrecognised:
            self.add(item.line, "unrecognised-construct", None, f"{item.kind}: {item.text}")
        profile = self.profile
        known = profile.categories
        if known is not None and page.category is not None and page.category not in known:
            self.add(
                page.title_line,
                "category-unknown",
                None,
                page.category,
                "one of: " + ", ".join(profile.categories),
            )
        if page.title_api and page.pairs:
            sides = [s for pair in page.pairs for s in (pair.left, pair.right) if s is not None]
            if not any(_same_api(page.title_api, s.api) for s in sides):
                self.add(
                    page.title_line,
                    "title-names-other-api",
                    None,
                    page.title,
                    "the page compares " + " and ".join(dict.fromkeys(s.api for s in sides)),
                )
        # ``### []()`` says that a side has no counterpart API, ``### ['bicubic']()`` that it is
        # a value: the format's way, no link to fill in
        no_target = {
            side.line
            for pair in page.pairs
            for side in (pair.left, pair.right)
            if side is not None and not _DOTTED.match(side.api)
        }
        for link in page.links:
            if link.line in no_target and not link.url.strip():
                continue
            if not link.url.strip() or not link.text.strip():
                self.add(link.line, "link-empty", None, f"[{link.text}]({link.url})")
            elif link.url.startswith(":") and _DOTTED.match(link.text):
                self._reference(link.text, link.line)  # :py:class:`torch.nn.X`
        for block in page.examples:
            if block.problem:
                self.add(block.line, "example-invisible", None, block.problem)
                continue
            if block.language not in ("python", "python3", "py", ""):
                continue
            self._syntax(block.code, block.line)

    def _reference(self, path: str, line: int) -> None:
        """A cross-reference to an API of an installed library that does not exist."""
        if not self.lib.installed(path.split(".", 1)[0]):
            return
        found = self.lib.read(path)
        if isinstance(found, str) and found.startswith("missing"):
            self.add(line, "api-missing", None, path, found.split(": ", 1)[1])

    def _syntax(self, code: str, line: int) -> None:
        try:
            ast.parse(code)
        except SyntaxError as exc:
            where = line + (exc.lineno or 1) - 1
            text = (exc.text or "").strip()
            self.add(where, "example-syntax", None, text, f"SyntaxError: {exc.msg}")
        except ValueError as exc:  # a NUL byte
            self.add(line, "example-syntax", None, "", str(exc))

    # ------------------------------------------------------------------ sides
    def side(self, side: Side) -> tuple[Api | None, PrintedReading | None, bool]:
        """``(the API to compare, the printed reading, from the library?)``."""
        if not _DOTTED.match(side.api):  # a value ('bicubic'), not an API: nothing to read
            return None, None, False
        printed = read_printed(side.signature) if side.signature is not None else None
        if printed is not None and printed.error:
            self.add(
                side.signature.line,
                "signature-unparseable",
                None,
                side.signature.text.strip(),
                printed.error,
            )
        if (
            printed is not None
            and printed.api
            and _DOTTED.match(side.api)
            and printed.api != side.api
            and not printed.error
        ):
            self.add(
                side.signature.line,
                "signature-names-other-api",
                None,
                printed.api,
                f"the heading names {side.api}",
            )
        explicit = None
        if printed is not None and printed.attribute:  # no call: no parameters
            explicit = _explicit(
                side.api if _DOTTED.match(side.api) else "page.api", (Signature(),)
            )
        if printed is not None and printed.overloads:
            explicit = _explicit(
                side.api if _DOTTED.match(side.api) else "page.api", printed.overloads
            )
        if not _DOTTED.match(side.api):
            return explicit, printed, False
        package = side.api.split(".", 1)[0]
        if self.lib.installed(package):
            live = self.lib.read(side.api)
        else:
            live = self.lib.recorded(side.api)
            if live is None:
                if package not in self.lib.reported:
                    self.lib.reported.add(package)
                    where = " (nor recorded in the snapshot)" if self.lib.snapshot else ""
                    said = f"{package} is not installed{where}"
                    self.add(side.line, "not-installed", None, side.api, said)
                return explicit, printed, False
        if isinstance(live, str):
            if live.startswith("missing"):
                self.add(side.line, "api-missing", None, side.api, live.split(": ", 1)[1])
            elif live.startswith("unimportable"):
                if package not in self.lib.reported:
                    self.lib.reported.add(package)
                    self.add(side.line, "not-installed", None, side.api, live.split(": ", 1)[1])
            elif live.startswith("no-signature"):
                self.add(side.line, "no-signature", None, side.api, live.split(": ", 1)[1])
            elif live == "attribute" and explicit is None:
                explicit = _explicit(side.api, (Signature(),))
            return explicit, printed, False
        if live is None:  # pragma: no cover
            return explicit, printed, False
        other_api = printed is not None and printed.api and printed.api != side.api
        if explicit is not None and not other_api and not live.signature.is_bare_varargs():
            live = self._printed_against_live(side, explicit, live)
        return live, printed, True

    def _printed_against_live(self, side: Side, printed: Api, live: Api) -> Api:
        """Report where the printed signature differs from the library; the library's
        overload that matches it best is the one the page's rows are checked against."""
        comparison = compare_apis(printed, live)
        sig = side.signature
        assert sig is not None
        libtext = f"{live.path}{comparison.right_signature.text()}"
        for row in comparison.rows:
            left, right = row.left, row.right
            name = (left or right).name  # type: ignore[union-attr]
            line = sig.parameter_line(left.name) if left is not None else sig.line
            for change in row.changes:
                if change == "only-left":
                    self.add(line, "signature-extra-parameter", name, left.display(), libtext)
                elif change == "only-right" and not right.name.startswith("_"):
                    self.add(
                        line,
                        "signature-missing-parameter",
                        name,
                        "",
                        right.display() + f" ({libtext})",
                    )
                elif change == "renamed":
                    self.add(line, "signature-renamed", name, left.name, right.name)
                elif change in ("default", "required"):
                    self.add(line, "signature-default", name, left.display(), right.display())
                elif change == "kind":
                    self.add(line, "signature-kind", name, left.kind.value, right.kind.value)
                elif change == "moved":
                    self.add(
                        line,
                        "signature-order",
                        name,
                        f"position {row.left_position}",
                        f"position {row.right_position}",
                    )
        return Api(
            live.path,
            live.label,
            live.kind,
            live.source,
            (comparison.right_signature,),
            live.version,
        )

    # ------------------------------------------------------------------ a pair
    def pair(self, pair: Pair) -> None:
        left, lprinted, llive = self.side(pair.left)
        right = None
        rlive = False
        if pair.right is not None and pair.right.api:
            right, _printed, rlive = self.side(pair.right)
        for api in (left, right):
            if api is not None:
                self.known.update(self._names(api))
        if left is None:
            return
        sides = {"left": (left, llive, pair.left), "right": (right, rlive, pair.right)}
        unknown = {
            k
            for k, (api, _l, _s) in sides.items()
            if api is not None and api.signature.is_bare_varargs()
        }
        rows = [r for r in pair.rows if r.group in ("parameter", "input")]
        if left.kind == "class" or (lprinted is not None and lprinted.call is not None):
            rows = [r for r in rows if r.group == "parameter"]
        for side_name, (api, live, side) in sides.items():
            if api is None or side_name in unknown:
                continue
            self._rows_against(side_name, api, live, side, rows, pair)
        if right is None or unknown:
            return
        self._disputes(pair, rows, left, right)
        engine = self._as_written(rows, left, right)
        if engine is not None:
            self._category(
                engine,
                lambda: self._as_written(
                    rows, left.without_annotations(), right.without_annotations()
                ),
            )
            self._row_notes(rows, engine)

    def _names(self, api: Api) -> set[str]:
        return {p.name for sig in api.overloads for p in sig.parameters}

    def _rows_against(
        self, side_name: str, api: Api, live: bool, side: Side, rows: list[MappingRow], pair: Pair
    ) -> None:
        names = self._names(api)
        method = on_instance(api.path)
        absorbs = _catch_all(api)
        for row in rows:
            for name in row.left if side_name == "left" else row.right:
                if name in names or (name == "self" and method) or absorbs:
                    continue  # a catch-all (``**kwargs``) may take any name
                code = "row-unknown-parameter" if live else "row-not-in-signature"
                self.add(
                    row.line,
                    code,
                    name,
                    row.left_cell if side_name == "left" else row.right_cell,
                    f"{api.path}{api.signature.text()}",
                )
        ignore = set(self.profile.ignore_right) if side_name == "right" else set()
        mentioned = {n for row in pair.rows for n in (*row.left, *row.right)}
        mentioned.update(n for note in self.page.notes for n in note.parameters)
        if pair.table_line:
            for param in api.signature.parameters:
                if (
                    param.name in mentioned
                    or param.name in ignore
                    or param.name.startswith("_")
                    or param.kind.variadic
                ):
                    continue
                if (
                    side_name == "right"
                    and on_instance(pair.left.api)
                    and not method
                    and param is api.signature.parameters[0]
                ):
                    continue  # the instance of the left's method ("self" row or none)
                self.add(
                    pair.table_line,
                    "parameter-without-row",
                    param.name,
                    "no row",
                    f"{param.display()} in {api.path}{api.signature.text()}",
                )

    def _compare(self, left: Api, right: Api, rename=None) -> Comparison | None:
        try:
            return compare_apis(
                left,
                right,
                rename=rename,
                ignore=",".join(self.profile.ignore_right) or None,
                perspective=self.profile.perspective,
                keyword_calls=self.profile.keyword_calls,
            )
        except ApiDiffError:
            return None

    def _disputes(self, pair: Pair, rows: list[MappingRow], left: Api, right: Api) -> None:
        engine = self._compare(left, right)
        if engine is None:
            return
        lnames, rnames = self._names(left), self._names(right)
        for row in rows:
            if len(row.left) > 1 or len(row.right) > 1:
                continue
            lname = row.left[0] if row.left else None
            rname = row.right[0] if row.right else None
            if (lname and lname not in lnames) or (rname and rname not in rnames):
                continue
            name = lname or rname
            found = engine.row_for(name)  # type: ignore[arg-type]
            if found is None or found.left is None or found.right is None:
                continue
            other = found.right.name if lname else found.left.name
            said = rname if lname else lname
            strong = found.match == "name" or (found.match == "inferred" and said is not None)
            if other != said and strong:
                evidence = found.match + (
                    f": {', '.join(found.evidence)}" if found.evidence else ""
                )
                self.add(
                    row.line,
                    "pairing-disputed",
                    name,
                    f"{lname or '-'} → {rname or '-'}",
                    f"{found.left.name} → {found.right.name} ({evidence})",
                )

    def _as_written(self, rows: list[MappingRow], left: Api, right: Api) -> Comparison | None:
        """The comparison with the page's rows as the author's renames (None: a row names
        what a catch-all takes, so the signatures cannot show the pair)."""
        lnames, rnames = self._names(left), self._names(right)
        spec = []
        for row in rows:
            ls = [n for n in row.left if n in lnames]
            rs = [n for n in row.right if n in rnames]
            if row.left == ("self",) and not ls and on_instance(left.path):
                continue  # the instance of a method against a function: the engine pairs it
            if len(ls) != len(row.left) or len(rs) != len(row.right):
                if _catch_all(left) or _catch_all(right):
                    return None
                continue  # reported as a row the signature lacks; the others still place
            if not (ls or rs):
                continue
            if len(ls) > 1 or len(rs) > 1:
                spec.append(f"{' '.join(ls)}={' '.join(rs)}")
            else:
                spec.append(f"{ls[0] if ls else ''}={rs[0] if rs else ''}")
        return self._compare(left, right, spec) or self._compare(left, right)

    def _row_notes(self, rows: list[MappingRow], engine: Comparison) -> None:
        """A row whose note is empty (or ``-``) over a difference the row itself does not
        show (a default, a kind, an order: not a rename, not a missing counterpart)."""
        for row in rows:
            if plain_note(row.note) or len(row.left) != 1 or len(row.right) != 1:
                continue
            found = engine.row_for(row.left[0])
            if found is None or found.right is None or found.right.name != row.right[0]:
                continue
            unshown = [c for c in found.counted if c not in ("renamed", "only-left", "only-right")]
            if unshown:
                self.add(
                    row.line,
                    "difference-without-note",
                    row.left[0],
                    row.note.strip(),
                    ", ".join(unshown),
                )

    def _category(self, engine: Comparison, calls: Callable[[], Comparison | None]) -> None:
        """The page's category against the signatures'. ``calls()``: the same comparison
        without annotations (made only when the annotations decide the category). Annotations alone do not make "input types differ" or "return
        types differ": the teams call types different only where the target does not cover
        what the source does (a list where a tuple is taken too is the same), which two
        frameworks' type names cannot tell; so a page that does not say so is checked against
        its calls."""
        categories = self.profile.categories
        said = self.page.category
        if categories is None or said is None or categories.get(said) is None:
            return
        human = categories[said]
        rank = {c: i for i, c in enumerate(("no-parameters", "identical", *DEFAULT_PRECEDENCE))}
        if engine.category in ("types-differ", "return-type-differs") and human != engine.category:
            engine = calls() or engine
        got = engine.category
        if got == "mixed" or got == human:
            return
        if human in _VISIBLE or rank.get(got, -1) > rank.get(human, -1):
            kinds = ", ".join(f"{k} {n}" for k, n in engine.kinds.items())
            self.add(
                self.page.title_line,
                "category-disagrees",
                None,
                f"{said} ({human})",
                f"{got}" + (f" ({kinds})" if kinds else ""),
            )

    def note_parameters(self, known: set[str]) -> None:
        """A note whose heading names a parameter no signature of the page has."""
        if not known:
            return
        for note in self.page.notes:
            for name in note.parameters:
                if name not in known:
                    self.add(
                        note.line,
                        "note-unknown-parameter",
                        name,
                        note.heading,
                        "no signature of the page has " + repr(name),
                    )

    def difference_notes(self) -> None:
        """Formats without a table: each difference the engine finds should have a note."""
        page = self.page
        if self.profile.tables:
            return
        mentioned = page.mentioned()
        for note in page.notes:  # a note names the parameters it is about in ``literal``
            mentioned.update(re.findall(r"`+([A-Za-z_]\w*)`+", note.text))
        for pair in page.pairs:
            if pair.right is None or pair.left.signature is None or pair.right.signature is None:
                continue
            lread, rread = read_printed(pair.left.signature), read_printed(pair.right.signature)
            if not lread.overloads or not rread.overloads:
                continue
            if (lread.api, rread.api) != (pair.left.api, pair.right.api):
                continue  # a signature of another API (reported): no difference to explain
            if any(r.overloads[0].is_bare_varargs() for r in (lread, rread)):
                continue
            engine = self._compare(
                _explicit(pair.left.api, lread.overloads),
                _explicit(pair.right.api, rread.overloads),
            )
            if engine is None:
                continue
            for row in engine.rows:
                if not row.counted or row.names() & mentioned:
                    continue
                if any(p.kind.variadic for p in (row.left, row.right) if p is not None):
                    continue  # a catch-all is no parameter a note explains
                if row.left is not None:
                    line, name = pair.left.signature.parameter_line(row.left.name), row.left.name
                else:
                    line, name = pair.right.signature.parameter_line(row.right.name), row.right.name
                self.add(line, "difference-without-note", name, "no note", ", ".join(row.counted))


def plain_note(note: str) -> str:
    """A note cell's words: empty for ``-``, ``无`` or nothing."""
    text = re.sub(r"<[^<>]*>", "", note).strip()
    return "" if text in ("", "-", "—", "无", "None") else text


def _catch_all(api: Api) -> bool:
    """Whether ``api`` takes keyword arguments of any name: a ``**kwargs``, or a variadic the
    page calls ``kwargs`` (``(*kwargs)``, a printed ``**`` missing a star)."""
    return any(
        p.kind.name == "VAR_KEYWORD" or (p.kind.variadic and p.name == "kwargs")
        for p in api.signature.parameters
    )


def _norm(name: str) -> str:
    return name.replace("_", "").lower()


def _same_api(title: str, api: str) -> bool:
    if "." in title:
        return title == api
    # a short title names the API or its family ("BatchNorm" for BatchNorm2d)
    return bool(_norm(title)) and _norm(api.rpartition(".")[2]).startswith(_norm(title))


def audit_page(page: Page, libraries: Libraries, profile: Profile | None = None) -> list[Finding]:
    """Every finding of one page (already read)."""
    audit = _PageAudit(page, libraries, profile or PROFILES.get(page.format, Profile()))
    if page.title_api is None:
        audit.add(page.title_line or 1, "not-a-comparison-page", None, page.title)
        return audit.findings
    audit.structure()
    for pair in page.pairs:
        audit.pair(pair)
    audit.note_parameters(audit.known)
    audit.difference_notes()
    return sorted(audit.findings, key=lambda f: (f.line, f.code, f.parameter or ""))


SCHEMA_NAME = "apidiff-audit.schema.json"


def load_schema() -> dict:
    """The JSON Schema of ``sphinx-apidiff audit --json`` (shipped in the package)."""
    text = resources.files("sphinx_apidiff").joinpath("schemas", SCHEMA_NAME).read_text("utf-8")
    return json.loads(text)


def summary(findings: Iterable[Finding]) -> dict:
    """Counts per code and per severity."""
    by_code: dict[str, int] = {}
    by_severity = dict.fromkeys(SEVERITIES, 0)
    for f in findings:
        by_code[f.code] = by_code.get(f.code, 0) + 1
        by_severity[f.severity] += 1
    return {"by_code": dict(sorted(by_code.items())), "by_severity": by_severity}
