"""Grade a whole class without Docker: a folder of submissions in, a CSV of scores and feedback files out.

    python -m tools.classroom.grade --submissions DIR [--out _build/grades] [--jobs 2]
        [--assignments _build/assignments] [--show-hidden yes|no] [--roster classroom_roster.csv]
        [--cell-timeout 60] [--test-timeout 30]

``make grade SUBMISSIONS=DIR`` runs this. DIR may be flat or hold one folder per
student (``tools/classroom/submissions.py``). Each notebook is graded in its
own kernel against the tests of its assignment's autograder zip
(``tools/classroom/grading.py``: time limits, syntax errors reported with
their cell, numpy the student cannot patch), ``--jobs`` at a time. When a
student handed in several notebooks of one assignment (the original and a
renamed copy), the best one counts and the feedback says which.

Writes ``OUT/grades.csv``, ``OUT/lms.csv`` and ``OUT/feedback/<student>.md``
(``tools/classroom/reports.py``). The students' code runs with your
permissions: grade work you do not trust in a throwaway machine or container.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
import zipfile
from concurrent.futures import Executor, ThreadPoolExecutor
from pathlib import Path

from tools.classroom.grading import CELL_TIMEOUT, TEST_TIMEOUT, SubmissionResult, grade_notebook
from tools.classroom.reports import read_roster, write_feedback, write_grades_csv, write_lms_csv
from tools.classroom.submissions import Submission, find_submissions

ROOT = Path(__file__).resolve().parents[2]


def extract_tests(assignments_dir: Path, scratch: Path) -> dict[str, Path]:
    """Each built assignment's tests, unpacked from its newest autograder zip: name -> tests folder."""
    tests = {}
    shutil.rmtree(scratch, ignore_errors=True)  # tests of an earlier build must not linger
    for zip_path in sorted(assignments_dir.glob("*/autograder/*-autograder_*.zip")):
        name = zip_path.parent.parent.name
        target = scratch / name
        with zipfile.ZipFile(zip_path) as archive:
            members = [m for m in archive.namelist() if m.startswith("tests/") and m.endswith(".py")]
            archive.extractall(target, members)
        tests[name] = target / "tests"  # the newest zip sorts last and wins
    if not tests:
        raise SystemExit(f"error: no autograder zip under {assignments_dir}: run `make assignments` first")
    return tests


def grade_all(submissions: list[Submission], tests: dict[str, Path], jobs: int, cell_timeout: float,
              test_timeout: float, pool: Executor | None = None) -> dict[str, dict[str, SubmissionResult]]:
    """Grade every submission, ``jobs`` at a time (or in ``pool``); keep each student's best notebook per assignment."""
    own_pool = pool is None
    pool = pool or ThreadPoolExecutor(max_workers=jobs)
    try:
        futures = {s: pool.submit(grade_notebook, s.notebook, s.assignment, tests[s.assignment], cell_timeout,
                                  test_timeout) for s in submissions}
        graded = {s: future.result() for s, future in futures.items()}
    finally:
        if own_pool:
            pool.shutdown()
    best: dict[str, dict[str, SubmissionResult]] = {}
    for submission, result in graded.items():
        by_assignment = best.setdefault(submission.student, {})
        kept = by_assignment.get(submission.assignment)
        if kept is None or result.total > kept.total:
            if kept is not None:
                result.notes.append(f"`{kept.notebook.name}` was graded too and scored {kept.total:g}: "
                                    "the better notebook counts")
            by_assignment[submission.assignment] = result
        else:
            kept.notes.append(f"`{result.notebook.name}` was graded too and scored {result.total:g}: "
                              "the better notebook counts")
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=Path, required=True, help="folder of submissions")
    parser.add_argument("--assignments", type=Path, default=ROOT / "_build" / "assignments")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "grades")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--show-hidden", choices=("yes", "no"), default="yes",
                        help="show hidden tests' messages in the feedback files")
    parser.add_argument("--roster", type=Path, default=None, help="GitHub Classroom's classroom_roster.csv")
    parser.add_argument("--cell-timeout", type=float, default=CELL_TIMEOUT)
    parser.add_argument("--test-timeout", type=float, default=TEST_TIMEOUT)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    tests = extract_tests(args.assignments, args.out / ".tests")
    submissions, notes = find_submissions(args.submissions, sorted(tests))
    for note in notes:
        print(f"note: {note}")
    if not submissions:
        print(f"error: no submission of {', '.join(sorted(tests))} in {args.submissions}", file=sys.stderr)
        return 1
    results = grade_all(submissions, tests, args.jobs, args.cell_timeout, args.test_timeout)
    write_grades_csv(args.out / "grades.csv", results)
    write_lms_csv(args.out / "lms.csv", results, read_roster(args.roster))
    write_feedback(args.out / "feedback", results, args.show_hidden == "yes")
    for student, by_assignment in sorted(results.items()):
        print(f"{student}: " + ", ".join(f"{a} {r.total:g}/{r.possible:g}" for a, r in sorted(by_assignment.items())))
    print(f"graded {len(submissions)} notebooks of {len(results)} students in {time.perf_counter() - started:.0f} s: "
          f"{args.out / 'grades.csv'}, {args.out / 'lms.csv'}, {args.out / 'feedback'}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
