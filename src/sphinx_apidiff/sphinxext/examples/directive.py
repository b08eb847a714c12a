"""``apidiff-example``: example code that runs at build time, and fails at the right line.

The life of an example, following Sphinx's phases so that parallel builds stay correct:

1. read (any process): the directive leaves an :class:`apidiff_example` node holding the code
   and options; ``doctree-read`` gives each node its key and records the page's blocks in its
   :class:`~sphinx_apidiff.sphinxext.state.records.DocRecord` (purged and merged per document like any per-document data);
2. ``env-updated`` (main process, once all pages are read): the pages without results (read
   in this build) start, each in its own fresh process, several at a time, through the
   cache, while Sphinx goes on (:mod:`.runs`);
3. write: ``doctree-resolved`` (main process) waits for the page's results, stores them in its
   record, reports its failures with their file and line, and replaces each node with the
   code, its output and a status line (:mod:`.render`);
4. ``build-finished``: the JSON and JUnit reports, the failure summary and the exit status.

Example code never runs in the Sphinx process.
"""

from __future__ import annotations

import os
import re
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx

from ...execute import ExampleSpec
from ...scaffold_marks import placeholder_line
from ..config import get_config
from ..directive import LenientDirective, first_content_line
from ..state.records import set_examples
from ..warnings import Warn, warn

__all__ = ["ApiDiffExampleDirective", "apidiff_example", "doctree_read", "spec_of"]


class apidiff_example(nodes.General, nodes.Element):
    """Placeholder for one example until its results are known (write phase)."""


def _float(value: str, name: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f":{name}: {value!r} is not a number") from None
    if name == "timeout" and number <= 0:
        raise ValueError(f":{name}: must be greater than 0")
    if number < 0:  # a tolerance of 0 asks for exact agreement
        raise ValueError(f":{name}: must not be negative")
    return number


class ApiDiffExampleDirective(LenientDirective):
    """``.. apidiff-example::`` followed by Python code."""

    has_content = True
    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = True
    NAME = "apidiff-example"
    CODE_CONTENT = True
    KNOWN: ClassVar = {
        "requires": directives.unchanged,
        "timeout": directives.unchanged,
        "raises": directives.unchanged,
        "compare": directives.unchanged,
        "rtol": directives.unchanged,
        "atol": directives.unchanged,
        "hide-output": directives.flag,
        "caption": directives.unchanged,
        "side": directives.unchanged,
        "echo": directives.flag,
    }

    def _warn(self, message: str, option: str | None = None) -> None:
        self.warn_at(Warn.DIRECTIVE, message, option)

    def run(self) -> list[nodes.Node]:
        config = get_config(self.env)
        self.check_options()
        if self.arguments:
            self._warn(
                "apidiff-example takes no argument (did you mean :caption:?); "
                f"ignored: {self.arguments[0]!r}"
            )
        code = "\n".join(self.content)
        if not code.strip():
            self._warn("apidiff-example has no code")
            return []
        todo = placeholder_line(code)
        if todo is not None:
            warn(
                Warn.PLACEHOLDER,
                "apidiff-example still holds the placeholder comment that sphinx-apidiff new "
                "wrote: show both calls in its place",
                (self.env.docname, first_content_line(self) + todo),
            )
        options: dict[str, Any] = {"timeout": config.execution_timeout}
        for name in ("timeout", "rtol", "atol"):
            if self.options.get(name):
                try:
                    options[name] = _float(str(self.options[name]).strip(), name)
                except ValueError as exc:
                    self._warn(f"apidiff-example {exc}; using the default", name)
        raises = (self.options.get("raises") or "").strip()
        if raises:
            names = [n.strip() for n in raises.split(",") if n.strip()]
            if all(re.fullmatch(r"[A-Za-z_][\w.]*", n) for n in names):
                options["raises"] = ",".join(names)
            else:
                self._warn(
                    f"apidiff-example :raises: {raises!r} is not an exception name", "raises"
                )
        side = (self.options.get("side") or "").strip().lower()
        if side in ("left", "right"):
            options["side"] = side
        elif "side" in self.options:
            self._warn(f"apidiff-example :side: {side!r} is neither left nor right", "side")
        compare = (self.options.get("compare") or "").replace(",", " ").split()
        if len(compare) == 1 and "side" in options:  # the same name in both halves
            compare *= 2
        if compare:
            if len(compare) == 2 and all(n.isidentifier() for n in compare):
                options["compare"] = tuple(compare)
            else:
                self._warn(
                    "apidiff-example :compare: takes two variable names (one on a half of a "
                    "pair: the name in both halves)",
                    "compare",
                )
        if "echo" in self.options:
            options["echo"] = True
        requires = (self.options.get("requires") or "").replace(",", " ").split()
        if requires:
            options["requires"] = tuple(requires)
        source, _line = self.get_source_info()
        first_line = first_content_line(self)
        # Relative to the project: pages, reports and the cache do not depend on where the
        # project lies on disk; warnings join it back to the source folder.
        source = os.path.relpath(source or self.env.doc2path(self.env.docname), self.env.srcdir)
        node = apidiff_example(
            code=code,
            options=options,
            source=source,
            first_line=first_line,
            hide_output="hide-output" in self.options,
            caption=(self.options.get("caption") or "").strip(),
        )
        self.set_source_info(node)
        return [node]


# ----------------------------------------------------------------------------- read phase


def spec_of(node: apidiff_example) -> ExampleSpec:
    return ExampleSpec(
        code=node["code"], source=str(node["source"]), line=node["first_line"], **node["options"]
    )


def doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    found = list(doctree.findall(apidiff_example))
    if any("side" in node["options"] for node in found):
        from .halves import pair_halves  # it uses this module's node

        pair_halves(app, found)  # keeps the examples in their order
    specs = []
    for key, node in enumerate(found):
        # The stable key of this example's result: a builder may drop nodes before the write
        # phase (``.. only::``), so results are never matched to nodes by their position then.
        node["key"], node["docname"] = key, app.env.docname
        specs.append(spec_of(node))
    set_examples(app.env, app.env.docname, specs)
