"""The assignments are well formed, and the tools that prove their autograders work can fail.

Grading itself (Otter executing notebooks) is slow and runs in
``make check-assignments``; these tests cover the parts around it on small
inputs: the masters' structure, the wrong submission, the leak search in the
student notebook, and the verdict on a set of grades.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jupytext
import nbformat
import pytest
from tools.classroom.check_assignments import Grade, grade_problems, leak_problems, secret_lines
from tools.classroom.wrong_submission import load_wrong_answers, make_wrong_submission

ROOT = Path(__file__).resolve().parents[2]
MASTERS = sorted(p for p in (ROOT / "assignments").glob("*/*.md") if p.stem == p.parent.name)
QUESTION_NAME = re.compile(r"```otter\n# BEGIN QUESTION\nname: (\S+)")


def questions(master: Path) -> dict[str, dict[str, int]]:
    """For each question of a master: how many public tests, hidden tests and marked solutions it has."""
    found: dict[str, dict[str, int]] = {}
    current, in_tests = None, False
    for cell in jupytext.read(master).cells:
        if cell.cell_type == "markdown":
            for name in QUESTION_NAME.findall(cell.source):
                current = name
                found[name] = {"public": 0, "hidden": 0, "solutions": 0}
            if "# BEGIN TESTS" in cell.source:
                in_tests = True
            if "# END TESTS" in cell.source:
                in_tests = False
        elif current and in_tests:
            found[current]["hidden" if re.search(r"hidden:\s*true", cell.source) else "public"] += 1
        elif current:
            found[current]["solutions"] += len(re.findall(r"# BEGIN SOLUTION", cell.source))
    return found


def test_there_is_an_assignment_per_chapter_of_parts_one_and_two_and_one_for_building_the_engine():
    assert {"expression_graphs", "finite_differences", "forward_reverse", "symbolic_differentiation",
            "random_programs", "agent_based_model", "build_your_engine"} <= {m.stem for m in MASTERS}


@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.stem)
def test_each_question_has_a_solution_a_public_and_a_hidden_test(master):
    found = questions(master)
    assert 2 <= len(found) <= 4, f"{len(found)} questions"
    for name, counts in found.items():
        assert counts["solutions"] >= 1 and counts["public"] >= 1 and counts["hidden"] >= 1, (name, counts)


@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.stem)
def test_each_question_has_one_wrong_answer_per_marked_solution(master):
    wrong = load_wrong_answers(master.parent / "wrong_answers.py")
    found = questions(master)
    assert set(wrong) == set(found)
    for name, answer in wrong.items():
        assert (1 if isinstance(answer, str) else len(answer)) == found[name]["solutions"], name


# ---------------------------------------------------------------- the wrong submission


def reference_notebook() -> nbformat.NotebookNode:
    cells = [
        nbformat.v4.new_code_cell('import otter\ngrader = otter.Notebook("a.ipynb")'),
        nbformat.v4.new_code_cell("def double(x):\n    # BEGIN SOLUTION\n    return 2 * x\n    # END SOLUTION\n\n"
                                  "double(3)", outputs=[nbformat.v4.new_output("stream", text="6")]),
        nbformat.v4.new_code_cell('grader.check("q1")'),
        nbformat.v4.new_code_cell("# BEGIN SOLUTION\nhalf = 0.5\n# END SOLUTION\n"
                                  "def tenth():\n    # BEGIN SOLUTION\n    return 0.1\n    # END SOLUTION"),
        nbformat.v4.new_code_cell('grader.check("q2")'),
    ]
    return nbformat.v4.new_notebook(cells=cells)


def test_the_wrong_submission_replaces_each_solution_keeping_its_indentation():
    wrong = make_wrong_submission(reference_notebook(), {"q1": "return x + 2", "q2": ["half = 2", "return 10"]})
    assert wrong.cells[1].source == "def double(x):\n    return x + 2\n\ndouble(3)"
    assert wrong.cells[1].outputs == []
    assert wrong.cells[3].source == "half = 2\ndef tenth():\n    return 10"


def test_the_wrong_submission_needs_a_wrong_answer_for_every_question():
    with pytest.raises(KeyError, match="q2"):
        make_wrong_submission(reference_notebook(), {"q1": "return x + 2"})


def test_the_wrong_submission_rejects_answers_for_unknown_questions():
    with pytest.raises(KeyError, match="q9"):
        make_wrong_submission(reference_notebook(), {"q1": "return 0", "q2": ["a = 1", "return 1"], "q9": "x"})


def test_the_wrong_submission_needs_one_answer_per_marked_region():
    with pytest.raises(ValueError, match="q2"):
        make_wrong_submission(reference_notebook(), {"q1": "return 0", "q2": "half = 2"})


# ---------------------------------------------------------------- leaks into the student notebook

MASTER = ROOT / "assignments" / "finite_differences" / "finite_differences.md"


def student_notebook(tmp_path: Path, *extra: str) -> Path:
    """A student folder whose notebook holds the master's public text, plus ``extra`` cells."""
    _, _, public = secret_lines(MASTER)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(public)]
                                  + [nbformat.v4.new_code_cell(code) for code in extra])
    (tmp_path / "student").mkdir()
    nbformat.write(nb, tmp_path / "student" / "finite_differences.ipynb")
    return tmp_path / "student"


