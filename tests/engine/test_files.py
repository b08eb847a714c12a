"""One atomic write for every file the project writes, and one package test."""

from __future__ import annotations

import os
import stat

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sphinx_apidiff.api import in_packages
from sphinx_apidiff.execute.client.report import write_report
from sphinx_apidiff.files import atomic_write_text


def test_a_new_file_is_readable_by_all_and_a_replaced_one_keeps_its_mode(tmp_path):
    target = tmp_path / "deep" / "out.txt"
    atomic_write_text(target, "één\n")
    assert target.read_bytes() == "één\n".encode()
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    target.chmod(0o600)
    atomic_write_text(target, "two\n")
    assert (target.read_text(encoding="utf-8"), stat.S_IMODE(target.stat().st_mode)) == (
        "two\n",
        0o600,
    )


def test_a_failed_report_write_keeps_the_old_report_and_leaves_no_temporary_file(
    tmp_path, monkeypatch
):
    report = tmp_path / "report.json"
    write_report({}, report)
    before = report.read_bytes()

    def refuse(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        write_report({}, report)
    assert report.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_a_cache_written_without_flushing_to_disk_is_still_replaced_in_one_step(
    tmp_path, monkeypatch
):
    target = tmp_path / "cache.json"
    atomic_write_text(target, "[1]", durable=False)
    synced = []
    monkeypatch.setattr(os, "fsync", synced.append)
    atomic_write_text(target, "[2]", durable=False)
    assert (target.read_text(encoding="utf-8"), synced) == ("[2]", [])
    atomic_write_text(target, "[3]")  # durable, the default: flushed to disk
    assert (target.read_text(encoding="utf-8"), len(synced)) == ("[3]", 1)

    def refuse(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        atomic_write_text(target, "[4]", durable=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache.json"]
    assert target.read_text(encoding="utf-8") == "[3]"


_NAME = st.from_regex(r"[a-z_][a-z0-9_]{0,5}", fullmatch=True)
_PATH = st.lists(_NAME, min_size=1, max_size=4).map(".".join)


@given(_PATH, st.lists(_PATH, max_size=4))
def test_in_packages_is_the_package_or_below_it(path, packages):
    expected = any(path.split(".")[: len(p.split("."))] == p.split(".") for p in packages)
    assert in_packages(path, packages) is expected


def test_in_packages_examples():
    assert in_packages("torch.nn.Linear", ["torch"])
    assert in_packages("torch", ["torch"])
    assert not in_packages("torchvision.ops", ["torch"])
    assert not in_packages("torch.nn", [])
