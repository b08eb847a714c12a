"""Shared helpers: test roots, cached builds and reading HTML for the Sphinx-level tests;
an example server (``executor``) and packages written on the fly (``make_package``) for the rest.

``tests/roots/test-NAME`` is a small Sphinx project; ``@pytest.mark.sphinx("html",
testroot="NAME")`` gives it to Sphinx's own ``app`` fixture. Most tests share one build per
(root, builder, overrides) through the session-scoped ``sphinx_build`` fixture: Sphinx builds are
the slow part of this suite.
"""

from __future__ import annotations

import html
import importlib
import re
import shutil
import sys
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_apidiff.migrate.common import LIBRARY_FACTS

pytest_plugins = ("sphinx.testing.fixtures",)

ROOTS = Path(__file__).resolve().parent / "roots"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where ``sphinx.testing.fixtures`` finds ``testroot="NAME"`` (as ``test-NAME``)."""
    return ROOTS


def strip_ansi(text: str) -> str:
    return ANSI.sub("", text)


# ---------------------------------------------------------------------------------- builds


@dataclass
class Build:
    """One finished build: where it is, what it said, and its environment."""

    app: SphinxTestApp
    srcdir: Path
    outdir: Path
    status: str
    warnings: str
    #: the documents this build read (sorted): an incremental build reads only what changed
    docs_read: list[str] = field(default_factory=list)

    def warning_lines(self) -> list[str]:
        return [line for line in self.warnings.splitlines() if line.strip()]

    def read(self, relpath: str) -> str:
        return (self.outdir / relpath).read_text(encoding="utf-8")

    def page(self, docname: str) -> str:
        """The HTML of ``docname`` (html builder)."""
        return self.read(f"{docname}.html")

    def doctree(self, docname: str):
        return self.app.env.get_doctree(docname)

    def source_line(self, docname: str, needle: str, suffix: str = ".rst") -> int:
        """1-based line of the first source line of ``docname`` containing ``needle``."""
        lines = (self.srcdir / f"{docname}{suffix}").read_text(encoding="utf-8").splitlines()
        return next(i for i, text in enumerate(lines, 1) if needle in text)


def copy_root(name: str, parent: Path) -> Path:
    target = parent / name
    shutil.copytree(ROOTS / f"test-{name}", target, ignore=shutil.ignore_patterns("_build"))
    return target


def importer_caused(build: Build) -> list[str]:
    """The warning lines of ``build`` that are not :data:`LIBRARY_FACTS`."""
    return [w for w in build.warning_lines() if not any(f in w for f in LIBRARY_FACTS)]


@pytest.fixture(autouse=True, scope="session")
def _user_cache_of_the_session(tmp_path_factory) -> Iterator[None]:
    """The user-wide caches (what reading signatures takes out of installed files, fetched
    releases) in a folder of this test session, never the user's own ``~/.cache``; a test may
    point them elsewhere itself."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SPHINX_APIDIFF_CACHE", str(tmp_path_factory.mktemp("user-cache")))
        yield


def run_build(srcdir: Path, buildername: str = "html", **kwargs: Any) -> Build:
    """Build ``srcdir`` into ``srcdir/_build/<builder>`` and return what happened."""
    status, warning = StringIO(), StringIO()
    # Sphinx < 8 shows "[apidiff.subtype]" after a warning only when asked
    kwargs["confoverrides"] = {"show_warning_types": True, **(kwargs.get("confoverrides") or {})}
    app = SphinxTestApp(buildername, srcdir=srcdir, status=status, warning=warning, **kwargs)
    read: list[str] = []
    app.connect("env-before-read-docs", lambda _app, _env, docnames: read.extend(docnames))
    try:
        app.build()
    finally:
        app.cleanup()
    return Build(
        app=app,
        srcdir=Path(app.srcdir),
        outdir=Path(app.outdir),
        status=strip_ansi(status.getvalue()),
        warnings=strip_ansi(warning.getvalue()),
        docs_read=sorted(read),
    )


