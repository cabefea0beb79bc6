"""Prove that the student repository holds no answer: no solution, no hidden test, no wrong answer, no teachers' page.

    python -m tools.classroom.check_student_repo [--repo _build/student-repo]

Searches every file of the tree written by ``make student-repo`` (notebooks
by their strings, HTML by its text, everything else as text; see
``tools/classroom/leaks.py``) for

* every distinctive line of every assignment master's solutions and hidden
  tests (``check_assignments.secret_lines``),
* every distinctive line of every ``wrong_answers.py`` and
  ``other_right_answers.py`` (the answers teachers keep to test the grader),
* every distinctive line of the book's solutions,

(a line also printed in the chapters outside their solutions, or in the code
they show, is no secret: the exercises' inputs, the chapter's own engine),

and checks that no master, answer file or teachers' page was copied, and
that the repository and launch links lead to the student repository, not to
the teacher's. Exit status 1 on any problem.
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

from tools.classroom.build_assignments import ASSIGNMENTS, ROOT, masters
from tools.classroom.check_assignments import secret_lines
from tools.classroom.check_student_edition import solution_fragments, teacher_links, teacher_pages
from tools.classroom.leaks import code_fragments, distinctive, find_in_tree
from tools.classroom.solutions import strip_solutions
from tools.classroom.student_edition import TEACHER_PAGES, book_folders
from tools.classroom.student_repo import TEACHER_TESTS

ANSWER_FILES = ("wrong_answers.py", "other_right_answers.py")


def answer_lines(path: Path) -> list[str]:
    """The code in the string values of an answers file (the answers, not the file's docstring)."""
    tree = ast.parse(path.read_text())
    docstring = tree.body[0].value if tree.body and isinstance(tree.body[0], ast.Expr) else None
    return [line for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and node is not docstring for line in node.value.splitlines()]


def public_book_text(root: Path):
    """What students may read anyway: the chapters without their solutions, and the code the chapters show."""
    for page in teacher_pages(root):
        yield strip_solutions(page.read_text(encoding="utf-8"))
    _, referenced = book_folders(root)
    for folder in sorted(referenced):
        for path in sorted((root / folder).rglob("*.py")):
            if TEACHER_TESTS not in path.relative_to(root).parts[:2] or folder != "tests":
                yield path.read_text(encoding="utf-8", errors="replace")


def secrets(root: Path = ROOT) -> dict[str, set[str]]:
    """What must not be in the student repository, by kind."""
    solution, hidden, public = [], [], []
    for master in masters([]):
        s, h, p = secret_lines(master)
        solution, hidden, public = solution + s, hidden + h, public + [p]
    answers = [line for folder in sorted(ASSIGNMENTS.iterdir()) for name in ANSWER_FILES
               if (folder / name).exists() for line in answer_lines(folder / name)]
    allowed = "\n".join(public + list(public_book_text(root)))
    book, _ = solution_fragments(root)
    return {"assignment solution": distinctive(code_fragments(solution), allowed),
            "hidden test": distinctive(code_fragments(hidden), allowed),
            "answer kept for testing the grader": distinctive(code_fragments(answers), allowed),
            "book solution": book}


def check(repo: Path, root: Path = ROOT) -> list[str]:
    if not repo.is_dir():
        return [f"{repo} does not exist: run `make student-repo` first"]
    by_kind = secrets(root)
    problems = [f"nothing to search for: no {kind} lines" for kind, found in by_kind.items() if not found]
    leaks, files = find_in_tree(set().union(*by_kind.values()), repo)
    for leak in leaks:
        kind = next(kind for kind, found in by_kind.items() if leak.fragment in found)
        problems.append(f"{kind} in the student repository: {leak}")
    names = {p.name for p in repo.rglob("*") if p.is_file()}
    problems += [f"{name} is in the student repository" for name in ANSWER_FILES if name in names]
    problems += [f"an assignment master is in the student repository: {p}" for p in repo.glob("assignments/*/*.md")]
    problems += [f"a teachers' page is in the student repository: {page}.md" for page in TEACHER_PAGES
                 if (repo / f"{page}.md").exists()]
    problems += teacher_links(root, repo, suffixes=(".html", ".md", ".yml", ".ipynb", ".txt", ".py"))
    problems += missing_imports(repo, root)
    print(f"searched {files} files of {repo} for " + ", ".join(f"{len(v)} {k} lines" for k, v in by_kind.items()))
    return problems


def missing_imports(repo: Path, root: Path = ROOT) -> list[str]:
    """Python files of the student repository that import a folder of ours it does not have (``tools``, ``benchmarks``).

    A student who runs ``pytest tests`` would otherwise meet import errors.
    """
    ours = {p.stem for p in root.iterdir()
            if not p.name.startswith((".", "_")) and (p.suffix == ".py" or any(p.rglob("*.py")))}
    problems = []
    for path in sorted(repo.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in ours and not (repo / top).exists() and not (repo / f"{top}.py").exists():
                    problems.append(f"{path.relative_to(repo)} imports {name}, which the student repository does not have")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=ROOT / "_build" / "student-repo")
    args = parser.parse_args(argv)
    problems = check(args.repo)
    if problems:
        print(f"student repository check FAILED: {len(problems)} problems", file=sys.stderr)
        print("\n".join(f"  {p}" for p in problems), file=sys.stderr)
        return 1
    print("student repository check passed: no solution, hidden test or kept answer in it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
