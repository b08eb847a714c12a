"""Compare two read APIs: choose the best-matching overloads, add the pair's own changes and the
problems with the author's options, and name the pair's category.

Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..api import Api
from ..signature import TypeEquivalents, annotation_accepts, annotation_key
from .categories import DEFAULT_PRECEDENCE, categorize_changes
from .changes import Change
from .kwargs_keys import add_kwargs_keys
from .members import member_values_differ
from .options import (
    Renames,
    parse_ignore,
    parse_rename,
    parse_type_equivalents,
    private_names,
)
from .perspective import Perspective, apply_perspective
from .result import Comparison, Row
from .rows import compare_signatures

__all__ = ["categorize", "compare_apis", "instance_side"]


def categorize(
    rows: Iterable[Row],
    pair_changes: Iterable[str] = (),
    precedence: Iterable[str] = DEFAULT_PRECEDENCE,
) -> str:
    """The pair's category: the highest-ranked group of its differences (``categories``)."""
    rows = tuple(rows)
    changes = [c for row in rows for c in row.counted] + list(pair_changes)
    return categorize_changes(bool(rows), changes, tuple(precedence))


def _capwords(name: str) -> bool:
    """``Tensor``, ``ndarray``? By Python's convention a class is named in CapWords."""
    return name[:1].isupper() and not name.isupper()


def _on_instance(api: Api) -> bool:
    """Whether ``api`` is a method called on an instance (its instance is not a parameter).

    Read from the object, ``kind`` says so; a signature given as text for a path that does
    not resolve is taken at its word by Python's naming convention: ``pkg.Tensor.add`` (a
    member of a CapWords name) is a method.
    """
    if api.kind == "method":
        return True
    parts = api.path.split(".")
    return api.kind == "explicit" and len(parts) > 2 and _capwords(parts[-2])


def _takes_instance(api: Api) -> bool:
    """Whether ``api`` is called like a function, so that it may take the instance as an
    argument: not a method on an instance, not a class (by kind, or by its CapWords name when
    the path does not resolve)."""
    if _on_instance(api) or api.kind == "class":
        return False
    return not (api.kind == "explicit" and _capwords(api.path.rpartition(".")[2]))


def instance_side(left: Api, right: Api) -> tuple[str | None, str | None]:
    """``("left" | "right" | None, the instance's class name)``: the side that is a method
    called on an instance while the other is called like a function (``torch.Tensor.add``
    against ``torch.add``), whose instance is then the function's first parameter."""
    for side, method, function in (("left", left, right), ("right", right, left)):
        if _on_instance(method) and _takes_instance(function):
            return side, method.path.split(".")[-2]
    return None, None


def _optional_keyword(row: Row) -> bool:
    """A one-sided parameter that only a keyword reaches and that has a default (``out=None``):
    no call of the other side is changed by it."""
    param = row.left if row.right is None else row.right if row.left is None else None
    if param is None:
        return False
    return param.kind.keyword and not param.kind.positional and param.default is not None


def _score(rows: tuple[Row, ...]) -> tuple[int, int, int, int, int]:
    """Lower is a better match: most pairs, most paired on names (not on position alone),
    fewest one-sided (an optional keyword-only one does not count here), then fewest
    changes."""
    paired = sum(1 for r in rows if r.left is not None and r.right is not None)
    named = sum(1 for r in rows if r.match in ("name", "author", "instance", "inferred"))
    unpaired = len(rows) - paired - sum(1 for r in rows if _optional_keyword(r))
    return (
        -paired,
        -named,
        unpaired,
        sum(1 for r in rows if r.changes),
        sum(len(r.changes) for r in rows),
    )