@contextmanager
def imports_forgotten(srcdir: Path) -> Iterator[None]:
    """Leave ``sys.path`` as it was and forget every module imported from ``srcdir``: a conf.py
    that puts its project on ``sys.path`` leaves no stand-in module behind for the next build."""
    saved_path = list(sys.path)
    try:
        yield
    finally:
        sys.path[:] = saved_path
        for name, module in list(sys.modules.items()):
            if str(getattr(module, "__file__", "") or "").startswith(str(srcdir)):
                del sys.modules[name]


@pytest.fixture(scope="session")
def sphinx_build(tmp_path_factory) -> Callable[..., Build]:
    """``sphinx_build("apidiff-basic", "latex", confoverrides={...})``: built once a session."""
    cache: dict[tuple, Build] = {}

    def build(
        root: str,
        buildername: str = "html",
        *,
        confoverrides: dict[str, Any] | None = None,
        parallel: int = 0,
    ) -> Build:
        key = (root, buildername, repr(sorted((confoverrides or {}).items())), parallel)
        if key not in cache:
            parent = tmp_path_factory.mktemp(f"{root}-{buildername}")
            srcdir = copy_root(root, parent)
            cache[key] = run_build(
                srcdir, buildername, confoverrides=confoverrides or {}, parallel=parallel
            )
        return cache[key]

    return build


# ------------------------------------------------------------------------------ reading HTML

_VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip


@dataclass
class Element:
    """A parsed HTML element: just enough of a DOM to ask what a reader sees."""

    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)
    parent: Element | None = field(default=None, repr=False)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    @property
    def id(self) -> str | None:
        return self.attrs.get("id")

    def iter(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(
        self, tag: str | None = None, cls: str | None = None, **attrs: str
    ) -> list[Element]:
        return [
            el
            for el in self.iter()
            if (tag is None or el.tag == tag)
            and (cls is None or cls in el.classes)
            and all(el.attrs.get(k) == v for k, v in attrs.items())
        ]

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Element:
        found = self.find_all(tag, cls, **attrs)
        assert found, f"no <{tag or '*'} class={cls!r} {attrs}> in <{self.tag} {self.attrs}>"
        return found[0]

    def text(self) -> str:
        """The text a reader sees (entities decoded), whitespace as in the source."""
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def words(self) -> str:
        """The text with runs of whitespace collapsed."""
        return " ".join(self.text().split())


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        el = Element(tag, {k: v or "" for k, v in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(el)
        if tag not in _VOID:
            self.stack.append(el)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(
            Element(tag, {k: v or "" for k, v in attrs}, parent=self.stack[-1])
        )

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(text: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


def main_body(page_html: str) -> Element:
    """The page's content (``<div class="body">`` of Sphinx's themes)."""
    return parse_html(page_html).find("div", cls="body")


def visible_text(page_html: str) -> str:
    """All text of the page's content, tags removed, entities decoded, whitespace collapsed."""
    return main_body(page_html).words()


def unescape(text: str) -> str:
    return html.unescape(text)


# ------------------------------------------------------------------------ the example engine


@pytest.fixture(scope="module")
def executor():
    """One example server for a test module (``sphinx_apidiff.execute.Executor``)."""
    from sphinx_apidiff.execute import Executor

    with Executor() as ex:
        yield ex


@pytest.fixture(scope="module")
def torch_executor():
    """An example server that preloaded PyTorch (skips without it)."""
    from sphinx_apidiff.execute import Executor

    pytest.importorskip("torch")
    with Executor(preload=["torch"]) as ex:
        yield ex


# -------------------------------------------------------------------- reading signatures


@pytest.fixture
def torch():
    return pytest.importorskip("torch")


@pytest.fixture
def make_package(tmp_path, monkeypatch):
    """Write ``{relative path: source}`` under tmp_path and make it importable."""
    created: list[str] = []

    def make(name: str, files: dict[str, str]) -> None:
        for relative, source in files.items():
            target = tmp_path / name / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(textwrap.dedent(source))
        created.append(name)
        importlib.invalidate_caches()

    monkeypatch.syspath_prepend(str(tmp_path))
    yield make
    for name in created:
        for module in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
            del sys.modules[module]
