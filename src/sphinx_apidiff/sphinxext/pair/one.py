"""``apidiff-one``: a page for one API with no one-to-one counterpart, and its stated status.

``.. apidiff-one:: torch.aminmax`` with ``:status: composite`` and ``:replacement: paddle.amin,
paddle.amax`` shows the API's signature, read live as a side of ``apidiff`` is (same sources,
snapshot and warnings), the status in the target framework (``missing``: no counterpart;
``removable``: the call can be dropped; ``composite``: a combination of the target's APIs does
it, :data:`sphinx_apidiff.onesided.STATUSES`) and the replacement's APIs, then the directive's
content: prose, ``apidiff-example`` blocks (run at build time like any other), notes. The page
is recorded like a comparison (:class:`~sphinx_apidiff.records.PairRecord` with a ``status``),
so the summary, the coverage and the export list it with its status.

A directive of its own rather than an option of ``apidiff``: ``apidiff``'s options (renames,
ignored parameters, the right signature, undocumented differences, layouts) all speak of two
sides; here none of them means anything, and the three statuses are what the page says.
"""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from ...api import ApiDiffError
from ...labels import configured_label
from ...onesided import STATUSES, OneSided, parse_replacements
from ..config import get_config
from ..i18n import _
from ..snapshots.load import recording_only
from ..state.records import add_pair
from ..statuses import status_words
from ..warnings import Warn
from .context import Side, _side_context
from .directive import ApiDiffDirective, words
from .notes import collect_notes
from .rst import GENERATED_SECTION, escape_rst, parse_rst

__all__ = ["ApiDiffOneDirective"]


def _card(side: Side) -> str:
    """The API's card: the same card as one side of ``apidiff``."""
    ctx = _side_context(side, set(), words())
    lines = [
        f".. grid-item-card:: {ctx['label']}: {ctx['path']}",
        "   :class-card: apidiff-card apidiff-left",
        "",
    ]
    if ctx["failed"]:
        return "\n".join([*lines, f"   {words()['not_read']} {ctx['failed']}", ""])
    lines += ["   .. code-block:: python", ""]
    lines += [f"      {line}" if line else "" for line in ctx["code_raw"].splitlines()]
    lines.append("")
    if ctx["version"]:
        lines += [f"   {words()['version']} {ctx['version']}", ""]
    lines += [f"   {words()['see_more']} {ctx['xref']}", ""]
    return "\n".join(lines)


def page_text(side: Side, status: str, replacements: tuple[str, ...], target: str | None) -> str:
    """The reStructuredText of the page's generated part: the status, the card."""
    lead = _("In {target}:").format(target=target) if target else _("Status:")
    status_text = escape_rst(status_words()[status])
    parts = [
        ".. container:: apidiff-verdict apidiff-status",
        "",
        f"   {escape_rst(lead)} **{status_text}**",
        "",
    ]
    if replacements:
        apis = ", ".join(f":apidiff-api:`{path}`" for path in replacements)
        replaced = escape_rst(_("Replaced by:"))
        parts += [f"   {replaced} {apis}", ""]
    card = "\n".join(f"   {line}" if line else "" for line in _card(side).splitlines())
    parts += [
        ".. grid:: 1",
        "   :gutter: 2",
        "   :class-container: apidiff-signatures apidiff-one-side",
        "",
        card,
        "",
    ]
    return "\n".join(parts)


class ApiDiffOneDirective(ApiDiffDirective):
    """``.. apidiff-one:: PATH`` with ``:status:`` (and ``:replacement:``, ``:target:``)."""

    NAME = "apidiff-one"
    KNOWN: ClassVar = {
        "status": directives.unchanged,
        "replacement": directives.unchanged,
        "target": directives.unchanged,
        "label": directives.unchanged,
        "target-label": directives.unchanged,
        "signature": directives.unchanged,
    }

    def _status(self) -> str:
        status = self._option("status")
        if status in STATUSES:
            return status
        said = f"{status!r} is not one of" if status else "is required: one of"
        self.warn_at(
            Warn.DIRECTIVE,
            f"apidiff-one :status: {said} {', '.join(STATUSES)}; shown as 'missing'",
            "status" if status else None,
        )
        return "missing"

    def _replacements(self, status: str) -> tuple[str, ...]:
        try:
            found = parse_replacements(self._option("replacement"))
        except ApiDiffError as exc:
            self.warn_at(Warn.DIRECTIVE, f"apidiff-one :replacement: {exc}", "replacement")
            return ()
        if found and status != "composite":
            self.warn_at(
                Warn.DIRECTIVE,
                f"apidiff-one :replacement: goes with :status: composite, not {status!r}; ignored",
                "replacement",
            )
            return ()
        return found

    def run(self) -> list[nodes.Node]:
        config = get_config(self.env)
        self.check_options()
        paths = " ".join(self.arguments).split()
        if len(paths) != 1:
            self.warn_at(
                Warn.DIRECTIVE,
                f"apidiff-one takes one dotted path, got {len(paths)}"
                + (f": {' '.join(paths)}" if paths else ""),
            )
        path = paths[0] if paths else None
        status = self._status()
        replacements = self._replacements(status)
        target = self._option("target") or (
            replacements[0].split(".", 1)[0] if replacements else None
        )
        target_label = self._option("target-label") or (
            configured_label(target, config.labels) if target else None
        )
        label = self._option("label") or configured_label(path or "?", config.labels)
        if "signature" in self.options:  # what _read_side reads for the left side
            self.options["left-signature"] = self.options["signature"]
        side = self._read_side(path, "left", config, label)
        notes_raw, body = collect_notes(self)
        one = OneSided(side.api, status, replacements, target_label)
        absent = Side(path="", label=target_label or "", role="right")
        record = {"status": status, "replacements": replacements, "target": target}
        add_pair(
            self.env, side, absent, None, status, self.lineno, one_side=one.to_dict(), **record
        )
        if recording_only(self.env):
            return []
        source, line = self.get_source_info()
        text = page_text(side, status, replacements, target_label)
        result = parse_rst(text, self.state.document, source, line)
        for node in result:
            for sub in node.findall(nodes.TextElement):
                sub["translatable"] = False
            for block in node.findall(nodes.literal_block):
                block["force"] = True
        result += body
        for note in notes_raw:  # each note under its title (there is no table to put it in)
            rubric = nodes.rubric(note["title"], note["title"])
            result += [rubric, *note["body"]]
        for node in result:
            if isinstance(node, nodes.section):
                node[GENERATED_SECTION] = True
        return result
