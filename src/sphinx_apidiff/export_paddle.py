"""PaddlePaddle's ``docs_mappings.json`` written from a build's ``apidiff.json``.

PaddlePaddle's docs keep one Markdown page per PyTorch API; their tool
(``tools/validate_mapping_files.py``) reads every page into one entry and writes the list to
``docs_mappings.json``, which their code converter (PaConvert) reads, and from which
``tools/apply_references.py`` writes the mapping index. :func:`paddle_mappings` gives the same
list from the export (:mod:`sphinx_apidiff.export`, format 2), so that the team's tooling keeps
working once the pages are ``apidiff`` pages. Each entry, in the team's key order:

- ``source_file``: the page (``torch/torch.add.md``: its document name and ``.md``, so that
  the team's ``doc_path_to_relative_page`` gives the page's URL);
- ``src_api`` / ``dst_api``: the pair's two dotted paths (no ``dst_api`` for a page with one
  side: 功能缺失, 可删除, 组合替代实现);
- ``mapping_type``: the category in the team's words (:data:`MAPPING_TYPES`);
- ``src_api_url`` / ``dst_api_url``: each API's reference page, from URL templates (the
  export holds none: ``""`` without one, as the team's parser gives for a heading with no
  link);
- ``src_signature`` / ``dst_signature``: ``[{"api_name", "args": [{"arg_name", "arg_type",
  "arg_default"}]}]``, the compared signature as the team's parser reads a printed one
  (``*`` before keyword-only parameters, ``*args``, ``**kwargs``; just ``api_name`` for an
  attribute or a property);
- ``args_mapping``: ``[{"src_arg", "dst_arg", "note"}]``, one per parameter row (``-`` for no
  counterpart, ``a, b`` for a group); ``note`` is the URL of the note about the row, since
  the export holds no note text.

Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .links import reference_url
from .migrate.paddle import CATEGORIES

__all__ = ["MAPPING_TYPES", "PaddleMappings", "dumps_mappings", "paddle_mappings"]

#: The team's mapping types (``validate_mapping_files.mapping_type_levels``, the reader's
#: :data:`~sphinx_apidiff.migrate.paddle.CATEGORIES`), each with the engine's category or the
#: one-sided status it stands for (None: an author's ``:category:`` only, which a signature
#: cannot show).
MAPPING_TYPES: dict[str, str | None] = {
    **CATEGORIES,
    "组合替代实现": "composite",
    "功能缺失": "missing",
    "可删除": "removable",
}
_BY_CODE = {code: label for label, code in MAPPING_TYPES.items() if code}


@dataclass
class PaddleMappings:
    """The entries, and the pairs left out (page, API, why), for the command to say."""

    entries: list[dict[str, Any]] = field(default_factory=list)
    left_out: list[tuple[str, str, str]] = field(default_factory=list)


def mapping_type(category: str | None) -> str | None:
    """The team's word for a pair's category (an engine code, a one-sided status, or the
    team's own word kept as ``:category:``); None when it has none (``mixed``, another
    text, or a side not read)."""
    if category in MAPPING_TYPES:
        return category
    return _BY_CODE.get(category or "")


def _signature(side: Mapping[str, Any] | None, path: str) -> list[dict[str, Any]]:
    if side is None:
        return []
    if side.get("member") is not None:  # an attribute, a property: printed without "()"
        return [{"api_name": path}]
    args: list[dict[str, Any]] = []
    star = any(p["kind"] == "var-positional" for p in side.get("parameters", ()))
    for parameter in side.get("parameters", ()):
        kind, name = parameter["kind"], parameter["name"]
        if kind == "keyword-only" and not star:
            args.append({"arg_name": "*", "arg_type": None, "arg_default": None})
            star = True
        prefix = {"var-positional": "*", "var-keyword": "**"}.get(kind, "")
        args.append(
            {
                "arg_name": prefix + name,
                "arg_type": parameter.get("annotation"),
                "arg_default": parameter.get("default"),
            }
        )
    return [{"api_name": path, "args": args}]


def _args_mapping(pair: Mapping[str, Any]) -> list[dict[str, str]]:
    note_urls = {note["anchor"]: note.get("url") or "" for note in pair.get("notes", ())}
    mapping = []
    for row in pair.get("rows", ()):
        if row.get("match") == "instance":  # ``self`` against a function's first parameter
            continue
        left = row.get("left_group") or ([row["left"]] if row.get("left") else [])
        right = row.get("right_group") or ([row["right"]] if row.get("right") else [])
        note = row.get("note")
        mapping.append(
            {
                "src_arg": ", ".join(left) or "-",
                "dst_arg": ", ".join(right) or "-",
                "note": note_urls.get(note, "") if note and row.get("note_by_author") else "",
            }
        )
    return mapping


def _entry(pair: Mapping[str, Any], kind: str, urls: Mapping[str, str]) -> dict[str, Any]:
    src = pair["left"]["path"]
    one_side = pair.get("one_side")
    comparison = pair.get("comparison") or {}
    entry: dict[str, Any] = {
        "source_file": f"{pair['page']}.md",
        "src_api": src,
        "mapping_type": kind,
        "src_api_url": reference_url(src, urls) or "",
    }
    if one_side is not None:
        signature = _signature(one_side.get("api"), src)
        if signature:
            entry["src_signature"] = signature
        return entry
    dst = pair["right"]["path"]
    if comparison:
        entry["src_signature"] = _signature(comparison.get("left"), src)
    entry["dst_api"] = dst
    entry["dst_api_url"] = reference_url(dst, urls) or ""
    if comparison:
        entry["dst_signature"] = _signature(comparison.get("right"), dst)
        entry["args_mapping"] = _args_mapping(pair)
    return entry


def paddle_mappings(
    document: Mapping[str, Any], urls: Mapping[str, str] | None = None
) -> PaddleMappings:
    """The ``docs_mappings.json`` list of the export ``document``, sorted by ``src_api`` as
    the team's tool sorts it: one entry per source API (the first pair of the first page
    that compares it, as the team's parser reads a page's first comparison; the team's file
    has one per API too). ``urls``: the URL templates of
    :confval:`apidiff_reference_urls`, for ``src_api_url`` and ``dst_api_url``."""
    result = PaddleMappings()
    seen: dict[str, str] = {}
    for pair in document.get("pairs", ()):
        src, page = pair["left"]["path"], pair["page"]
        kind = mapping_type(pair.get("category"))
        if kind is None:
            why = (
                "a side was not read: no category"
                if pair.get("category") is None
                else f"category {pair['category']!r} is none of PaddlePaddle's mapping types"
            )
            result.left_out.append((page, src, why))
            continue
        if src in seen:  # another overload on its page (the team's parser reads the first)
            if seen[src] != page:
                why = f"compared again (the entry is from {seen[src]})"
                result.left_out.append((page, src, why))
            continue
        seen[src] = page
        result.entries.append(_entry(pair, kind, urls or {}))
    result.entries.sort(key=lambda entry: entry["src_api"])
    return result


def dumps_mappings(entries: list[dict[str, Any]]) -> str:
    """The file's text: as the team's tool writes it (UTF-8, four-space indent)."""
    return json.dumps(entries, ensure_ascii=False, indent=4) + "\n"
