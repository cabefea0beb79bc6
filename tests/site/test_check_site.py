"""Tests of tools/site/check_site.py and tools/site/toc.py on small hand-written pages.

The HTML snippets copy the markup MyST-NB writes for a code cell: a
``div.cell`` (with a ``tag_<name>`` class per cell tag) holding a
``div.cell_input`` and a ``div.cell_output``.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from tools.site import check_site
import pytest
from tools.site import toc


def cell(source: str, output_html: str, tags: tuple[str, ...] = ()) -> str:
    classes = " ".join(["cell", *(f"tag_{tag}" for tag in tags), "docutils", "container"])
    return (
        f'<div class="{classes}">'
        f'<div class="cell_input docutils container"><pre>{source}</pre></div>'
        f'<div class="cell_output docutils container">{output_html}</div>'
        "</div>"
    )


ERROR_OUTPUT = (
    '<div class="output traceback highlight-ipythontb notranslate"><div class="highlight"><pre>'
    '<span class="ne">ZeroDivisionError</span>   Traceback (most recent call last)\n'
    "----&gt; 1 1 / 0\n"
    '<span class="ne">ZeroDivisionError</span>: division by zero\n'
    "</pre></div></div>"
)
PLAIN_OUTPUT = '<div class="output text_plain highlight-myst-ansi notranslate"><pre>np.float64(1.0)</pre></div>'
PRINTED_TRACEBACK = (
    '<div class="output stderr highlight-myst-ansi notranslate"><pre>'
    "Traceback (most recent call last):\n"
    '  File "x.py", line 1, in &lt;module&gt;\n'
    "ValueError: shapes (2,) and (3,) differ\n"
    "</pre></div>"
)


def page(*cells: str) -> str:
    return "<html><body><section>" + "".join(cells) + "</section></body></html>"


# ---------------------------------------------------------------- tracebacks


def test_a_cell_whose_output_is_an_error_is_reported_with_the_error():
    found = check_site.cells_with_tracebacks(page(cell("x = 1", PLAIN_OUTPUT), cell("1 / 0", ERROR_OUTPUT)))
    assert found == ["cell 2: ZeroDivisionError: division by zero"]


def test_an_error_in_a_cell_tagged_raises_exception_is_allowed():
    html = page(cell("1 / 0", ERROR_OUTPUT, tags=("hide-output", "raises-exception")))
    assert check_site.cells_with_tracebacks(html) == []


def test_a_traceback_printed_to_stderr_is_reported():
    found = check_site.cells_with_tracebacks(page(cell("traceback.print_exc()", PRINTED_TRACEBACK)))
    assert found == ["cell 1: ValueError: shapes (2,) and (3,) differ"]


def test_the_word_traceback_in_a_cells_source_is_not_an_error():
    html = page(cell('print("Traceback (most recent call last)" in text)', PLAIN_OUTPUT))
    assert check_site.cells_with_tracebacks(html) == []


def test_a_raises_exception_tag_on_one_cell_does_not_excuse_the_next():
    html = page(cell("1 / 0", ERROR_OUTPUT, tags=("raises-exception",)), cell("1 / 0", ERROR_OUTPUT))
    assert check_site.cells_with_tracebacks(html) == ["cell 2: ZeroDivisionError: division by zero"]


# ---------------------------------------------------------------- pages of the toc

TOC = """\
format: jb-book
root: book/intro
parts:
  - caption: One
    chapters:
      - file: book/a.md
      - file: book/b
        sections:
          - file: book/b1
  - caption: Two
    chapters:
      - url: https://example.org
        title: x
      - glob: extra/*
"""


def write_toc(root: Path) -> Path:
    toc = root / "_toc.yml"
    toc.write_text(TOC)
    for page in ("intro", "a", "b", "b1"):
        (root / "book").mkdir(exist_ok=True)
        (root / "book" / f"{page}.md").write_text(f"# {page}\n")
    return toc


def test_toc_pages_lists_the_root_chapters_and_sections_without_suffix(tmp_path):
    assert toc.toc_pages(write_toc(tmp_path)) == ["book/intro", "book/a", "book/b", "book/b1"]


def test_part_chapters_lists_a_parts_chapters_but_not_their_sections(tmp_path):
    assert toc.part_chapters(write_toc(tmp_path), "One") == ["book/a", "book/b"]


# ---------------------------------------------------------------- the whole site check


def write_site(root: Path, chapter_html: str) -> Path:
    html_dir = root / "_build" / "html"
    (html_dir / "book").mkdir(parents=True)
    (html_dir / "book" / "intro.html").write_text(page(cell("1 + 1", PLAIN_OUTPUT)))
    (html_dir / "book" / "a.html").write_text(chapter_html)
    return html_dir


def test_the_site_check_passes_a_clean_site(tmp_path, capsys):
    html_dir = write_site(tmp_path, page(cell("1 / 0", ERROR_OUTPUT, tags=("raises-exception",))))
    assert check_site.main(["--html", str(html_dir)]) == 0
    assert "check-site: OK" in capsys.readouterr().out


def test_the_site_check_fails_and_lists_every_problem(tmp_path, capsys):
    html_dir = write_site(tmp_path, page(cell("1 / 0", ERROR_OUTPUT) + cell("1 / 0", ERROR_OUTPUT)))
    assert check_site.main(["--html", str(html_dir)]) == 1
    out = capsys.readouterr().out
    assert "2 problem(s)" in out
    assert "book/a.html: cell 1: ZeroDivisionError: division by zero" in out
    assert "book/a.html: cell 2: ZeroDivisionError: division by zero" in out


def test_the_site_check_fails_when_the_site_was_not_built(tmp_path):
    assert check_site.main(["--html", str(tmp_path / "_build" / "html")]) == 1


# ---------------------------------------------------------------- figures


def test_changed_deleted_and_uncommitted_gv_files_are_stale_but_svgs_are_not():
    porcelain = "\n".join(
        [
            " M figures/tree.gv",
            " M figures/tree.svg",
            " D figures/old.gv",
            "?? figures/new.gv",
            "?? figures/new.svg",
            "R  figures/a.gv -> figures/b.gv",
        ]
    )
    assert check_site.stale_figure_sources(porcelain) == [
        "figures/tree.gv (changed)",
        "figures/old.gv (deleted)",
        "figures/new.gv (not committed)",
        "figures/b.gv (changed)",
    ]


def test_figure_references_are_found_in_directives_links_and_code_but_not_in_urls():
    text = (
        "```{figure} ../figures/tree.svg\n:alt: a tree\n```\n"
        "![dag](/figures/dag.svg) and `open('../figures/dag.gv')`.\n"
        "See figures/readme.txt. Upstream: https://github.com/o/r/blob/main/figures/far.svg\n"
        "The folder figures/ holds them.\n"
    )
    assert check_site.figure_references(text) == [
        "../figures/tree.svg",
        "/figures/dag.svg",
        "../figures/dag.gv",
        "figures/readme.txt",
    ]


def test_a_page_referring_to_a_missing_figure_is_reported(tmp_path):
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "tree.svg").write_text("<svg/>")
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "a.md").write_text("```{figure} ../figures/tree.svg\n```\n![](../figures/gone.svg)\n")
    assert check_site.missing_figure_references(tmp_path / "book", tmp_path) == ["book/a.md: ../figures/gone.svg"]


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=root, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path):
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "tree.gv").write_text("digraph { a -> b }\n")
    (tmp_path / "figures" / "tree.svg").write_text("<svg/>")
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "a.md").write_text("```{figure} ../figures/tree.svg\n```\n")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "figures")
    return tmp_path


def test_the_figure_check_passes_when_regenerating_changed_only_svgs(repo, capsys):
    (repo / "figures" / "tree.svg").write_text("<svg><!-- another dot version --></svg>")
    assert check_site.main(["--figures", "--root", str(repo)]) == 0
    assert "check-figures: OK" in capsys.readouterr().out


def test_the_figure_check_fails_when_a_committed_gv_changed(repo, capsys):
    (repo / "figures" / "tree.gv").write_text("digraph { a -> b -> c }\n")
    assert check_site.main(["--figures", "--root", str(repo)]) == 1
    assert "figures/tree.gv (changed)" in capsys.readouterr().out


def listing(caption: str, code: str) -> str:
    """A captioned literalinclude as Sphinx writes it."""
    return (
        '<div class="literal-block-wrapper docutils container">'
        f'<div class="code-block-caption"><span class="caption-number">Listing 9.1 </span>'
        f'<span class="caption-text">{caption}</span></div>'
        f'<div class="highlight-python notranslate"><div class="highlight"><pre>{code}</pre></div></div></div>'
    )


def test_a_listing_of_the_package_that_fits_the_code_box_passes():
    assert check_site.listing_problems(listing("reverse.py", "def f(x):\n" + "    y = x\n" * 3 + "#" * 76)) == []


def test_a_listing_wider_than_the_code_box_or_showing_a_docstring_is_named():
    problems = check_site.listing_problems(
        listing("reverse.py", "def f(x):\n    return " + "x + " * 20 + "x") +
        listing("core.py", 'def g(x):\n    """Why g exists."""\n    return x'))
    assert problems == [
        "listing of reverse.py: a line of 92 columns (at most 76): return x + x + x + x + x + x + x + x + x + x + x +",
        "listing of core.py shows a docstring (skip its lines with :lines:)",
    ]


def test_code_blocks_that_are_not_listings_of_python_files_are_not_measured():
    assert check_site.listing_problems(listing("shell", "x" * 120)) == []
