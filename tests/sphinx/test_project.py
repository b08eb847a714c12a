"""The project-wide view in real builds: the summary, ``:apidiff:``, coverage, ``apidiff.json``.

Correct under incremental builds (adding, editing, deleting a page updates every page that
shows project-wide data) and under ``-j 2`` (the same output as a serial build).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
from conftest import ROOTS, Build, main_body, run_build

from sphinx_apidiff.export import load_schema
from sphinx_apidiff.sphinxext.state.comparisons import comparison_path

pytestmark = pytest.mark.sphinx


def summaries(build: Build, docname: str = "index") -> list[list[list[str]]]:
    """Each summary table of the page as rows of cell texts (the header row first), as a
    desktop reader sees them: without the column names a cell carries for phones."""
    body = main_body(build.page(docname))
    tables = []
    for table in body.find_all("table", cls="apidiff-summary"):
        for head in table.find_all("span", cls="apidiff-cell-head"):
            head.children = []
        rows = [
            [
                " | ".join(p.words() for p in cell.find_all("p"))
                for cell in tr.find_all()
                if cell.tag in ("th", "td")
            ]
            for tr in table.find_all("tr")
        ]
        tables.append(rows)
    return tables


def export(build: Build) -> dict:
    document = json.loads(build.read("apidiff.json"))
    jsonschema.Draft202012Validator(load_schema()).validate(document)
    return document


@pytest.fixture(scope="module")
def built(sphinx_build) -> Build:
    build = sphinx_build("project", "html")
    assert build.warnings == ""
    return build


def test_one_row_per_comparison_the_names_linking_to_their_page(built):
    everything, math_only, identical = summaries(built)
    # the sides' frameworks differ from row to row: "From"/"To", each name under its label
    assert everything == [
        ["From", "To", "Category", "Differences", "Examples"],
        [
            "numpy | numpy.sum",
            "builtins | builtins.sum",
            "usage differs (1 renamed, 6 only in numpy, 1 only in builtins, "
            "1 parameter kind differs)",
            "8",
            "—",
        ],
        [
            "numpy | numpy.sum",
            "math | math.fsum",
            "usage differs (1 renamed, 6 only in numpy, 1 parameter kind differs)",
            "7",
            "1 passed",
        ],
        ["os | os.path.join", "posixpath | posixpath.join", "identical parameters", "0", "—"],
    ]
    # :label: math keeps the comparisons with a math side; one framework a column: its header
    assert math_only[0][:2] == ["numpy", "math"]
    assert [row[:2] for row in math_only[1:]] == [["numpy.sum", "math.fsum"]]
    assert identical == [
        ["os", "posixpath", "Category", "Differences", "Examples"],
        ["os.path.join", "posixpath.join", "identical parameters", "0", "—"],
    ]


def test_summary_links_to_each_page(built):
    table = main_body(built.page("index")).find("table", cls="apidiff-summary")
    links = [(a.words(), a.attrs["href"]) for a in table.find_all("a")]
    assert links == [
        ("numpy.sum", "sum-builtin.html"),
        ("builtins.sum", "sum-builtin.html"),
        ("numpy.sum", "sum-fsum.html"),
        ("math.fsum", "sum-fsum.html"),
        ("os.path.join", "joins.html"),
        ("posixpath.join", "joins.html"),
    ]
    # on a phone the header row is hidden: each count says what it counts
    heads = [span.words() for span in table.find_all("span", cls="apidiff-cell-head")]
    assert heads[:2] == ["Differences:", "Examples:"] and len(heads) == 6


def test_the_script_is_only_on_pages_with_a_summary(built):
    assert '_static/apidiff-summary.js"' in built.page("index")
    assert "apidiff-summary.js" not in built.page("joins")
    assert (built.outdir / "_static" / "apidiff-summary.js").is_file()


def test_role_links_to_the_page_comparing_an_api(built):
    para = next(p for p in main_body(built.page("joins")).find_all("p") if "Summing" in p.words())
    links = {a.words(): a.attrs["href"] for a in para.find_all("a")}
    assert links == {"math.fsum": "sum-fsum.html", "the builtin": "sum-builtin.html"}


def test_coverage_says_page_counterpart_or_none(built):
    body = main_body(built.page("coverage"))
    rows = {
        tr.find_all("td")[0].words(): tr
        for tr in body.find("table", cls="apidiff-coverage").find_all("tr")
        if tr.find_all("td")
    }
    assert rows["math.fsum"].find("a").attrs["href"] == "sum-fsum.html"
    # beside "compared": what the page compares it with (numpy has no fsum of its own)
    assert rows["math.fsum"].find_all("td")[2].words() == "numpy.sum"
    assert [td.words() for td in rows["math.sin"].find_all("td")][1:] == [
        "counterpart, no page yet",
        "numpy.sin",
    ]
    assert [td.words() for td in rows["math.comb"].find_all("td")][1:] == ["no counterpart", "—"]
    assert "1 compared" in body.words()


def test_export_has_every_pair_with_page_notes_examples_and_concepts(built):
    document = export(built)
    assert document["project"] == "Project"
    pairs = {(p["left"]["path"], p["right"]["path"]): p for p in document["pairs"]}
    assert set(pairs) == {
        ("numpy.sum", "math.fsum"),
        ("numpy.sum", "builtins.sum"),
        ("os.path.join", "posixpath.join"),
    }
    fsum = pairs["numpy.sum", "math.fsum"]
    assert fsum["url"] == "sum-fsum.html" and fsum["examples"] == {"passed": 1}
    a_row = next(r for r in fsum["rows"] if r["left"] == "a")
    assert a_row["note_by_author"] and a_row["right"] == "seq"
    [note] = [n for n in fsum["notes"] if n["anchor"] == a_row["note"]]
    assert note["by_author"] and note["names"] == ["a"]
    # the anchor is on the page, where the URL says
    page, anchor = note["url"].split("#")
    assert page == "sum-fsum.html" and f'id="{anchor}"' in built.page("sum-fsum")
    generated = next(n for n in fsum["notes"] if n["names"] == ["axis"])
    assert generated["by_author"] is False
    assert fsum["comparison"]["left"]["parameters"][0]["name"] == "a"
    [sums, joins] = document["concepts"]
    assert sorted(sums["apis"]) == ["builtins", "math", "numpy"] and len(sums["pairs"]) == 2
    assert joins["apis"] == {"os": ["os.path.join"], "posixpath": ["posixpath.join"]}


def test_parallel_build_equals_serial(built, sphinx_build):
    parallel = sphinx_build("project", "html", parallel=2)
    assert parallel.warnings == ""
    assert parallel.read("apidiff.json") == built.read("apidiff.json")
    for docname in ("index", "coverage", "joins"):
        assert summaries(parallel, docname) == summaries(built, docname)
        assert main_body(parallel.page(docname)).words() == main_body(built.page(docname)).words()


@pytest.mark.parametrize("builder", ["text", "latex"])
def test_other_builders_get_a_plain_table_and_an_export_without_urls(sphinx_build, builder):
    build = sphinx_build("project", builder)
    assert build.warnings == ""
    document = export(build)
    assert {p["url"] for p in document["pairs"]} == {None}
    assert not (build.outdir / "_static" / "apidiff-summary.js").exists()
    if builder == "text":
        index = build.read("index.txt")
        assert "numpy.sum" in index and re.search(r"\| Differences +\| Examples +\|", index)


def test_export_can_be_switched_off(sphinx_build):
    build = sphinx_build("project", "html", confoverrides={"apidiff_export": ""})
    assert not (build.outdir / "apidiff.json").exists()


# ---------------------------------------------------------------------- incremental builds

ORPHAN = ":orphan:\n\n"


def test_adding_editing_deleting_a_page_updates_every_index(tmp_path):
    src = tmp_path / "project"
    shutil.copytree(ROOTS / "test-project", src)
    first = run_build(src)
    assert first.warnings == ""

    # add a page (an orphan: the toctree, and so the index page, do not change)
    (src / "mean.rst").write_text(
        ORPHAN + "Means\n=====\n\n.. apidiff:: statistics.mean math.fsum\n", encoding="utf-8"
    )
    added = run_build(src)
    assert added.warnings == ""
    rows = summaries(added)[0]
    assert ["statistics | statistics.mean", "math | math.fsum"] in [row[:2] for row in rows]
    assert any(p["page"] == "mean" for p in export(added)["pairs"])

    # edit it: the other pages follow
    (src / "mean.rst").write_text(
        ORPHAN + "Means\n=====\n\n.. apidiff:: statistics.fmean math.fsum\n\n"
        "See :apidiff:`numpy.sum`.\n",
        encoding="utf-8",
    )
    edited = run_build(src)
    assert edited.warnings == ""
    cells = [cell for row in summaries(edited)[0] for cell in row]
    assert "statistics | statistics.fmean" in cells
    assert not any("statistics.mean" in cell for cell in cells)
    coverage = main_body(edited.page("coverage")).words()
    assert "1 compared" in coverage  # math.fsum still the only one
    paths = {p["left"]["path"] for p in export(edited)["pairs"]}
    assert "statistics.fmean" in paths and "statistics.mean" not in paths

    # delete it: its comparisons file (beside the doctrees) goes with it
    kept = comparison_path(edited.app.env, "mean")
    with open(kept, encoding="utf-8") as f:
        assert json.load(f)[0]["left"]["path"] == "statistics.fmean"
    (src / "mean.rst").unlink()
    deleted = run_build(src)
    assert not os.path.exists(kept)
    assert not any("statistics" in cell for row in summaries(deleted)[0] for cell in row)
    assert all(p["page"] != "mean" for p in export(deleted)["pairs"])
    assert summaries(deleted) == summaries(first)
    assert deleted.read("apidiff.json") == first.read("apidiff.json")


def test_a_page_starting_to_compare_an_api_fixes_a_role_elsewhere(tmp_path):
    src = tmp_path / "project"
    shutil.copytree(ROOTS / "test-project", src)
    (src / "joins.rst").write_text(
        (src / "joins.rst").read_text(encoding="utf-8") + "\nAlso :apidiff:`statistics.mean`.\n",
        encoding="utf-8",
    )
    before = run_build(src)
    line = before.source_line("joins", "statistics.mean")
    assert f"joins.rst:{line}: WARNING: :apidiff: no page compares 'statistics.mean'" in (
        before.warnings
    )
    assert "[apidiff.uncompared]" in before.warnings
    (src / "mean.rst").write_text(
        ORPHAN + "Means\n=====\n\n.. apidiff:: statistics.mean math.fsum\n", encoding="utf-8"
    )
    after = run_build(src)
    assert after.warnings == ""
    links = {a.words(): a.attrs["href"] for a in main_body(after.page("joins")).find_all("a")}
    assert links["statistics.mean"] == "mean.html"
    # math.fsum is compared on two pages now: the link goes to the first by page name
    assert links["math.fsum"] == "mean.html"


def test_a_page_whose_comparisons_file_is_gone_is_read_again(tmp_path):
    src = tmp_path / "project"
    shutil.copytree(ROOTS / "test-project", src)
    first = run_build(src)
    os.remove(comparison_path(first.app.env, "sum-fsum"))
    again = run_build(src)
    assert again.warnings == ""
    assert "1 changed" in again.status  # sum-fsum, and no other page
    assert again.read("apidiff.json") == first.read("apidiff.json")


def test_a_rebuild_with_nothing_changed_writes_nothing(tmp_path):
    src = tmp_path / "project"
    shutil.copytree(ROOTS / "test-project", src)
    first = run_build(src)
    stamp = {
        p: p.stat().st_mtime_ns
        for p in (first.outdir / "index.html", first.outdir / "apidiff.json")
    }
    again = run_build(src)
    assert "no targets are out of date" in again.status
    assert {p: p.stat().st_mtime_ns for p in stamp} == stamp


# --------------------------------------------------------------------------- mistakes


def test_mistakes_are_located_warnings(tmp_path):
    src = tmp_path / "project"
    shutil.copytree(ROOTS / "test-project", src)
    (src / "coverage.rst").write_text(
        "Coverage\n========\n\n.. apidiff-coverage:: math\n\n"
        ".. apidiff-coverage:: no_such_module_xyz math\n\n"
        ".. apidiff-coverage:: math numpy\n   :status: missing, gone\n\n"
        ".. apidiff-summary::\n   :colour: red\n",
        encoding="utf-8",
    )
    build = run_build(src)
    warnings = build.warnings
    assert (
        "coverage.rst:4: WARNING: apidiff-coverage takes two modules (COVERED OTHER), got 1"
        in warnings
    )
    assert (
        "coverage.rst:6: WARNING: apidiff-coverage: cannot import 'no_such_module_xyz'" in warnings
    )
    assert "coverage.rst:9: WARNING: apidiff-coverage :status: 'gone' is not one of" in warnings
    assert "coverage.rst:12: WARNING: apidiff-summary: unknown option :colour:" in warnings
    body = main_body(build.page("coverage"))
    table = body.find("table", cls="apidiff-coverage")
    statuses = {tr.find_all("td")[1].words() for tr in table.find_all("tr") if tr.find_all("td")}
    assert statuses == {"no counterpart"}  # :status: missing only


@pytest.mark.parametrize(
    ("damage", "why"),
    [
        (lambda text: text[: len(text) // 2], "cannot be read as JSON"),
        (lambda text: "[]", "does not hold a list of 1 comparison(s)"),
        (lambda text: '["edited"]', "an entry is neither a comparison nor null"),
    ],
)
def test_a_page_whose_comparisons_file_was_damaged_is_read_again(tmp_path, damage, why):
    src = tmp_path / "project"
    shutil.copytree(ROOTS / "test-project", src)
    first = run_build(src)
    path = Path(comparison_path(first.app.env, "sum-fsum"))
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    again = run_build(src)
    assert again.warnings == ""
    assert f"[apidiff] the comparisons file of 'sum-fsum' ({path}) is damaged" in again.status
    assert why in again.status
    assert "1 changed" in again.status  # sum-fsum, and no other page
    assert again.read("apidiff.json") == first.read("apidiff.json")  # the pair is read


def test_two_apis_of_one_package_are_told_apart_in_the_summary(tmp_path):
    """numpy.arange against numpy.linspace: the summary's kinds name each side as the page
    does ("only in arange", "only in linspace"), never "only in numpy" for both."""
    src = tmp_path / "project"
    shutil.copytree(ROOTS / "test-project", src)
    (src / "ranges.rst").write_text(
        ORPHAN + "Ranges\n======\n\n.. apidiff:: numpy.arange numpy.linspace\n"
        "   :undocumented: auto\n",
        encoding="utf-8",
    )
    build = run_build(src)
    assert build.warnings == ""
    [row] = [r for r in summaries(build)[0] if r[0].endswith("numpy.arange")]
    kinds = row[2]
    assert "only in arange" in kinds and "only in linspace" in kinds, kinds
    assert "only in numpy" not in kinds
