"""Examples in two halves (``:side:``), ``:compare:`` across them and ``:echo:``, in real Sphinx
builds with PyTorch and NumPy: what the page shows, where a failure is reported, the reports,
``-j 2`` and rebuilds."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import Build, parse_html, run_build

pytestmark = pytest.mark.sphinx

ROOT = Path(__file__).resolve().parents[1] / "roots" / "test-example-halves"


@pytest.fixture(scope="module")
def halves(sphinx_build) -> Build:
    pytest.importorskip("torch")
    pytest.importorskip("myst_parser")
    return sphinx_build("example-halves")


def report(build: Build) -> dict:
    return json.loads(build.read("apidiff-examples.json"))


def by_page(build: Build) -> dict[str, list[dict]]:
    pages: dict[str, list[dict]] = {}
    for entry in report(build)["examples"]:
        pages.setdefault(entry["page"], []).append(entry)
    return pages


def line_of(name: str, needle: str, start: str | None = None) -> int:
    """1-based line of the first line holding ``needle`` (after the one holding ``start``)."""
    lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
    first = next(i for i, text in enumerate(lines) if start in text) if start else 0
    return next(i for i, text in enumerate(lines[first:], first + 1) if needle in text)


def columns(build: Build, page: str) -> list[list]:
    """Each pair of halves on ``page``: its columns, left then right."""
    tree = parse_html(build.page(page))
    return [
        [col for col in grid.iter() if "apidiff-half" in col.classes]
        for grid in tree.find_all("div", "apidiff-halves")
    ]


def test_the_halves_are_two_columns_titled_with_their_sides(halves):
    [[left, right]] = columns(halves, "add")
    assert "apidiff-half-left" in left.classes and "apidiff-half-right" in right.classes
    # sphinx-design's grid: two columns from its md breakpoint, one below (a phone)
    row = left.parent
    assert {"sd-row", "sd-row-cols-1", "sd-row-cols-md-2"} <= row.classes
    assert left.find(cls="caption-text").words() == "PyTorch"
    assert right.find(cls="caption-text").words() == "NumPy"
    assert "torch.add(x, x, alpha=2)" in left.find("pre").words()
    assert "numpy.add(x, 2 * x)" in right.find("pre").words()


def test_echo_shows_each_halfs_final_value_and_the_right_half_the_comparison(halves):
    [[left, right]] = columns(halves, "add")
    assert left.find(cls="apidiff-output").text() == "tensor([3., 6., 9.])\n"
    assert right.find(cls="apidiff-output").text() == "array([3., 6., 9.])\n"
    assert left.find(cls="apidiff-example-status").words() == "ran without error"
    assert right.find(cls="apidiff-example-status").words() == (
        "ran without error · agree: max abs diff 0"
    )


def test_after_the_pair_the_page_has_both_halves_names(halves):
    page = parse_html(halves.page("add"))
    last = page.find_all(cls="apidiff-example")[-1]
    assert last.find(cls="apidiff-output").text() == "numpy torch\n"


def test_a_disagreeing_pair_fails_at_the_right_halfs_first_line(halves):
    line = line_of("mismatch.rst", "import numpy")
    assert (
        f"mismatch.rst:{line}: WARNING: apidiff-example: comparison failed: differ: "
        "max abs diff 0.5 (rtol 1e-05, atol 1e-08) [apidiff.example]"
    ) in halves.warnings
    [[left, right]] = columns(halves, "mismatch")
    assert "apidiff-passed" in left.find(cls="apidiff-example").classes
    assert "apidiff-failed" in right.find(cls="apidiff-example").classes
    assert (
        right.find(cls="apidiff-example-status")
        .words()
        .startswith("comparison failed · differ: max abs diff 0.5")
    )
    assert [e["status"] for e in by_page(halves)["mismatch"]] == ["passed", "failed"]


def test_a_disagreeing_pair_in_myst_fails_at_its_own_line(halves):
    line = line_of("myst.md", "z = numpy.ones(2)")
    assert (
        f"myst.md:{line}: WARNING: apidiff-example: comparison failed: differ: max abs diff 1"
    ) in halves.warnings
    first, second = columns(halves, "myst")
    assert first[1].find(cls="apidiff-example-status").words() == (
        "ran without error · agree: max abs diff 0"
    )
    assert first[0].find(cls="apidiff-output").text() == "tensor([4.])\n"
    # the second pair is outside the comparison, below it: its halves take its labels
    assert [col.find(cls="caption-text").words() for col in second] == ["PyTorch", "NumPy"]
    assert "apidiff-failed" in second[1].find(cls="apidiff-example").classes


def test_reports_count_each_half_as_an_example(halves):
    data = report(halves)
    pages = by_page(halves)
    assert [e["status"] for e in pages["add"]] == ["passed"] * 3
    assert [e["status"] for e in pages["myst"]] == ["passed", "passed", "passed", "failed"]
    counted = sum(len(v) for v in pages.values())
    assert data["summary"]["examples"] == counted == 3 + 2 + 4 + 5
    assert data["summary"]["problems"] == 2
    junit = halves.read("apidiff-examples.xml")
    assert junit.count("<testcase") == counted
    assert junit.count('type="comparison"') == 2
    assert "[apidiff] examples: 2 failed, 12 passed" in halves.status
    export = json.loads(halves.read("apidiff.json"))
    by_doc = {pair["page"]: pair["examples"] for pair in export["pairs"]}
    assert by_doc["add"] == {"passed": 3} and by_doc["myst"] == {"failed": 1, "passed": 3}


def test_a_half_without_its_other_half_is_a_warning_and_runs_alone(halves):
    warnings = halves.warnings
    left = line_of("alone.rst", ":side: left") - 1
    right = line_of("alone.rst", ":side: right") - 1
    assert (
        f"alone.rst:{left}: WARNING: apidiff-example: a left half (:side: left) needs its right "
        "half right after it; it runs without its :compare: [apidiff.directive]"
    ) in warnings
    assert (
        f"alone.rst:{right}: WARNING: apidiff-example: a right half (:side: right) needs its "
        "left half right before it; it runs as an example of its own [apidiff.directive]"
    ) in warnings
    middle = line_of("alone.rst", ":side: middle")
    assert (
        f"alone.rst:{middle}: WARNING: apidiff-example :side: 'middle' is neither left nor right"
    ) in warnings
    both = line_of("alone.rst", ":side: left", start="middle") - 1
    assert (
        f"alone.rst:{both}: WARNING: apidiff-example: :compare: is given on both halves of a "
        "pair; the right half's is used [apidiff.directive]"
    ) in warnings
    assert len(columns(halves, "alone")) == 1  # only the last two are a pair
    assert [e["status"] for e in by_page(halves)["alone"]] == ["passed"] * 5


def test_parallel_build_equals_serial(tmp_path):
    pytest.importorskip("torch")
    serial = run_build(shutil.copytree(ROOT, tmp_path / "serial"))
    parallel = run_build(shutil.copytree(ROOT, tmp_path / "parallel"), parallel=2)
    for page in ("add", "mismatch", "alone", "myst"):
        assert serial.page(page) == parallel.page(page), page
    assert serial.read("apidiff-examples.json").replace(" ", "") != ""
    strip = re.compile(r'"seconds": [0-9.]+|time="[0-9.]+"')
    for name in ("apidiff-examples.json", "apidiff-examples.xml"):
        assert strip.sub("", serial.read(name)) == strip.sub("", parallel.read(name)), name
    assert sorted(w.replace(str(serial.srcdir), "") for w in serial.warning_lines()) == sorted(
        w.replace(str(parallel.srcdir), "") for w in parallel.warning_lines()
    )


def test_a_rebuild_runs_only_the_changed_pair_and_keeps_the_others(tmp_path):
    pytest.importorskip("torch")
    srcdir = shutil.copytree(ROOT, tmp_path / "src")
    first = run_build(srcdir)
    assert "mismatch.rst" in first.warnings
    # nothing changed: nothing runs, the failures are reported again
    again = run_build(srcdir)
    assert "example(s) on" not in again.status
    failures = [w for w in first.warning_lines() if w.endswith("[apidiff.example]")]
    assert len(failures) == 2 and again.warning_lines() == failures
    # the right half now agrees with the left one: only its page runs again
    page = srcdir / "mismatch.rst"
    page.write_text(page.read_text().replace("[1.0, 2.5]", "[1.0, 2.0]"))
    fixed = run_build(srcdir)
    assert "[apidiff] 2 example(s) on 1 page(s)" in fixed.status
    assert "mismatch.rst" not in fixed.warnings
    [[_left, right]] = columns(fixed, "mismatch")
    assert right.find(cls="apidiff-example-status").words() == (
        "ran without error · agree: max abs diff 0"
    )
    assert fixed.page("add") == first.page("add")


def test_halves_above_every_comparison_have_no_title_of_their_own(tmp_path):
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('extensions = ["sphinx_apidiff"]\n')
    (srcdir / "index.rst").write_text(
        "Order\n=====\n\n"
        ".. apidiff-example::\n   :side: left\n\n   a = 1\n\n"
        ".. apidiff-example::\n   :side: right\n\n   a = 2\n\n"
        ".. apidiff:: statistics.mean statistics.fmean\n   :undocumented: auto\n\n"
        ".. apidiff-example::\n   :side: left\n\n   b = 1\n\n"
        ".. apidiff-example::\n   :side: right\n   :caption: Mine\n\n   b = 2\n"
    )
    build = run_build(srcdir)
    assert "WARNING" not in build.warnings
    above, below = columns(build, "index")
    assert [col.find_all(cls="caption-text") for col in above] == [[], []]
    assert [col.find(cls="caption-text").words() for col in below] == ["mean", "Mine"]
