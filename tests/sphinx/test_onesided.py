"""Pages with one side (``apidiff-one``) and several comparisons on one page, built with the real
libraries: what the page, the summary, the coverage and the export say of each."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
from conftest import copy_root, parse_html, run_build

from sphinx_apidiff.concepts import (
    Entry,
    comparisons_shown,
    filter_concepts,
    filter_entries,
    group,
    unknown_names,
)
from sphinx_apidiff.coverage import ModuleCallables, coverage_of
from sphinx_apidiff.export import load_schema
from sphinx_apidiff.onesided import STATUSES, OneSided, parse_replacements
from sphinx_apidiff.records import PairRecord

pytest.importorskip("torch")
pytestmark = pytest.mark.sphinx


def _text(html: str) -> str:
    """What a reader sees of some HTML: the text, spaces collapsed."""
    inline = re.sub(r"</?(?:wbr|span|code|strong|em|a)\b[^>]*>", "", html)
    return " ".join(re.sub(r"<[^>]+>", " ", inline).split())


@pytest.fixture(scope="module")
def built(sphinx_build):
    return sphinx_build("onesided")


@pytest.fixture(scope="module")
def export(built):
    return json.loads(built.read("apidiff.json"))


# ----------------------------------------------------------------------------- pure logic


def test_replacements_are_dotted_paths_in_the_authors_order_each_once():
    assert parse_replacements("paddle.amin + paddle.amax, paddle.amin") == (
        "paddle.amin",
        "paddle.amax",
    )
    assert parse_replacements(None) == ()
    with pytest.raises(Exception, match="'amin\\(x\\)' is not a dotted Python path"):
        parse_replacements("amin(x)")


def test_a_status_is_one_of_three():
    assert STATUSES == ("missing", "removable", "composite")
    with pytest.raises(ValueError, match="not one of"):
        OneSided(None, "gone")


def test_a_record_with_one_side_names_its_replacements_as_its_other_sides():
    record = PairRecord(
        "torch.aminmax",
        "",
        "PyTorch",
        "Paddle",
        status="composite",
        replacements=("paddle.amin", "paddle.amax"),
        target="paddle",
    )
    assert record.sides() == (
        ("torch.aminmax", "PyTorch"),
        ("paddle.amin", "Paddle"),
        ("paddle.amax", "Paddle"),
    )
    assert record.right_package == "paddle"
    assert PairRecord("torch.add", "paddle.add", "PyTorch", "Paddle").right_package == "paddle"


# ------------------------------------------------------------------------------ the build


def test_the_build_is_quiet(built):
    assert built.warnings == ""


def test_the_page_shows_the_status_and_the_signature_read_live(built):
    import torch

    text = _text(built.page("int_repr"))
    assert "In NumPy: no counterpart" in text
    assert "PyTorch: torch.Tensor.int_repr" in text
    assert f"Version: torch {torch.__version__}" in text
    assert "NumPy has no quantized arrays" in text
    removable = _text(built.page("contiguous"))
    assert "In NumPy: removable" in removable
    assert "memory_format" in removable  # the parameter the call takes, read from torch


def test_a_composite_page_names_its_replacements_and_runs_its_example(built):
    html = built.page("aminmax")
    text = _text(html)
    assert "In NumPy: composite replacement" in text
    assert "Replaced by: numpy.amin, numpy.amax" in text
    assert "apidiff-example apidiff-passed" in html


def _summary_rows(built) -> list[list[str]]:
    """The summary's body rows, each as the words of its cells (the cell heads a phone shows
    left out)."""
    table = parse_html(built.page("index")).find("table", cls="apidiff-summary")
    rows = []
    for tr in table.find("tbody").find_all("tr"):
        for head in tr.find_all(cls="apidiff-cell-head"):
            head.children = []
        rows.append([td.words() for td in tr.find_all("td")])
    return rows


def test_the_summary_lists_each_page_with_its_status(built):
    rows = {row[0]: row[1:3] for row in _summary_rows(built)}
    assert rows["torch.Tensor.int_repr"] == ["no counterpart", "no counterpart"]
    assert rows["torch.Tensor.contiguous"] == ["removable", "removable"]
    assert rows["torch.aminmax"] == ["numpy.amin numpy.amax", "composite replacement"]


def test_several_comparisons_on_one_page_are_each_a_table_and_a_summary_row(built, export):
    html = built.page("max")
    assert len(parse_html(html).find_all("table", cls="apidiff-table")) == 2
    rows = [row for row in _summary_rows(built) if row[0] == "torch.max"]
    assert [row[1] for row in rows] == ["numpy.max", "numpy.maximum"]
    pairs = [p for p in export["pairs"] if p["page"] == "max"]
    assert [p["right"]["path"] for p in pairs] == ["numpy.max", "numpy.maximum"]
    assert all(p["read"] and p["comparison"] for p in pairs)
    # each its own notes: no anchor of one is an anchor of the other
    first, second = ({n["anchor"] for n in p["notes"]} for p in pairs)
    assert first and second and not first & second


def test_the_coverage_says_a_page_with_one_side_documents_the_api(built):
    html = built.page("index")
    coverage = _text(html[html.index("apidiff-coverage") :])
    assert "torch.aminmax documented: composite replacement numpy.amax, numpy.amin" in coverage
    assert 'href="aminmax.html">documented: composite replacement' in html


def test_the_export_carries_the_status_and_validates(export):
    jsonschema.Draft202012Validator(load_schema()).validate(export)
    by_page = {p["page"]: p for p in export["pairs"]}
    aminmax = by_page["aminmax"]
    assert aminmax["right"] is None and aminmax["comparison"] is None
    assert aminmax["category"] == "composite" and aminmax["read"]
    one = aminmax["one_side"]
    assert one["status"] == "composite"
    assert one["replacements"] == ["numpy.amin", "numpy.amax"]
    assert one["target"] == {"package": "numpy", "label": "NumPy"}
    assert one["api"]["path"] == "torch.aminmax"
    assert [p["name"] for p in one["api"]["parameters"]][:2] == ["input", "dim"]
    assert by_page["int_repr"]["one_side"]["status"] == "missing"
    assert by_page["max"]["one_side"] is None
    concept = next(c for c in export["concepts"] if "torch.aminmax" in c["apis"]["torch"])
    assert concept["apis"]["numpy"] == ["numpy.amax", "numpy.amin"]


def test_a_parallel_build_exports_the_same(built, sphinx_build):
    parallel = sphinx_build("onesided", parallel=2)
    assert parallel.read("apidiff.json") == built.read("apidiff.json")


# ---------------------------------------------------------------------------- mistakes


def test_mistakes_are_located_warnings_and_the_page_still_renders(tmp_path):
    srcdir = copy_root("onesided", tmp_path)
    (srcdir / "int_repr.rst").write_text(
        "Bad\n===\n\n"
        ".. apidiff-one:: torch.Tensor.int_repr torch.Tensor.contiguous\n"
        "   :status: gone\n"
        "   :replacement: numpy.amin\n",
        encoding="utf-8",
    )
    build = run_build(srcdir)
    lines = [line for line in build.warning_lines() if "int_repr.rst" in line]
    assert any(
        "apidiff-one takes one dotted path, got 2" in line and "[apidiff.directive]" in line
        for line in lines
    )
    assert any(
        "int_repr.rst:5:" in line and "apidiff-one :status: 'gone' is not one of" in line
        for line in lines
    )
    assert any(
        "int_repr.rst:6:" in line and ":replacement: goes with :status: composite" in line
        for line in lines
    )
    assert "no counterpart" in _text(build.page("int_repr"))


def test_an_api_that_cannot_be_read_is_a_warning_its_page_and_record_stay(tmp_path):
    srcdir = copy_root("onesided", tmp_path)
    (srcdir / "int_repr.rst").write_text(
        "Gone\n====\n\n.. apidiff-one:: torch.Tensor.nosuch\n   :status: missing\n",
        encoding="utf-8",
    )
    build = run_build(srcdir)
    assert any(
        "int_repr.rst:4:" in line
        and "apidiff-one left side: 'torch.Tensor' has no attribute 'nosuch'" in line
        and "[apidiff.import]" in line
        for line in build.warning_lines()
    )
    assert "Could not be read:" in _text(build.page("int_repr"))
    export = json.loads(build.read("apidiff.json"))
    pair = next(p for p in export["pairs"] if p["page"] == "int_repr")
    assert not pair["read"] and pair["one_side"]["api"] is None
    jsonschema.Draft202012Validator(load_schema()).validate(export)


def _one(left, status, replacements=(), target="paddle", label="Paddle"):
    return PairRecord(
        left,
        "",
        "PyTorch",
        label,
        category=status,
        status=status,
        replacements=replacements,
        target=target,
    )


def test_a_team_table_filtered_by_both_frameworks_keeps_the_pages_with_one_side():
    entries = [
        Entry("int_repr", _one("torch.Tensor.int_repr", "missing")),
        Entry("aminmax", _one("torch.aminmax", "composite", ("paddle.amin", "paddle.amax"))),
        Entry("add", PairRecord("torch.add", "paddle.add", "PyTorch", "Paddle")),
        Entry("sum", PairRecord("torch.sum", "numpy.sum", "PyTorch", "NumPy")),
    ]
    for labels in (("torch", "paddle"), ("PyTorch", "Paddle")):
        shown = comparisons_shown(filter_concepts(group(entries), labels), labels)
        assert sorted(e.docname for e in shown) == ["add", "aminmax", "int_repr"]
    assert unknown_names(entries, ["Paddle", "paddle", "mindspore"]) == ["mindspore"]
    assert [e.docname for e in filter_entries(entries, ["missing"])] == ["int_repr"]


def test_the_coverage_of_a_module_names_the_status_of_a_page_with_one_side():
    left = ModuleCallables("torch", {"aminmax": 1, "add": 2, "amax": 3})
    right = ModuleCallables("paddle", {"add": 4, "amax": 5})
    rows = coverage_of(
        left,
        right,
        [("torch.add", "paddle.add")],
        one_sided={"torch.aminmax": ("composite", ("paddle.amin", "paddle.amax"))},
    )
    by_name = {row.name: row for row in rows}
    assert (by_name["aminmax"].status, by_name["aminmax"].page_status) == ("page", "composite")
    assert by_name["aminmax"].compared_with == ("paddle.amax", "paddle.amin")
    assert (by_name["add"].status, by_name["add"].page_status) == ("page", None)
    # the page covers the API it is about, nothing its replacements share a name with
    assert by_name["amax"].status == "counterpart"
