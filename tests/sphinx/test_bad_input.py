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


# ------------------------------------------------------------------------------ summary

MEANS = (
    "Means\n=====\n\n.. apidiff:: statistics.fmean numpy.mean\n   :undocumented: ignore\n"
    "   :category: my-own\n"
)


def summary_project(tmp_path, summary: str, conf: str = ""):
    index = f"Home\n====\n\n{summary}\n.. toctree::\n\n   sums\n   means\n"
    return project(tmp_path, conf, {"index": index, "sums": PAGE, "means": MEANS})


def summary_links(build) -> list[str]:
    table = main_body(build.page("index")).find("table", cls="apidiff-summary")
    return sorted({a.attrs["href"] for a in table.find_all("a")})


def test_a_summary_label_that_names_nothing_is_a_warning_at_its_line(tmp_path):
    src = summary_project(tmp_path, ".. apidiff-summary::\n   :label: numpy, nosuch\n")
    build = run_build(src)
    assert build.warning_lines() == [
        f"{src / 'index.rst'}:5: WARNING: apidiff-summary :label: 'nosuch' names no package "
        "and no label of any comparison in the project; it matches nothing [apidiff.directive]"
    ]
    assert summary_links(build) == []  # numpy and nosuch: no row has both


def test_a_summary_label_that_names_a_framework_is_quiet(tmp_path):
    src = summary_project(tmp_path, ".. apidiff-summary::\n   :label: numpy\n")
    build = run_build(src)
    assert build.warnings == ""
    assert summary_links(build) == ["means.html", "sums.html"]


def test_an_empty_summary_label_is_a_warning_not_the_label_none(tmp_path):
    src = summary_project(tmp_path, ".. apidiff-summary::\n   :label:\n")
    build = run_build(src)
    assert build.warning_lines() == [
        f"{src / 'index.rst'}:5: WARNING: apidiff-summary :label: is empty; ignored "
        "[apidiff.directive]"
    ]
    assert summary_links(build) == ["means.html", "sums.html"]  # every row, not "None"'s


def test_a_projects_own_category_is_a_category(tmp_path):
    src = summary_project(tmp_path, ".. apidiff-summary::\n   :category: my-own\n")
    build = run_build(src)
    assert build.warnings == ""
    assert summary_links(build) == ["means.html"]


def test_a_category_no_page_has_is_a_warning_at_its_line(tmp_path):
    src = summary_project(tmp_path, ".. apidiff-summary::\n   :category: my-other\n")
    build = run_build(src)
    assert f"{src / 'index.rst'}:5: WARNING: apidiff-summary :category: 'my-other' is " in (
        build.warnings
    )
    assert "[apidiff.directive]" in build.warnings
    assert summary_links(build) == []


@pytest.mark.parametrize(
    "summary",
    [
        ".. apidiff-summary:: numpy torch\n",
        ".. apidiff-summary::\n\n   Some text the directive does not take.\n",
        ".. apidiff-index:: numpy\n   :label: numpy\n",
    ],
)
def test_arguments_or_content_on_the_summary_are_ours_to_warn_about(tmp_path, summary):
    src = summary_project(tmp_path, summary)
    build = run_build(src)
    assert "takes no arguments or content" in build.warnings
    assert build.warnings.rstrip().endswith("[apidiff.directive]")
    assert f"{src / 'index.rst'}:4: WARNING:" in build.warnings
    assert summary_links(build)  # the table is made all the same
    quiet = run_build(src, confoverrides={"suppress_warnings": ["apidiff.directive"]})
    assert quiet.warnings == ""


def test_a_third_coverage_argument_is_ours_to_warn_about(tmp_path):
    src = summary_project(tmp_path, ".. apidiff-coverage:: statistics numpy math\n")
    build = run_build(src)
    assert build.warning_lines() == [
        f"{src / 'index.rst'}:4: WARNING: apidiff-coverage takes two modules (COVERED OTHER), "
        "got 3 [apidiff.directive]"
    ]
    quiet = run_build(src, confoverrides={"suppress_warnings": ["apidiff.directive"]})
    assert quiet.warnings == ""


# ---------------------------------------------------------------------------- snapshot


def test_a_snapshot_nested_too_deeply_is_a_warning_and_the_build_goes_on(tmp_path):
    src = project(tmp_path, 'apidiff_signature_snapshot = "snap.json"\n')
    nested = '{"format": 1, "signatures": {"a.f": ' + "[" * 100_000 + "]" * 100_000 + "}}\n"
    (src / "snap.json").write_text(nested, encoding="utf-8")
    build = run_build(src)
    assert build.warning_lines() == [
        f"{src / 'snap.json'}:1: WARNING: signature snapshot: not a snapshot: nested too deeply "
        "to be read; not used in this build [apidiff.snapshot]"
    ]
    assert main_body(build.page("sums")).find("table", cls="apidiff-table")


def test_a_snapshot_entry_written_twice_is_a_warning_at_its_line(tmp_path):
    src = project(tmp_path, 'apidiff_signature_snapshot = "snap.json"\n')
    entry = '{"overloads": [{"parameters": [], "returns": null}]}'
    text = f'{{\n  "format": 1,\n  "signatures": {{\n    "a.f": {entry},\n    "a.f": {entry}\n  }}\n}}\n'
    (src / "snap.json").write_text(text, encoding="utf-8")
    build = run_build(src)
    assert build.warning_lines() == [
        f"{src / 'snap.json'}:5: WARNING: signature snapshot: 'a.f' is written twice in one "
        "object (which one holds?); not used in this build [apidiff.snapshot]"
    ]


# ------------------------------------------------------------------------------ titles


def test_a_title_holding_an_apidiff_link_keeps_its_words_in_the_toctree(tmp_path):
    sums = "About :apidiff:`numpy.sum`\n==========================\n\n" + PAGE.split("\n", 3)[3]
    index = "Home\n====\n\n.. toctree::\n\n   sums\n"
    src = project(tmp_path, "", {"index": index, "sums": sums})
    build = run_build(src)
    assert build.warnings == ""
    toctree = main_body(build.page("index")).find("div", cls="toctree-wrapper")
    assert toctree.find("a").text() == "About numpy.sum"
    page = build.page("sums")
    assert "<title>About numpy.sum &#8212;" in page
    heading = main_body(page).find("h1")
    assert heading.text().startswith("About numpy.sum")
    assert heading.find("a", cls="reference").attrs["title"] == "About numpy.sum"
