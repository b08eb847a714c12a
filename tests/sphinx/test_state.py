"""One owner of per-document state: the records a reader's pages are built from.

Serial and ``-j 2`` builds give the same records and the same HTML; an edit or a deleted page
changes its record and nothing else; the records survive the pickled environment.
"""

from __future__ import annotations

import json
import pickle
from dataclasses import replace
from io import StringIO
from pathlib import Path

import pytest
from conftest import copy_root, parse_html, run_build
from sphinx.testing.util import SphinxTestApp

from sphinx_apidiff.sphinxext.state.comparisons import page_comparisons
from sphinx_apidiff.sphinxext.state.records import (
    DocRecord,
    all_records,
    doc_record,
    example_status,
)

pytestmark = pytest.mark.sphinx


def _write_status(app, doctree, docname: str) -> None:
    """At write time (in the writing process), the examples' status of each page."""
    target = Path(app.outdir) / "status" / f"{docname}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(example_status(app.env, docname), sort_keys=True))


def build(srcdir: Path, *, parallel: int = 0, freshenv: bool = True):
    warning = StringIO()
    app = SphinxTestApp(
        "html",
        srcdir=srcdir,
        status=StringIO(),
        warning=warning,
        parallel=parallel,
        freshenv=freshenv,
    )
    app.connect("doctree-resolved", _write_status)
    try:
        app.build()
    finally:
        app.cleanup()
    return app, warning.getvalue()


def timeless(record: DocRecord) -> DocRecord:
    """The record without durations (two runs of one example take different times)."""
    if record.results is None:
        return record
    return replace(record, results=tuple(replace(r, seconds=0.0) for r in record.results))


def html_files(app) -> dict[str, bytes]:
    out = Path(app.outdir)
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*.html"))}


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    serial = build(copy_root("state", tmp_path_factory.mktemp("serial")))
    parallel = build(copy_root("state", tmp_path_factory.mktemp("parallel")), parallel=2)
    return serial, parallel


def test_parallel_and_serial_builds_keep_the_same_records(builds):
    (serial, serial_warnings), (parallel, parallel_warnings) = builds
    assert serial_warnings.replace(str(serial.srcdir), "<src>") == parallel_warnings.replace(
        str(parallel.srcdir), "<src>"
    )
    assert "joins.rst:9: WARNING: apidiff-example: example failed" in serial_warnings
    ours = {d: timeless(r) for d, r in all_records(serial.env).items()}
    theirs = {d: timeless(r) for d, r in all_records(parallel.env).items()}
    assert list(ours) == ["examples", "index", "joins", "mixed", "sums"]  # sorted, no "plain"
    assert ours == theirs


def test_parallel_and_serial_builds_write_the_same_html(builds):
    (serial, _), (parallel, _) = builds
    ours, theirs = html_files(serial), html_files(parallel)
    assert {"index.html", "sums.html", "joins.html", "examples.html"} <= set(ours)
    assert [name for name in ours if ours[name] != theirs.get(name)] == []


def test_a_record_says_what_its_page_contributes(builds):
    (app, _), _ = builds
    sums = doc_record(app.env, "sums")
    [pair] = sums.pairs
    assert (pair.left, pair.right, pair.read) == ("numpy.sum", "math.fsum", True)
    assert pair.sources == {"left": "runtime", "right": "runtime"}
    assert pair.versions.get("numpy")
    # the CLI's --json shape, beside the doctree: each side's path, source, version,
    # parameters and overloads
    [data] = page_comparisons(app.env, "sums", 1)
    assert data["left"]["path"] == "numpy.sum"
    assert data["left"]["version"] == pair.versions["numpy"]
    assert data["left"]["parameters"][0]["name"] == "a"
    assert data["right"]["overloads"] and data["category"] == pair.category
    assert pair.changed == sum(1 for row in data["rows"] if row["changes"])
    # each note's label is an id on the page
    page = (Path(app.outdir) / "sums.html").read_text(encoding="utf-8")
    assert pair.note_anchors and all(f'id="{a}"' in page for a in pair.note_anchors)
    assert [e.code.splitlines()[-1] for e in sums.examples] == ["print(math.fsum([0.1] * 10))"]
    assert not sums.depends_on_project
    written = doc_record(app.env, "mixed").pairs[-1]
    assert written.sources == {"left": "runtime", "right": "explicit"}
    mixed = page_comparisons(app.env, "mixed", len(doc_record(app.env, "mixed").pairs))
    assert mixed[-1]["right"]["source"] == "explicit" and written.category == "identical"
    assert doc_record(app.env, "index").depends_on_project
    assert doc_record(app.env, "mixed").depends_on_project
    assert doc_record(app.env, "plain") == DocRecord("plain")
    # every pair here was read: each has its comparison
    assert all(
        None not in page_comparisons(app.env, docname, len(record.pairs))
        for docname, record in all_records(app.env).items()
    )


