"""Signature snapshots without Sphinx: the file format, atomic writes, errors, drift in words."""

from __future__ import annotations

import dataclasses
import json
import keyword
import os
import subprocess
import sys
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_apidiff.api import Api
from sphinx_apidiff.drift import describe_drift, entry_is_better
from sphinx_apidiff.introspect import read_api
from sphinx_apidiff.signature import Kind, Parameter, Signature, parse_signature
from sphinx_apidiff.snapshot import (
    FORMAT,
    Entry,
    Snapshot,
    SnapshotError,
    dumps,
    entry_from_api,
    loads,
    read_snapshot,
    write_snapshot,
)

# ------------------------------------------------------------------------------ strategies

_NAMES = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=8).filter(
    lambda s: s.isidentifier() and not keyword.iskeyword(s)  # as inspect.Parameter demands
)
_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12
)  # any text, unicode and quotes included: the file must carry it unchanged


@st.composite
def signatures(draw) -> Signature:
    names = draw(st.lists(_NAMES, unique=True, max_size=7))
    plain = [Kind.POSITIONAL_ONLY, Kind.POSITIONAL_OR_KEYWORD, Kind.KEYWORD_ONLY]
    kinds = sorted((draw(st.sampled_from(plain)) for _ in names), key=plain.index)
    params = []
    for name, kind in zip(names, kinds, strict=True):
        default = draw(st.none() | _TEXT)
        known = draw(st.booleans()) if default is not None else True
        params.append(Parameter(name, kind, default, known, draw(st.none() | _TEXT)))
    if names and draw(st.booleans()):  # **kwargs, under a name no other parameter has
        params.append(Parameter(names[0] + "_kw", Kind.VAR_KEYWORD))
    if names and draw(st.booleans()):  # *args, before the keyword-only ones
        at = next((i for i, p in enumerate(params) if p.kind is Kind.KEYWORD_ONLY), None)
        at = len([p for p in params if p.kind is not Kind.VAR_KEYWORD]) if at is None else at
        params.insert(at, Parameter(names[0] + "_args", Kind.VAR_POSITIONAL))
    return Signature(tuple(params), draw(st.none() | _TEXT))


@st.composite
def entries(draw) -> Entry:
    path = ".".join(draw(st.lists(_NAMES, min_size=2, max_size=4)))
    return Entry(
        path,
        path.split(".", 1)[0],
        draw(st.none() | st.from_regex(r"[0-9]\.[0-9]{1,2}\.[0-9](\+cpu)?", fullmatch=True)),
        draw(st.sampled_from(["runtime", "static", "stub", "docstring"])),
        draw(st.sampled_from(["class", "function", "method", "builtin"])),
        tuple(draw(st.lists(signatures(), min_size=1, max_size=3))),
    )


snapshots = st.lists(entries(), max_size=6).map(lambda es: Snapshot({e.path: e for e in es}))


# ---------------------------------------------------------------------------- round trip


@settings(max_examples=150, deadline=None)
@given(snapshots)
def test_round_trip_keeps_every_entry(snapshot):
    text = dumps(snapshot)
    assert loads(text) == snapshot
    assert dumps(loads(text)) == text  # stable: reading and writing again changes nothing
    assert json.loads(text)["format"] == FORMAT  # and it is plain JSON for any other tool


@settings(max_examples=60, deadline=None)
@given(st.lists(entries(), max_size=6))
def test_the_order_entries_come_in_does_not_change_the_file(items):
    forwards = Snapshot({e.path: e for e in items})
    backwards = Snapshot({e.path: e for e in reversed(items)})
    if forwards == backwards:  # the same entries (no two share a path)
        assert dumps(forwards) == dumps(backwards)
    paths = list(json.loads(dumps(forwards))["signatures"])
    assert paths == sorted(paths)


