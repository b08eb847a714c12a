"""The ``apidiff.json`` document built from pair records, and its JSON Schema: pure logic."""

from __future__ import annotations

import dataclasses
import io
import json

import jsonschema
import pytest

from sphinx_apidiff import compare
from sphinx_apidiff.concepts import Entry
from sphinx_apidiff.export import ExportPair, build_export, dumps, load_schema, write_export
from sphinx_apidiff.records import NoteRef, PairRecord


@pytest.fixture(scope="module")
def validator():
    schema = load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def pair(left, right, doc, position=0, notes=(), rename=None, read=True, examples=None):
    comparison = compare(left, right, rename=rename) if read else None
    record = PairRecord(
        left=left,
        right=right,
        left_label=left.split(".")[0],
        right_label=right.split(".")[0],
        category=comparison.category if comparison else None,
        kinds=dict(comparison.kinds) if comparison else {},
        changed=len(comparison.changed_rows) if comparison else None,
        read=comparison is not None,
        line=3,
        notes=tuple(notes),
    )
    return ExportPair(
        Entry(doc, record, position, examples or {}),
        url=f"{doc}.html",
        anchor=f"apidiff-{doc}",
        comparison=comparison.to_dict() if comparison else None,
    )


def test_each_pair_carries_its_comparison_page_notes_and_match_sources(validator):
    sums = pair(
        "numpy.sum",
        "math.fsum",
        "sums",
        notes=[NoteRef("apidiff-sums-sum-a", ("a",)), NoteRef("n2", ())],
        rename="a=seq",
        examples={"passed": 2},
    )
    doc = build_export([sums, pair("os.path.join", "ntpath.join", "joins")], project="P")
    validator.validate(doc)
    assert [p["page"] for p in doc["pairs"]] == ["joins", "sums"]
    record = doc["pairs"][1]
    assert record["comparison"] == compare("numpy.sum", "math.fsum", rename="a=seq").to_dict()
    assert record["url"] == "sums.html#apidiff-sums"
    assert record["examples"] == {"passed": 2}
    row = next(r for r in record["rows"] if r["left"] == "a")
    assert (row["right"], row["match"], row["note"]) == ("seq", "author", "apidiff-sums-sum-a")
    assert row["note_by_author"] is True
    assert record["notes"][0]["url"] == "sums.html#apidiff-sums-sum-a"
    assert record["matching"]["author"] == 1
    # a pair by position only says so, and on what evidence
    [path] = [r for r in doc["pairs"][0]["rows"] if r["left"] == "a"]
    assert (path["right"], path["match"], path["evidence"][0]) == (
        "path",
        "position",
        "same-position",
    )


def test_a_placeholder_note_is_not_the_authors(validator):
    notes = [
        NoteRef("written", ("a",)),
        NoteRef("todo", ("axis",), placeholder=True),
        NoteRef("none-yet", ("dtype",), generated=True),
    ]
    doc = build_export([pair("numpy.sum", "math.fsum", "sums", notes=notes)])
    validator.validate(doc)
    record = doc["pairs"][0]
    assert [(n["anchor"], n["by_author"]) for n in record["notes"]] == [
        ("written", True),
        ("todo", False),
        ("none-yet", False),
    ]
    by_row = {r["left"]: (r["note"], r["note_by_author"]) for r in record["rows"]}
    assert by_row["a"] == ("written", True)
    assert by_row["axis"] == ("todo", False)
    assert by_row["dtype"] == ("none-yet", False)


@pytest.mark.torch
def test_inferred_rows_carry_their_evidence(validator):
    doc = build_export([pair("torch.nn.functional.conv2d", "numpy.convolve", "conv")])
    validator.validate(doc)
    rows = {r["left"]: r for r in doc["pairs"][0]["rows"]}
    assert rows["input"]["right"] == "a" and rows["input"]["match"] == "inferred"
    assert "synonym" in rows["input"]["evidence"]
    assert rows["bias"]["match"] is None and rows["bias"]["changes"] == ["only-left"]
    assert doc["pairs"][0]["matching"]["inferred"] >= 1


def test_unread_pairs_validate_and_say_so(validator):
    doc = build_export([pair("numpy.sum", "math.fsum", "broken", read=False)])
    validator.validate(doc)
    assert doc["pairs"][0]["read"] is False and doc["pairs"][0]["comparison"] is None


def test_concepts_index_the_pairs(validator):
    doc = build_export(
        [
            pair("numpy.sum", "math.fsum", "a"),
            pair("numpy.sum", "builtins.sum", "b"),
            pair("os.path.join", "ntpath.join", "c"),
        ]
    )
    validator.validate(doc)
    by_paths = {
        tuple(sorted(p for ps in c["apis"].values() for p in ps)): c["pairs"]
        for c in doc["concepts"]
    }
    assert by_paths[("builtins.sum", "math.fsum", "numpy.sum")] == [1, 0]
    assert by_paths[("ntpath.join", "os.path.join")] == [2]


def test_the_schema_rejects_what_a_consumer_could_not_read(validator):
    doc = build_export([pair("numpy.sum", "math.fsum", "sums")])
    broken = json.loads(dumps(doc))
    broken["pairs"][0]["rows"][0]["match"] = "guessed"
    assert not validator.is_valid(broken)
    del broken["pairs"][0]["comparison"]
    assert not validator.is_valid(broken)


def test_a_format_1_document_is_told_apart(validator):
    """Format 2 added pages with one side and groups of parameters, which a format 1 consumer
    would misread: the document says 2, and one that says 1 is not this schema's."""
    doc = json.loads(dumps(build_export([pair("numpy.sum", "math.fsum", "sums")])))
    assert doc["format"] == 2
    validator.validate(doc)
    doc["format"] = 1
    assert not validator.is_valid(doc)


def test_dumps_is_stable_text():
    doc = build_export([pair("numpy.sum", "math.fsum", "sums")])
    assert dumps(doc) == dumps(json.loads(dumps(doc)))
    assert "0x" not in dumps(doc)


def test_a_page_url_with_its_own_fragment_gives_way_to_the_note_anchor():
    sums = pair("numpy.sum", "math.fsum", "sums", notes=[NoteRef("apidiff-sums-sum-a", ("a",))])
    single = ExportPair(**{**sums.__dict__, "url": "index.html#document-sums", "anchor": None})
    [record] = build_export([single])["pairs"]
    assert record["url"] == "index.html#document-sums"
    assert record["notes"][0]["url"] == "index.html#apidiff-sums-sum-a"


@pytest.mark.parametrize("count", [0, 1, 3])
def test_the_streamed_export_is_the_document_loading_one_comparison_at_a_time(count):
    pairs = [
        pair("numpy.sum", "math.fsum", f"p{i}", read=i != 1, examples={"passed": i})
        for i in range(count)
    ]
    # the streamed writer gets the pairs without comparisons and loads each just in time
    bare = [dataclasses.replace(p, comparison=None) for p in pairs]
    by_doc = {p.entry.docname: p for p in pairs}
    loaded = []

    def load(p):
        loaded.append(p.entry.docname)
        return dataclasses.replace(p, comparison=by_doc[p.entry.docname].comparison)

    out = io.StringIO()
    write_export(out, reversed(bare), project="P", load=load)
    assert out.getvalue() == dumps(build_export(pairs, project="P"))
    assert loaded == sorted(loaded) and len(loaded) == count
    json.loads(out.getvalue())  # one document