def test_the_public_part_of_a_master_is_no_leak(tmp_path):
    assert leak_problems(MASTER, student_notebook(tmp_path))[0] == []


def test_solution_code_in_the_student_notebook_is_found(tmp_path):
    problems, _ = leak_problems(MASTER, student_notebook(tmp_path, "return (f(x - 2 * eps) - 8 * f(x - eps) + 8 * f(x + eps) - f(x + 2 * eps)) / (12 * eps)"))
    assert len(problems) == 1 and problems[0].startswith("solution code in the student version")


def test_a_hidden_test_in_the_notebook_metadata_is_found(tmp_path):
    folder = student_notebook(tmp_path)
    path = folder / "finite_differences.ipynb"
    nb = json.loads(path.read_text())
    # As Otter would store it: the test function unparsed, in the notebook's metadata.
    nb["metadata"]["otter"] = {"tests": {"q1": "def test_accurate_on_a_fast_oscillation(central_diff4):\n    import numpy"}}
    path.write_text(json.dumps(nb))
    problems, _ = leak_problems(MASTER, folder)
    assert problems and all(p.startswith(f"hidden test in the student version: {path}") for p in problems)
    assert any("def test_accurate_on_a_fast_oscillation(central_diff4):" in p for p in problems)


# ---------------------------------------------------------------- the verdict on Otter's grade of the reference


def otter_grade(scores: dict) -> dict[str, Grade]:
    outputs = {q: ("❌ Test case failed\nAssertionError: off" if s < m else "✅ Test case passed")
               for q, (s, m) in scores.items()}
    return {"reference": Grade(scores, outputs, "")}


def test_a_reference_with_full_marks_under_otter_passes():
    assert grade_problems("a", otter_grade({"q1": (2.0, 2.0), "q2": (3.0, 3.0)})) == []


def test_a_reference_below_full_marks_under_otter_is_reported_with_its_error():
    problems = grade_problems("a", otter_grade({"q1": (2.0, 2.0), "q2": (2.0, 3.0)}))
    assert problems == ["a: the reference scores 4/5; failing: q2 (AssertionError: off)"]


def test_an_autograder_that_reports_no_question_is_reported():
    assert grade_problems("a", otter_grade({})) == ["a: the autograder reported no questions"]


# ---------------------------------------------------------------- assignments are not the book's exercises


def book_solution_lines() -> set[str]:
    """Every distinctive code line of every solution in the book's chapters (the public site shows them)."""
    from tools.classroom.leaks import code_fragments
    from tools.classroom.solutions import solutions
    from tools.site.toc import toc_pages

    lines = set()
    for page in toc_pages(ROOT / "_toc.yml"):
        path = ROOT / f"{page}.md"
        if path.exists():
            for solution in solutions(path.read_text(encoding="utf-8")):
                lines |= code_fragments(solution.code_lines)
    return lines


@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.stem)
def test_no_answer_of_an_assignment_is_printed_in_the_book(master):
    from tools.classroom.leaks import code_fragments

    solution, _, _ = secret_lines(master)
    # Loop headers such as `for _ in range(k):` are in every program; a shared line of 24 characters is an answer.
    shared = {line for line in code_fragments(solution) & book_solution_lines() if len(line) >= 24}
    assert shared == set(), f"these answer lines are public in the book's solutions: {sorted(shared)}"