def test_a_real_signature_is_one_parameter_a_line(tmp_path):
    api = read_api("torch.nn.ConvTranspose2d")
    target = tmp_path / "apidiff-signatures.json"
    write_snapshot(target, Snapshot({api.path: entry_from_api(api)}))
    text = target.read_text(encoding="utf-8")
    lines = text.splitlines()
    dilation = next(line for line in lines if '"name": "dilation"' in line)
    assert json.loads(dilation.strip().rstrip(","))["annotation"] == "Union[int, tuple[int, int]]"
    assert sum('"name": ' in line for line in lines) == len(api.signature.parameters)
    assert read_snapshot(target).get(api.path).overloads == api.overloads


def test_writing_twice_gives_the_same_bytes_and_does_not_touch_the_file(tmp_path):
    apis = [read_api("numpy.sum"), read_api("math.isclose"), read_api("torch.nn.Linear")]
    target = tmp_path / "snap.json"
    assert write_snapshot(target, Snapshot({a.path: entry_from_api(a) for a in apis}))
    first = target.read_bytes()
    stamp = target.stat().st_mtime_ns
    reversed_snapshot = Snapshot({a.path: entry_from_api(a) for a in reversed(apis)})
    assert not write_snapshot(target, reversed_snapshot)
    assert target.read_bytes() == first
    assert target.stat().st_mtime_ns == stamp


def test_explicit_signatures_are_never_recorded():
    api = read_api("numpy.sum", signature="(a, axis=None)")
    with pytest.raises(ValueError, match="not recorded"):
        entry_from_api(api)


def test_an_entry_becomes_a_snapshot_side_with_its_version():
    entry = entry_from_api(read_api("torch.nn.Linear"))
    api = entry.to_api("PyTorch")
    assert api.source == "snapshot"
    assert api.version == entry.version
    assert api.overloads == read_api("torch.nn.Linear").overloads
    assert api.notes == (f"recorded from torch {entry.version} (runtime)",)


# ------------------------------------------------------------------------------- atomic


def test_a_write_killed_halfway_leaves_the_old_file(tmp_path):
    """The child dies (os._exit) inside the write, after the data went out: no half file."""
    target = tmp_path / "snap.json"
    old = Snapshot({"a.b": Entry("a.b", "a", "1", "runtime", "function", (Signature(),))})
    write_snapshot(target, old)
    before = target.read_bytes()
    script = textwrap.dedent(
        f"""
        import os
        from sphinx_apidiff import snapshot
        from sphinx_apidiff.signature import Signature
        real_fsync = os.fsync
        def die(fd):
            real_fsync(fd)
            os._exit(9)  # killed between writing the data and putting it in place
        os.fsync = die
        big = {{f"p.f{{i}}": snapshot.Entry(f"p.f{{i}}", "p", "2", "runtime", "function",
                (Signature(),)) for i in range(2000)}}
        snapshot.write_snapshot({str(target)!r}, snapshot.Snapshot(big))
        """
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, "-c", script], env=env, check=False)
    assert done.returncode == 9
    assert target.read_bytes() == before  # the old snapshot, whole
    assert read_snapshot(target) == old


def test_a_failed_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "snap.json"

    def refuse(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        write_snapshot(target, Snapshot())
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------------------ bad files


def test_broken_json_names_the_file_and_line(tmp_path):
    api = read_api("numpy.sum")
    target = tmp_path / "snap.json"
    write_snapshot(target, Snapshot({api.path: entry_from_api(api)}))
    lines = target.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if '"name": "axis"' in line)
    lines[number] = lines[number].rstrip(",")  # a comma lost in a hand edit
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(SnapshotError) as info:
        read_snapshot(target)
    assert info.value.filename == str(target)
    assert info.value.line == number + 2  # the line after the missing comma, as JSON sees it
    assert str(info.value).startswith(f"{target}:{number + 2}: not valid JSON")


