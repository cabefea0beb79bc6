"""The student edition: solutions are cut out of the sources, and the check finds any that leak.

No book is built here: the tests run the cutting on small pages and the leak
check on small hand-written builds, one leak at a time, in each place a leak
has been seen (highlighted HTML, the downloadable notebook, the Markdown
source, a solution box left in the page).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from tools.classroom.check_student_edition import check
from tools.classroom.solutions import solutions, strip_solutions
from tools.classroom.student_edition import copy_sources, cut_solutions, mark_config, names_only_solutions_define

HEADER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

# A chapter

```{code-cell} ipython3
import numpy as np
```
"""
EXERCISE = """
```{exercise}
:label: ex-square

Write a function that squares a number and check it at three points.
```
"""
SOLUTION_CODE = "def square_it_by_hand(value):\n    return value * value  # the whole trick"
SOLUTION_PROSE = "Multiplying the number by itself is all there is to squaring it"
SOLUTION = f"""
````{{solution-start}} ex-square
:class: dropdown
````

{SOLUTION_PROSE}, as the cell shows:

```{{code-cell}} ipython3
{SOLUTION_CODE}
```

````{{solution-end}}
````
"""
AFTER = """
```{code-cell} ipython3
print("the chapter goes on")
```
"""
PAGE = HEADER + EXERCISE + SOLUTION + AFTER


# ---------------------------------------------------------------- cutting


def test_cutting_removes_a_gated_solution_with_its_code_cell():
    cut = strip_solutions(PAGE)
    assert "square_it_by_hand" not in cut
    assert SOLUTION_PROSE not in cut
    assert "solution-start" not in cut and "solution-end" not in cut
    assert "Write a function that squares" in cut  # the exercise stays
    assert 'print("the chapter goes on")' in cut  # and so does what follows


def test_cutting_removes_a_plain_solution_directive():
    page = EXERCISE + "\n```{solution} ex-square\n:class: dropdown\n\nThe answer is 42, of course, as always.\n```\n"
    assert "42" not in strip_solutions(page)
    assert [s.label for s in solutions(page)] == ["ex-square"]


def test_a_shorter_fence_inside_does_not_close_a_solution():
    page = "````{solution} ex-square\n```python\nsecret_line_of_the_solution = 1\n```\n````\nafter\n"
    assert strip_solutions(page) == "after\n"


def test_a_solution_start_without_an_end_is_an_error():
    with pytest.raises(ValueError, match="no {solution-end}"):
        solutions(HEADER + EXERCISE + "````{solution-start} ex-square\n````\n\nunfinished\n")


def test_solution_lines_are_split_into_code_and_prose():
    (solution,) = solutions(PAGE)
    assert solution.code_lines == SOLUTION_CODE.splitlines()
    assert any(SOLUTION_PROSE in line for line in solution.prose_lines)


# ---------------------------------------------------------------- copying the sources


def make_teacher_book(root: Path, page: str = PAGE) -> Path:
    (root / "book").mkdir(parents=True)
    (root / "book" / "chapter.md").write_text(page + "\n```{literalinclude} ../pkg/code.py\n```\n")
    (root / "figures").mkdir()
    (root / "pkg").mkdir()
    (root / "pkg" / "code.py").write_text("VALUE = 1\n")
    (root / "unrelated").mkdir()
    (root / "_config.yml").write_text(yaml.safe_dump({"title": "T", "sphinx": {"config": {"x": 1}}}))
    (root / "_toc.yml").write_text(yaml.safe_dump({"format": "jb-book", "root": "book/chapter"}))
    return root


def test_the_copy_has_no_solution_but_what_the_pages_include(tmp_path):
    root = make_teacher_book(tmp_path / "teacher")
    src = tmp_path / "student-src"
    (src / "_build").mkdir(parents=True)
    (src / "stale.md").write_text("left over from an earlier copy")
    pages = copy_sources(root, src)
    assert sum(cut_solutions(page) for page in pages) == 1
    mark_config(src / "_config.yml")

    assert "square_it_by_hand" not in (src / "book" / "chapter.md").read_text()
    assert (src / "pkg" / "code.py").exists(), "a page includes ../pkg/code.py"
    assert not (src / "unrelated").exists() and not (src / "stale.md").exists()
    assert (src / "_build").exists(), "the execution cache of the previous build is kept"
    config = yaml.safe_load((src / "_config.yml").read_text())
    assert config["sphinx"]["config"] == {"x": 1, "hide_solutions": True}
    assert "student edition" in config["title"]


