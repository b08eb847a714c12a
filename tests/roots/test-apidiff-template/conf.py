import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

project = "apidiff-template"
extensions = ["sphinx_apidiff"]
exclude_patterns = ["_build"]
templates_path = ["_templates"]
apidiff_undocumented = "ignore"
