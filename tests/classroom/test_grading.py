"""The grader of `make grade`: time limits per test, syntax errors by cell, numpy the student cannot patch, layouts.

One small notebook and two small questions are graded for real (a kernel each,
a few seconds); ``make check-grading`` does the same at full size on every
assignment.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import nbformat
import pytest
from tools.classroom.grading import grade_notebook
from tools.classroom.submissions import find_submissions

TEST_FILE = '''
from otter.test_files import test_case

OK_FORMAT = False

name = "{name}"
points = 2

@test_case(points=None, hidden=False)
def test_public({arg}):
    import numpy as np
    assert np.isclose({public}, {expected}), "public check"

@test_case(points=None, hidden=True)
def test_hidden({arg}):
    import numpy as np
    assert np.allclose({hidden}, {hidden_expected}), "hidden check"
'''


@pytest.fixture
def tests_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "tests"
    folder.mkdir()
    (folder / "q1_loop.py").write_text(TEST_FILE.format(name="q1_loop", arg="f", public="f(1.0)", expected="1.0",
                                                        hidden="f(-1.0)", hidden_expected="-1.0"))
    (folder / "q2_square.py").write_text(TEST_FILE.format(name="q2_square", arg="square", public="square(3.0)",
                                                          expected="9.0", hidden="square(-2.0)", hidden_expected="5.0"))
    return folder


def notebook(tmp_path: Path, *cells: str, name: str = "hw.ipynb") -> Path:
    path = tmp_path / "submission" / name
    path.parent.mkdir(exist_ok=True)
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(textwrap.dedent(c)) for c in cells]), path)
    return path


def test_a_loop_only_a_hidden_test_reaches_loses_that_test_and_grading_goes_on(tmp_path, tests_dir):
    path = notebook(tmp_path, """
        import numpy as np

        def f(x):
            while x < 0:
                pass
            return x
        """, "def square(x):\n    return x * x", "np.allclose = np.isclose = lambda *a, **k: True")
    result = grade_notebook(path, "hw", tests_dir, cell_timeout=10, test_timeout=2)
    loop, square = result.questions["q1_loop"], result.questions["q2_square"]
    assert [case.passed for case in loop.cases] == [True, False]
    assert "did not finish within 2 s" in loop.cases[1].message
    # The patched np.allclose would pass square's wrong hidden expectation (5.0); the grader restores numpy.
    assert [case.passed for case in square.cases] == [True, False]
    assert result.total == 2.0


def test_a_syntax_error_is_reported_with_its_cell(tmp_path, tests_dir):
    path = notebook(tmp_path, "import numpy as np", "def f(x)\n    return x", "def square(x):\n    return x * x")
    result = grade_notebook(path, "hw", tests_dir, cell_timeout=10, test_timeout=2)
    assert any(note.startswith("cell 2 (`def f(x)`) has a SyntaxError") for note in result.notes), result.notes
    assert "f not defined" in result.questions["q1_loop"].cases[0].message


def test_a_file_that_is_not_a_notebook_scores_zero_with_the_reason(tmp_path, tests_dir):
    path = tmp_path / "broken.ipynb"
    path.write_text("not json")
    result = grade_notebook(path, "hw", tests_dir)
    assert result.total == 0 and result.possible == 4.0 and "not a readable notebook" in result.notes[0]


def test_submissions_are_found_flat_and_per_student_also_renamed(tmp_path):
    def write(path: Path, assignment: str | None) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        nb = nbformat.v4.new_notebook()
        if assignment:
            nb.metadata["otter"] = {"assignment_name": assignment}
        nbformat.write(nb, path)

    write(tmp_path / "alice-hw1.ipynb", None)
    write(tmp_path / "hw1-bob" / "work" / "hw1-Copy1.ipynb", "hw1")
    write(tmp_path / "hw1-bob" / ".ipynb_checkpoints" / "hw1-checkpoint.ipynb", "hw1")
    write(tmp_path / "carol" / "renamed.ipynb", "hw2")
    write(tmp_path / "carol" / "scratch.ipynb", None)
    found, notes = find_submissions(tmp_path, ["hw1", "hw2"])
    assert sorted((s.student, s.assignment, s.notebook.name) for s in found) == [
        ("alice", "hw1", "alice-hw1.ipynb"), ("carol", "hw2", "renamed.ipynb"), ("hw1-bob", "hw1", "hw1-Copy1.ipynb")]
    assert len(notes) == 1 and "scratch.ipynb" in notes[0]
