"""Helpers for the sphinx-apidiff manual itself (not part of the package).

Everything a reader could otherwise find out of date is generated while the manual builds:

``.. apidiff-config-reference::``
    every ``apidiff_*`` value, from the configuration dataclass (name, type, default, help);
``.. apidiff-warnings-reference::``
    every warning subtype, from the ``Warn`` enum; each becomes a ``warning-subtype`` object
    that ``:warning-subtype:`apidiff.undocumented``` links to;
``.. apidiff-cli:: diff LEFT RIGHT ...``
    runs ``sphinx_apidiff.cli.main`` in this process and shows the command and what it printed;
``.. apidiff-try-build::``
    builds its content as the ``index.rst`` of a scratch project, in a child ``sphinx-build``,
    and shows the source, the command and what it printed (optionally an output file, with
    ``:redact:`` hiding what changes from run to run, such as durations; ``:grep:`` shows a
    full build's log lines that contain a word, for messages that ``-q`` hides).

``.. rst-example::``
    shows its content as reStructuredText source, then what it builds, so that an example's
    source and its result can never differ.

``:exit:`` and ``:expect:`` make the last two checks: a command that no longer exits as the
manual says, or a warning that is no longer emitted, is a warning of this build (and ``-W``
fails it), so the manual cannot silently drift from the tool.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import re
import shlex
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)


# ------------------------------------------------------------------------------ helpers


def _parse_rst(directive: SphinxDirective, text: str) -> list[nodes.Node]:
    """Parse generated reStructuredText; problems point at the directive's line."""
    source, line = directive.get_source_info()
    lines = StringList()
    for text_line in text.splitlines():
        lines.append(text_line, source, line)
    holder = nodes.section()  # lets generated text hold targets and rubrics
    holder.document = directive.state.document
    directive.state.nested_parse(lines, 0, holder, match_titles=False)
    return list(holder.children)


def _literal(text: str, language: str) -> nodes.literal_block:
    block = nodes.literal_block(text, text)
    block["language"] = language
    return block


def _python_value(value: Any) -> str:
    """A default as it is written in ``conf.py`` (double quotes, like the rest of the manual)."""
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return repr(value)


# --------------------------------------------------------------- configuration reference