def test_a_wrong_entry_names_its_line(tmp_path):
    text = dumps(Snapshot({"a.f": Entry("a.f", "a", "1", "runtime", "function", (Signature(),))}))
    text = text.replace('"parameters": []', '"parameters": [{"name": "x", "kind": "sideways"}]')
    with pytest.raises(SnapshotError) as info:
        loads(text, "snap.json")
    assert info.value.line == 4  # the line of "a.f":
    assert "unknown kind 'sideways'" in str(info.value)


def test_an_entry_written_twice_is_refused_at_its_second_line():
    one = Entry("a.f", "a", "1", "runtime", "function", (Signature(),))
    text = dumps(Snapshot({"a.f": one, "b.g": dataclasses.replace(one, path="b.g")}))
    text = text.replace('"b.g":', '"a.f":')  # a merge that kept both sides
    with pytest.raises(SnapshotError) as info:
        loads(text, "snap.json")
    assert str(info.value).startswith("snap.json:")
    assert "'a.f' is written twice" in str(info.value)
    assert text.splitlines()[info.value.line - 1].strip().startswith('"a.f":')
    assert info.value.line > 4  # the second one, not the first


def test_a_key_twice_inside_an_entry_is_refused():
    text = dumps(Snapshot({"a.f": Entry("a.f", "a", "1", "runtime", "function", (Signature(),))}))
    text = text.replace('"package": "a",', '"package": "a", "package": "b",')
    with pytest.raises(SnapshotError, match="'package' is written twice"):
        loads(text, "snap.json")


def test_a_file_nested_too_deeply_is_refused_not_a_recursion_error():
    text = '{"format": 1, "signatures": {"a.f": ' + "[" * 100_000 + "]" * 100_000 + "}}"
    with pytest.raises(SnapshotError, match="nested too deeply") as info:
        loads(text, "snap.json")
    assert str(info.value).startswith("snap.json:1: ")


def test_a_newer_format_is_refused_with_a_clear_message():
    text = json.dumps({"format": FORMAT + 1, "signatures": {}}, indent=2)
    with pytest.raises(SnapshotError) as info:
        loads(text, "snap.json")
    message = str(info.value)
    assert f"format {FORMAT + 1}" in message
    assert "newer sphinx-apidiff" in message
    assert "upgrade" in message
    assert info.value.line == 2


@pytest.mark.parametrize("version", [0, -1])
def test_a_format_below_one_is_refused(version):
    text = json.dumps({"format": version, "signatures": {}}, indent=2)
    with pytest.raises(SnapshotError) as info:
        loads(text, "snap.json")
    assert str(info.value) == (
        f"snap.json:2: format {version} is not a snapshot format (they start at 1)"
    )


@pytest.mark.parametrize("name", ["x y", "", "1st", "class", "a-b"])
def test_a_parameter_name_must_be_an_identifier(name):
    entry = {"overloads": [{"parameters": [{"name": name}], "returns": None}]}
    text = json.dumps({"format": FORMAT, "signatures": {"p.f": entry}}, indent=2)
    with pytest.raises(SnapshotError) as info:
        loads(text, "snap.json")
    assert str(info.value) == (
        f"snap.json:4: entry 'p.f': parameter name {name!r} is not a Python identifier"
    )


def test_the_signature_line_is_not_read_back():
    entry = {
        "overloads": [{"signature": "(nonsense", "parameters": [{"name": "a"}], "returns": None}]
    }
    text = json.dumps({"format": FORMAT, "signatures": {"p.f": entry}})
    assert loads(text).get("p.f").overloads[0].text() == "(a)"


def test_a_missing_file_is_an_empty_snapshot(tmp_path):
    assert read_snapshot(tmp_path / "none.json") == Snapshot()


@pytest.mark.parametrize("text", ["[]", '{"signatures": {}}', '{"format": "1"}'])
def test_something_else_is_not_a_snapshot(text):
    with pytest.raises(SnapshotError, match="not a snapshot"):
        loads(text, "x.json")


# ---------------------------------------------------------------------------- updating