def compare_apis(
    left: Api,
    right: Api,
    *,
    rename: str | Iterable[str] | Mapping[str, str | None] | Renames | None = None,
    ignore: str | Iterable[str] | None = None,
    precedence: Iterable[str] = DEFAULT_PRECEDENCE,
    taught: Mapping[tuple[str, str], int] | None = None,
    type_equivalents: TypeEquivalents | Iterable[str | Iterable[str]] | None = None,
    private_parameters: bool = False,
    perspective: str = "both",
    keyword_calls: str = "keyword-only",
    kwargs_keys: Mapping[str, str] | None = None,
) -> Comparison:
    """Compare two read APIs. Of several overloads, the best-matching pair is compared.

    ``precedence`` ranks the categories, lowest first (``apidiff_category_precedence``).
    ``taught``: renames the project's authors wrote on other pages of these two packages,
    ``(left, right)`` to the number of pages (evidence, not an order: see ``compare_signatures``).
    ``type_equivalents``: groups of type names that are one type in annotations
    (``[["torch.Tensor", "paddle.Tensor"]]``, ``apidiff_type_equivalents``). Whatever it
    says, a type named by its own side's package is compared by its name (``torch.Tensor`` of
    torch is ``paddle.Tensor`` of paddle), and a bare name is the qualified name ending with it.
    A parameter's type differs only where the right side cannot take what the left side
    accepts; a return type only where the right side may return what the left side does not.
    ``private_parameters``: compare parameters whose name starts with an underscore too;
    otherwise they are left out like ignored ones (and listed in ``ignored``), but for those
    ``rename`` names. ``perspective``: the direction the page is read in (``both``, ``left``
    or ``right``) and ``keyword_calls`` which parameters its reader passes by keyword (see
    ``sphinx_apidiff.comparison.perspective``): the facts that are no difference for that reader are the rows'
    ``uncounted``, left out of the category, the kinds and the changed rows.
    ``kwargs_keys``: keys a side takes only through its ``**kwargs``, ``{name: "left" |
    "right" | "both"}``, a row each (``sphinx_apidiff.comparison.kwargs_keys``).
    """
    seen_from = Perspective(perspective, keyword_calls)
    renames = parse_rename(rename)
    same = parse_type_equivalents(type_equivalents)
    packages = (left.package, right.package)
    ignored = parse_ignore(ignore) if not isinstance(ignore, frozenset) else ignore
    if not private_parameters:
        ignored |= private_names(left.parameter_names() | right.parameter_names(), renames)
    instance, instance_type = instance_side(left, right)
    best: tuple[tuple[int, ...], int, int, tuple[Row, ...]] | None = None
    for i, lsig in enumerate(left.overloads):
        for j, rsig in enumerate(right.overloads):
            rows = compare_signatures(
                lsig,
                rsig,
                rename=renames,
                ignore=ignored,
                instance=instance,
                instance_type=instance_type,
                taught=taught,
                packages=packages,
                type_equivalents=same,
            )
            key = _score(rows)
            if best is None or key < best[0]:
                best = (key, i, j, rows)
    assert best is not None
    _, i, j, rows = best
    lsig, rsig = left.overloads[i], right.overloads[j]
    rows = add_kwargs_keys(rows, lsig, rsig, kwargs_keys or {})
    rows = apply_perspective(rows, seen_from)

    pair_changes: list[str] = []
    lret = annotation_key(lsig.return_annotation, left.package, same)
    rret = annotation_key(rsig.return_annotation, right.package, same)
    # what the right side returns must be something the left side's caller already handles
    if lret is not None and rret is not None and not annotation_accepts(rret, lret):
        pair_changes.append(Change.RETURN_ANNOTATION)
    if (
        ("class" in (left.kind, right.kind) or left.member is not None or right.member is not None)
        and left.kind != right.kind
        and "explicit" not in (left.kind, right.kind)
    ):
        pair_changes.append(Change.OBJECT_KIND)  # a class and a function; a property and a method
    if member_values_differ(left, right):
        pair_changes.append(Change.VALUE)
    if len(left.overloads) != len(right.overloads):
        pair_changes.append(Change.OVERLOADS)

    problems: list[str] = []
    lnames, rnames = left.parameter_names(), right.parameter_names()
    for lname, rname in renames.pairs:
        if lname and lname not in lnames:
            problems.append(f"rename {lname}={rname or ''}: {left.path} has no parameter {lname!r}")
        if rname and rname not in rnames:
            problems.append(
                f"rename {lname or ''}={rname}: {right.path} has no parameter {rname!r}"
            )
    for lgroup, rgroup in renames.groups:
        spec = f"{' '.join(lgroup)}={' '.join(rgroup)}"
        for names, have, api in ((lgroup, lnames, left), (rgroup, rnames, right)):
            for name in names:
                if name not in have:
                    problems.append(f"rename {spec}: {api.path} has no parameter {name!r}")
    for name in sorted(ignored):
        if name not in lnames and name not in rnames:
            problems.append(f"ignore {name}: neither {left.path} nor {right.path} has it")

    return Comparison(
        left=left,
        right=right,
        rows=rows,
        category=categorize(rows, pair_changes, precedence),
        left_signature=lsig,
        right_signature=rsig,
        pair_changes=tuple(pair_changes),
        ignored=ignored,
        problems=tuple(problems),
        overload_indices=(i, j),
        perspective=seen_from.side,
        keyword_calls=seen_from.keyword_calls,
    )
