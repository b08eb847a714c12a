"""The sphinx-apidiff manual, built with sphinx-apidiff itself.

    sphinx-build -W --keep-going -b html docs docs/_build/html

Needs only ``pip install -e ".[docs]"`` (NumPy and MyST-Parser); not PyTorch or MegEngine.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

from sphinx_apidiff import __version__

project = "sphinx-apidiff"
author = "sphinx-apidiff developers"
copyright = "sphinx-apidiff developers"
version = release = __version__

extensions = [
    "sphinx_apidiff",
    "myst_parser",
    "sphinx.ext.autodoc",
    "apidiff_docs",  # docs/_ext: reference pages generated from the code, live CLI output
]

templates_path = ["_templates"]
exclude_patterns = ["_build", "_migrate"]  # _migrate: pages in the teams' formats (migrating.rst)
nitpicky = True

# -- sphinx-apidiff -----------------------------------------------------------------------

apidiff_labels = {"torch": "PyTorch", "megengine": "MegEngine"}

# PyTorch is rarely and MegEngine never installed where this manual is built: their signatures
# come from the snapshot beside this file, written by ``sphinx-apidiff snapshot docs`` where
# PyTorch 2.13.0 is installed and MegEngine 1.13.0's source is on the path (read statically:
# MegEngine does not import on Python 3.11). Where PyTorch is installed it is read live, and a
# change since the snapshot is warning apidiff.drift.
apidiff_signature_snapshot = "apidiff-signatures.json"
apidiff_snapshot_packages = ["torch", "megengine"]

# The release pages compare NumPy 1.26.4, which is not installed, with the NumPy that is. The
# manual never fetches it (its build must not need the network): a machine that has it in
# its cache (``sphinx-apidiff overview numpy==1.26.4 numpy`` fetched it once) reads it there;
# elsewhere ``numpy.reshape@1.26.4`` comes from the signature snapshot and the overview from
# its recording in apidiff-overviews/ (written with ``-D apidiff_update_snapshot=1``).
apidiff_release_fetch = False
apidiff_overview_snapshots = "apidiff-overviews"

# "See more:" links to libraries with no intersphinx inventory here (reference/directives.rst,
# "Reference URL templates"): PaddlePaddle's pages are folders with a suffix, and Tensor's
# methods anchors on one page.
_PADDLE_API = "https://www.paddlepaddle.org.cn/documentation/docs/zh/api/"
apidiff_reference_urls = {
    "torch": "https://pytorch.org/docs/stable/generated/{path}.html",
    "paddle": _PADDLE_API + "{path_slashes}_cn.html",
    "paddle.Tensor": _PADDLE_API + "{parent_slashes}_cn.html#{name_id}",
    "mindspore.nn": "https://www.mindspore.cn/docs/en/master/api_python/nn/{path}.html",
    "mindspore.ops": "https://www.mindspore.cn/docs/en/master/api_python/ops/{path}.html",
    "megengine": "https://www.megengine.org.cn/doc/stable/en/reference/api/{path}.html",
}

# What NumPy calls some functions of ``statistics``, and why one has none: the coverage
# tables of reference/project.rst read them.
apidiff_coverage_notes = {
    "statistics.pstdev": {"counterpart": "numpy.std"},
    "statistics.pvariance": {"counterpart": "numpy.var"},
    "statistics.correlation": {"counterpart": "numpy.corrcoef"},
    "statistics.mode": {
        "reason": "NumPy has no mode; numpy.unique with return_counts=True finds the most "
        "common value"
    },
}

# -- autodoc (the Python API page) --------------------------------------------------------

autodoc_member_order = "bysource"
autodoc_type_aliases = {"Comparison": "sphinx_apidiff.comparison.Comparison"}
# Standard-library types in signatures: there is no intersphinx (no network at build time).
nitpick_ignore_regex = [("py:class", r"collections\.abc\..*")]
# read_api's docstring names the class without its module; it is documented as
# sphinx_apidiff.api.ApiDiffError on the same page.
nitpick_ignore = [("py:class", "ApiDiffError")]

# -- HTML ---------------------------------------------------------------------------------

html_theme = "pydata_sphinx_theme"
html_title = f"sphinx-apidiff {release}"
html_static_path: list[str] = []
html_theme_options = {
    "logo": {"text": f"sphinx-apidiff {release}"},
    "navbar_align": "left",
    "navbar_end": ["theme-switcher", "navbar-icon-links"],
    "icon_links": [],
    "show_toc_level": 2,
    "navigation_with_keys": False,
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
    "secondary_sidebar_items": ["page-toc"],
}
# The primary sidebar holds the section's navigation (the gallery's pages, the reference's).
# The pages directly under the front page have no section of their own: no sidebar there,
# rather than an empty "Section Navigation" heading. (Each page's own table of contents is
# the secondary sidebar's "On this page"; pages hold no local ``.. contents::``.)
html_sidebars = {page: [] for page in ("index", "why", "getting-started", "getting-started-myst")}
