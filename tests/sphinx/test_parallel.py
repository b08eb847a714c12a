"""Parallel and incremental builds: ``-j 2`` gives the serial bytes; one edit, one page read."""

from __future__ import annotations

import re

import pytest
from conftest import Build, copy_root, run_build

pytestmark = pytest.mark.sphinx


def html_files(build: Build) -> dict[str, bytes]:
    return {
        str(path.relative_to(build.outdir)): path.read_bytes()
        for path in sorted(build.outdir.rglob("*.html"))
    }


# the built pages, not setup()'s declarations: a flag that lies shows as a different page
@pytest.mark.parametrize(
    ("root", "pages"),
    [
        ("apidiff-basic", {"resize.html", "clip.html", "myst_resize.html", "index.html"}),
        # pairs merged from every worker into the index; an example's output placed at write
        ("doctrees", {"index.html", "seed.html", "notes.html", "example.html", "compact.html"}),
    ],
)
def test_parallel_build_equals_serial_build(sphinx_build, root, pages):
    serial = sphinx_build(root, "html")
    parallel = sphinx_build(root, "html", parallel=2)
    assert parallel.warnings == serial.warnings == ""
    # the pages really were read and written in chunks by worker processes
    assert re.search(r"reading sources\.\.\. \[\s*\d+%\] \w+ \.\. \w+", parallel.status), (
        parallel.status
    )
    ours, theirs = html_files(serial), html_files(parallel)
    assert sorted(ours) == sorted(theirs)
    assert pages <= set(ours)
    different = [name for name in ours if ours[name] != theirs[name]]
    assert different == []


def test_editing_one_page_reads_only_that_page(tmp_path):
    srcdir = copy_root("apidiff-basic", tmp_path)
    first = run_build(srcdir)
    assert first.warnings == ""

    # nothing changed: nothing is read again (the libraries' versions are unchanged too)
    read = run_build(srcdir).docs_read
    assert read == []

    page = srcdir / "clip.rst"
    page.write_text(
        page.read_text(encoding="utf-8").replace(
            "The bounds are called lower and upper in Right.",
            "The two bounds are called lower and upper in Right.",
        ),
        encoding="utf-8",
    )
    resize_before = (first.outdir / "resize.html").read_bytes()
    read = run_build(srcdir).docs_read
    assert read == ["clip"]
    clip = (first.outdir / "clip.html").read_text(encoding="utf-8")
    assert "The two bounds are called lower and upper in Right." in clip
    assert (first.outdir / "resize.html").read_bytes() == resize_before
