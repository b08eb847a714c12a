"""Resolving a dotted path: the errors a reader gets, and a package's version."""

from __future__ import annotations

import functools
import importlib
import math

import pytest
from introspect_parts import PO, params

from sphinx_apidiff import introspect
from sphinx_apidiff.api import ApiDiffError
from sphinx_apidiff.introspect import package_version, read_api
from sphinx_apidiff.introspect.read import _binding

# ------------------------------------------------------------------------------ errors


def test_error_module_not_found():
    with pytest.raises(ApiDiffError) as info:
        read_api("apidiff_no_such_module.f")
    assert str(info.value) == (
        "cannot import 'apidiff_no_such_module.f': no module named 'apidiff_no_such_module'"
    )


def test_error_attribute_with_suggestions():
    pytest.importorskip("numpy")
    with pytest.raises(ApiDiffError) as info:
        read_api("numpy.summ")
    message = str(info.value)
    assert message.startswith("'numpy' has no attribute 'summ'; did you mean 'sum'")
    assert message.endswith("?")


def test_error_attribute_without_suggestions():
    with pytest.raises(ApiDiffError, match=r"^'os\.path' has no attribute 'qqqqqq'$"):
        read_api("os.path.qqqqqq")


def test_error_import_raises(make_package):
    make_package(
        "apidiff_badmod",
        {"__init__.py": "raise RuntimeError('broken on purpose\\nsecond line')\n"},
    )
    with pytest.raises(ApiDiffError) as info:
        read_api("apidiff_badmod.func")
    # the import failed, so its source was read instead (static reading): it has no func either
    assert str(info.value) == (
        "importing 'apidiff_badmod' raised RuntimeError: broken on purpose; reading its source "
        "instead: 'apidiff_badmod.func' is not in the source of 'apidiff_badmod'"
    )


def test_error_import_of_missing_dependency(make_package):
    make_package("apidiff_needsdep", {"__init__.py": "import apidiff_missing_dependency\n"})
    with pytest.raises(ApiDiffError) as info:
        read_api("apidiff_needsdep.func")
    assert str(info.value) == (
        "importing 'apidiff_needsdep' raised ModuleNotFoundError: "
        "No module named 'apidiff_missing_dependency'; reading its source instead: "
        "'apidiff_needsdep.func' is not in the source of 'apidiff_needsdep'"
    )


def test_a_module_is_an_error_a_constant_is_read_as_what_it_is():
    with pytest.raises(ApiDiffError, match=r"^'os' is not callable \(it is a module\)$"):
        read_api("os")
    pi = read_api("math.pi")
    assert (pi.kind, pi.member.type, pi.member.value) == ("constant", "float", repr(math.pi))


def test_error_bad_path():
    with pytest.raises(ApiDiffError, match="is not a dotted Python path"):
        read_api("os..path")


# ----------------------------------------------------------------------------- version


def test_package_version(make_package):
    np = pytest.importorskip("numpy")
    assert package_version("numpy.linalg") == np.__version__
    assert package_version("os.path") is None
    make_package("apidiff_versioned", {"__init__.py": "__version__ = '1.2.3'\ndef f(): pass\n"})
    assert read_api("apidiff_versioned.f").version == "1.2.3"


def test_version_by_name_agrees_with_the_scan_of_every_distribution():
    # the distribution named like the package is asked first; the scan of every installed
    # distribution (importlib.metadata.packages_distributions) answers when the names differ
    # (``yaml`` from PyYAML, ``_pytest`` from pytest) and must give the same version
    import importlib.metadata as metadata

    versions = importlib.import_module("sphinx_apidiff.introspect.resolve")
    providers = metadata.packages_distributions()
    tops = ["numpy", "sphinx", "docutils", "jinja2", "pytest", "_pytest", "yaml", "no_such_pkg"]
    for top in tops:
        versions._distribution_version.cache_clear()
        expected = next((metadata.version(d) for d in providers.get(top, ())), None)
        assert versions._distribution_version(top) == expected, top
    assert versions._named_provider("numpy") is not None
    assert versions._named_provider("_pytest") is None  # pytest provides it: the scan answers


def test_reading_again_answers_from_the_memo():
    # how much cheaper is measured in bench/bench_compare.py ("read_api x2 again")
    first = read_api("os.path.join")
    assert read_api("os.path.join") is first
    introspect.clear_caches()
    again = read_api("os.path.join")
    assert again is not first and again == first


def test_math_builtin():
    api = read_api("math.sqrt")
    assert (api.kind, api.source) == ("builtin", "runtime")
    assert params(api) == [("x", PO, None)]


def test_partial_in_module_namespace_is_not_a_method():
    # a partial stored on a class does not bind: nothing is dropped
    class Holder:
        run = functools.partial(math.pow, 2)

    assert _binding(Holder.run, Holder, "x.Holder.run") == ("partial", "none")
