"""Grade one question of a student's own repository, for GitHub Classroom's autograding: exit 0 if it earns full points.

    python -m grading.classroom_points ASSIGNMENT QUESTION      (in the student repository)

``make student-repo`` copies this module, with the grader it uses
(``grading.py``, ``kernel.py``, ``autograder_env.py``), into the student
repository's ``grading/`` package; the workflow there
(``.github/workflows/classroom.yml``) runs it once per question, and GitHub
Classroom gives the question's points when it exits 0.

It grades the notebook of ``assignments/ASSIGNMENT/`` (a renamed copy too:
the one with the best score counts) against the tests in that folder: the
public tests, the only ones a student repository holds. The first call grades
the notebook and keeps the result in ``.grading/ASSIGNMENT.json``; the other
questions' calls read it. The question's feedback is printed for the log.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

# In the student repository, `make student-repo` rewrites this import to `from .grading import ...`.
from tools.classroom.grading import grade_notebook


def notebooks(folder: Path, assignment: str) -> list[Path]:
    candidates = sorted(p for p in folder.glob("*.ipynb") if assignment in p.stem)
    return candidates or sorted(folder.glob("*.ipynb"))


def question_scores(repository: Path, assignment: str) -> dict:
    """{question: {"score", "possible", "failures"}}, graded once and kept in .grading/."""
    cache = repository / ".grading" / f"{assignment}.json"
    if cache.exists():
        return json.loads(cache.read_text())
    folder = repository / "assignments" / assignment
    best = None
    for notebook in notebooks(folder, assignment):
        result = grade_notebook(notebook, assignment, folder / "tests")
        if best is None or result.total > best.total:
            best = result
    if best is None:
        raise SystemExit(f"error: no notebook in {folder}: push your notebook of {assignment} there")
    scores = {name: {"score": q.score, "possible": q.possible, "notes": best.notes,
                     "failures": [asdict(c) for c in q.cases if not c.passed]}
              for name, q in best.questions.items()}
    cache.parent.mkdir(exist_ok=True)
    cache.write_text(json.dumps(scores, indent=1))
    return scores


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    assignment, question = argv
    scores = question_scores(Path.cwd(), assignment)
    if question not in scores:
        print(f"error: {assignment} has no question {question!r}; it has {sorted(scores)}", file=sys.stderr)
        return 2
    result = scores[question]
    print(f"{assignment} {question}: {result['score']:g}/{result['possible']:g} on the public tests")
    for note in result["notes"]:
        print(f"  note: {note}")
    for failure in result["failures"]:
        print(f"  {failure['name']}: {failure['message']}")
    return 0 if result["score"] == result["possible"] else 1


if __name__ == "__main__":
    sys.exit(main())
