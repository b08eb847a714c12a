import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

project = "apidiff-escape"
extensions = ["sphinx_apidiff"]
exclude_patterns = ["_build"]
nitpicky = True
apidiff_undocumented = "auto"
