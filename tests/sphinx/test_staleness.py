"""A page that compares a library's APIs is read again when that library's version changes."""

from __future__ import annotations

import pytest
from conftest import main_body, run_build

from sphinx_apidiff.sphinxext.state import records as state

pytestmark = pytest.mark.sphinx


def test_a_library_upgrade_rereads_its_pages_only(tmp_path, monkeypatch):
    (tmp_path / "conf.py").write_text(
        'extensions = ["sphinx_apidiff"]\napidiff_undocumented = "auto"\n'
    )
    (tmp_path / "index.rst").write_text("Index\n=====\n\n.. toctree::\n\n   np\n   std\n")
    (tmp_path / "np.rst").write_text("NumPy\n=====\n\n.. apidiff:: numpy.sum math.fsum\n")
    (tmp_path / "std.rst").write_text("Stdlib\n======\n\n.. apidiff:: math.fsum math.prod\n")
    assert run_build(tmp_path).docs_read == ["index", "np", "std"]
    assert run_build(tmp_path).docs_read == []  # nothing changed
    real = state.package_version
    monkeypatch.setattr(
        state,
        "package_version",
        lambda name: "99.0" if name == "numpy" else real(name),
    )
    assert run_build(tmp_path).docs_read == ["np"]  # "numpy was upgraded": only its page


def test_a_local_package_without_metadata_is_not_read_again_every_build(tmp_path):
    """Its version is its ``__version__`` alone, known once imported: a fresh build process has
    not imported it when Sphinx asks which pages are outdated. Each build is a child process."""
    import os
    import re
    import subprocess
    import sys
    from pathlib import Path

    (tmp_path / "src" / "localkit").mkdir(parents=True)
    (tmp_path / "src" / "localkit" / "__init__.py").write_text(
        '__version__ = "0.3"\n\ndef scale(x, factor=2.0):\n    pass\n'
    )
    (tmp_path / "conf.py").write_text(
        "import sys\nfrom pathlib import Path\n"
        'sys.path.insert(0, str(Path(__file__).parent / "src"))\n'
        'extensions = ["sphinx_apidiff"]\nexclude_patterns = ["_build", "src"]\n'
        'apidiff_undocumented = "auto"\n'
    )
    (tmp_path / "index.rst").write_text("Index\n=====\n\n.. toctree::\n\n   kit\n")
    (tmp_path / "kit.rst").write_text("Kit\n===\n\n.. apidiff:: localkit.scale math.prod\n")
    src = Path(__file__).resolve().parents[2] / "src"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(src), *sys.path]), "NO_COLOR": "1"}
    argv = [sys.executable, "-m", "sphinx", "-b", "html", "-d", str(tmp_path / "_build" / "dt")]
    argv += [str(tmp_path), str(tmp_path / "_build" / "html")]

    def build() -> list[str]:
        done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        return re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", done.stdout)

    assert sorted(build()) == ["index", "kit"]
    html = (tmp_path / "_build" / "html" / "kit.html").read_text(encoding="utf-8")
    assert "Version: localkit 0.3" in main_body(html).words()  # known while it was read
    assert build() == []
    assert build() == []
