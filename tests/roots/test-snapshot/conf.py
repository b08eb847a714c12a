import sys
from pathlib import Path

# gpukit: a package on disk whose import fails (it needs a GPU), read from its source
sys.path.insert(0, str(Path(__file__).parent / "src"))

project = "apidiff-snapshot"
extensions = ["sphinx_apidiff"]
exclude_patterns = ["_build", "src"]
apidiff_labels = {"torch": "PyTorch", "gpukit": "GPUKit", "numpy": "NumPy"}
apidiff_signature_snapshot = "apidiff-signatures.json"
apidiff_undocumented = "auto"
apidiff_static = ["plainkit"]
