"""A summary grouped by module in a real browser: one search box filters all of its modules'
tables (a module with no row left is hidden), each table sorts on its own, and at phone width
nothing scrolls sideways (the ``test_browser`` fixture: skipped
without chromium)."""

from __future__ import annotations

import pytest
from test_browser import browser  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.sphinx]

#: Per grouped table: its rubric's module, whether it is shown, and its rows shown, as
#: "left → right".
GROUPS_JS = """() => [...document.querySelectorAll("table.apidiff-summary")].map(table => {
  const box = table.closest(".apidiff-scroll");
  const rubric = box.previousElementSibling;
  return [rubric.textContent.trim(), !box.hidden && !rubric.hidden,
    [...table.tBodies[0].rows].filter(tr => !tr.hidden)
    .map(tr => [...tr.querySelectorAll("a")].map(a => a.textContent.trim()).join(" → "))];
})"""


@pytest.mark.parametrize("width", [1280, 400])
def test_one_filter_for_the_modules_of_a_summary(browser, sphinx_build, width):  # noqa: F811
    build = sphinx_build("indexes", "html", confoverrides={"html_theme": "alabaster"})
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto((build.outdir / "summary.html").as_uri())
        page.wait_for_load_state("load")
        abs_, add = "ops_left.abs → ops_right.abs", "ops_left.add → ops_right.add"
        groups = page.evaluate(GROUPS_JS)
        assert [module for module, _shown, _rows in groups] == [
            "math",
            "ops_left",
            "os.path",
            "ops_left",
        ]
        assert all(shown for _module, shown, _rows in groups)
        assert groups[1][2] == [abs_, add]
        # two summaries on the page: one box each, before its first module
        assert page.locator(".apidiff-summary-controls").count() == 2
        controls = page.locator(".apidiff-summary-controls").first
        total = sum(len(rows) for _module, _shown, rows in groups[:3])
        assert controls.locator(".apidiff-summary-count").text_content() == (
            f"{total} of {total} shown"
        )
        controls.locator("input").fill("add")
        after = page.evaluate(GROUPS_JS)
        assert after[1] == ["ops_left", True, [add]]
        assert [shown for _module, shown, _rows in after[:3]] == [False, True, False]
        assert controls.locator(".apidiff-summary-count").text_content() == f"1 of {total} shown"
        assert after[3] == groups[3]  # the other summary as it was
        assert page.locator("p.rubric.apidiff-summary-group").nth(1).is_visible()
        assert not page.locator("p.rubric.apidiff-summary-group").first.is_visible()
        sizes = page.evaluate(
            "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
        )
        assert sizes["scroll"] <= sizes["inner"], sizes
        assert errors == []
    finally:
        context.close()
