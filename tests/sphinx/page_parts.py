"""Reading a built comparison page: its cards, tables, sections and source lines.

Shared by the ``test_directive*.py`` files (which build the roots listed in
``test_directive.py``'s docstring).
"""

from __future__ import annotations

from conftest import Build, Element, main_body

USAGE_WORD = "Usage differences"


def cards(body: Element) -> list[Element]:
    return body.find_all("div", cls="apidiff-card")


def card_title(card: Element) -> str:
    return card.find("div", cls="sd-card-title").words()


def code_lines(card: Element) -> list[str]:
    return card.find("pre").text().splitlines()


def highlighted(card: Element) -> list[str]:
    """The signature lines a reader sees highlighted (``emphasize-lines``)."""
    return [span.text().strip() for span in card.find_all("span", cls="hll")]


def tables(body: Element) -> list[list[tuple[str, ...]]]:
    out = []
    for table in body.find_all("table", cls="apidiff-table"):
        rows = table.find("tbody").find_all("tr")
        out.append([tuple(td.words() for td in row.find_all("td")) for row in rows])
    return out


def header(body: Element) -> tuple[str, ...]:
    return tuple(th.words() for th in body.find("table", cls="apidiff-table").find_all("th"))


def row_links(body: Element) -> dict[str, str]:
    """First table: left (or right) parameter -> href of its "note" link."""
    out = {}
    table = body.find("table", cls="apidiff-table")
    for row in table.find("tbody").find_all("tr"):
        cells = row.find_all("td")
        name = cells[0].words() if cells[0].words() != "—" else cells[1].words()
        links = cells[2].find_all("a")
        if links:
            out[name] = links[0].attrs["href"]
    return out


def section(body: Element, section_id: str) -> Element:
    return body.find("section", id=section_id)


def heading(sec: Element) -> str:
    head = next(c for c in sec.children if isinstance(c, Element) and c.tag[0] == "h")
    return head.words().rstrip("¶").strip()


def child_tags(sec: Element) -> list[str]:
    return [c.tag for c in sec.children if isinstance(c, Element) and c.tag != "span"]


def subsections(sec: Element) -> list[Element]:
    return [c for c in sec.children if isinstance(c, Element) and c.tag == "section"]


def usage_section(body: Element, nth: int = 0) -> Element:
    found = [h.parent for h in body.find_all("h2") if h.words().rstrip("¶").strip() == USAGE_WORD]
    return found[nth]


def toc_links(build: Build, page: str = "index") -> list[str]:
    toc = main_body(build.page(page)).find("div", cls="toctree-wrapper")
    return [a.attrs["href"] for a in toc.find_all("a")]


def tr_ids(tr) -> set[str]:
    return {el.id for el in tr.iter() if el.id}


def raw_line(
    build: Build, docname: str, text: str, occurrence: int = 1, suffix: str = ".rst"
) -> int:
    """1-based line where the source line is exactly ``text`` (the ``occurrence``-th time)."""
    lines = (build.srcdir / f"{docname}{suffix}").read_text(encoding="utf-8").splitlines()
    found = [i for i, line in enumerate(lines, 1) if line == text]
    return found[occurrence - 1]
