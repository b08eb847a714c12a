"""A summary grouped by module in a real browser: each module's table sorts and filters on its
own, and at phone width nothing scrolls sideways (the ``test_browser`` fixture: skipped
without chromium)."""

from __future__ import annotations

import pytest
from test_browser import browser  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.sphinx]

#: Per grouped table: its rubric's module and its rows shown, as "left → right".
GROUPS_JS = """() => [...document.querySelectorAll("table.apidiff-summary")].map(table => {
  const box = table.closest(".apidiff-scroll");
  const controls = box.previousElementSibling;
  const rubric = controls.previousElementSibling;
  return [rubric.textContent.trim(), [...table.tBodies[0].rows].filter(tr => !tr.hidden)
    .map(tr => [...tr.querySelectorAll("a")].map(a => a.textContent.trim()).join(" → "))];
})"""


@pytest.mark.parametrize("width", [1280, 400])
def test_each_module_table_filters_on_its_own(browser, sphinx_build, width):  # noqa: F811
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
        assert [module for module, _rows in groups] == ["math", "ops_left", "os.path", "ops_left"]
        assert groups[1][1] == [abs_, add]
        controls = page.locator(".apidiff-summary-controls").nth(1)
        controls.locator("input").fill("add")
        after = page.evaluate(GROUPS_JS)
        assert after[1][1] == [add]
        assert controls.locator(".apidiff-summary-count").text_content() == "1 of 2 shown"
        assert after[0] == groups[0] and after[3] == groups[3]  # the other tables as they were
        assert page.locator("p.rubric.apidiff-summary-group").first.is_visible()
        sizes = page.evaluate(
            "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
        )
        assert sizes["scroll"] <= sizes["inner"], sizes
        assert errors == []
    finally:
        context.close()
