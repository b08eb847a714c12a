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


#: The width each signature card would take on a line of its own (its max-content width),
#: and the width of the row the two share.
NATURAL_JS = """() => {
  const row = document.querySelector(".apidiff-signatures > .sd-row");
  const cols = [...row.children];
  const saved = cols.map(c => c.getAttribute("style"));
  const widths = cols.map(c => { c.style.flex = "none"; c.style.width = "max-content";
    return c.getBoundingClientRect().width; });
  cols.forEach((c, i) => saved[i] === null ? c.removeAttribute("style") : c.setAttribute("style", saved[i]));
  return {cards: widths, row: row.getBoundingClientRect().width};
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
        sizes["natural"] = page.evaluate(NATURAL_JS)
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
    natural = layout["natural"]
    fit = sum(natural["cards"]) <= natural["row"] + 1
    if fit:  # side by side, left first, when both signatures fit the column
        assert left["y"] == pytest.approx(right["y"], abs=1), layout
        assert right["x"] >= left["right"] - 1, layout
    else:  # stacked, each the whole width, rather than clipped
        assert right["y"] >= left["bottom"] - 1, layout
        assert abs(left["x"] - right["x"]) <= 1, layout
        assert left["width"] == pytest.approx(right["width"], abs=1), layout
    if width <= 600:
        assert not fit, layout  # a phone has no room for two
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


# -- an example in two halves ------------------------------------------------------------------

#: Each pair of halves: its two columns' boxes, and how wide each column's code is inside it.
HALVES_JS = """() => [...document.querySelectorAll(".apidiff-halves")].map(grid =>
  [...grid.querySelectorAll(".apidiff-half")].map(col => { const r = col.getBoundingClientRect();
    const pre = col.querySelector("pre");
    return {x: r.x, y: r.y, right: r.right, bottom: r.bottom,
            code: pre.getBoundingClientRect().right}; }))"""


@pytest.mark.parametrize("width", [1280, 400])
def test_halves_side_by_side_and_stacked_on_a_phone(browser, sphinx_build, width):
    pytest.importorskip("torch")
    pytest.importorskip("myst_parser")
    build = sphinx_build("example-halves", "html", confoverrides={"html_theme": "alabaster"})
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto((build.outdir / "add.html").as_uri())
        page.wait_for_load_state("load")
        [[left, right]] = page.evaluate(HALVES_JS)
        scroll = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    finally:
        context.close()
    if width >= 768:  # sphinx-design's md breakpoint: two columns
        assert left["y"] == pytest.approx(right["y"], abs=1), (left, right)
        assert right["x"] >= left["right"] - 1, (left, right)
    else:  # a phone: one above the other, each the whole width
        assert right["y"] >= left["bottom"] - 1, (left, right)
        assert left["x"] == pytest.approx(right["x"], abs=1), (left, right)
    for half in (left, right):  # the code stays in its column
        assert half["code"] <= half["right"] + 1, half
    assert scroll <= 0


# -- every theme the issue names, light and dark ---------------------------------------------

#: Themes whose own header or footer is wider than 400px in a project without theme options
#: (pydata-sphinx-theme's secondary-sidebar toggle and prev/next links): for them only what
#: the extension draws is checked against the viewport, not the page's scroll width.
OWN_CHROME_OVERFLOWS = {"pydata_sphinx_theme"}

#: (html_theme, how its dark mode is switched on: JS run after load, or None: no dark mode)
THEMES = {
    "alabaster": None,
    "pydata_sphinx_theme": "document.documentElement.dataset.theme = 'dark'",
    "furo": "document.body.dataset.theme = 'dark'",
    "sphinx_rtd_theme": None,  # MindSpore's theme; its cells are nowrap by default
}
HEIGHTS: dict[str, int] = {}

LAYOUT_JS = r"""() => {
  const out = [];
  const scrolls = (el) => { for (let e = el; e; e = e.parentElement) {
    const o = getComputedStyle(e).overflowX; if (o === "auto" || o === "scroll") return true; }
    return false; };
  const name = (el) => JSON.stringify(el.textContent.trim().slice(0, 60));
  // 1. every cell holds its children and its text
  for (const cell of document.querySelectorAll(
      "table.apidiff-table th, table.apidiff-table td, table.apidiff-index th, table.apidiff-index td")) {
    const c = cell.getBoundingClientRect();
    for (const child of cell.querySelectorAll("*")) {
      const r = child.getBoundingClientRect();
      if (r.width === 0) continue;
      if (r.left < c.left - 1 || r.right > c.right + 1)
        out.push(`cell ${name(cell)}: ${child.tagName} ${name(child)} at ${r.left}..${r.right} outside ${c.left}..${c.right}`);
    }
    if (cell.scrollWidth > cell.clientWidth + 1)
      out.push(`cell ${name(cell)}: ${cell.scrollWidth}px of text in ${cell.clientWidth}px`);
  }
  // cells of one row never overlap (side by side, or stacked on a phone)
  const apart = (a, b) => a.right <= b.left + 1 || b.right <= a.left + 1
    || a.bottom <= b.top + 1 || b.bottom <= a.top + 1;
  for (const tr of document.querySelectorAll("table.apidiff-table tr, table.apidiff-index tr")) {
    const cells = [...tr.children].filter(c => getComputedStyle(c).display !== "none")
      .flatMap(c => [...c.getClientRects()]).filter(r => r.width > 0);
    for (let i = 0; i < cells.length; i++)
      for (let j = i + 1; j < cells.length; j++)
        if (!apart(cells[i], cells[j])) out.push(`row ${name(tr)}: cells overlap`);
  }
  // card titles and lines hold their text (the code scrolls in its own box)
  for (const p of document.querySelectorAll(".apidiff-card .sd-card-title, .apidiff-card p")) {
    if (!scrolls(p) && p.scrollWidth > p.clientWidth + 1)
      out.push(`card line ${name(p)}: ${p.scrollWidth}px in ${p.clientWidth}px`);
  }
  // 2. identifiers break only after "." or "_" (or at a space)
  const breaks = [];
  for (const el of document.querySelectorAll(
      "table.apidiff-table code, table.apidiff-index code, .apidiff-card .sd-card-title, .apidiff-card p code")) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let prev = null, prevTop = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.data.length; i++) {
        const ch = node.data[i];
        if (/\s/.test(ch)) { prev = ch; continue; }
        const range = document.createRange();
        range.setStart(node, i); range.setEnd(node, i + 1);
        const rects = range.getClientRects();
        if (!rects.length) continue;
        const top = rects[0].top;
        if (prevTop !== null && top > prevTop + 2) {
          breaks.push(prev + "|" + ch);
          if (!/[._\s]/.test(prev)) out.push(`${name(el)} breaks between "${prev}" and "${ch}"`);
        }
        prev = ch; prevTop = top;
      }
    }
  }
  // 3. a highlighted line's band spans the scrolled width of its code block
  for (const pre of document.querySelectorAll(".apidiff-card .highlight pre")) {
    const box = pre.closest("div.highlight");
    const s = getComputedStyle(pre);
    const pad = parseFloat(s.paddingLeft) + parseFloat(s.paddingRight)
      + parseFloat(s.borderLeftWidth) + parseFloat(s.borderRightWidth);
    const full = Math.max(pre.scrollWidth, box.scrollWidth) - pad;
    for (const hll of pre.querySelectorAll(".hll")) {
      const w = hll.getBoundingClientRect().width;
      if (w < full - 1) out.push(`highlight ${name(hll)}: ${w}px of ${full}px`);
    }
  }
  // 4. a signature is never clipped: cards stack, or wrap their lines on a phone
  for (const box of document.querySelectorAll(".apidiff-card div.highlight")) {
    if (box.scrollWidth > box.clientWidth + 1)
      out.push(`signature clipped: ${box.scrollWidth}px in ${box.clientWidth}px: ${name(box)}`);
  }
  // 5. every API name of a summary is in view without scrolling sideways
  for (const a of document.querySelectorAll("table.apidiff-summary a")) {
    const r = a.getBoundingClientRect();
    const box = a.closest(".apidiff-scroll");
    const edge = Math.min(window.innerWidth, box ? box.getBoundingClientRect().right : Infinity);
    if (r.right > edge + 1) out.push(`summary name ${name(a)} ends at ${r.right}px, past ${edge}px`);
  }
  // 6. example output and status lines: WCAG AA contrast (4.5:1) on what is behind them
  const rgba = (c) => { const m = c.match(/[\d.]+/g).map(Number); return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; };
  const over = (top, below) => top.slice(0, 3).map((v, i) => v * top[3] + below[i] * (1 - top[3])).concat([1]);
  const behind = (el) => { const layers = [];
    for (let e = el; e; e = e.parentElement) { const c = rgba(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; } }
    let color = [255, 255, 255, 1];
    for (const layer of layers.reverse()) color = over(layer, color);
    return color; };
  const lum = (c) => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const contrasts = [];
  for (const el of document.querySelectorAll(
      ".apidiff-example-status, .apidiff-example-status span, .apidiff-output, " +
      ".apidiff-output pre, .apidiff-stderr, .apidiff-traceback, .apidiff-truncated")) {
    if (!el.textContent.trim() || !el.getClientRects().length) continue;
    const bg = behind(el);
    const fg = over(rgba(getComputedStyle(el).color), bg);
    const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    const ratio = (hi + 0.05) / (lo + 0.05);
    contrasts.push(ratio);
    if (ratio < 4.5) out.push(`contrast ${ratio.toFixed(2)}:1 for ${el.className} ${name(el)}`);
  }
  const cards = [...document.querySelectorAll(".apidiff-signatures .apidiff-card")];
  const codeTops = cards.map(c => { const p = c.querySelector("pre");
    return p ? p.getBoundingClientRect().top : null; });
  const cardTops = cards.map(c => c.getBoundingClientRect().top);
  // what the extension adds never reaches past the viewport (a wide table scrolls in its box)
  for (const el of document.querySelectorAll(".apidiff-signatures, .apidiff-scroll")) {
    const r = el.getBoundingClientRect();
    if (r.right > window.innerWidth + 1) out.push(`${el.className} reaches ${r.right}px`);
  }
  return {problems: out, breaks, codeTops, cardTops, contrasts,
          scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
          height: document.body.scrollHeight};
}"""


@pytest.fixture(scope="module", params=list(THEMES))
def themed(request, sphinx_build) -> tuple[str, dict[str, str]]:
    """One build per theme: the comparison page, an apidiff-index page, a project's
    apidiff-summary page (with its sort/filter script) and an apidiff-coverage page."""
    theme = request.param
    overrides = {"html_theme": theme}
    # the comparison in the default layout, a reader's page (its roots set "full")
    default = {**overrides, "apidiff_layout": "compact"}
    if importlib.util.find_spec("torch") is not None:
        page = sphinx_build("apidiff-torch", "html", confoverrides=default).outdir / "conv.html"
    else:
        page = sphinx_build("apidiff-basic", "html", confoverrides=default).outdir / "resize.html"
    index = sphinx_build("index", "html", confoverrides=overrides).outdir / "index.html"
    project = sphinx_build("project", "html", confoverrides=overrides).outdir
    statuses = sphinx_build("example-statuses", "html", confoverrides=overrides).outdir
    return theme, {
        "comparison": page.as_uri(),
        "index": index.as_uri(),
        "summary": (project / "index.html").as_uri(),
        "coverage": (project / "coverage.html").as_uri(),
        "statuses": (statuses / "index.html").as_uri(),
    }


def _measure(browser, url: str, width: int, dark: str | None) -> dict:
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_load_state("load")
        if dark:
            page.evaluate(f"() => {{ {dark}; }}")
        page.wait_for_timeout(50)  # style recalculation after the switch
        return page.evaluate(LAYOUT_JS)
    finally:
        context.close()


@pytest.mark.parametrize("width", [1280, 400])
@pytest.mark.parametrize("mode", ["light", "dark"])
def test_layout_in_each_theme(browser, themed, width, mode, tmp_path_factory):
    theme, urls = themed
    dark = THEMES[theme] if mode == "dark" else None
    if mode == "dark" and dark is None:
        pytest.skip(f"{theme} has no dark mode")
    for what, url in urls.items():
        got = _measure(browser, url, width, dark)
        where = f"{theme} {mode} {width}px {what}"
        assert got["problems"] == [], (where, got["problems"])
        if what == "statuses":  # the check above read every status line and output
            assert len(got["contrasts"]) >= 10, (where, got["contrasts"])
        # wide tables scroll in their own box: the page never scrolls sideways
        if theme not in OWN_CHROME_OVERFLOWS:
            assert got["scrollWidth"] <= got["innerWidth"], (where, got)
        if what != "comparison":
            continue
        tops = got["cardTops"]
        if width >= 1000 and abs(tops[0] - tops[1]) <= 1:  # side by side
            left, right = got["codeTops"]
            assert left == pytest.approx(right, abs=1), (where, got["codeTops"])
        if width == 1280 and mode == "light":
            HEIGHTS[theme] = got["height"]
            out = tmp_path_factory.getbasetemp() / "apidiff-page-heights.txt"
            with out.open("a", encoding="utf-8") as f:
                f.write(f"{theme} {url} {got['height']}\n")
            print(f"page height at 1280px in {theme}: {got['height']}px (written to {out})")


def test_page_heights_full_and_compact(browser, sphinx_build, tmp_path_factory):
    """Page weight (issue 7): the heights at 1280px are printed and written to a file.

    The compact layout says the same facts and the author's same text in less room.
    """
    if importlib.util.find_spec("torch") is not None:
        root, page = "apidiff-torch", "conv.html"
    else:
        root, page = "apidiff-basic", "resize.html"
    heights = {}
    for layout in ("full", "compact"):
        overrides = {"html_theme": "alabaster", "apidiff_layout": layout}
        url = (sphinx_build(root, "html", confoverrides=overrides).outdir / page).as_uri()
        heights[layout] = _measure(browser, url, 1280, None)["height"]
    out = tmp_path_factory.getbasetemp() / "apidiff-page-heights.txt"
    with out.open("a", encoding="utf-8") as f:
        for layout, height in heights.items():
            f.write(f"alabaster {root}/{page} layout={layout} {height}\n")
    print(f"page heights at 1280px, {root}/{page}: {heights} (written to {out})")
    assert heights["compact"] < heights["full"], heights


# -- the summary's sort and filter script ------------------------------------------------------

#: Each row shown, as "left → right" (its two links: the names are the links)
SUMMARY_ROWS_JS = """() => [...document.querySelector("table.apidiff-summary").tBodies[0].rows]
  .filter(tr => !tr.hidden)
  .map(tr => [...tr.querySelectorAll("a")].map(a => a.textContent.trim()).join(" → "))"""


@pytest.mark.parametrize("width", [1280, 400])
def test_summary_sorts_and_filters_in_the_browser(browser, sphinx_build, width):
    build = sphinx_build("project", "html", confoverrides={"html_theme": "alabaster"})
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto((build.outdir / "index.html").as_uri())
        page.wait_for_load_state("load")
        controls = page.locator(".apidiff-summary-controls").first
        search, select = controls.locator("input"), controls.locator("select")
        count = controls.locator(".apidiff-summary-count")
        builtin, fsum, join = (
            "numpy.sum → builtins.sum",
            "numpy.sum → math.fsum",
            "os.path.join → posixpath.join",
        )
        assert page.evaluate(SUMMARY_ROWS_JS) == [builtin, fsum, join]
        assert count.text_content() == "3 of 3 shown"
        # the filter box: any text of the row, the category choice: the category words only
        search.fill("fsum")
        assert page.evaluate(SUMMARY_ROWS_JS) == [fsum]
        assert count.text_content() == "1 of 3 shown"
        search.fill("")
        options = select.locator("option").all_text_contents()
        assert options == ["All categories", "identical parameters", "usage differs"]
        select.select_option("identical parameters")
        assert page.evaluate(SUMMARY_ROWS_JS) == [join]
        select.select_option("")
        table = page.locator("table.apidiff-summary").first
        header = table.locator("th.apidiff-col-changed")
        if width > 600:
            # sorting: by the number of differences, then the other way
            header.locator("button").click()
            assert header.get_attribute("aria-sort") == "ascending"
            assert page.evaluate(SUMMARY_ROWS_JS) == [join, fsum, builtin]
            header.locator("button").click()
            assert page.evaluate(SUMMARY_ROWS_JS) == [builtin, fsum, join]
        else:
            # a phone: no header row; each count says what it counts
            assert not header.is_visible()
            first = table.locator("tbody tr").first.locator("td.apidiff-col-changed")
            assert first.inner_text().strip() == "Differences: 8"
        # readable at this width: the controls fit, the page never scrolls sideways
        box = controls.bounding_box()
        sizes = page.evaluate(
            "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
        )
        assert box is not None and box["x"] + box["width"] <= sizes["inner"] + 1, (box, sizes)
        assert sizes["scroll"] <= sizes["inner"], sizes
        assert errors == []
    finally:
        context.close()


# -- a language written without spaces ---------------------------------------------------------

#: For each header of the summaries: its text and on how many lines the browser draws it.
HEADER_LINES_JS = """() => [...document.querySelectorAll("table.apidiff-summary th")]
  .filter(th => th.getClientRects().length)
  .map(th => { const tops = new Set();
    const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const range = document.createRange(); range.selectNodeContents(node);
      for (const r of range.getClientRects()) if (r.width > 0) tops.add(Math.round(r.top));
    }
    return [th.textContent.trim(), tops.size]; })"""


@pytest.mark.parametrize("theme", ["alabaster", "sphinx_rtd_theme"])
def test_chinese_summary_headers_stay_whole(browser, sphinx_build, theme):
    """差异数 in its narrow column is one line, not "差异" above "数" (the themes where the
    column was narrowest at 1280px); the category filter reads Chinese brackets."""
    overrides = {"html_theme": theme, "language": "zh_CN"}
    build = sphinx_build("project", "html", confoverrides=overrides)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto((build.outdir / "index.html").as_uri())
        page.wait_for_load_state("load")
        headers = page.evaluate(HEADER_LINES_JS)
        controls = page.locator(".apidiff-summary-controls").first
        options = controls.locator("select option").all_text_contents()
    finally:
        context.close()
    assert ["差异数", 1] in headers and ["示例", 1] in headers, headers
    assert [text for text, lines in headers if lines > 1] == []
    # the category filter offers the category words, without the full-width bracketed kinds
    assert options == ["全部类别", "参数完全一致", "用法不一致"]