class ConfigReference(SphinxDirective):
    """One ``confval`` per field of :class:`sphinx_apidiff.sphinxext.config.ApiDiffConfig`."""

    has_content = False
    option_spec: ClassVar = {"only": directives.unchanged, "skip": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        from sphinx_apidiff.sphinxext.config import PREFIX, fields

        only = self.options.get("only")
        skip = self.options.get("skip")
        out: list[str] = []
        for field in fields():
            if only and not field.name.startswith(only):
                continue
            if skip and field.name.startswith(skip):
                continue
            if field.default_factory is not dataclasses.MISSING:
                default = field.default_factory()
            else:
                default = field.default
            meta = field.metadata
            out += [
                f".. confval:: {PREFIX}{field.name}",
                f"   :type: ``{field.type}``",
                f"   :default: ``{_python_value(default)}``",
                "",
                *textwrap.indent(meta["help"], "   ").splitlines(),
                "",
            ]
            choices = getattr(meta["validator"], "choices", None)
            if choices:
                listed = ", ".join(f"``{_python_value(c)}``" for c in choices)
                out += [f"   One of {listed}.", ""]
            if meta["rebuild"]:
                out += ["   Changing it makes Sphinx read every page again.", ""]
            else:
                out += ["   Changing it needs no rebuild of pages already read.", ""]
        return _parse_rst(self, "\n".join(out))


# -------------------------------------------------------------------- warnings reference


class WarningsReference(SphinxDirective):
    """One ``warning-subtype`` object per member of :class:`sphinx_apidiff.sphinxext.warnings.Warn`."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        from sphinx_apidiff.sphinxext.warnings import Warn

        out: list[str] = []
        for member in Warn:
            out += [
                f".. warning-subtype:: {member.qualified}",
                "",
                *textwrap.indent(member.doc, "   ").splitlines(),
                "",
                f'   Silence it with ``suppress_warnings = ["{member.qualified}"]``.',
                "",
            ]
        return _parse_rst(self, "\n".join(out))


# ------------------------------------------------------------------------- command line


def _display_command(words: str, prompt: str = "$ ") -> str:
    """The command as the author wrapped it: one line per source line, joined by ``\\``."""
    lines = [" ".join(line.split()) for line in words.splitlines() if line.strip()]
    return prompt + " \\\n      ".join(lines)


class CliOutput(SphinxDirective):
    """``.. apidiff-cli:: diff numpy.sum math.fsum``: the command and its real output.

    ``:in: FOLDER`` (relative to this page) runs the command in a fresh scratch folder that
    holds a copy of that folder under its own name, so that the paths it is given are short
    and what it writes stays out of the manual's sources; ``:show: FILE`` then shows a file
    the command wrote there (several: separated by spaces).
    """

    required_arguments = 1
    final_argument_whitespace = True
    has_content = False
    option_spec: ClassVar = {
        "exit": directives.nonnegative_int,
        "width": directives.positive_int,
        "in": directives.path,
        "show": directives.unchanged,
    }

    def _folder(self, scratch: Path) -> Path | None:
        """A copy of the ``:in:`` folder inside ``scratch`` (its files noted as this page's
        dependencies), or None without the option."""
        import shutil

        if "in" not in self.options:
            return None
        _rel, path = self.env.relfn2path(self.options["in"], self.env.docname)
        source = Path(path)
        for file in sorted(source.rglob("*")):
            if file.is_file():
                self.env.note_dependency(str(file))
        copy = scratch / source.name
        shutil.copytree(source, copy)
        return copy

    def _shown(self) -> list[nodes.Node]:
        shown: list[nodes.Node] = []
        for name in (self.options.get("show") or "").split():
            file = Path.cwd() / name
            if not file.is_file():
                logger.warning(
                    f"apidiff-cli: the command wrote no {name}", location=self.get_location()
                )
                continue
            language = {".md": "md", ".rst": "rst", ".json": "json", ".py": "python"}
            text = file.read_text(encoding="utf-8").rstrip("\n")
            block = _literal(text, language.get(file.suffix, "text"))
            caption = nodes.caption(name, "", nodes.literal(name, name))
            shown.append(nodes.container("", caption, block, literal_block=True))
        return shown

    def run(self) -> list[nodes.Node]:
        with tempfile.TemporaryDirectory(prefix="apidiff-cli-") as scratch:
            folder = self._folder(Path(scratch))
            old_cwd = Path.cwd()
            if folder is not None:
                os.chdir(scratch)
            try:
                output = self._run()
                return output + (self._shown() if output else [])
            finally:
                os.chdir(old_cwd)

    def _run(self) -> list[nodes.Node]:
        from sphinx_apidiff import cli

        argument = "\n".join(self.arguments)
        argv = shlex.split(argument)
        expected = self.options.get("exit", 0)
        printed = io.StringIO()  # one stream, so that errors show where the terminal has them
        old_columns = os.environ.get("COLUMNS")
        os.environ["COLUMNS"] = str(self.options.get("width", 90))  # argparse help width
        try:
            with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
                try:
                    code = cli.main(argv)
                except SystemExit as exc:  # argparse: --help, --version, usage errors
                    code = exc.code if isinstance(exc.code, int) else 1
        except Exception as exc:
            logger.warning(
                f"apidiff-cli: 'sphinx-apidiff {' '.join(argv)}' raised "
                f"{type(exc).__name__}: {exc}",
                location=self.get_location(),
            )
            return []
        finally:
            if old_columns is None:
                os.environ.pop("COLUMNS", None)
            else:
                os.environ["COLUMNS"] = old_columns
        if code != expected:
            logger.warning(
                f"apidiff-cli: 'sphinx-apidiff {' '.join(argv)}' exited {code}, "
                f"the manual says {expected}",
                location=self.get_location(),
            )
        text = _display_command("sphinx-apidiff " + argument) + "\n"
        text += printed.getvalue()
        if code:
            text += f"$ echo $?\n{code}\n"
        return [_literal(text.rstrip("\n"), "console")]


# -------------------------------------------------------------------- scratch builds


_SCRATCH_CONF = 'extensions = ["sphinx_apidiff"]\nexclude_patterns = ["_build"]\n'
_POT_HEADER = re.compile(r'\A[\s\S]*?\nmsgstr ""\n(?:"[^\n]*"\n)*\n')


class TryBuild(SphinxDirective):
    """Build the content as a one-page project in a child process; show what happened."""

    has_content = True
    option_spec: ClassVar = {
        "conf": directives.unchanged,
        "builder": directives.unchanged,
        "args": directives.unchanged,
        "show": directives.unchanged,
        "exit": directives.nonnegative_int,
        "expect": directives.unchanged,
        "hide-source": directives.flag,
        "file": directives.unchanged,
        "grep": directives.unchanged,
        "redact": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        source = "\n".join(self.content) + "\n"
        page = self.options.get("file", "index.rst")
        conf = self.options.get("conf", "")
        builder = self.options.get("builder", "dummy")
        extra = shlex.split(self.options.get("args", ""))
        expected_code = self.options.get("exit", 0)
        grep = self.options.get("grep", "").strip()
        with tempfile.TemporaryDirectory(prefix="apidiff-docs-") as tmp:
            src = Path(tmp) / "docs"
            src.mkdir()
            conf_text = _SCRATCH_CONF + "".join(f"{s.strip()}\n" for s in conf.split(";") if s)
            root = f'root_doc = "{Path(page).stem}"\n' if page != "index.rst" else ""
            (src / "conf.py").write_text(conf_text + root, encoding="utf-8")
            (src / page).write_text(source, encoding="utf-8")
            out = src / "_build" / builder
            command = [
                "sphinx-build",
                *([] if grep else ["-q"]),  # the log lines -q hides are the point of :grep:
                *extra,
                "-b",
                builder,
                "docs",
                f"docs/_build/{builder}",
            ]
            # unbuffered: the log and the warnings keep the order in which they were written
            env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "PYTHONUNBUFFERED": "1"}
            env.pop("SPHINXOPTS", None)
            try:
                proc = subprocess.run(
                    [sys.executable, "-m", "sphinx", *command[1:]],
                    cwd=tmp,
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                    timeout=300,
                    check=False,
                )
            except subprocess.TimeoutExpired:
                logger.warning(
                    "apidiff-try-build: the scratch build timed out", location=self.get_location()
                )
                return []
            printed = proc.stdout.replace(str(src) + os.sep, "docs/")
            printed = printed.replace(str(src), "docs")
            shown = ""
            if "show" in self.options:
                target = out / self.options["show"]
                try:
                    shown = target.read_text(encoding="utf-8")
                except OSError as exc:
                    logger.warning(
                        f"apidiff-try-build: no output file {self.options['show']!r}: {exc}",
                        location=self.get_location(),
                    )
                if target.suffix == ".pot":
                    shown = _POT_HEADER.sub("", shown)  # the header holds a timestamp
                if "redact" in self.options:
                    shown = re.sub(self.options["redact"], "…", shown)

        location = self.get_location()
        if proc.returncode != expected_code:
            logger.warning(
                f"apidiff-try-build: the scratch build exited {proc.returncode}, the manual says "
                f"{expected_code}; it printed:\n{printed}",
                location=location,
            )
        for subtype in self.options.get("expect", "").split():
            if f"[{subtype}]" not in printed:
                logger.warning(
                    f"apidiff-try-build: expected a [{subtype}] warning; the build printed:\n"
                    f"{printed or '(nothing)'}",
                    location=location,
                )

        if grep:
            printed = "".join(line for line in printed.splitlines(True) if grep in line)
        result: list[nodes.Node] = []
        if "hide-source" not in self.options:
            block = _literal(source.rstrip("\n"), "rst")
            caption = f"docs/{page}"
            result.append(_captioned(block, caption))
        if conf:
            conf_block = _literal(conf_text.rstrip("\n"), "python")
            result.append(_captioned(conf_block, "docs/conf.py"))
        console = " ".join(command) + (f" 2>&1 | grep {shlex.quote(grep)}" if grep else "")
        # warnings are long single lines: wrap them as a narrow terminal would, so that the
        # subtype at their end can be read without scrolling (78: the code column of this
        # manual's theme)
        wrapped = "\n".join(
            textwrap.fill(
                line, 78, subsequent_indent="    ", break_long_words=False, break_on_hyphens=False
            )
            if len(line) > 78
            else line
            for line in printed.splitlines()
        )
        console_text = f"$ {console}\n{wrapped}\n"
        if proc.returncode and not grep:  # after a pipe, $? would be grep's
            console_text += f"$ echo $?\n{proc.returncode}\n"
        result.append(_literal(console_text.rstrip("\n"), "console"))
        if shown:
            name = f"docs/_build/{builder}/{self.options['show']}"
            language = "pot" if name.endswith(".pot") else "text"
            result.append(_captioned(_literal(shown.strip("\n"), language), name))
        return result


def _captioned(block: nodes.literal_block, caption: str) -> nodes.Element:
    container = nodes.container("", literal_block=True, classes=["literal-block-wrapper"])
    container += nodes.caption(caption, caption)
    container += block
    return container


# ------------------------------------------------------------------------- rst examples


class RstExample(SphinxDirective):
    """The content as a code block, then the content parsed: source and result, one text."""

    has_content = True
    option_spec: ClassVar = {"caption": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        block: nodes.Element = _literal("\n".join(self.content), "rst")
        if "caption" in self.options:
            block = _captioned(block, self.options["caption"])
        holder = nodes.container()
        self.state.nested_parse(self.content, self.content_offset, holder)
        return [block, *holder.children]


# ---------------------------------------------------------------------------------- setup


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_object_type(
        "warning-subtype",
        "warning-subtype",
        objname="warning subtype",
        indextemplate="pair: %s; warning subtype",
    )
    app.add_directive("apidiff-config-reference", ConfigReference)
    app.add_directive("apidiff-warnings-reference", WarningsReference)
    app.add_directive("apidiff-cli", CliOutput)
    app.add_directive("apidiff-try-build", TryBuild)
    app.add_directive("rst-example", RstExample)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
