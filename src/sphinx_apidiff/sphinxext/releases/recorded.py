"""Overview snapshots: an ``apidiff-overview`` recorded as its data (``Overview.to_dict``), one
JSON file per directive in :confval:`apidiff_overview_snapshots`, so that a build without the
old release (offline, ``apidiff_release_fetch = False``) still shows it, saying so.

No docutils here: files and names only.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ...files import atomic_write_text

__all__ = ["read_recorded", "recorded_file", "write_recorded"]


def recorded_file(folder: Path, old: str, new: str, options: tuple[str, ...]) -> Path:
    """The file of the overview ``old`` -> ``new`` with these options (a readable name:
    ``numpy==1.26.4--numpy.json``; paths and refs are reduced to safe characters)."""
    name = "--".join([old, new, *options])
    safe = re.sub(r"[^A-Za-z0-9_.=+-]+", "_", name).strip("._") or "overview"
    return folder / f"{safe}.json"


def read_recorded(path: Path) -> dict | None:
    """The recorded overview, None when there is none; :class:`ValueError` (one line) for a
    file that is not one."""
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path.name}: not a recorded overview ({exc})") from None
    if not isinstance(data, dict) or "module" not in data or "counts" not in data:
        raise ValueError(f"{path.name}: not a recorded overview")
    return data


def write_recorded(path: Path, data: dict) -> bool:
    """Write ``data`` to ``path`` unless it holds it already; True when written."""
    text = json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except OSError:
        pass
    atomic_write_text(path, text)
    return True
