"""NumPy 1.26.4 (fetched with pip, read from its wheel) against the installed NumPy 2.x: NumPy
ships its own list of the names 2.0 removed, with a migration note each
(``numpy._expired_attrs_2_0``); the overview finds every one of them gone, with that note.
Skipped where the wheel cannot be fetched (offline) or NumPy 2 is not installed."""

from __future__ import annotations

import pytest

from sphinx_apidiff.releases import ReleaseUnavailable, overview_of

expired_module = pytest.importorskip("numpy._expired_attrs_2_0", reason="needs NumPy 2.x")
EXPIRED: dict[str, str] = expired_module.__expired_attributes__


@pytest.fixture(scope="module")
def overview(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SPHINX_APIDIFF_CACHE", str(tmp_path_factory.mktemp("numpy-cache")))
        try:
            return overview_of("numpy==1.26.4", "numpy")
        except ReleaseUnavailable as exc:
            pytest.skip(f"NumPy 1.26.4 cannot be fetched here: {exc}")


def test_every_expired_name_is_gone_with_its_note(overview):
    gone = {c.path: c for c in overview.changes if c.kind in ("removed", "moved", "renamed")}
    missing = [name for name in EXPIRED if f"numpy.{name}" not in gone]
    assert missing == []
    for name, note in EXPIRED.items():
        change = gone[f"numpy.{name}"]
        if note.strip():
            assert change.note == " ".join(note.split()), name
            assert change.note_source.startswith("numpy._expired_attrs_2_0.__expired_attributes__")


def test_a_moved_name_says_where_it_went(overview):
    moved = {c.path: c.to for c in overview.changes if c.kind == "moved"}
    # "Now it's available under `np.lib.array_utils.byte_bounds`"
    assert moved["numpy.byte_bounds"] == "numpy.lib.array_utils.byte_bounds"
    assert moved["numpy.AxisError"] == "numpy.exceptions.AxisError"


def test_a_changed_call_is_said_in_words(overview):
    changed = {c.path: c.differences for c in overview.changes if c.kind == "changed"}
    assert any(
        "newshape" in text and "by keyword breaks" in text for text in changed["numpy.reshape"]
    )


def test_no_move_sends_a_reader_to_a_deprecated_module_or_a_script(overview):
    """NumPy 2 still has ``numpy.core.records`` (``numpy.core`` warns for every name) and
    ``obj2sctype`` in a script (``numpy.testing.print_coercion_tables``): neither is a move."""
    moved = {c.path: c.to for c in overview.changes if c.kind == "moved"}
    for module in ("numpy.core", "numpy.distutils", "numpy.testing.print_coercion_tables"):
        assert [p for p, to in moved.items() if to.startswith(module + ".")] == [], module
    removed = {c.path: c for c in overview.changes if c.kind == "removed"}
    assert removed["numpy.records"].deprecated_place.path == "numpy.core.records"
    assert removed["numpy.records"].deprecated_place.module == "numpy.core"
    assert removed["numpy.obj2sctype"].deprecated_place is None
    assert removed["numpy.obj2sctype"].note == "Use `np.dtype(obj).type` instead."
    assert moved["numpy.format_parser"] == "numpy.rec.format_parser"  # where its note says
