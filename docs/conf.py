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
exclude_patterns = ["_build"]
nitpicky = True

# -- sphinx-apidiff -----------------------------------------------------------------------

apidiff_labels = {"torch": "PyTorch", "megengine": "MegEngine"}

# Neither library is installed where this manual is built: their signatures are given here.
# PyTorch's is inspect.signature(torch.nn.ConvTranspose2d) of torch 2.13.0; MegEngine's is
# the one its own comparison page shows.
apidiff_signatures = {
    "torch.nn.ConvTranspose2d": """(
        in_channels: int,
        out_channels: int,
        kernel_size: Union[int, tuple[int, int]],
        stride: Union[int, tuple[int, int]] = 1,
        padding: Union[int, tuple[int, int]] = 0,
        output_padding: Union[int, tuple[int, int]] = 0,
        groups: int = 1,
        bias: bool = True,
        dilation: Union[int, tuple[int, int]] = 1,
        padding_mode: Literal['zeros', 'reflect', 'replicate', 'circular'] = 'zeros',
        device=None,
        dtype=None,
    )""",
    "megengine.module.ConvTranspose2d": """(
        in_channels,
        out_channels,
        kernel_size,
        stride=1,
        padding=0,
        output_padding=0,
        dilation=1,
        groups=1,
        bias=True,
        conv_mode='cross_correlation',
        compute_mode='default',
        **kwargs,
    )""",
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
html_sidebars = {"**": ["sidebar-nav-bs"]}
