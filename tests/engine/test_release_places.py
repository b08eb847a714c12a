"""Which modules of a release are no place to send a reader (``releases/places.py``): the
ones its source deprecates and its scripts, read with griffe and ``ast`` from files the
tests write (nothing imported)."""

from __future__ import annotations

import textwrap

import griffe
import pytest

from sphinx_apidiff.releases.places import is_script, module_deprecation


@pytest.fixture
def load(tmp_path):
    """``load({"mod.py": source, ...})``: the griffe package ``placed`` of those files."""

    def load(files: dict[str, str]):
        for name, text in files.items():
            path = tmp_path / "placed" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
        (tmp_path / "placed" / "__init__.py").touch()
        loader = griffe.GriffeLoader(search_paths=[tmp_path], allow_inspection=False)
        return loader.load("placed")

    return load


@pytest.mark.parametrize(
    ("source", "script"),
    [
        ('def main():\n    pass\n\nif __name__ == "__main__":\n    main()\n', True),
        ('if "__main__" == __name__:\n    print(1)\n', True),
        (
            '__all__ = ["main"]\n\ndef main():\n    pass\n\nif __name__ == "__main__":\n    main()\n',
            False,
        ),
        ('__all__: list[str] = []\nif __name__ == "__main__":\n    print(1)\n', False),
        ('if __name__ != "__main__":\n    print(1)\n', False),
        ("def main():\n    pass\n", False),
    ],
)
def test_a_script_runs_under_a_main_guard_and_sets_no_all(load, source, script):
    package = load({"mod.py": source})
    assert is_script(package["mod"]) is script


WARN = 'warnings.warn("going away", DeprecationWarning)'


@pytest.mark.parametrize(
    ("source", "deprecated"),
    [
        # its import warns, where or however the statement sits at the top
        (f"import warnings\n{WARN}\n", "when placed.mod is imported"),
        (f"import sys, warnings\nif sys.version_info > (3,):\n    {WARN}\n", "when"),
        ("import warnings\nwarnings.warn('soon', category=PendingDeprecationWarning)\n", "when"),
        # a warning of another kind, one only when run as a script, one inside a function
        ("import warnings\nwarnings.warn('slow', RuntimeWarning)\n", None),
        (f"import warnings\nif __name__ == '__main__':\n    {WARN}\n", None),
        (f"import warnings\ndef old():\n    {WARN}\n", None),
        # __getattr__ warns for every name, or for some only, or after it returned
        (
            f"import warnings\ndef __getattr__(name):\n    {WARN}\n    return name\n",
            "for every name in placed.mod.__getattr__",
        ),
        (
            f"import warnings\ndef __getattr__(name):\n    try:\n        {WARN}\n"
            "    finally:\n        pass\n    return name\n",
            "for every name",
        ),
        (
            f"import warnings\ndef __getattr__(name):\n    if name == 'old':\n        {WARN}\n"
            "    return name\n",
            None,
        ),
        (
            f"import warnings\ndef __getattr__(name):\n    raise AttributeError(name)\n    {WARN}\n",
            None,
        ),
    ],
)
def test_a_deprecated_module_warns_on_import_or_for_every_name(load, source, deprecated):
    said = module_deprecation(load({"mod.py": source})["mod"])
    if deprecated is None:
        assert said is None
    else:
        assert said is not None and deprecated in said


def test_getattr_warns_through_helpers_a_few_calls_deep(load):
    """A helper of the module, one it imports inside ``__getattr__``, and one that calls
    another: followed; a helper that warns for some names only: not."""
    helpers = f"""
        import warnings


        def warn_always(name):
            {WARN}


        def warn_through(name):
            warn_always(name)


        def warn_some(name):
            if name.startswith("old"):
                {WARN}
        """
    package = load(
        {
            "_helpers.py": helpers,
            "direct.py": """
                from ._helpers import warn_always

                def __getattr__(name):
                    warn_always(name)
                    return name
                """,
            "inside.py": """
                def __getattr__(name):
                    from ._helpers import warn_through

                    warn_through(name)
                    return name
                """,
            "some.py": """
                from ._helpers import warn_some

                def __getattr__(name):
                    warn_some(name)
                    return name
                """,
        }
    )
    assert module_deprecation(package["direct"]) is not None
    assert module_deprecation(package["inside"]) is not None
    assert module_deprecation(package["some"]) is None
