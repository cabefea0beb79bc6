"""The whole book as a PDF (tools/site/book_pdf.py): every page of the toc in
order under its own numbered title, each with its pictures, formulas typeset
(no TeX source left in the text), and the site linking to the file.

What is expected is read from the built site and _toc.yml, not from the tool:
the titles are the pages' <h1>, the pictures their <img> elements, and the
dollar signs those of their code blocks.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from tools.site.toc import toc_pages

ROOT = Path(__file__).resolve().parents[2]
PDF = Path(os.environ.get("BOOK_PDF", ROOT / "_build" / "pdf" / "autodiff-lessons.pdf"))
HTML = Path(os.environ.get("BOOK_HTML", ROOT / "_build" / "html"))
PAGES = toc_pages(ROOT / "_toc.yml")
# What MathJax leaves when it has not typeset: Sphinx writes inline math as
# \( \) and display math as \[ \]; TeX environments and fractions inside them.
RAW_TEX = ("\\(", "\\)", "\\[", "\\]", "\\begin", "\\frac", "$$")
RASTER = (".png", ".jpg", ".jpeg", ".gif", ".webp")


@pytest.fixture(scope="module")
def pdf() -> PdfReader:
    return PdfReader(PDF)


@pytest.fixture(scope="module")
def page_texts(pdf) -> list[str]:
    """Each page's text, ligatures (ﬀ, ﬁ) spelled out: extracted once, it takes seconds."""
    return [unicodedata.normalize("NFKC", page.extract_text()) for page in pdf.pages]


@pytest.fixture(scope="module")
def text(page_texts) -> str:
    return "".join(page_texts)


@pytest.fixture(scope="module")
def articles() -> dict[str, BeautifulSoup]:
    return {page: BeautifulSoup((HTML / f"{page}.html").read_text(encoding="utf-8"), "html.parser").select_one(".bd-article")
            for page in PAGES}


def heading(article) -> str:
    h1 = article.find("h1")
    return re.sub(r"\s+", " ", h1.get_text(" ").replace("#", "")).strip()


def sections(pdf: PdfReader) -> list[tuple[str, int, int]]:
    """(bookmark title, first page, page after the last) for each bookmark."""
    marks = [(item.title, pdf.get_destination_page_number(item)) for item in pdf.outline]
    ends = [start for _, start in marks[1:]] + [len(pdf.pages)]
    return [(title, start, end) for (title, start), end in zip(marks, ends)]


def chapter_sections(pdf: PdfReader) -> list[tuple[str, int, int]]:
    return [section for section in sections(pdf) if section[0] != "Contents"]


def test_every_page_of_the_toc_is_there_in_order_under_its_title(pdf, articles):
    titles = [title for title, _, _ in chapter_sections(pdf)]
    assert titles == [heading(articles[page]) for page in PAGES]


def test_each_chapter_starts_with_its_numbered_title(pdf, page_texts, articles):
    """The bookmark leads to a page that shows the title, number included
    ("6. Forward and reverse mode") where the toc numbers the chapter."""
    for title, start, _ in chapter_sections(pdf):
        text = re.sub(r"\s+", " ", page_texts[start])
        assert title in text, f"page {start + 1} does not show {title!r}"
    numbered = [heading(articles[page]) for page in PAGES if re.match(r"\d+\.", heading(articles[page]))]
    assert len(numbered) >= 2, "no numbered chapter"


def test_page_count_covers_every_chapter(pdf):
    """At least one page a chapter plus the contents; no chapter is empty."""
    assert len(pdf.pages) >= len(PAGES) + 1
    assert all(end > start for _, start, end in sections(pdf))


def test_contents_page_lists_each_chapter_at_its_page(pdf, page_texts):
    contents = next((start for title, start, _ in sections(pdf) if title == "Contents"))
    text = re.sub(r"\s+", " ", page_texts[contents])
    for title, start, _ in chapter_sections(pdf)[1:]:
        assert re.search(re.escape(title) + r"\s*" + str(start + 1) + r"\b", text), f"{title} at page {start + 1}"


def xobjects(pdf: PdfReader, start: int, end: int) -> tuple[int, int]:
    """Raster images and vector drawings (form XObjects) on pages start..end-1."""
    raster = forms = 0
    for page in pdf.pages[start:end]:
        resources = page.get("/Resources")
        found = resources.get_object().get("/XObject") if resources else None
        for item in (found.get_object().values() if found else []):
            subtype = item.get_object().get("/Subtype")
            raster += subtype == "/Image"
            forms += subtype == "/Form"
    return raster, forms


def test_every_chapter_carries_its_pictures(pdf, articles):
    """Each raster picture of a page (plots) is embedded; a page with SVG
    figures has vector drawings in its part of the PDF."""
    for page, (title, start, end) in zip(PAGES, chapter_sections(pdf)):
        sources = [img["src"].split("?")[0].lower() for img in articles[page].find_all("img")]
        raster, forms = xobjects(pdf, start, end)
        assert raster >= sum(src.endswith(RASTER) for src in sources), f"{title}: raster pictures missing"
        if any(src.endswith(".svg") for src in sources):
            assert forms >= 1, f"{title}: SVG figures missing"


def test_no_tex_source_is_left_in_the_text(text, articles):
    """Every formula was typeset before printing. Dollar signs may appear only
    as often as the pages' code blocks and outputs hold them (matplotlib labels)."""
    assert [token for token in RAW_TEX if token in text] == []
    dollars_in_code = sum(pre.get_text().count("$") for article in articles.values() for pre in article.find_all("pre"))
    assert text.count("$") <= dollars_in_code


def test_the_site_links_to_the_pdf_it_ships():
    """The intro page links to the PDF, and the site holds that very file."""
    intro = BeautifulSoup((HTML / f"{PAGES[0]}.html").read_text(encoding="utf-8"), "html.parser")
    links = [a["href"] for a in intro.select(".bd-article a[href$='.pdf']")]
    assert links, "the intro page does not link to the PDF"
    target = (HTML / PAGES[0]).parent / links[0]
    assert target.resolve().read_bytes() == PDF.read_bytes()


def test_every_solution_is_printed_unfolded(text, articles):
    """Solutions are dropdowns on the site; on paper each one is printed, with
    its title and its body (the code of its first cell)."""
    solutions = [solution for article in articles.values() for solution in article.select(".solution")]
    assert text.count("Solution to") >= len(solutions)
    # Long code lines wrap on paper: compare without white space.
    squeezed = re.sub(r"\s+", "", text)
    for solution in solutions:
        code = next((pre for pre in solution.select(".cell_input pre") if pre.find_parent("details") is None), None)
        if code is not None:
            first_line = code.get_text().strip().splitlines()[0].strip()
            assert re.sub(r"\s+", "", first_line) in squeezed, f"solution code not printed whole: {first_line!r}"


def test_long_code_lines_wrap_instead_of_being_cut(text, articles):
    """Every line of every code cell the page shows is in the PDF whole (it
    wraps at the margin; white space aside). Cells whose code the chapter
    hides (hide-input) stay folded on paper too."""
    squeezed = re.sub(r"\s+", "", text)
    lines = {line.strip() for article in articles.values() for pre in article.select(".cell_input pre")
             if pre.find_parent("details") is None
             for line in pre.get_text().splitlines() if len(line.strip()) > 60}
    # The page texts are NFKC-normalised (x² reads x2): the code lines too.
    cut = sorted(line for line in lines
                 if re.sub(r"\s+", "", unicodedata.normalize("NFKC", line)) not in squeezed)
    assert cut == [], f"{len(cut)} long code lines cut off, e.g. {cut[:3]}"