def test_code_that_needs_a_solution_is_reported(tmp_path):
    page = HEADER + EXERCISE + SOLUTION + '\n```{code-cell} ipython3\nsquare_it_by_hand(3)\n```\n'
    path = tmp_path / "chapter.md"
    path.write_text(page)
    fence = page.splitlines().index("square_it_by_hand(3)")  # 1-based line of the cell's opening fence
    assert names_only_solutions_define(path) == [f"chapter.md, cell at line {fence}: uses 'square_it_by_hand'"]


def test_code_that_defines_the_name_itself_is_not_reported(tmp_path):
    page = (HEADER + EXERCISE + SOLUTION
            + "\n```{code-cell} ipython3\ndef square_it_by_hand(v):\n    return v**2\n\nsquare_it_by_hand(3)\n```\n")
    path = tmp_path / "chapter.md"
    path.write_text(page)
    assert names_only_solutions_define(path) == []


# ---------------------------------------------------------------- the leak check


def highlighted(code: str) -> str:
    """Code as Pygments renders it: every token in its own <span>."""
    spans = "".join(f'<span class="n">{token}</span>' for token in code.replace(" ", "\x00 ").split("\x00"))
    return f'<div class="highlight"><pre>{spans}</pre></div>'


def make_student_build(build: Path, extra_html: str = "", notebook_cells: tuple[str, ...] = (),
                       source_md: str = "", exercise_id: str = "ex-square") -> Path:
    (build / "html" / "book").mkdir(parents=True)
    (build / "html" / "_sources" / "book").mkdir(parents=True)
    body = (f'<div class="exercise admonition" id="{exercise_id}"><p>Write a function that squares a number and '
            f"check it at three points.</p></div>{highlighted('import numpy as np')}{extra_html}")
    (build / "html" / "book" / "chapter.html").write_text(f"<html><body>{body}</body></html>")
    nb = {"cells": [{"cell_type": "code", "source": source.splitlines(keepends=True), "outputs": [],
                     "metadata": {}} for source in ("import numpy as np", *notebook_cells)],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (build / "html" / "_sources" / "book" / "chapter.ipynb").write_text(json.dumps(nb))
    (build / "html" / "_sources" / "book" / "chapter.md").write_text(strip_solutions(PAGE) + source_md)
    return build


@pytest.fixture
def teacher(tmp_path):
    return make_teacher_book(tmp_path / "teacher")


def test_a_clean_student_build_passes(teacher, tmp_path):
    assert check(teacher, make_student_build(tmp_path / "student")) == []


def test_solution_code_in_highlighted_html_is_found(teacher, tmp_path):
    build = make_student_build(tmp_path / "student", extra_html=highlighted(SOLUTION_CODE.splitlines()[0]))
    problems = check(teacher, build)
    assert len(problems) == 1 and "chapter.html" in problems[0] and "def square_it_by_hand(value):" in problems[0]


def test_solution_code_in_the_downloadable_notebook_is_found(teacher, tmp_path):
    build = make_student_build(tmp_path / "student", notebook_cells=(SOLUTION_CODE,))
    problems = check(teacher, build)
    assert problems and all("chapter.ipynb" in p for p in problems)


def test_solution_prose_in_the_markdown_source_is_found(teacher, tmp_path):
    build = make_student_build(tmp_path / "student", source_md=f"\n{SOLUTION_PROSE}, as the cell shows.\n")
    problems = check(teacher, build)
    assert len(problems) == 1 and "chapter.md" in problems[0] and SOLUTION_PROSE in problems[0]


def test_solution_prose_with_curly_quotes_in_html_is_found(teacher, tmp_path):
    page = PAGE.replace(SOLUTION_PROSE, "It's the number times itself, that's all there is")
    teacher_root = make_teacher_book(tmp_path / "quotes", page)
    rendered = "<p>It’s the number times itself, that’s all there is, as the cell shows:</p>"
    build = make_student_build(tmp_path / "student", extra_html=rendered)
    assert check(teacher_root, build) != []


def test_a_solution_box_left_in_the_page_is_found(teacher, tmp_path):
    build = make_student_build(tmp_path / "student", extra_html='<div class="solution dropdown admonition"></div>')
    assert any("solution element" in p for p in check(teacher, build))


def test_a_missing_exercise_is_reported(teacher, tmp_path):
    build = make_student_build(tmp_path / "student", exercise_id="something-else")
    assert check(teacher, build) == ["exercise 'ex-square' is missing from the student build"]


def test_a_missing_build_is_reported(teacher, tmp_path):
    assert "does not exist" in check(teacher, tmp_path / "nowhere")[0]
