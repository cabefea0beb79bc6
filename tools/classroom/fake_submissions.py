"""Write made-up submissions of one assignment, one of each kind a real class hands in, with the score each deserves.

Made from the reference solution, the student notebook and the answers kept
next to each master (``wrong_answers.py``, and ``other_right_answers.py``:
correct answers written differently from the reference, such as a SymPy
symbol declared ``real=True``). Each kind says what its grade must be, as a
function of the grade (``expect``), so ``check_grading`` can compare.

The kinds: ``right``, ``right-different``, ``partial`` (the first question
wrong), ``wrong`` (every question wrong), ``syntax-error`` (the first answer
does not parse), ``infinite-loop`` (the first answer never returns),
``patched-numpy`` (every answer wrong, then ``np.allclose`` and
``np.isclose`` replaced to always say yes), ``renamed`` (the right notebook as
``<name>-Copy1.ipynb``), ``empty`` (the notebook as handed out).
"""

from __future__ import annotations

import runpy
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import nbformat

from tools.classroom.grading import SubmissionResult
from tools.classroom.wrong_submission import BEGIN, CHECK_CALL, load_wrong_answers, make_wrong_submission

PATCH_NUMPY = "import numpy as np\n\nnp.allclose = np.isclose = lambda *args, **kwargs: True"
NOT_PYTHON = "this line is not Python, so the whole cell fails to parse"
ENDLESS = "while True:\n    pass"


@dataclass
class Kind:
    """A kind of submission: its notebook, its file name, and the rule its grade must follow."""

    name: str
    notebook: nbformat.NotebookNode
    file_name: str
    expected: str  # the rule, in words, for the table
    # (its grade, points per question, the grades of the other kinds) -> whether the rule holds
    holds: Callable[[SubmissionResult, dict[str, float], dict[str, SubmissionResult]], bool]


def question_regions(reference: nbformat.NotebookNode) -> dict[str, int]:
    """Each question and how many marked solution regions its answer cell has, in notebook order."""
    regions, pending = {}, 0
    for cell in reference.cells:
        if cell.cell_type != "code":
            continue
        check = CHECK_CALL.search(cell.source)
        if check:
            regions[check["name"]] = pending
            pending = 0
        else:
            pending += sum(1 for line in cell.source.splitlines() if BEGIN.match(line))
    return regions


def other_right_answers(folder: Path) -> dict[str, str | list[str]] | None:
    path = folder / "other_right_answers.py"
    return runpy.run_path(str(path))["OTHER_RIGHT_ANSWERS"] if path.exists() else None



def full(result: SubmissionResult, points: dict[str, float], _others: dict) -> bool:
    return bool(points) and all(result.questions[q].score == p for q, p in points.items())


def first_loses_others_full(result: SubmissionResult, points: dict[str, float], _others: dict) -> bool:
    first, *others = points
    return result.questions[first].score < points[first] and all(result.questions[q].score == points[q]
                                                                 for q in others)


def all_lose(result: SubmissionResult, points: dict[str, float], _others: dict) -> bool:
    return bool(points) and all(result.questions[q].score < p for q, p in points.items())


def stopped_loop(result: SubmissionResult, points: dict[str, float], others: dict) -> bool:
    said = [*result.notes, *(c.message for q in result.questions.values() for c in q.cases)]
    return first_loses_others_full(result, points, others) and any("did not finish" in text for text in said)


def reported_syntax_error(result: SubmissionResult, points: dict[str, float], _others: dict) -> bool:
    first = next(iter(points))
    return result.questions[first].score < points[first] and any(
        "SyntaxError" in note and note.startswith("cell ") for note in result.notes)


def same_as_wrong(result: SubmissionResult, points: dict[str, float], others: dict) -> bool:
    wrong = others.get("wrong")
    return (all_lose(result, points, others) and wrong is not None
            and all(result.questions[q].score == wrong.questions[q].score for q in points))


def kinds(name: str, folder: Path, reference: nbformat.NotebookNode, student: nbformat.NotebookNode) -> list[Kind]:
    """Every kind of submission of one assignment."""
    regions = question_regions(reference)
    first = next(iter(regions))
    wrong = load_wrong_answers(folder / "wrong_answers.py")

    def replacing_first(code: str) -> nbformat.NotebookNode:
        return make_wrong_submission(reference, {first: [code] * regions[first]}, every_question=False)

    syntax = replacing_first(NOT_PYTHON)
    patched = make_wrong_submission(reference, wrong)
    patched.cells.append(nbformat.v4.new_code_cell(PATCH_NUMPY))
    found = [
        Kind("right", reference, f"{name}.ipynb", "full marks", full),
        Kind("partial", make_wrong_submission(reference, {first: wrong[first]}, every_question=False),
             f"{name}.ipynb", f"{first} loses points, the others full", first_loses_others_full),
        Kind("wrong", make_wrong_submission(reference, wrong), f"{name}.ipynb", "every question loses points",
             all_lose),
        Kind("syntax-error", syntax, f"{name}.ipynb", f"{first} loses points; feedback names the SyntaxError's cell",
             reported_syntax_error),
        Kind("infinite-loop", replacing_first(ENDLESS), f"{name}.ipynb",
             f"{first} loses points (stopped), the others full", stopped_loop),
        Kind("patched-numpy", patched, f"{name}.ipynb", "the same scores as `wrong`", same_as_wrong),
        Kind("renamed", reference, f"{name}-Copy1.ipynb", "full marks", full),
        Kind("empty", student, f"{name}.ipynb", "zero", lambda r, p, _: bool(p) and r.total == 0),
    ]
    other = other_right_answers(folder)
    if other is not None:
        found.insert(1, Kind("right-different", make_wrong_submission(reference, other, every_question=False),
                             f"{name}.ipynb", "full marks", full))
    return found


