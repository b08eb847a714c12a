"""Grouping comparisons into concepts (N-way rows) and filtering them: pure logic."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sphinx_apidiff.concepts import (
    Entry,
    comparisons_shown,
    filter_concepts,
    filter_entries,
    group,
    titles,
    unknown_names,
)
from sphinx_apidiff.records import PairRecord


def entry(left, right, doc="page", category="usage-differs", position=0, labels=None):
    left_label, right_label = labels or (left.split(".")[0], right.split(".")[0])
    record = PairRecord(left, right, left_label, right_label, category=category)
    return Entry(doc, record, position)


SUMS = [
    entry("torch.sum", "numpy.sum", "sum-numpy"),
    entry("torch.sum", "megengine.functional.sum", "sum-mge"),
    entry("torch.mean", "numpy.mean", "mean", category="identical"),
]


def test_three_frameworks_compared_on_two_pages_are_one_row():
    # labels in the order of the sorted comparisons: torch.sum vs megengine... comes first
    rows = group(SUMS)
    assert [r.apis for r in rows] == [
        (("torch", ("torch.mean",)), ("numpy", ("numpy.mean",))),
        (
            ("torch", ("torch.sum",)),
            ("megengine", ("megengine.functional.sum",)),
            ("numpy", ("numpy.sum",)),
        ),
    ]
    assert [e.docname for e in rows[1].entries] == ["sum-mge", "sum-numpy"]
    # the summary lists each comparison, a concept's next to each other
    assert [e.docname for e in comparisons_shown(rows)] == ["mean", "sum-mge", "sum-numpy"]


def test_a_chain_of_comparisons_is_one_concept():
    chain = [entry("a.f", "b.f"), entry("b.f", "c.f", "p2"), entry("c.f", "d.g", "p3")]
    [row] = group(chain)
    assert row.packages == ("a", "b", "c", "d")


def test_a_framework_is_a_package_titled_by_its_most_frequent_label():
    pages = [
        entry("torch.sum", "numpy.sum", "p1", None, labels=("PyTorch", "numpy")),
        entry("torch.mean", "numpy.mean", "p2", None, labels=("PyTorch", "NumPy")),
        entry("json.dumps", "json.dump", "p3", None, labels=("dumps", "dump")),
        entry("torch.max", "numpy.max", "p4", None, labels=("torch", "NumPy")),
    ]
    rows = group(pages)
    [dumps] = [r for r in rows if r.paths("json")]
    assert dumps.apis == (("json", ("json.dump", "json.dumps")),)  # one column, not two
    assert titles(rows) == {"json": "json", "torch": "PyTorch", "numpy": "NumPy"}  # json: a tie
    # a filter or a first column names a package or a label
    assert len(filter_concepts(rows, ["PyTorch"])) == 3 == len(filter_concepts(rows, ["torch"]))
    assert filter_concepts(rows, ["dump"]) == [dumps]
    assert [e.docname for e in comparisons_shown(rows, ["NumPy"])] == ["p4", "p2", "p1"]


def test_two_paths_of_one_label_share_its_column():
    [row] = group([entry("numpy.sum", "torch.sum"), entry("numpy.add.reduce", "torch.sum", "p")])
    assert row.paths("numpy") == ("numpy.add.reduce", "numpy.sum")


def test_label_filter_keeps_rows_with_every_label():
    rows = group(SUMS)
    assert [r.paths("torch") for r in filter_concepts(rows, ["megengine"])] == [("torch.sum",)]
    assert filter_concepts(rows, ["numpy", "torch"]) == rows
    assert filter_concepts(rows, ["numpy", "paddle"]) == []
    assert filter_concepts(rows, []) == rows


def test_category_filter_applies_to_comparisons_before_grouping():
    kept = filter_entries(SUMS, ["identical"])
    assert [(e.left, e.right) for e in kept] == [("torch.mean", "numpy.mean")]
    assert filter_entries(SUMS, []) == SUMS


def test_a_label_filter_lists_the_comparisons_with_a_side_in_it():
    rows = group([*SUMS, entry("numpy.sum", "builtins.sum", "sum-builtin")])
    shown = comparisons_shown(filter_concepts(rows, ["megengine"]), ["megengine"])
    assert [e.docname for e in shown] == ["sum-mge"]
    # two labels: the chain through numpy stays, the comparison with neither side leaves
    shown = comparisons_shown(filter_concepts(rows, ["torch", "megengine"]), ["torch", "megengine"])
    assert [e.docname for e in shown] == ["sum-mge", "sum-numpy"]


# ---------------------------------------------------------------------------- properties

PATHS = st.sampled_from(["a.x", "a.y", "b.x", "b.z", "c.x", "c.w", "d.v"])
ENTRIES = st.lists(
    st.tuples(PATHS, PATHS, st.sampled_from(["p1", "p2", "p3"])).filter(lambda t: t[0] != t[1]),
    max_size=12,
).map(lambda ts: [entry(a, b, doc, position=i) for i, (a, b, doc) in enumerate(ts)])


@given(ENTRIES, st.randoms())
def test_grouping_is_a_partition_that_ignores_input_order(entries, rnd):
    rows = group(entries)
    seen = [e for r in rows for e in r.entries]
    assert sorted(seen, key=lambda e: e.sort_key) == sorted(entries, key=lambda e: e.sort_key)
    for i, a in enumerate(rows):  # no path in two concepts
        for b in rows[i + 1 :]:
            assert not (a.all_paths & b.all_paths)
    shuffled = list(entries)
    rnd.shuffle(shuffled)
    assert group(shuffled) == rows


@given(ENTRIES)
def test_each_concept_is_connected(entries):
    for row in group(entries):
        reached = {row.entries[0].left}
        grew = True
        while grew:
            grew = False
            for e in row.entries:
                if ({e.left, e.right} & reached) and not {e.left, e.right} <= reached:
                    reached |= {e.left, e.right}
                    grew = True
        assert reached == row.all_paths
        assert {p for _label, paths in row.apis for p in paths} == row.all_paths


@given(ENTRIES, st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=3))
def test_label_filter_keeps_exactly_the_rows_with_those_labels(entries, labels):
    rows = group(entries)
    kept = filter_concepts(rows, labels)
    assert kept == [r for r in rows if set(labels) <= set(r.packages)]


@given(ENTRIES, st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=2))
def test_the_summary_lists_each_comparison_once_with_a_side_in_a_label(entries, labels):
    rows = group(entries)
    assert sorted(comparisons_shown(rows), key=lambda e: e.sort_key) == sorted(
        entries, key=lambda e: e.sort_key
    )
    shown = comparisons_shown(rows, labels)
    assert len(set(shown)) == len(shown)
    for e in shown:
        assert not labels or {e.left[0], e.right[0]} & set(labels)
    # kept together: the comparisons of one concept are consecutive
    owner = {e: i for i, r in enumerate(rows) for e in r.entries}
    order = [owner[e] for e in shown]
    assert order == sorted(order)


def test_a_filter_name_is_known_as_a_package_or_a_label():
    labelled = [*SUMS, entry("jax.numpy.sum", "numpy.sum", "p", None, labels=("JAX", "NumPy"))]
    assert unknown_names(labelled, ["torch", "JAX", "NumPy", "jax", "PyTorch", "x", "x"]) == [
        "PyTorch",
        "x",
    ]
    # a label matches the packages shown with it, so the filter finds a row for every known name
    for name in ("torch", "JAX", "NumPy", "jax", "megengine"):
        assert filter_concepts(group(labelled), [name])
