"""Make a submission with a wrong answer to every question, from the reference solution.

An autograder that gives full marks to the reference proves little: tests that
assert nothing pass too. So every assignment keeps, next to its master, a
``wrong_answers.py`` with a ``WRONG_ANSWERS`` table: for each question, code
that runs but is wrong, in the way students get it wrong. This module puts
those answers into the reference notebook (Otter's autograder notebook, which
still has the ``# BEGIN SOLUTION`` / ``# END SOLUTION`` lines of the master):
the lines between the markers are replaced by the wrong answer, indented like
the marker. A question whose answer cell has several marked regions takes a
list of wrong answers, one per region, in order. The grade of the result must
name every question as failing.

A question's solution lines are the ones in the answer cells before its
``grader.check("name")`` cell, which is how Otter lays out the notebook.
"""

from __future__ import annotations

import copy
import re
import runpy
import textwrap
from pathlib import Path

import nbformat

CHECK_CALL = re.compile(r"""grader\.check\(\s*["'](?P<name>[^"']+)["']\s*\)""")
BEGIN = re.compile(r"^(?P<indent>\s*)# BEGIN SOLUTION\b")
END = re.compile(r"^\s*# END SOLUTION\b")


def load_wrong_answers(path: Path) -> dict[str, str | list[str]]:
    """The ``WRONG_ANSWERS`` table of an assignment's wrong_answers.py."""
    return runpy.run_path(str(path))["WRONG_ANSWERS"]


def replace_solutions(source: str, wrong: list[str]) -> str:
    """Replace the lines of the i-th BEGIN/END SOLUTION pair by ``wrong[i]``."""
    out, pairs, inside = [], 0, False
    for line in source.splitlines():
        begin = BEGIN.match(line)
        if begin and not inside:
            if pairs == len(wrong):
                raise ValueError(f"{pairs + 1} marked solutions but only {len(wrong)} wrong answers")
            answer = textwrap.dedent(wrong[pairs]).strip("\n")
            out.extend(textwrap.indent(answer, begin["indent"]).splitlines())
            inside, pairs = True, pairs + 1
        elif END.match(line) and inside:
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise ValueError("BEGIN SOLUTION without END SOLUTION")
    if pairs != len(wrong):
        raise ValueError(f"{pairs} marked solutions but {len(wrong)} wrong answers")
    return "\n".join(out)


def make_wrong_submission(
    reference: nbformat.NotebookNode, wrong_answers: dict[str, str | list[str]], every_question: bool = True
) -> nbformat.NotebookNode:
    """The reference notebook with each question's solution replaced by its wrong answer, outputs cleared.

    With ``every_question=False``, questions without an entry keep the reference's answer: how the other
    made-up submissions are written (a partly right one, one right answer written another way).
    """
    nb = copy.deepcopy(reference)
    pending: list[nbformat.NotebookNode] = []  # cells with solution lines since the last check cell
    replaced: set[str] = set()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        cell.outputs, cell.execution_count = [], None
        check = CHECK_CALL.search(cell.source)
        if check:
            name = check["name"]
            if name not in wrong_answers and not every_question:
                pending = []
                continue
            if name not in wrong_answers:
                raise KeyError(f"wrong_answers.py has no wrong answer for question {name!r}")
            if len(pending) != 1:
                raise ValueError(f"question {name!r}: expected one cell with solution lines, found {len(pending)}")
            wrong = wrong_answers[name]
            try:
                pending[0].source = replace_solutions(pending[0].source, [wrong] if isinstance(wrong, str) else wrong)
            except ValueError as error:
                raise ValueError(f"question {name!r}: {error}") from None
            replaced.add(name)
            pending = []
        elif any(BEGIN.match(line) for line in cell.source.splitlines()):
            pending.append(cell)
    unused = set(wrong_answers) - replaced
    if unused:
        raise KeyError(f"wrong answers for questions the notebook does not check: {sorted(unused)}")
    if pending:
        raise ValueError("solution lines after the last grader.check cell")
    return nb
