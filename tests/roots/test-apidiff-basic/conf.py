import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

project = "apidiff-basic"
extensions = ["sphinx_apidiff", "myst_parser"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
apidiff_labels = {"adleft": "LeftLib", "adright": "RightLib"}
apidiff_ignore = ["name"]
nitpicky = True
# These pages test the "full" layout (note subsections, links between rows and notes); the
# default, "compact", is tested with overrides and by the test-doctrees root.
apidiff_layout = "full"
