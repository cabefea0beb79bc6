"""Write what grading found: one CSV of scores, one CSV for the gradebook, one feedback file per student.

* ``grades.csv``: one row per student, one column per question
  (``assignment:question``), a total per assignment. For the teacher.
* ``lms.csv``: one row per student, one column per assignment, in the layout
  Canvas's gradebook import reads (``Student, ID, SIS User ID, SIS Login ID,
  Section``, then one column per assignment and a ``Points Possible`` row);
  Moodle and Blackboard import the same file by mapping the columns. With a
  GitHub Classroom roster (``classroom_roster.csv``), a student's ``ID`` is the
  roster's ``identifier`` for their GitHub name.
* ``feedback/<student>.md``: each question's score, every failing test with its
  message, and notes on the notebook itself (a syntax error and its cell, a
  cell that did not finish). Hidden tests' messages are shown when the course
  chooses so (``SHOW_HIDDEN``); otherwise the file says that a hidden test failed.
"""

from __future__ import annotations

import csv
from pathlib import Path

from tools.classroom.grading import SubmissionResult

SUBSET_NOTE = ("The checks in your notebook (`grader.check`) run only the public tests, a subset of these: "
               "an answer can pass them and still lose points here.")


def questions_by_assignment(results: list[SubmissionResult]) -> dict[str, dict[str, float]]:
    """Each assignment's questions and their points, in name order."""
    found: dict[str, dict[str, float]] = {}
    for result in results:
        for name, question in result.questions.items():
            found.setdefault(result.assignment, {})[name] = question.possible
    return {a: dict(sorted(q.items())) for a, q in sorted(found.items())}


def write_grades_csv(path: Path, results: dict[str, dict[str, SubmissionResult]]) -> None:
    """``results``: student -> assignment -> result."""
    layout = questions_by_assignment([r for by_assignment in results.values() for r in by_assignment.values()])
    header = ["student"]
    for assignment, questions in layout.items():
        header += [f"{assignment}:{q}" for q in questions] + [f"{assignment}:total"]
    header.append("total")
    rows = [header, ["(points possible)"]
            + [v for a, qs in layout.items() for v in [*qs.values(), sum(qs.values())]]
            + [sum(sum(qs.values()) for qs in layout.values())]]
    for student, by_assignment in sorted(results.items()):
        row: list = [student]
        for assignment, questions in layout.items():
            result = by_assignment.get(assignment)
            row += [result.questions[q].score if result else "" for q in questions]
            row.append(result.total if result else "")
        row.append(sum(r.total for r in by_assignment.values()))
        rows.append(row)
    _write(path, rows)


def read_roster(path: Path | None) -> dict[str, str]:
    """GitHub Classroom's roster export: github_username -> identifier (the name the LMS knows)."""
    if path is None:
        return {}
    with path.open(newline="", encoding="utf-8") as handle:
        return {row["github_username"]: row["identifier"] for row in csv.DictReader(handle)
                if row.get("github_username")}


def write_lms_csv(path: Path, results: dict[str, dict[str, SubmissionResult]], roster: dict[str, str]) -> None:
    layout = questions_by_assignment([r for by_assignment in results.values() for r in by_assignment.values()])
    header = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"] + [f"{a}" for a in layout]
    rows = [header, ["Points Possible", "", "", "", ""] + [sum(qs.values()) for qs in layout.values()]]
    for student, by_assignment in sorted(results.items()):
        github_name = next((name for name in roster if student.endswith(name)), "")
        identifier = roster.get(github_name, student)
        rows.append([identifier, "", "", github_name or student, ""]
                    + [by_assignment[a].total if a in by_assignment else "" for a in layout])
    _write(path, rows)


def feedback(student: str, by_assignment: dict[str, SubmissionResult], show_hidden: bool) -> str:
    lines = [f"# Feedback for {student}", ""]
    for assignment, result in sorted(by_assignment.items()):
        lines += [f"## {assignment}: {result.total:g} / {result.possible:g}", "",
                  f"Graded file: `{result.notebook.name}`", ""]
        if result.notes:
            lines += ["About the notebook itself:", ""] + [f"- {note}" for note in result.notes] + [""]
        for question in result.questions.values():
            lines += [f"### {question.name}: {question.score:g} / {question.possible:g}", ""]
            for case in question.cases:
                kind = "hidden test" if case.hidden else "public test"
                if case.passed:
                    lines.append(f"- {case.name} ({kind}): passed")
                elif case.hidden and not show_hidden:
                    lines.append(f"- {case.name} ({kind}): failed (the course does not show hidden tests' messages)")
                else:
                    lines += [f"- {case.name} ({kind}): failed", "", "  ```text"]
                    lines += [f"  {line}" for line in case.message.strip().splitlines()] + ["  ```"]
            lines.append("")
        lines += [SUBSET_NOTE, ""]
    return "\n".join(lines)


def write_feedback(folder: Path, results: dict[str, dict[str, SubmissionResult]], show_hidden: bool) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for student, by_assignment in results.items():
        (folder / f"{student}.md").write_text(feedback(student, by_assignment, show_hidden), encoding="utf-8")


def _write(path: Path, rows: list[list]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([[f"{v:g}" if isinstance(v, float) else v for v in row] for row in rows])
