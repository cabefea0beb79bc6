"""GitHub Classroom's autograding workflow for the student repository: one step per question, its points if it passes.

GitHub Classroom reads the points from a workflow built of
``classroom-resources/autograding-command-grader`` steps (a command, and the
points it earns when it exits 0) and one
``classroom-resources/autograding-grading-reporter`` step that adds them up;
this is the layout Classroom itself writes for a new assignment. Each step
here runs ``python -m grading.classroom_points ASSIGNMENT QUESTION``: the
notebook is graded once (the first step) and each step passes when its
question earns full points on the public tests.

Only public tests can run there: a student can read, and change, anything a
workflow in their repository reads. The points in Classroom are feedback; the
grade is what ``make grade`` gives on the collected repositories, with hidden
tests and partial credit.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from otter.test_files.exception_test import ExceptionTestFile

PYTHON_VERSION = "3.11"


def questions_of(tests_dir: Path) -> dict[str, int]:
    """Question -> points, from the test files (Otter's own parser)."""
    found = {}
    for path in sorted(tests_dir.glob("*.py")):
        test_file = ExceptionTestFile.from_file(str(path))
        points = sum(case.points for case in test_file.test_cases)
        if points != int(points):
            raise ValueError(f"{path}: {points} points; GitHub Classroom counts whole points only")
        found[test_file.name] = int(points)
    return found


def step_id(assignment: str, question: str) -> str:
    return f"{assignment}-{question}".replace("_", "-")


def workflow(questions: dict[str, dict[str, int]]) -> str:
    """The workflow file for these assignments' questions (assignment -> question -> points)."""
    steps = [
        {"name": "Check out the repository", "uses": "actions/checkout@v4"},
        {"name": "Set up Python", "uses": "actions/setup-python@v5", "with": {"python-version": PYTHON_VERSION}},
        {"name": "Install the course's requirements", "run": "python -m pip install -r requirements.txt"},
    ]
    ids = []
    for assignment, points in sorted(questions.items()):
        for question, score in points.items():
            ids.append(step_id(assignment, question))
            steps.append({"name": f"{assignment}: {question} (public tests)", "id": ids[-1],
                          "uses": "classroom-resources/autograding-command-grader@v1",
                          "with": {"test-name": f"{assignment} {question}", "setup-command": "",
                                   "command": f"python -m grading.classroom_points {assignment} {question}",
                                   "timeout": 10, "max-score": score}})
    steps.append({"name": "Report the points to GitHub Classroom",
                  "uses": "classroom-resources/autograding-grading-reporter@v1",
                  "env": {f"{i.upper()}_RESULTS": f"${{{{steps.{i}.outputs.result}}}}" for i in ids},
                  "with": {"runners": ",".join(ids)}})
    document = {"name": "Autograding", "on": ["push", "workflow_dispatch", "repository_dispatch"],
                "permissions": {"checks": "write", "actions": "read", "contents": "read"},
                "jobs": {"grade": {"runs-on": "ubuntu-latest",
                                   "if": "github.actor != 'github-classroom[bot]'", "steps": steps}}}
    header = ("# Written by the course's `make student-repo` (tools/classroom/classroom_workflow.py): one step per\n"
              "# question, graded on the public tests; GitHub Classroom adds up the points.\n")
    return header + yaml.safe_dump(document, sort_keys=False, width=120)
