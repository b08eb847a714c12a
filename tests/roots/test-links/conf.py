# Project B: intersphinx_mapping (to project A's build) and apidiff_reference_urls are given by
# the test, as confoverrides.
project = "links"
extensions = ["sphinx_apidiff", "sphinx.ext.intersphinx"]
exclude_patterns = ["_build"]
nitpicky = True
