"""Prove that ``make grade`` is fair and cannot hang: grade made-up submissions of every kind, compare with what each deserves.

    python -m tools.classroom.check_grading [--assignments _build/assignments] [--out _build/grading-check]
        [--jobs 2] [--cell-timeout 6] [--test-timeout 3] [--budget 300]

Run after ``make assignments``. For every assignment, the submissions of
``tools/classroom/fake_submissions.py`` (right, right-but-different, partial,
wrong, syntax error, infinite loop, patched numpy, renamed, empty) are
written as a class would hand them in: one folder per "student" (the kind),
and the empty notebooks flat. They are graded in one run of the grader,
exactly as ``make grade`` does, with short time limits. Then:

* each kind's grade must follow its rule (full marks, zero, the first
  question lost and the others full, ...);
* all of it must finish within ``--budget`` seconds (the loops are stopped);
* the renamed notebook must also work for its student: executed next to the
  original as Jupyter would run it, its ``grader.check`` cells run the public
  tests without an error, and its export cell writes a zip holding the
  renamed notebook.

Writes the table (kind x assignment -> score, expected) to ``--table``
(default ``_build/grading-table.md``) and prints it. Exit status 1 if a rule
fails.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

from tools.classroom.build_assignments import ASSIGNMENTS, ROOT
from tools.classroom.fake_submissions import Kind, kinds
from tools.classroom.grade import extract_tests, grade_all
from tools.classroom.kernel import Kernel
from tools.classroom.reports import write_feedback, write_grades_csv, write_lms_csv
from tools.classroom.submissions import find_submissions

# A student's export cell runs every public test again in a second kernel: slow on a busy machine, but no loop.
STUDENT_CELL_TIMEOUT = 60.0


def write_kinds(assignments_dir: Path, submissions: Path) -> dict[str, list[Kind]]:
    """Write every kind of every built assignment under ``submissions``; return them by assignment."""
    shutil.rmtree(submissions, ignore_errors=True)
    by_assignment = {}
    for built in sorted(p for p in assignments_dir.iterdir() if (p / "autograder").is_dir()):
        name = built.name
        reference = nbformat.read(built / "autograder" / f"{name}.ipynb", as_version=4)
        student = nbformat.read(built / "student" / f"{name}.ipynb", as_version=4)
        by_assignment[name] = kinds(name, ASSIGNMENTS / name, reference, student)
        for kind in by_assignment[name]:
            # The empty notebooks lie flat, as an LMS download would; the others in one folder per student.
            path = (submissions / f"{kind.name}-{name}.ipynb" if kind.name == "empty"
                    else submissions / kind.name / "work" / kind.file_name)
            path.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(kind.notebook, path)
    return by_assignment


def student_mode_problems(name: str, built: Path, timeout: float) -> list[str]:
    """Run the reference as ``<name>-Copy1.ipynb`` beside the original, as a student would; report what broke."""
    with tempfile.TemporaryDirectory(prefix="renamed-") as scratch:
        folder = Path(scratch) / name
        shutil.copytree(built / "student", folder)
        copy = folder / f"{name}-Copy1.ipynb"
        shutil.copy(built / "autograder" / f"{name}.ipynb", copy)
        problems = []
        # Jupyter tells a kernel the notebook it runs in JPY_SESSION_NAME; the init cell reads it.
        with Kernel(folder, env={**os.environ, "JPY_SESSION_NAME": str(copy)}) as kernel:
            for number, cell in enumerate(nbformat.read(copy, as_version=4).cells, start=1):
                if cell.cell_type != "code":
                    continue
                run = kernel.run(cell.source, timeout)
                if not run.ok:
                    problems.append(f"{name}, renamed notebook run by its student: cell {number} "
                                    f"(`{cell.source.splitlines()[0][:50]}`) failed: {run.error_name}: "
                                    f"{run.error_value}{' (timed out)' if run.timed_out else ''}")
        exports = list(folder.glob("*.zip"))
        if not exports:
            problems.append(f"{name}, renamed notebook: its export cell wrote no zip")
        elif copy.name not in zipfile.ZipFile(exports[0]).namelist():
            problems.append(f"{name}, renamed notebook: the export zip holds {zipfile.ZipFile(exports[0]).namelist()}"
                            f", not {copy.name}")
        return problems


def table(by_assignment: dict[str, list[Kind]], results: dict, verdicts: dict) -> str:
    names = sorted(by_assignment)
    kind_names = list(dict.fromkeys(k.name for kinds_ in by_assignment.values() for k in kinds_))
    lines = ["| submission | " + " | ".join(names) + " | expected |",
             "|---|" + "---|" * len(names) + "---|"]
    for kind_name in kind_names:
        cells, expected = [], ""
        for name in names:
            kind = next((k for k in by_assignment[name] if k.name == kind_name), None)
            result = results.get(kind_name, {}).get(name)
            if kind is None:
                cells.append("(no such answers written)")
                continue
            expected = kind.expected.replace(next(iter(result.questions), ""), "Q1") if result else kind.expected
            mark = "ok" if verdicts.get((kind_name, name)) else "WRONG"
            cells.append(f"{result.total:g}/{result.possible:g} {mark}" if result else "not graded WRONG")
        lines.append(f"| {kind_name} | " + " | ".join(cells) + f" | {expected} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assignments", type=Path, default=ROOT / "_build" / "assignments")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "grading-check")
    parser.add_argument("--table", type=Path, default=ROOT / "_build" / "grading-table.md")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--cell-timeout", type=float, default=6.0)
    parser.add_argument("--test-timeout", type=float, default=3.0)
    parser.add_argument("--budget", type=float, default=300.0, help="seconds the whole check may take")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    submissions = args.out / "submissions"
    by_assignment = write_kinds(args.assignments, submissions)
    tests = extract_tests(args.assignments, args.out / ".tests")
    found, notes = find_submissions(submissions, sorted(tests))
    problems = [f"a made-up submission was not recognised: {note}" for note in notes]
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        # The students' view of each renamed notebook is checked in the same pool as the grading.
        renamed = {name: pool.submit(student_mode_problems, name, args.assignments / name, STUDENT_CELL_TIMEOUT)
                   for name in by_assignment}
        results = grade_all(found, tests, args.jobs, args.cell_timeout, args.test_timeout, pool=pool)
        for name, future in renamed.items():
            problems += future.result()
    write_grades_csv(args.out / "grades.csv", results)
    write_lms_csv(args.out / "lms.csv", results, {})
    write_feedback(args.out / "feedback", results, show_hidden=True)

    verdicts = {}
    for name, kinds_ in by_assignment.items():
        graded = {k.name: results[k.name][name] for k in kinds_ if name in results.get(k.name, {})}
        for kind in kinds_:
            result = graded.get(kind.name)
            if result is None:
                problems.append(f"{name}: the {kind.name} submission was not graded")
                continue
            points = {q: r.possible for q, r in result.questions.items()}
            verdicts[kind.name, name] = kind.holds(result, points, graded)
            if not verdicts[kind.name, name]:
                scores = ", ".join(f"{q} {r.score:g}/{r.possible:g}" for q, r in result.questions.items())
                problems.append(f"{name}, {kind.name}: expected {kind.expected}; got {scores}; notes: "
                                f"{result.notes}; see {args.out / 'feedback' / (kind.name + '.md')}")
    elapsed = time.perf_counter() - started
    if elapsed > args.budget:
        problems.append(f"grading took {elapsed:.0f} s, more than the budget of {args.budget:g} s")
    text = table(by_assignment, results, verdicts)
    args.table.parent.mkdir(parents=True, exist_ok=True)
    args.table.write_text(f"# Grading made-up submissions ({elapsed:.0f} s, cell limit {args.cell_timeout:g} s, "
                          f"test limit {args.test_timeout:g} s)\n\n{text}")
    print(text)
    print(f"graded {len(found)} made-up submissions in {elapsed:.0f} s; table in {args.table}")
    if problems:
        print(f"grading check FAILED: {len(problems)} problems", file=sys.stderr)
        print("\n".join(f"  {p}" for p in problems), file=sys.stderr)
        return 1
    print("grading check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
