"""Two releases of a tiny package, ``tinyrel`` 1.0 and 2.0, written by the tests themselves
(sources, a wheel, an sdist, a git repository with a tag per release): every kind of change an
overview reports, with no network.

1.0 -> 2.0: ``gone`` removed (its ``DeprecationWarning`` says why), ``CONSTANT`` removed (the
2.0 ``__getattr__`` table says why), ``old_name`` renamed to ``new_name`` (its
``@deprecated`` text names it), ``compute_total`` renamed to ``compute_totals`` (same call,
name alike), ``moving`` moved to ``tinyrel.helpers``, ``scale`` and ``Widget`` changed,
``fresh`` added, ``kept`` unchanged; ``legacy_sum`` removed (2.0 has it only in
``tinyrel.compat``, a module whose import warns: a deprecated module, no place to send a
reader; ``compat`` also re-exports ``moving``, and ``helpers`` is still where it went) and
``describe`` removed (2.0 has it only in ``tinyrel.show_types``, a script).
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import textwrap
import zipfile
from pathlib import Path

PACKAGE = "tinyrel"

_V1 = {
    "__init__.py": '''
        import os
        import warnings

        from .core import Widget, compute_total, kept, old_name, scale
        from . import helpers

        __all__ = [
            "CONSTANT", "Widget", "compute_total", "describe", "gone", "helpers", "kept",
            "legacy_sum", "moving", "old_name", "scale",
        ]
        CONSTANT = 1


        def legacy_sum(values):
            return sum(values)


        def describe(value):
            return type(value).__name__


        def gone(x):
            """Return x."""
            warnings.warn("gone() is deprecated; call scale(x) instead", DeprecationWarning)
            return x


        def moving(a, b=2):
            return a + b
        ''',
    "core.py": """
        def deprecated(message):
            def wrap(func):
                return func
            return wrap


        def scale(x, factor=1.0):
            return x * factor


        def compute_total(values, start=0):
            return sum(values, start)


        def kept(a, b):
            return a, b


        @deprecated("old_name() is deprecated: use new_name()")
        def old_name(x):
            return x


        class Widget:
            def __init__(self, size, color="red"):
                self.size = size
        """,
    "helpers.py": """
        __all__ = []
        """,
}

_V2 = {
    "__init__.py": """
        from .core import Widget, compute_totals, fresh, kept, new_name, scale
        from . import helpers
        from ._expired import EXPIRED

        __all__ = [
            "Widget", "compute_totals", "fresh", "helpers", "kept", "new_name", "scale",
        ]


        def __getattr__(attr):
            if attr in EXPIRED:
                raise AttributeError(f"tinyrel.{attr} was removed. {EXPIRED[attr]}")
            raise AttributeError(attr)
        """,
    "_expired.py": """
        EXPIRED = {"CONSTANT": "Use the number 1 instead."}
        """,
    "compat.py": """
        import warnings

        from .helpers import moving

        __all__ = ["legacy_sum", "moving"]

        warnings.warn("tinyrel.compat is deprecated", DeprecationWarning, stacklevel=2)


        def legacy_sum(values):
            return sum(values)
        """,
    "show_types.py": """
        def describe(value):
            return type(value).__name__


        if __name__ == "__main__":
            for value in (1, "a", 2.0):
                print(describe(value))
        """,
    "core.py": """
        def scale(x, factor=2.0, *, clip=False):
            return x * factor


        def compute_totals(values, start=0):
            return sum(values, start)


        def kept(a, b):
            return a, b


        def new_name(x):
            return x


        def fresh():
            return None


        class Widget:
            def __init__(self, size, colour="red"):
                self.size = size
        """,
    "helpers.py": """
        __all__ = ["moving"]


        def moving(a, b=2):
            return a + b
        """,
}


def write_sources(folder: Path, version: str) -> Path:
    """``folder/tinyrel/`` at ``version`` (``1.0`` or ``2.0``); returns ``folder``."""
    files = _V1 if version == "1.0" else _V2
    package = folder / PACKAGE
    package.mkdir(parents=True, exist_ok=True)
    for old in package.glob("*.py"):
        old.unlink()
    for name, text in files.items():
        (package / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return folder


def _metadata(version: str) -> str:
    return f"Metadata-Version: 2.1\nName: {PACKAGE}\nVersion: {version}\n"


def build_wheel(folder: Path, version: str) -> Path:
    """A wheel of ``tinyrel`` at ``version`` in ``folder`` (what a build backend writes,
    less the RECORD hashes nothing here checks)."""
    sources = write_sources(folder / f"src-{version}", version)
    wheel = folder / f"{PACKAGE}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        for path in sorted((sources / PACKAGE).glob("*.py")):
            zf.write(path, f"{PACKAGE}/{path.name}")
        info = f"{PACKAGE}-{version}.dist-info"
        zf.writestr(f"{info}/METADATA", _metadata(version))
        zf.writestr(
            f"{info}/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
        )
        zf.writestr(f"{info}/RECORD", "")
    return wheel


def build_sdist(folder: Path, version: str) -> Path:
    """An sdist (``.tar.gz``, src layout) of ``tinyrel`` at ``version`` in ``folder``."""
    sources = write_sources(folder / f"sdist-src-{version}", version)
    sdist = folder / f"{PACKAGE}-{version}.tar.gz"
    top = f"{PACKAGE}-{version}"
    with tarfile.open(sdist, "w:gz") as tf:
        for path in sorted((sources / PACKAGE).glob("*.py")):
            tf.add(path, f"{top}/src/{PACKAGE}/{path.name}")
        data = _metadata(version).encode()
        info = tarfile.TarInfo(f"{top}/PKG-INFO")
        info.size = len(data)
        tf.addfile(info, io.BytesIO(data))
    return sdist


def git_repository(folder: Path) -> Path:
    """A git repository with ``tinyrel`` at ``src/`` tagged ``v1.0`` and ``v2.0``."""
    repo = folder / "repo"
    repo.mkdir()

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-C", str(repo), *args],
            check=True,
            capture_output=True,
            env={
                "GIT_AUTHOR_NAME": "t",
                "GIT_AUTHOR_EMAIL": "t@example.org",
                "GIT_COMMITTER_NAME": "t",
                "GIT_COMMITTER_EMAIL": "t@example.org",
                "HOME": str(folder),
                "PATH": "/usr/bin:/bin:/usr/local/bin",
            },
        )

    git("init", "-q")
    for version in ("1.0", "2.0"):
        write_sources(repo / "src", version)
        git("add", "-A")
        git("commit", "-q", "-m", f"release {version}")
        git("tag", f"v{version}")
    return repo