def _entry(path: str, text: str = "(a)") -> Entry:
    return Entry(path, path.split(".")[0], "1.0", "runtime", "function", (parse_signature(text),))


def test_update_reports_unused_and_prunes_only_when_asked():
    old = Snapshot({p: _entry(p) for p in ("a.used", "a.gone", "b.kept")})
    new, unused = old.updated([_entry("a.used", "(a, b)")], used={"a.used", "b.kept"})
    assert unused == ["a.gone"]
    assert set(new.entries) == {"a.used", "a.gone", "b.kept"}
    assert new.get("a.used").overloads[0].names() == ["a", "b"]
    assert new.get("b.kept") == old.get("b.kept")  # not read again here: kept, not invented
    pruned, unused = old.updated([], used={"a.used"}, prune=True)
    assert set(pruned.entries) == {"a.used"}
    assert unused == ["a.gone", "b.kept"]


# --------------------------------------------------------------------------------- drift


def _api(text: str, version: str = "2.0", path: str = "pkg.norm") -> Api:
    return Api(path, "pkg", "function", "runtime", (parse_signature(text),), version)


def _recorded(text: str, version: str = "1.0", path: str = "pkg.norm") -> Entry:
    return Entry(path, "pkg", version, "runtime", "function", (parse_signature(text),))


def test_drift_in_words():
    entry = _recorded("(x, y, eps=1e-05, momentum=0.1)")
    api = _api("(x, *, eps=1e-06, momentum=0.1, affine=True)")
    words = describe_drift(entry, api)
    assert words == [
        "recorded from pkg 1.0, now 2.0",
        "gained parameter `affine`",
        "lost parameter `y`",
        "`eps` became keyword-only (was positional-or-keyword)",
        "default of `eps` changed from 1e-05 to 1e-06",
        "`momentum` became keyword-only (was positional-or-keyword)",
    ]


def test_drift_of_order_defaults_and_annotations():
    entry = _recorded("(a, b, c: int = 1, **kw)")
    api = _api("(a, c: float, b, **options) -> int", version="1.0")
    words = describe_drift(entry, api)
    assert words[0] == "recorded from pkg 1.0, still 1.0"
    assert "gained parameter `**options`" in words
    assert "lost parameter `**kw`" in words
    assert "`c` lost its default 1: now required" in words
    assert "annotation of `c` changed from int to float" in words
    assert "positional order changed from (a, b, c) to (a, c, b)" in words
    assert "return annotation changed from none to int" in words


def test_no_drift_when_only_the_version_moved():
    assert describe_drift(_recorded("(a, b=2)"), _api("(a, b=2)", version="9.9")) == []


def test_two_readings_of_one_release_are_no_drift_and_the_live_one_is_better():
    live = Entry(
        "pkg.f",
        "pkg",
        "1.0",
        "runtime",
        "function",
        (parse_signature("(x, k: Union[int, tuple[int, int]])"),),
    )
    static = Api(
        "pkg.f", "pkg", "function", "static", (parse_signature("(x, k: _size_2_t)"),), "1.0"
    )
    assert describe_drift(live, static) == []
    assert entry_is_better(live, static)
    # the same method, another release or an unknown one: compared as before
    assert describe_drift(dataclasses.replace(live, source="static"), static) != []
    assert not entry_is_better(dataclasses.replace(live, source="static"), static)
    assert describe_drift(dataclasses.replace(live, version="0.9"), static) != []
    assert (
        describe_drift(
            dataclasses.replace(live, version=None), dataclasses.replace(static, version=None)
        )
        != []
    )
    # a live reading is never replaced by a recorded one from source
    recorded_static = Entry("pkg.f", "pkg", "1.0", "static", "function", static.overloads)
    now_live = Api("pkg.f", "pkg", "function", "runtime", live.overloads, "1.0")
    assert describe_drift(recorded_static, now_live) == []
    assert not entry_is_better(recorded_static, now_live)


