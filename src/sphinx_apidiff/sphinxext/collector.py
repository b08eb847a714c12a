"""Per-document records of the comparisons on each page, kept safe for parallel builds.

Each record names the pair, its category and the versions of the libraries it was read from.
They serve the ``apidiff-index`` directive and staleness: when an installed library's version
changes, the pages that compare its APIs are read again, so no page shows an old signature.
"""

from __future__ import annotations

from importlib import metadata
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector

from ..introspect import package_version

__all__ = ["PairCollector", "pairs", "record_pair"]

_ATTR = "apidiff_pairs"


def pairs(env: BuildEnvironment) -> dict[str, list[dict[str, Any]]]:
    if not hasattr(env, _ATTR):
        setattr(env, _ATTR, {})
    return getattr(env, _ATTR)


def record_pair(env: BuildEnvironment, left, right, comparison, category, line: int) -> None:
    """Remember one comparison of ``env.docname``."""
    pairs(env).setdefault(env.docname, []).append(
        {
            "left": left.path,
            "right": right.path,
            "left_label": left.label,
            "right_label": right.label,
            "category": category or (comparison.category if comparison else None),
            "kinds": comparison.kinds if comparison else {},
            "changed": len(comparison.changed_rows) if comparison else None,
            "read": comparison is not None,
            "line": line,
            "versions": {
                side.api.package: side.api.version
                for side in (left, right)
                if side.api is not None and side.api.source != "explicit"
            },
        }
    )


class PairCollector(EnvironmentCollector):
    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        pairs(env).pop(docname, None)

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
    ) -> None:
        theirs = pairs(other)
        mine = pairs(env)
        for docname in docnames:
            if docname in theirs:
                mine[docname] = theirs[docname]

    def process_doc(self, app: Sphinx, doctree) -> None:  # records are made by the directive
        pass

    def get_outdated_docs(
        self,
        app: Sphinx,
        env: BuildEnvironment,
        added: set[str],
        changed: set[str],
        removed: set[str],
    ) -> list[str]:
        """Pages whose libraries changed version since they were read."""
        outdated = []
        for docname, records in pairs(env).items():
            if docname in changed or docname in removed:
                continue
            for record in records:
                if any(_installed(pkg) != version for pkg, version in record["versions"].items()):
                    outdated.append(docname)
                    break
        return outdated


def _installed(package: str) -> str | None:
    try:
        return package_version(package)
    except (metadata.PackageNotFoundError, ValueError):
        return None
