"""The built page in a real browser: cards side by side when wide, stacked when narrow.

Uses the ``playwright`` package with Debian's chromium (never ``playwright install``). Without
chromium the tests skip, unless ``APIDIFF_REQUIRE_BROWSER=1`` (CI), where they fail.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest
from conftest import Build

pytestmark = [pytest.mark.browser, pytest.mark.sphinx]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REQUIRED = os.environ.get("APIDIFF_REQUIRE_BROWSER") == "1"

#: Screenshots a person looks at (also saved in pytest's tmp dir).
SHOTS = {1280: Path("/tmp/apidiff-1280.png"), 400: Path("/tmp/apidiff-400.png")}


def _missing() -> str | None:
    if importlib.util.find_spec("playwright") is None:
        return "the playwright package is not installed"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is not installed"
    return None


@pytest.fixture(scope="module")
def browser():
    reason = _missing()
    if reason:
        if REQUIRED:
            pytest.fail(f"APIDIFF_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def page_url(sphinx_build) -> str:
    """The issue's page (or the basic root's without torch), in the theme the docs use."""
    overrides = {"html_theme": "alabaster"}
    if importlib.util.find_spec("torch") is not None:
        build: Build = sphinx_build("apidiff-torch", "html", confoverrides=overrides)
        page = "conv.html"
    else:
        build = sphinx_build("apidiff-basic", "html", confoverrides=overrides)
        page = "resize.html"
    return (build.outdir / page).as_uri()


SPILL_JS = """() => {
  const out = [];
  const wider = (el) => el.scrollWidth > el.clientWidth + 1;
  for (const cell of document.querySelectorAll("table.apidiff-table th, table.apidiff-table td")) {
    if (wider(cell)) out.push(`table cell "${cell.textContent.trim()}": ${cell.scrollWidth}px of text in ${cell.clientWidth}px`);
  }
  for (const p of document.querySelectorAll(".apidiff-card .sd-card-title, .apidiff-card p")) {
    if (wider(p)) out.push(`card line "${p.textContent.trim()}": ${p.scrollWidth}px of text in ${p.clientWidth}px`);
  }
  for (const pre of document.querySelectorAll(".apidiff-card pre")) {
    if (getComputedStyle(pre).whiteSpace.startsWith("pre-wrap") && wider(pre)) {
      out.push(`wrapping signature with unwrapped lines: ${pre.scrollWidth}px in ${pre.clientWidth}px`);
    }
  }
  return out;
}"""


def _layout(browser, url: str, width: int, shot: Path) -> dict:
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_load_state("load")
        boxes = page.eval_on_selector_all(
            ".apidiff-signatures .apidiff-card",
            "cards => cards.map(c => { const r = c.getBoundingClientRect();"
            " return {x: r.x, y: r.y, right: r.right, bottom: r.bottom, width: r.width}; })",
        )
        sizes = page.evaluate(
            "() => ({scrollWidth: document.documentElement.scrollWidth,"
            " innerWidth: window.innerWidth})"
        )
        # text wider than the box it is in: drawn over its neighbours, or cut off
        spill = page.evaluate(SPILL_JS)
        page.screenshot(path=str(shot), full_page=True)
    finally:
        context.close()
    print(f"screenshot at {width}px: {shot}")
    return {"cards": boxes, "spill": spill, **sizes}


@pytest.mark.parametrize("width", [1280, 400])
def test_cards_layout(browser, page_url, width, tmp_path):
    layout = _layout(browser, page_url, width, tmp_path / f"apidiff-{width}.png")
    shutil.copyfile(tmp_path / f"apidiff-{width}.png", SHOTS[width])
    print(f"copied to {SHOTS[width]}")
    left, right = layout["cards"]
    if width >= 1000:
        assert left["y"] == pytest.approx(right["y"], abs=1), layout
        assert right["x"] >= left["right"] - 1, layout  # side by side, left first
    else:
        assert right["y"] >= left["bottom"] - 1, layout  # stacked
        assert abs(left["x"] - right["x"]) <= 1, layout
    # the page never scrolls sideways
    assert layout["scrollWidth"] <= layout["innerWidth"], layout


@pytest.mark.parametrize("width", [1280, 400])
def test_no_text_spills_out_of_its_box(browser, page_url, width, tmp_path):
    """Table cells and card lines hold their text: nothing overlaps a neighbour or is cut off.

    A signature block that wraps its lines (``white-space: pre-wrap``) must wrap every line,
    highlighted ones included; one that scrolls instead is fine.
    """
    layout = _layout(browser, page_url, width, tmp_path / f"spill-{width}.png")
    assert layout["spill"] == [], layout["spill"]
