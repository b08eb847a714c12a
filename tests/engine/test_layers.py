"""The engine never imports docutils or Sphinx: only the Sphinx layer (``sphinxext/``) and the
command that runs a build (``cli_snapshot.py``) may."""

from __future__ import annotations

import ast
from pathlib import Path

import sphinx_apidiff

PACKAGE = Path(sphinx_apidiff.__file__).resolve().parent
#: Where docutils and Sphinx may be imported, relative to the package.
SPHINX_SIDE = ("sphinxext/", "cli_snapshot.py")
FORBIDDEN = ("docutils", "sphinx", "sphinx_design", "myst_parser")


def _imported(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def _engine_modules() -> list[Path]:
    return [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if not path.relative_to(PACKAGE).as_posix().startswith(SPHINX_SIDE)
    ]


def test_the_engine_imports_neither_docutils_nor_sphinx():
    modules = _engine_modules()
    assert len(modules) > 40  # the engine is there to be checked
    offending = {
        path.relative_to(PACKAGE).as_posix(): sorted(
            name
            for name in _imported(ast.parse(path.read_text(encoding="utf-8")))
            if name.split(".")[0] in FORBIDDEN
        )
        for path in modules
    }
    assert {path: names for path, names in offending.items() if names} == {}


def test_the_check_sees_an_import_of_sphinx():
    assert _imported(ast.parse("from sphinx.util import logging\nimport docutils.nodes")) == {
        "sphinx.util",
        "docutils.nodes",
    }


def test_importing_the_engine_loads_neither(tmp_path):
    """What ``sphinx-apidiff diff`` and :func:`sphinx_apidiff.compare` import, in a fresh
    interpreter: no docutils or Sphinx module among what is loaded."""
    import subprocess
    import sys

    engine = sorted(
        "sphinx_apidiff." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        for path in _engine_modules()
        if path.name not in ("__init__.py", "__main__.py")
    )
    code = (
        "import importlib, sys\n"
        f"for name in {engine!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        f"{FORBIDDEN!r}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert done.stdout.strip() == "[]"
