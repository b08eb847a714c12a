"""Bad input to the project-wide features: a located ``apidiff.*`` warning, every page
written, nothing written outside the output folder, never a traceback. Real builds."""

from __future__ import annotations

import pytest
from conftest import main_body, run_build

pytestmark = pytest.mark.sphinx

PAGE = "Sums\n====\n\n.. apidiff:: numpy.sum math.fsum\n   :undocumented: ignore\n"


def project(tmp_path, conf: str = "", pages: dict[str, str] | None = None):
    src = tmp_path / "docs"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["sphinx_apidiff"]\n' + conf, encoding="utf-8")
    pages = pages or {"index": "Home\n====\n\n.. toctree::\n\n   sums\n", "sums": PAGE}
    for name, text in pages.items():
        (src / f"{name}.rst").write_text(text, encoding="utf-8")
    return src


def conf_line(src, needle: str) -> str:
    lines = (src / "conf.py").read_text(encoding="utf-8").splitlines()
    number = next(i for i, text in enumerate(lines, 1) if text.startswith(needle))
    return f"{src / 'conf.py'}:{number}: WARNING: "


# ------------------------------------------------------------------------------ export


@pytest.mark.parametrize(
    "name", ["index.html", "sums.html", "data/", "../apidiff.json", "/tmp/x.json", "a b.json"]
)
def test_an_export_named_like_a_page_or_outside_is_refused_where_it_is_set(tmp_path, name):
    src = project(tmp_path, f"apidiff_export = {name!r}\n")
    build = run_build(src)
    expected = conf_line(src, "apidiff_export") + f"invalid apidiff_export = {name!r}"
    assert expected in build.warnings
    assert "[apidiff.config]" in build.warnings
    assert main_body(build.page("index")).find("h1").text().startswith("Home")
    assert main_body(build.page("sums")).find("table", cls="apidiff-table")
    assert (build.outdir / "apidiff.json").read_text(encoding="utf-8").startswith("{")
    assert not list(build.outdir.rglob("*.tmp"))
    assert not (tmp_path / "apidiff.json").exists()


def test_an_export_that_cannot_be_written_is_a_warning_and_leaves_nothing_behind(tmp_path):
    src = project(tmp_path, 'apidiff_export = "data/apidiff.json"\n')
    blocker = src / "_build" / "html" / "data" / "apidiff.json"
    blocker.mkdir(parents=True)  # a folder where the file goes
    build = run_build(src)
    assert "apidiff_export: cannot write" in build.warnings
    assert "[apidiff.config]" in build.warnings
    assert conf_line(src, "apidiff_export") in build.warnings
    assert not list(build.outdir.rglob("*.tmp"))
    assert main_body(build.page("sums")).find("table", cls="apidiff-table")


# ------------------------------------------------------------------------------ config


def test_a_config_value_of_the_wrong_type_is_located_in_conf_py(tmp_path):
    src = project(tmp_path, 'project = "x"\napidiff_static = "numpy"\n')
    build = run_build(src)
    assert conf_line(src, "apidiff_static") + "invalid apidiff_static = 'numpy'" in build.warnings
