"""What reading signatures takes out of installed files is kept in the user's cache between
runs (``introspect/disk_cache.py``): the same result, made once, made again when a file it was
read from changes, and never a failure when the cache cannot be used."""

from __future__ import annotations

import os
import sys

import pytest

from sphinx_apidiff.introspect import disk_cache
from sphinx_apidiff.introspect.disk_cache import cached


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("SPHINX_APIDIFF_CACHE", str(folder))
    return folder


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "lib.py"
    path.write_text("x = 1\n", encoding="utf-8")
    return path


def _counting(value):
    made = []

    def make():
        made.append(1)
        return value

    return make, made


def test_a_result_is_made_once_and_read_back(cache, source):
    make, made = _counting({"a": ("b", "c")})
    assert cached("kind", [source], ("m",), make) == {"a": ("b", "c")}
    assert cached("kind", [source], ("m",), make) == {"a": ("b", "c")}
    assert len(made) == 1
    assert len(list((cache / "introspect" / "kind").iterdir())) == 1


def test_another_kind_argument_or_changed_file_is_another_entry(cache, source):
    make, made = _counting([1])
    cached("kind", [source], ("m",), make)
    cached("kind", [source], ("other",), make)
    cached("other-kind", [source], ("m",), make)
    assert len(made) == 3
    source.write_text("x = 22\n", encoding="utf-8")  # the file changed: never the old result
    cached("kind", [source], ("m",), make)
    assert len(made) == 4
    stat = source.stat()
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # same size, newer
    cached("kind", [source], ("m",), make)
    assert len(made) == 5


def test_a_damaged_entry_is_made_again_and_replaced(cache, source):
    make, made = _counting("value")
    cached("kind", [source], (), make)
    (entry,) = (cache / "introspect" / "kind").iterdir()
    entry.write_bytes(b"not a pickle")
    assert cached("kind", [source], (), make) == "value"
    assert cached("kind", [source], (), make) == "value"
    assert len(made) == 2


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root writes anyway")
def test_a_cache_that_cannot_be_written_only_is_not_kept(cache, source):
    cache.mkdir()
    cache.chmod(0o500)
    try:
        make, made = _counting(3)
        assert cached("kind", [source], (), make) == 3
        assert cached("kind", [source], (), make) == 3
        assert len(made) == 2
    finally:
        cache.chmod(0o700)


def test_a_cache_in_place_of_a_file_only_is_not_kept(tmp_path, monkeypatch, source):
    """Also as root: the cache folder's place is taken by a file."""
    blocker = tmp_path / "blocker"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("SPHINX_APIDIFF_CACHE", str(blocker))
    make, made = _counting(3)
    assert cached("kind", [source], (), make) == 3
    assert cached("kind", [source], (), make) == 3
    assert len(made) == 2


def test_a_missing_file_is_read_every_time(cache, tmp_path):
    make, made = _counting(None)
    cached("kind", [tmp_path / "gone.py"], (), make)
    cached("kind", [tmp_path / "gone.py"], (), make)
    assert len(made) == 2 and not (cache / "introspect").exists()


def test_the_import_table_of_a_module_comes_back_from_the_cache(cache, tmp_path, monkeypatch):
    """The table of ``from ... import`` names a module's text annotations may use: parsed once,
    then read from the cache by a new process (the in-memory memo emptied here)."""
    from sphinx_apidiff.introspect import live_aliases

    (tmp_path / "cachedmod.py").write_text(
        "from __future__ import annotations\nfrom typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from os.path import join as J\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    import cachedmod

    try:
        live_aliases._imported_names.cache_clear()
        first = live_aliases._imported_names("cachedmod", id(cachedmod))
        assert first["J"] == ("os.path", "join")
        live_aliases._imported_names.cache_clear()
        parsed = []
        monkeypatch.setattr(
            live_aliases, "_import_table", lambda *a: parsed.append(a) or {}, raising=True
        )
        assert live_aliases._imported_names("cachedmod", id(cachedmod)) == first
        assert parsed == []
    finally:
        sys.modules.pop("cachedmod", None)
        live_aliases._imported_names.cache_clear()


def test_the_format_is_part_of_the_key(cache, source, monkeypatch):
    make, made = _counting(1)
    cached("kind", [source], (), make)
    monkeypatch.setattr(disk_cache, "_FORMAT", disk_cache._FORMAT + 1)
    cached("kind", [source], (), make)
    assert len(made) == 2