def test_records_keep_output_once(builds):
    (app, _), _ = builds
    [result] = doc_record(app.env, "joins").results
    assert result.output == (("stdout", "before\n"),)
    assert (result.stdout, result.stderr) == ("before\n", "")  # read from the chunks
    assert pickle.dumps(result).count(b"before") == 1  # the output is kept once, in order
    report = (Path(app.outdir) / "apidiff-examples.xml").read_text(encoding="utf-8")
    assert "<system-out>before\n</system-out>" in report  # JUnit still gets the stream


def test_example_status_is_readable_at_write_time_in_parallel_builds(builds):
    for app, _ in builds:
        written = {
            p.stem: json.loads(p.read_text()) for p in (Path(app.outdir) / "status").glob("*.json")
        }
        assert written["examples"]["passed"] == 3  # the LaTeX-only one is read, and runs
        assert written["examples"]["skipped"] == 1
        assert written["joins"]["failed"] == 1 and written["sums"]["passed"] == 1
        assert sum(written["plain"].values()) == 0
        assert written["examples"] == example_status(app.env, "examples")


def test_records_pickle(builds):
    (app, _), _ = builds
    records = all_records(app.env)
    assert pickle.loads(pickle.dumps(records)) == records


def test_editing_and_deleting_pages_updates_their_records(tmp_path):
    srcdir = copy_root("state", tmp_path)
    first, _ = build(srcdir)
    before = all_records(first.env)
    (srcdir / "index.rst").write_text((srcdir / "index.rst").read_text().replace("   joins\n", ""))
    (srcdir / "joins.rst").unlink()
    (srcdir / "sums.rst").write_text(
        "Sums\n====\n\n.. apidiff:: numpy.prod math.prod\n\n"
        ".. apidiff-example::\n\n   print('one')\n\n.. apidiff-example::\n\n   print('two')\n"
    )
    second, warnings = build(srcdir, freshenv=False)
    assert "ZeroDivisionError" not in warnings  # the deleted page's failure is gone
    after = all_records(second.env)
    assert "joins" not in after
    sums = after["sums"]
    assert [(p.left, p.right) for p in sums.pairs] == [("numpy.prod", "math.prod")]
    assert [r.output for r in sums.results] == [(("stdout", "one\n"),), (("stdout", "two\n"),)]
    assert example_status(second.env, "sums")["passed"] == 2
    # untouched pages keep their records (and were not run again)
    assert after["examples"] == before["examples"] and after["mixed"] == before["mixed"]
    # the index follows
    index = parse_html((Path(second.outdir) / "index.html").read_text(encoding="utf-8"))
    table = index.find("table", cls="apidiff-index").words()
    assert "posixpath.join" in table  # from "mixed"
    assert "os.path.join" not in table and "numpy.prod" in table and "numpy.sum" not in table


def test_a_myst_link_nothing_resolves_gets_no_word_about_the_apidiff_domain(tmp_path):
    """MyST asks every domain to resolve a link it cannot place: the ``apidiff`` domain answers
    (it holds no objects of its own) instead of MyST warning about it on every such page."""
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinx_apidiff"]\n'
        'suppress_warnings = ["myst.xref_missing"]\n'
    )
    (srcdir / "index.md").write_text(
        "# Index\n\nSee [the other page](nowhere-at-all) and [an API](numpy.sum).\n\n"
        "```{apidiff} math.fsum math.fsum\n```\n"
    )
    build = run_build(srcdir, warningiserror=True)  # -W: any warning stops the build
    assert build.warnings == ""
    assert "the other page" in build.page("index")
