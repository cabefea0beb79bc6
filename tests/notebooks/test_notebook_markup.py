"""The book's markup becomes Markdown a notebook viewer renders: no directive or role left raw.

Checked on small examples of each construct, and on every chapter of the toc
(so a new chapter with a new directive fails here, not in a reader's Colab).
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

import jupytext
import pytest
from sphinx.config import Config
from sphinx.directives.code import LiteralIncludeReader

from bib_references import read_references
from install_cell import install_cell
from notebook_markup import Book, Chapter
from tools.site.toc import toc_pages

pytestmark = pytest.mark.notebooks
ROOT = Path(__file__).resolve().parents[2]
RAW = re.compile(r"^(`{3,}|:{3,}|~{3,})\s*\{[\w:.-]+\}|\{[\w:.-]+\}`", re.M)


def read_literal(file: Path, options: dict[str, str]) -> str:
    return LiteralIncludeReader(str(file), dict(options), Config()).read()[0]


def book(source: Path = ROOT / "book/expression_graphs.md", **kw) -> Book:
    return Book(source=source, chapter_number="3", references=read_references(ROOT / "book/references.bib"),
                read_literal=read_literal, **kw)


def test_a_figure_is_attached_not_linked_to_a_relative_path():
    out = Chapter(book()).convert("```{figure} ../figures/expression_tree.svg\n:alt: A tree\n:name: fig-t\n\n"
                                  "The tree.\n```")
    assert "../figures" not in out.text and "![A tree](attachment:expression_tree.svg)" in out.text
    svg = base64.b64decode(out.attachments["expression_tree.svg"]["image/svg+xml"])
    assert svg == (ROOT / "figures/expression_tree.svg").read_bytes()
    assert '<a id="fig-t"></a>' in out.text and "*The tree.*" in out.text


def test_literalinclude_shows_the_included_code_as_code():
    out = Chapter(book(ROOT / "book/inside_autodiff_lessons.md")).convert(
        "```{literalinclude} ../autodiff_lessons/defining_rules.py\n:language: python\n:caption: `defining_rules.py`\n"
        ":pyobject: deflinear\n```")
    assert out.text.startswith("`defining_rules.py`\n\n```python\ndef deflinear(")
    assert "literalinclude" not in out.text


def test_exercises_and_solutions_become_numbered_headed_blocks():
    chapter = Chapter(book())
    first = chapter.convert("```{exercise}\n:label: ex-a\n\nDo this.\n```\n\n```{exercise} Core\n:label: ex-b\n\nThat.\n```")
    solution = chapter.convert("````{solution-start} ex-b\n:class: dropdown\n````\n\nBecause.\n\n````{solution-end}\n````")
    assert "#### Exercise 3.1\n\nDo this." in first.text and "#### Exercise 3.2 (Core)\n\nThat." in first.text
    assert solution.text.startswith("#### Solution to Exercise 3.2") and "solution-end" not in solution.text
    assert chapter.convert("As {ref}`ex-a` asks.").text == "As [Exercise 3.1](#ex-a) asks."


def test_citations_read_author_year_and_link_to_the_references_section():
    chapter = Chapter(book())
    text = chapter.convert("As shown {cite}`baydin2018,griewank2008`; {cite:t}`laue2019` argues.").text
    assert text == ("As shown ([Baydin et al., 2018](#ref-baydin2018); [Griewank and Walther, 2008](#ref-griewank2008)); "
                    "[Laue (2019)](#ref-laue2019) argues.")
    references = chapter.references_cell()
    assert references.count("<a id=\"ref-") == 3 and "Automatic Differentiation in Machine Learning" in references


def test_admonitions_are_quoted_and_self_checks_hide_their_answer():
    chapter = Chapter(book())
    note = chapter.convert("```{note}\nMind the order.\n```").text
    assert note == "> **Note**\n>\n> Mind the order."
    check = chapter.convert(":::{selfcheck} How many?\n:label: q\n- one\n+ two\n---\nBecause two.\n:::").text
    question, hidden = check.split("<details>")
    assert "**Check yourself.** How many?" in question and "- one" in question and "- two" in question
    assert "Because two." not in question and "**Answer:** two" in hidden and "Because two." in hidden


def test_glued_numbers_are_formatted_and_missing_ones_say_where_they_come_from():
    chapter = Chapter(book(glue={"ratio": "np.float64(1234.5678)", "n": "42"}))
    assert chapter.convert("{glue:text}`ratio:.0f` and {glue:text}`n`").text == "1235 and 42"
    assert "`gone`" in chapter.convert("{glue:text}`gone:.2f`").text


def test_an_unknown_directive_is_not_left_raw():
    text = Chapter(book()).convert("```{margin}\nAside with {cite}`laue2019`.\n```").text
    assert not RAW.search(text) and "Aside with" in text


@pytest.mark.parametrize("page", [p for p in toc_pages(ROOT / "_toc.yml")
                                  if (ROOT / f"{p}.md").exists() and "kernelspec" in jupytext.read(ROOT / f"{p}.md").metadata])
def test_no_chapter_leaves_myst_markup_in_its_notebook(page):
    chapter = Chapter(book(ROOT / f"{page}.md"))
    for cell in jupytext.read(ROOT / f"{page}.md").cells:
        if cell.cell_type == "markdown":
            text = chapter.convert(cell.source).text
            assert not RAW.search(text), f"{page}: raw MyST left in\n{text[:500]}"
            assert "../figures" not in text


def test_the_install_cell_does_nothing_where_everything_is_present(capsys):
    # This venv has every pin of requirements.txt and the package at the book's version.
    from chapter_requirements import DISTRIBUTIONS, pins
    from tools.package.check_wheel import book_version

    code = install_cell({"numpy", "sympy", "torch"}, DISTRIBUTIONS, pins(ROOT / "requirements.txt"), book_version(),
                        "https://github.com/autodiff-lessons/autodiff-lessons", "main", "")
    exec(compile(code, "install cell", "exec"), {})
    assert capsys.readouterr().out.strip() == "Everything this notebook needs is already installed."


def test_a_markdown_link_to_another_chapter_opens_that_chapter_on_the_site():
    pages = {"random_programs": ("Randomness", "https://example.org/book/random_programs.html")}
    chapter = Chapter(book(resolve_doc=pages.get))
    out = chapter.convert("See [the last chapter](random_programs.md), [its table](random_programs.md#bias-table) "
                          "and [a file](notes.md).")
    assert out.text == ("See [the last chapter](https://example.org/book/random_programs.html), "
                        "[its table](https://example.org/book/random_programs.html#bias-table) and [a file](notes.md).")
