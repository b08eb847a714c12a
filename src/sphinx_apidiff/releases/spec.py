"""How a release is named: ``numpy.linspace@1.26.4`` (an API at a release), ``numpy==1.26.4``
or ``numpy@dist/numpy-1.26.4.whl`` (a module at a release, for the overview).

After ``@`` comes one of: a version (``1.26.4``: fetched from the package index, or the
installed one when it is that version); ``git:REF`` (a tag, branch or commit of the git
repository the command runs in, or the docs' repository); a path to a wheel, an sdist or a
folder (it has a ``/``, or ends with ``.whl``, ``.tar.gz``, ``.zip``). ``==VERSION`` is the
same as ``@VERSION``. No ``@``: the installed release.

Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..api import ApiDiffError

__all__ = ["ReleaseSpec", "Side", "parse_side", "split_release"]

_DOTTED = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*")
_VERSION = re.compile(r"[0-9][0-9A-Za-z.+!_-]*")
_ARCHIVES = (".whl", ".tar.gz", ".tgz", ".zip")


class ReleaseSpecError(ApiDiffError):
    """A side whose release part cannot be understood."""


@dataclass(frozen=True)
class ReleaseSpec:
    """Which release: ``kind`` is ``installed``, ``version``, ``git`` or ``path``."""

    kind: str
    #: the version, the git ref or the path as written ('' for the installed release)
    value: str = ""

    @property
    def text(self) -> str:
        """As written after ``@`` ('' for the installed release)."""
        return {"installed": "", "git": f"git:{self.value}"}.get(self.kind, self.value)


@dataclass(frozen=True)
class Side:
    """A dotted path at a release."""

    path: str
    release: ReleaseSpec

    @property
    def package(self) -> str:
        return self.path.split(".", 1)[0]

    @property
    def text(self) -> str:
        """``numpy.linspace@1.26.4`` (the path alone for the installed release)."""
        return f"{self.path}@{self.release.text}" if self.release.text else self.path


def _release(text: str, whole: str) -> ReleaseSpec:
    text = text.strip()
    if not text:
        raise ReleaseSpecError(f"{whole!r}: nothing after '@' (a version, git:REF or a path)")
    if text.startswith("git:"):
        ref = text[4:].strip()
        if not ref or any(c.isspace() for c in ref) or ref.startswith("-"):
            raise ReleaseSpecError(f"{whole!r}: 'git:' needs a ref such as git:v1.0")
        return ReleaseSpec("git", ref)
    if "/" in text or "\\" in text or text.endswith(_ARCHIVES) or text.startswith((".", "~")):
        return ReleaseSpec("path", text)
    if _VERSION.fullmatch(text):
        return ReleaseSpec("version", text)
    raise ReleaseSpecError(
        f"{whole!r}: {text!r} is not a version (1.26.4), a git ref (git:v1.0) "
        "or a path to a wheel, sdist or folder"
    )


def split_release(text: str) -> tuple[str, str | None]:
    """``("numpy.linspace", "1.26.4")`` for ``numpy.linspace@1.26.4``; ``(text, None)``
    without a release part."""
    text = text.strip()
    if "==" in text and "@" not in text:
        path, _, rest = text.partition("==")
        return path.strip(), rest
    if "@" in text:
        path, _, rest = text.partition("@")
        return path.strip(), rest
    return text, None


def parse_side(text: str) -> Side:
    """The :class:`Side` ``text`` names; :class:`ApiDiffError` (one line) if it is malformed."""
    if not isinstance(text, str) or not text.strip():
        raise ReleaseSpecError("empty side: give PACKAGE, PACKAGE==VERSION or PATH@RELEASE")
    path, rest = split_release(text)
    if not _DOTTED.fullmatch(path):
        raise ReleaseSpecError(f"{text.strip()!r}: {path!r} is not a dotted Python path")
    release = ReleaseSpec("installed") if rest is None else _release(rest, text.strip())
    return Side(path, release)
