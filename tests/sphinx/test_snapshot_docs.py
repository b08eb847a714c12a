"""The manual's PyTorch vs MegEngine page builds from its committed snapshot where PyTorch is
not installed, and live where it is, with the same content."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import parse_html, run_build
from test_snapshot_sphinx import build_hiding, cards, code_blocks, run_command, table_rows

from sphinx_apidiff.snapshot import read_snapshot

pytestmark = pytest.mark.sphinx

DOCS = Path(__file__).resolve().parents[2] / "docs"
PAGE = "gallery/conv-transpose2d"


def docs_with_the_page(parent: Path) -> Path:
    """The manual's conf.py, extensions, snapshot and the one page (the rest is not needed)."""
    srcdir = parent / "docs"
    srcdir.mkdir(parents=True)
    for name in ("conf.py", "apidiff-signatures.json"):
        shutil.copy(DOCS / name, srcdir / name)
    for name in ("_ext", "_templates"):
        shutil.copytree(DOCS / name, srcdir / name)
    (srcdir / "gallery").mkdir()
    shutil.copy(DOCS / f"{PAGE}.rst", srcdir / f"{PAGE}.rst")
    (srcdir / "index.rst").write_text(f"Manual\n======\n\n.. toctree::\n\n   {PAGE}\n")
    return srcdir


def comparison_warnings(text: str) -> list[str]:
    return [
        line
        for line in text.splitlines()
        if "[apidiff." in line and "[apidiff.example]" not in line
    ]


def test_the_page_is_the_same_from_the_snapshot_and_live(tmp_path):
    live = run_build(docs_with_the_page(tmp_path / "live"))
    assert comparison_warnings(live.warnings) == []
    srcdir = docs_with_the_page(tmp_path / "offline")
    done = build_hiding(srcdir, "torch")
    assert done.returncode == 0, done.stderr
    assert comparison_warnings(done.stderr) == []
    offline = (srcdir / "_build" / "html" / f"{PAGE}.html").read_text(encoding="utf-8")
    online = live.page(PAGE)

    snapshot = read_snapshot(DOCS / "apidiff-signatures.json")
    torch_version = snapshot.get("torch.nn.ConvTranspose2d").version
    left_live, right_live = cards(online)[:2]
    left_off, right_off = cards(offline)[:2]
    assert f"Version: torch {torch_version}" in left_live  # PyTorch read live here
    assert f"Version: recorded from torch {torch_version}" in left_off
    assert "Version: recorded from megengine 1.13.0" in right_live  # never installed
    assert right_off == right_live
    assert left_off.replace("recorded from ", "") == left_live

    assert code_blocks(offline) == code_blocks(online)
    assert len(table_rows(online)) == 14  # a header, 13 parameters (device, dtype: ignored)
    assert table_rows(offline) == table_rows(online)
    body = parse_html(offline).words()
    # the order trap, from MegEngine's real source: dilation before groups and bias
    assert "dilation dilation moved: 9th positional in PyTorch, 7th in MegEngine" in body


def test_the_committed_snapshot_is_up_to_date_for_pytorch(tmp_path):
    """Where PyTorch is installed the command keeps the file as it is (MegEngine: kept)."""
    srcdir = docs_with_the_page(tmp_path)
    done = run_command(srcdir, "--check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "kept: megengine.module.ConvTranspose2d" in done.stdout
    assert (srcdir / "apidiff-signatures.json").read_bytes() == (
        DOCS / "apidiff-signatures.json"
    ).read_bytes()


def test_the_megengine_entry_was_read_from_its_source():
    entry = read_snapshot(DOCS / "apidiff-signatures.json").get("megengine.module.ConvTranspose2d")
    assert (entry.source, entry.version, entry.kind) == ("static", "1.13.0", "class")
    names = entry.overloads[0].names()
    assert names.index("dilation") < names.index("groups") < names.index("bias")
    assert entry.overloads[0]["kernel_size"].annotation == "Union[int, Tuple[int, int]]"
    assert names[-1] == "kwargs"
