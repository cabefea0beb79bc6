"""Write the tree of the repository students get: everything they need, nothing that gives answers away.

    python -m tools.classroom.student_repo [--out _build/student-repo] [--repository-url URL]
        [--jupyterhub-url URL] [--assignments _build/assignments] [--student-src _build/student-src]

This repository (the teacher's) is public and holds the answers: the
assignment masters with solutions and hidden tests, ``wrong_answers.py``,
the book's solutions. Students get a separate repository, written here from
the builds of ``make book-student`` and ``make assignments``:

* ``book/``, ``_config.yml``, ``_toc.yml`` ...: the student edition's sources
  (solutions cut out, no teachers' page, buttons pointing at this repository);
* ``assignments/<name>/<name>.ipynb`` and ``tests/``: the student notebooks
  with their public tests only;
* ``requirements.txt``: what the assignments import, pinned as in the
  teacher's ``requirements.txt``, and the package from ``wheels/`` (the wheel
  the assignments were built and graded with);
* ``grading/`` and ``.github/workflows/classroom.yml``: GitHub Classroom's
  autograding, on the public tests (``tools/classroom/classroom_workflow.py``);
* ``README.md``: how to work, check and hand in, with nbgitpuller links when
  the course has a JupyterHub.

``tools/classroom/check_student_repo.py`` then proves that no solution line,
hidden test or wrong answer is in the tree.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

from tools.classroom.autograder_env import pinned_distributions
from tools.classroom.classroom_workflow import questions_of, workflow
from tools.classroom.nbgitpuller import pull_link
from tools.classroom.student_edition import DEFAULT_STUDENT_REPOSITORY

ROOT = Path(__file__).resolve().parents[2]
# The grader the workflow runs, copied into the student repository's `grading` package.
GRADER_MODULES = ("kernel.py", "grading.py", "autograder_env.py", "classroom_points.py")
# The kernel the grader starts, and the client it talks to it with.
GRADER_REQUIREMENTS = ("ipykernel", "jupyter_client")
# The tests of the teachers' tools hold answers as test data: the chapters' `../tests` imports never reach them.
TEACHER_TESTS = "classroom"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "student-repo")
    parser.add_argument("--assignments", type=Path, default=ROOT / "_build" / "assignments")
    parser.add_argument("--student-src", type=Path, default=ROOT / "_build" / "student-src")
    parser.add_argument("--repository-url", default=DEFAULT_STUDENT_REPOSITORY)
    parser.add_argument("--jupyterhub-url", default="", help="the course's JupyterHub, for nbgitpuller links")
    args = parser.parse_args(argv)
    for needed, target in ((args.student_src / "_toc.yml", "book-student"),
                           (args.assignments, "assignments")):
        if not needed.exists():
            raise SystemExit(f"error: {needed} is missing: run `make {target}` first")
    write(args.out, args.assignments, args.student_src, args.repository_url, args.jupyterhub_url)
    print(f"student repository: {args.out} (push it to {args.repository_url})")
    return 0


def write(out: Path, assignments_dir: Path, student_src: Path, repository_url: str, jupyterhub_url: str) -> None:
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(student_src, out, ignore=shutil.ignore_patterns("_build", "__pycache__", ".ipynb_checkpoints"))
    # The chapters' `../tests` imports reach the package's own tests only. Each subfolder tests
    # the site's or the classroom's tools, the engine's line counter or the benchmarks, which
    # a student repository does not have; and TEACHER_TESTS holds answers as test data.
    for folder in (out / "tests").iterdir():
        if folder.is_dir():
            shutil.rmtree(folder)
    built = sorted(p for p in assignments_dir.iterdir() if (p / "student").is_dir())
    pins: set[str] = set()
    for folder in built:
        target = out / "assignments" / folder.name
        shutil.copytree(folder / "student", target, ignore=shutil.ignore_patterns("requirements.txt"))
        pins |= set((folder / "student" / "requirements.txt").read_text().split())
    wheel = next((assignments_dir / "_wheel").glob("*.whl"))
    (out / "wheels").mkdir()
    shutil.copy(wheel, out / "wheels" / wheel.name)
    pins |= set(pinned_distributions(set(), extra=GRADER_REQUIREMENTS))
    (out / "requirements.txt").write_text(
        "# What the assignments need, pinned as in the course's own requirements; the package from wheels/.\n"
        + "\n".join(sorted(pins, key=str.lower)) + f"\n./wheels/{wheel.name}\n")
    copy_grader(out / "grading")
    questions = {folder.name: questions_of(folder / "student" / "tests") for folder in built}
    workflow_path = out / ".github" / "workflows" / "classroom.yml"
    workflow_path.parent.mkdir(parents=True)
    workflow_path.write_text(workflow(questions))
    (out / "README.md").write_text(readme(sorted(questions), repository_url, jupyterhub_url))


def copy_grader(package: Path) -> None:
    """The grader's modules as a package of their own: `tools.classroom.x` imports become `.x`."""
    package.mkdir(parents=True)
    (package / "__init__.py").write_text('"""The grader GitHub Classroom runs on the public tests (see README.md)."""\n')
    for name in GRADER_MODULES:
        text = (Path(__file__).parent / name).read_text()
        (package / name).write_text(re.sub(r"\bfrom tools\.classroom\.", "from .", text))


def readme(assignments: list[str], repository_url: str, jupyterhub_url: str) -> str:
    lines = ["# Automatic differentiation: the course's repository", "",
             "The book (student edition) is in `book/`; the assignments in `assignments/<name>/`.", "",
             "## Work", "", "```bash", "python -m pip install -r requirements.txt", "```", "",
             "Open `assignments/<name>/<name>.ipynb` in JupyterLab, answer each question, and run the",
             "`grader.check(...)` cell below it. Those cells run the *public* tests, a subset of the tests: the",
             "autograder runs hidden tests too, after you hand in.", "",
             "## Hand in", "",
             "Commit and push your notebook (GitHub Classroom grades it on every push, on the public tests), or run",
             "the export cell at the end of the notebook and hand in the zip file it writes, as your course asks.", ""]
    if jupyterhub_url:
        lines += ["## Open on the course's JupyterHub", ""]
        lines += [f"- [{name}]({pull_link(jupyterhub_url, repository_url, f'assignments/{name}/{name}.ipynb')})"
                  for name in assignments]
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
