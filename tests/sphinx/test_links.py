"""The cards' "See more:" reference: a link only when it resolves.

Project A (``links-inventory``) documents ``statistics.mean``; project B (``links``) reaches
it through intersphinx, with A's ``objects.inv`` built in this run (no network), and reaches
``json`` through ``apidiff_reference_urls``. ``statistics.fmean`` resolves nowhere.
"""

from __future__ import annotations

import re

import pytest
from conftest import Build, copy_root, main_body, run_build
from hypothesis import given
from hypothesis import strategies as st

from sphinx_apidiff.links import FIELDS, check_url_template, reference_url, url_fields

pytestmark = pytest.mark.sphinx

#: The standard library's layout: one page per module, an anchor per object.
JSON_URL = "https://json-docs.invalid/library/{module}.html#{path}"


# ------------------------------------------------------------------------------ pure logic


def test_longest_package_prefix_wins():
    templates = {"torch": "https://t.invalid/{path}.html", "torch.nn": "https://nn.invalid/{path}"}
    assert reference_url("torch.nn.Conv2d", templates) == "https://nn.invalid/torch.nn.Conv2d"
    assert reference_url("torch.nn", templates) == "https://nn.invalid/torch.nn"
    assert reference_url("torch.linspace", templates) == "https://t.invalid/torch.linspace.html"
    # a prefix is a whole package name: "torchvision" is not "torch"
    assert reference_url("torchvision.ops.nms", templates) is None
    assert reference_url("numpy.sum", templates) is None


def test_path_is_quoted_into_the_url():
    assert reference_url("pkg.f<x>", {"pkg": "https://p.invalid/{path}"}) == (
        "https://p.invalid/pkg.f%3Cx%3E"
    )


@pytest.mark.parametrize(
    ("template", "reason"),
    [
        ("https://p.invalid/api.html", "no placeholder"),
        ("https://p.invalid/{nam}.html", "{nam}"),
        ("https://p.invalid/{path!r}.html", "formats {path}"),
        ("https://p.invalid/{name:>9}.html", "formats {name}"),
        ("https://p.invalid/{path}/{0}", "{0}"),
        ("https://p.invalid/{path", "not a URL template"),
    ],
)
def test_bad_templates_are_refused(template, reason):
    with pytest.raises(ValueError, match=re.escape(reason)):
        check_url_template(template)


def test_good_template_passes():
    check_url_template("https://p.invalid/{path}.html#{path}")
    check_url_template("https://p.invalid/{module_slashes}/{qualname}.html#{name_id}")


PADDLE = "https://paddle.invalid/api/"


@pytest.mark.parametrize(
    ("path", "url"),
    [
        # a class: the page named by the path with slashes, and a suffix
        ("paddle.nn.Conv2D", PADDLE + "paddle/nn/Conv2D_cn.html"),
        ("paddle.broadcast_tensors", PADDLE + "paddle/broadcast_tensors_cn.html"),
        # a Tensor method: an anchor on its class's page (the longer key wins)
        ("paddle.Tensor.abs", PADDLE + "paddle/Tensor_cn.html#abs"),
        ("paddle.Tensor.take_along_axis", PADDLE + "paddle/Tensor_cn.html#take-along-axis"),
    ],
)
def test_paddle_pages_and_anchors(path, url):
    templates = {
        "paddle": PADDLE + "{path_slashes}_cn.html",
        "paddle.Tensor": PADDLE + "{parent_slashes}_cn.html#{name_id}",
    }
    check_url_template(templates["paddle"])
    check_url_template(templates["paddle.Tensor"])
    assert reference_url(path, templates) == url


IDENTIFIERS = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True)


