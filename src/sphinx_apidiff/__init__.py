"""sphinx-apidiff: "API X vs API Y" comparison pages computed from the live libraries."""

from __future__ import annotations

__version__ = "0.1.0"
