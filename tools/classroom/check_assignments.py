"""Prove that the autograder zips work under Otter itself and that nothing secret reaches the student notebooks.

    python -m tools.classroom.check_assignments [--out _build/assignments] [--jobs 2] [NAME ...]

Run after ``tools/classroom/build_assignments.py``. For each assignment:

1. The student notebook holds no solution line and no hidden test: the lines
   between ``# BEGIN SOLUTION`` and ``# END SOLUTION`` in the master, and the
   lines of every hidden test cell (also as Otter rewrites them), are searched
   for in everything under ``student/``.
2. The zip holds what Otter's documentation says an autograder zip holds
   (``tools/classroom/gradescope_zip.py``), so Gradescope accepts it.
3. The reference solution is graded with ``otter run`` and the zip, as
   Gradescope and ``otter grade`` run it: it must score full marks. (Wrong,
   looping, patched and other submissions are graded by ``make grade``'s own
   grader in ``tools/classroom/check_grading.py``; Otter's executor has no time
   limit, so a looping submission is not given to it here.)

The submission and Otter's results.json stay in ``<out>/<name>/submissions/`` and
``<out>/<name>/results/`` for inspection. Exit status 1 on any problem.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import jupytext

from tools.classroom.build_assignments import ROOT, masters
from tools.classroom.gradescope_zip import layout_problems
from tools.classroom.leaks import code_fragments, distinctive, find_in_tree

OTTER_BLOCK = re.compile(r"```otter\n(?P<body>.*?)```", re.S)
HIDDEN_CONFIG = re.compile(r"BEGIN TEST CONFIG.*?\bhidden:\s*true\b.*?END TEST CONFIG", re.S | re.I)
KINDS = ("reference",)


# ---------------------------------------------------------------- what must not leak


def secret_lines(master: Path) -> tuple[list[str], list[str], str]:
    """(solution lines, hidden-test lines, everything else) of a master notebook."""
    nb = jupytext.read(master)
    solution, hidden, public = [], [], []
    in_tests = False
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for block in OTTER_BLOCK.finditer(cell.source):
                first = block["body"].strip().splitlines()[0].strip().upper()
                in_tests = {"# BEGIN TESTS": True, "# END TESTS": False}.get(first, in_tests)
            public.append(cell.source)
        elif in_tests:
            # Otter stores a test as ast.unparse() of its function: 1e-5 becomes 1e-05, quotes change.
            test_body = cell.source.split("END TEST CONFIG", 1)[-1]
            lines = cell.source.splitlines() + ast.unparse(ast.parse(test_body)).splitlines()
            (hidden if HIDDEN_CONFIG.search(cell.source) else public).extend(lines)
        else:
            inside = False
            for line in cell.source.splitlines():
                if re.match(r"\s*# BEGIN SOLUTION", line):
                    inside = True
                elif re.match(r"\s*# END SOLUTION", line):
                    inside = False
                elif inside or line.rstrip().endswith("# SOLUTION"):
                    solution.append(line)
                else:
                    public.append(line)
    return solution, hidden, "\n".join(public)


def leak_problems(master: Path, student_dir: Path) -> tuple[list[str], str]:
    solution, hidden, public = secret_lines(master)
    solution_fragments = distinctive(code_fragments(solution), public)
    hidden_fragments = distinctive(code_fragments(hidden), public)
    problems = []
    if not solution_fragments or not hidden_fragments:
        problems.append(f"{master.name}: nothing to search for (solution lines: {len(solution_fragments)}, "
                        f"hidden-test lines: {len(hidden_fragments)})")
    leaks, files = find_in_tree(solution_fragments | hidden_fragments, student_dir)
    for leak in leaks:
        what = "solution code" if leak.fragment in solution_fragments else "hidden test"
        problems.append(f"{what} in the student version: {leak}")
    summary = f"{len(solution_fragments)} solution lines, {len(hidden_fragments)} hidden-test lines, {files} files"
    return problems, summary


# ---------------------------------------------------------------- grading


@dataclass
class Grade:
    """What Otter reported for one submission."""

    scores: dict[str, tuple[float, float]]  # question -> (score, max score)
    outputs: dict[str, str]
    log: str

    @property
    def total(self) -> float:
        return sum(score for score, _ in self.scores.values())

    @property
    def possible(self) -> float:
        return sum(maximum for _, maximum in self.scores.values())

    def first_error(self, question: str) -> str:
        errors = [line.strip() for line in self.outputs.get(question, "").splitlines()
                  if re.match(r"\s*[A-Za-z]\w*(Error|Exception): ", line)]
        return errors[0] if errors else ""


def grade(autograder_zip: Path, submission: Path, results_dir: Path) -> Grade:
    """Grade one submission with `otter run`, no Docker; raise if Otter itself fails."""
    results_dir.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "otter", "run", "--no-logo", "-a", str(autograder_zip),
               "-o", str(results_dir), str(submission)]
    completed = subprocess.run(command, capture_output=True, text=True)
    results_file = results_dir / "results.json"
    if completed.returncode != 0 or not results_file.exists():
        raise RuntimeError(f"otter run crashed on {submission}:\n{completed.stdout}\n{completed.stderr}")
    results = json.loads(results_file.read_text())
    scores, outputs = {}, {}
    for test in results["tests"]:
        if "max_score" in test and test.get("name") != "Public Tests":
            scores[test["name"]] = (float(test["score"]), float(test["max_score"]))
            outputs[test["name"]] = test.get("output", "")
    return Grade(scores, outputs, completed.stdout)


def submissions(name: str, result: Path) -> dict[str, Path]:
    """Write the reference submission of one assignment; return its path by kind."""
    path = result / "submissions" / "reference" / f"{name}.ipynb"
    shutil.rmtree(path.parent, ignore_errors=True)
    path.parent.mkdir(parents=True)
    shutil.copy(result / "autograder" / f"{name}.ipynb", path)
    return {"reference": path}


def grade_problems(name: str, grades: dict[str, Grade]) -> list[str]:
    reference = grades["reference"]
    problems = []
    if not reference.scores:
        problems.append(f"{name}: the autograder reported no questions")
    if reference.total != reference.possible:
        failing = [q for q, (s, m) in reference.scores.items() if s < m]
        problems.append(f"{name}: the reference scores {reference.total:g}/{reference.possible:g}; failing: "
                        + "; ".join(f"{q} ({reference.first_error(q)})" for q in failing))
    return problems


def report(name: str, grades: dict[str, Grade]) -> None:
    for kind in KINDS:
        print(f"  {kind:<9} {grades[kind].total:g}/{grades[kind].possible:g} (otter run)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "assignments")
    parser.add_argument("--jobs", type=int, default=2, help="submissions graded at the same time")
    parser.add_argument("names", nargs="*", help="assignment names (default: all)")
    args = parser.parse_args()

    started = time.perf_counter()
    problems, jobs = [], {}
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for master in masters(args.names):
            name, result = master.stem, args.out / master.stem
            if not (result / "student" / f"{name}.ipynb").exists():
                problems.append(f"{name}: {result} has no student notebook: run `make assignments` first")
                continue
            leaks, summary = leak_problems(master, result / "student")
            problems += leaks
            autograder_zip = sorted((result / "autograder").glob("*.zip"))[-1]
            problems += [f"{name}: {p}" for p in layout_problems(autograder_zip, result / "student" / "tests")]
            print(f"{name}: searched the student version for {summary}: {len(leaks)} problems")
            for kind, path in submissions(name, result).items():
                jobs[name, kind] = pool.submit(grade, autograder_zip, path, result / "results" / kind)

    grades: dict[str, dict[str, Grade]] = {}
    for (name, kind), job in jobs.items():
        try:
            grades.setdefault(name, {})[kind] = job.result()
        except RuntimeError as error:
            problems.append(f"{name}, {kind} submission: {error}")
    for name, by_kind in grades.items():
        if len(by_kind) == len(KINDS):
            print(f"{name}:")
            report(name, by_kind)
            problems += grade_problems(name, by_kind)

    print(f"graded {len(jobs)} submissions in {time.perf_counter() - started:.0f} s")
    if problems:
        print(f"assignment check FAILED: {len(problems)} problems", file=sys.stderr)
        print("\n".join(f"  {p}" for p in problems), file=sys.stderr)
        return 1
    print("assignment check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