@given(st.lists(IDENTIFIERS, min_size=2, max_size=6))
def test_every_field_is_made_of_the_paths_own_parts(parts):
    path = ".".join(parts)
    fields = url_fields(path)
    assert fields["path_slashes"] == "/".join(parts)
    assert f"{fields['parent']}.{fields['name']}" == path
    assert f"{fields['module']}.{fields['qualname']}" == path
    assert fields["parent_slashes"] == fields["parent"].replace(".", "/")
    assert fields["module_slashes"] == fields["module"].replace(".", "/")
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*|", fields["name_id"])
    # a template of every field is a good one, and gives a URL
    template = "https://p.invalid/" + "/".join("{" + name + "}" for name in FIELDS)
    check_url_template(template)
    assert reference_url(path, {parts[0]: template}).startswith("https://p.invalid/" + path)


@pytest.mark.parametrize(
    ("path", "module", "qualname", "parent"),
    [
        ("torch.Tensor.abs", "torch", "Tensor.abs", "torch.Tensor"),
        ("torch.nn.functional.conv2d", "torch.nn.functional", "conv2d", "torch.nn.functional"),
        ("torch.nn.Conv2d", "torch.nn", "Conv2d", "torch.nn"),
        ("numpy.sum", "numpy", "sum", "numpy"),
        ("numpy", "numpy", "", ""),
    ],
)
def test_module_is_read_by_naming_convention(path, module, qualname, parent):
    fields = url_fields(path)
    assert (fields["module"], fields["qualname"], fields["parent"]) == (module, qualname, parent)
    assert fields["module_slashes"] == module.replace(".", "/")
    assert set(fields) == set(FIELDS)


# --------------------------------------------------------------------------- real builds


@pytest.fixture(scope="module")
def linked(tmp_path_factory) -> Build:
    parent = tmp_path_factory.mktemp("links")
    inventory = run_build(copy_root("links-inventory", parent))
    assert (inventory.outdir / "objects.inv").is_file()
    return run_build(
        copy_root("links", parent),
        confoverrides={
            "intersphinx_mapping": {"a": (str(inventory.outdir), None)},
            "apidiff_reference_urls": {"json": JSON_URL, "broken": "https://b.invalid/{nam}"},
        },
    )


def see_more(build: Build) -> dict[str, object]:
    """Path shown after "See more:" -> the paragraph holding it, for every card that has the
    line (a card whose reference nothing resolves has none)."""
    out = {}
    body = main_body(build.page("index"))
    for card in body.find_all("div", cls="apidiff-card"):
        for line in card.find_all("p"):
            if line.words().startswith("See more:"):
                out[line.words().removeprefix("See more: ")] = line
    return out


def test_intersphinx_links_to_the_other_project(linked):
    links = see_more(linked)["statistics.mean"].find_all("a")
    assert len(links) == 1
    href = links[0].attrs["href"]
    assert href.endswith("index.html#statistics.mean")
    assert href.startswith(str(linked.srcdir.parent / "links-inventory"))


def test_reference_urls_link_by_package(linked):
    for path in ("json.dumps", "json.dump"):
        (link,) = see_more(linked)[path].find_all("a")
        assert link.attrs["href"] == f"https://json-docs.invalid/library/json.html#{path}"
        assert link.words() == path


def test_unresolved_reference_leaves_no_line(linked):
    # statistics.fmean is in no inventory and has no URL template: no "See more:" line at all
    shown = see_more(linked)
    assert "statistics.fmean" not in shown and "statistics.mean" in shown
    cards = main_body(linked.page("index")).find_all("div", cls="apidiff-card")
    assert any("statistics.fmean" in card.words() for card in cards)  # the card is there
    assert "py:obj reference target not found" not in linked.warnings


def test_bad_url_template_is_a_located_warning_and_left_out(linked):
    (line,) = [w for w in linked.warning_lines() if "[apidiff.reference]" in w]
    assert line.startswith(str(linked.srcdir / "conf.py"))
    assert "apidiff_reference_urls['broken']" in line and "{nam}" in line
    assert "left out" in line
    # the other entries still link
    assert see_more(linked)["json.dumps"].find_all("a")