@settings(max_examples=100, deadline=None)
@given(signatures(), signatures(), st.sampled_from(["runtime", "static"]))
def test_drift_is_empty_for_equal_signatures_and_never_for_changed_parameters(old, new, source):
    def words(old: Signature, new: Signature) -> list[str]:
        entry = Entry("p.f", "p", "1", "runtime", "function", (old,))
        return describe_drift(entry, Api("p.f", "p", "function", source, (new,), "2"))

    def shape(sig: Signature) -> tuple:
        return sig.return_annotation, [
            (p.name, p.kind, p.default, p.annotation) for p in sig.parameters
        ]

    def calls(sig: Signature) -> list:  # what a caller can pass: never hidden by a reading
        return [(p.name, p.kind, p.required) for p in sig.parameters]

    if shape(old) == shape(new):
        assert words(old, new) == []
    if calls(old) != calls(new):
        assert words(old, new) != []
    assert (words(old, new) == []) == (words(new, old) == [])


DRIFT_MODULE = """
import math
import typing

_sentinel = object()


def conv(
    x,
    radius=math.pi,
    size=2 ** 10,
    shape: typing.Optional[typing.List[int]] = None,
    fill=_sentinel,
    *,
    eps: float = 1e-5,
    scale=-1,
) -> typing.Tuple[int, int]:
    pass
"""


@pytest.fixture
def driftmod(tmp_path, monkeypatch):
    from sphinx_apidiff.introspect.static import clear_static_cache

    (tmp_path / "driftmod.py").write_text(DRIFT_MODULE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    clear_static_cache()
    yield tmp_path
    clear_static_cache()
    sys.modules.pop("driftmod", None)


def _both_readings() -> tuple[Api, Api]:
    from sphinx_apidiff.introspect.static import read_static

    live, static = read_api("driftmod.conv"), read_static("driftmod.conv", "driftmod")
    assert (live.source, static.source) == ("runtime", "static")
    # the texts differ: the comparison must not be of text
    assert live.signature["radius"].default == "3.141592653589793"
    assert static.signature["radius"].default == "math.pi"
    assert static.signature["shape"].annotation == "typing.Optional[typing.List[int]]"
    return live, static


def test_a_runtime_and_a_static_reading_of_one_function_do_not_drift(driftmod):
    live, static = _both_readings()
    assert describe_drift(entry_from_api(live), static) == []
    assert describe_drift(entry_from_api(static), live) == []


def test_across_readings_real_changes_still_drift(driftmod):
    live, _ = _both_readings()
    (driftmod / "driftmod.py").write_text(
        DRIFT_MODULE.replace("eps: float = 1e-5", "eps: float = 1e-6")
        .replace("scale=-1", "scale")
        .replace("    fill=_sentinel,\n    *,", "    *,\n    fill=_sentinel,"),
        encoding="utf-8",
    )
    from sphinx_apidiff.introspect.static import clear_static_cache, read_static

    clear_static_cache()
    static = read_static("driftmod.conv", "driftmod")
    assert describe_drift(entry_from_api(live), static)[1:] == [
        "`fill` became keyword-only (was positional-or-keyword)",
        "default of `eps` changed from 1e-05 to 1e-06",
        "`scale` lost its default -1: now required",
    ]


def test_within_one_reading_expressions_and_sentinels_compare_as_the_comparison_does():
    entry = _recorded("(a=2 ** 10, b=(1), s=<object object>, t: typing.Optional[int] = None)")
    assert describe_drift(entry, _api("(a=2 ** 10, b=1, s=<no value>, t: int | None = None)")) == []
    assert describe_drift(entry, _api("(a=2 ** 11, b=1, s=<no value>, t: float = None)"))[1:] == [
        "default of `a` changed from 2 ** 10 to 2 ** 11",
        "annotation of `t` changed from typing.Optional[int] to float",
    ]
