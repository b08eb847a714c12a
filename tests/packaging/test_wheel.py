"""The package as a user installs it: the built wheel, and what a broken install does.

``-m wheel`` selects the slow test: it builds the wheel from a copy of this checkout, installs
it (not editable) into a fresh virtual environment, downloading Sphinx and friends from the
package index, and builds a small project with that environment's ``sphinx-build``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from conftest import main_body

from sphinx_apidiff.sphinxext.pair.rst import (
    BUILTIN_TEMPLATES,
    BrokenInstallError,
    check_builtin_templates,
)

CHECKOUT = Path(__file__).resolve().parents[2]
PACKAGE = CHECKOUT / "src" / "sphinx_apidiff"

#: What the extension reads at run time, besides its modules.
DATA_FILES = {
    "sphinx_apidiff/py.typed",
    "sphinx_apidiff/static/apidiff.css",
    "sphinx_apidiff/static/apidiff-summary.js",
    "sphinx_apidiff/schemas/apidiff-export.schema.json",
    "sphinx_apidiff/schemas/apidiff-overview.schema.json",
    "sphinx_apidiff/schemas/apidiff-audit.schema.json",
    *(f"sphinx_apidiff/templates/{name}" for name in BUILTIN_TEMPLATES),
    *(
        f"sphinx_apidiff/{mo.relative_to(PACKAGE).as_posix()}"
        for mo in PACKAGE.glob("locale/*/LC_MESSAGES/*.mo")
    ),
}

PROJECT_CONF = 'extensions = ["sphinx_apidiff"]\nproject = "wheel check"\n'
PROJECT_INDEX = """\
Wheel check
===========

.. apidiff:: statistics.mean statistics.fmean
   :undocumented: ignore
"""


def _clean_env() -> dict[str, str]:
    """The environment without this checkout on the path (the install must stand alone)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def _write_project(where: Path, conf: str = PROJECT_CONF) -> Path:
    where.mkdir(parents=True)
    (where / "conf.py").write_text(conf, encoding="utf-8")
    (where / "index.rst").write_text(PROJECT_INDEX, encoding="utf-8")
    return where


# ----------------------------------------------------------------------- a broken install


def test_missing_builtin_template_is_an_error_naming_the_file(tmp_path):
    with pytest.raises(BrokenInstallError, match=r"comparison\.rst\.jinja.*No such file"):
        check_builtin_templates(str(tmp_path))


def test_unreadable_builtin_template_is_an_error_naming_the_file(tmp_path):
    for name in BUILTIN_TEMPLATES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"{{ title }}\n\xff\xfe not UTF-8\n")
    with pytest.raises(BrokenInstallError, match=r"comparison\.rst\.jinja.*utf-8"):
        check_builtin_templates(str(tmp_path))


def test_shipped_templates_pass_the_check():
    check_builtin_templates()  # raises if this checkout itself lacks one


@pytest.mark.sphinx
def test_sphinx_build_without_its_template_fails_naming_it(tmp_path):
    """Not "build succeeded" with empty pages: sphinx-build stops with a one-line error."""
    # conf.py runs before extensions are set up: point the package at an empty folder
    conf = (
        "import sphinx_apidiff.sphinxext.pair.rst as t\n"
        f"t.BUILTIN_DIR = {str(tmp_path / 'empty')!r}\n" + PROJECT_CONF
    )
    src = _write_project(tmp_path / "src", conf)
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    # Sphinx's own report of an extension error (Sphinx 9 adds the one raising frame to it)
    assert result.returncode == 2
    assert "Extension error" in result.stderr
    assert "comparison.rst.jinja' cannot be read (No such file or directory)" in result.stderr
    assert not (tmp_path / "out" / "index.html").exists()


# ------------------------------------------------------------------------ the real wheel


def _build_wheel(tmp_path: Path) -> Path:
    """``python -m build --wheel`` from a copy of the checkout (no stale build/ folder)."""
    tree = tmp_path / "tree"
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "build", "dist", "_build")
    shutil.copytree(CHECKOUT / "src", tree / "src", ignore=ignore)
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(CHECKOUT / name, tree / name)
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "-o", str(dist), str(tree)],
        check=True,
        capture_output=True,
        timeout=300,
        env=_clean_env(),
    )
    (wheel,) = dist.glob("sphinx_apidiff-*.whl")
    return wheel


@pytest.mark.wheel
@pytest.mark.sphinx
def test_wheel_installs_and_renders_a_page(tmp_path):
    pytest.importorskip("build")
    wheel = _build_wheel(tmp_path)

    # everything the extension needs, nothing it does not (no tests, docs, catalog sources)
    names = set(zipfile.ZipFile(wheel).namelist())
    package = {n for n in names if not n.startswith("sphinx_apidiff-")}
    assert {n for n in package if not n.endswith(".py")} == DATA_FILES
    modules = {f"sphinx_apidiff/{p.relative_to(PACKAGE).as_posix()}" for p in PACKAGE.rglob("*.py")}
    assert {n for n in package if n.endswith(".py")} == modules
    meta = (
        zipfile.ZipFile(wheel)
        .read(next(n for n in names if n.endswith(".dist-info/METADATA")))
        .decode()
    )
    assert "Classifier: Framework :: Sphinx :: Extension" in meta
    assert "License-Expression: MIT" in meta
    assert "Description-Content-Type: text/markdown" in meta
    assert "sphinx-apidiff is a Sphinx extension" in meta.replace("**", "")

    twine = shutil.which("twine") or str(Path(sys.executable).with_name("twine"))
    if Path(twine).exists():
        check = subprocess.run(
            [twine, "check", "--strict", str(wheel)], capture_output=True, text=True, check=False
        )
        assert check.returncode == 0, check.stdout + check.stderr

    # a fresh virtual environment: no system site-packages, no checkout on the path
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True, clear=True)
    bin_dir = env_dir / "bin"
    install = subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)],
        capture_output=True,
        text=True,
        timeout=600,
        env=_clean_env(),
        check=False,
    )
    assert install.returncode == 0, install.stdout + install.stderr

    src = _write_project(tmp_path / "project")
    out = tmp_path / "html"
    result = subprocess.run(
        [str(bin_dir / "sphinx-build"), "-W", "--keep-going", "-b", "html", str(src), str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
        env=_clean_env(),
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (
        str(env_dir)
        in subprocess.run(
            [
                str(bin_dir / "python"),
                "-c",
                "import sphinx_apidiff; print(sphinx_apidiff.__file__)",
            ],
            capture_output=True,
            text=True,
            env=_clean_env(),
            check=True,
        ).stdout
    )

    body = main_body((out / "index.html").read_text(encoding="utf-8"))
    left, right = body.find_all("div", cls="apidiff-card")
    assert left.find("div", cls="sd-card-title").words().endswith("statistics.mean")
    assert right.find("div", cls="sd-card-title").words().endswith("statistics.fmean")
    assert left.find("pre").text().split() == ["statistics.mean(", "data", ")"]
    assert "weights=None" in right.find("pre").text()
    rows = body.find("table", cls="apidiff-table").find("tbody").find_all("tr")
    cells = {tuple(td.words() for td in row.find_all("td")) for row in rows}
    assert any(row[:2] == ("—", "weights") for row in cells), cells
    assert (out / "_static" / "apidiff.css").is_file()
