"""Prove that no solution reached the student edition of the book.

    python -m tools.classroom.check_student_edition [--root .] [--build _build/student]

For every solution in the teacher's pages, take its distinctive lines: each
code line long enough to mean something, and each phrase of its prose that
survives rendering. Lines that also appear where students may read them (the
pages outside the solutions, the package source the pages include) are not
distinctive and are dropped. Then read every file of the student build as a
reader would see it (HTML as text, every string of the downloadable notebooks,
the ``_sources`` Markdown) and report each distinctive line found.

More signals: no HTML element carries sphinx-exercise's ``solution``
class; every exercise is still there (a build that lost the exercises
would pass the leak search for the wrong reason); no teachers' page was built;
and no link leads to the teacher's repository (``repository.url`` of the
teacher's ``_config.yml``), plain or URL-encoded as in Binder and JupyterHub
links: those buttons must open the student repository.

Exit status 1 if a solution leaked, an exercise is missing, or there was
nothing to search for.
"""

from __future__ import annotations

import argparse
import re
import sys
from urllib.parse import urlparse

import yaml
from pathlib import Path

from bs4 import BeautifulSoup

from tools.classroom.leaks import code_fragments, distinctive, find_in_tree, prose_fragments
from tools.classroom.solutions import exercise_labels, solutions
from tools.classroom.student_edition import TEACHER_PAGES, book_folders

ROOT = Path(__file__).resolve().parents[2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the teacher book")
    parser.add_argument("--build", type=Path, default=None, help="the student build (default: ROOT/_build/student)")
    args = parser.parse_args()
    build = args.build or args.root / "_build" / "student"
    problems = check(args.root, build)
    if problems:
        print(f"student edition check FAILED: {len(problems)} problems", file=sys.stderr)
        print("\n".join(f"  {p}" for p in problems), file=sys.stderr)
        return 1
    print("student edition check passed")
    return 0


def teacher_pages(root: Path) -> list[Path]:
    page_dirs, _ = book_folders(root)
    return sorted(p for folder in page_dirs for p in (root / folder).rglob("*.md") if "_build" not in p.parts)


def solution_fragments(root: Path) -> tuple[set[str], list[str]]:
    """The distinctive lines of every solution; also the labels of solutions that have none."""
    fragments_by_solution, allowed = {}, []
    for page in teacher_pages(root):
        text = page.read_text(encoding="utf-8")
        lines = text.splitlines()
        found = solutions(text)
        inside = {n for s in found for n in range(s.start, s.end)}
        allowed.append("\n".join(line for n, line in enumerate(lines) if n not in inside))
        for s in found:
            fragments = code_fragments(s.code_lines) | prose_fragments(s.prose_lines)
            fragments_by_solution[f"{page.name}:{s.label}"] = fragments
    # What pages show verbatim (literalinclude of ../autodiff_lessons/) or import from (../tests) is no leak.
    _, referenced = book_folders(root)
    for folder in sorted(referenced):
        allowed += [p.read_text(encoding="utf-8", errors="replace") for p in sorted((root / folder).rglob("*.py"))]
    allowed_text = "\n".join(allowed)
    kept = {name: distinctive(frags, allowed_text) for name, frags in fragments_by_solution.items()}
    blind = [name for name, frags in kept.items() if not frags]
    return set().union(*kept.values()) if kept else set(), blind


def check(root: Path, build: Path) -> list[str]:
    if not build.is_dir():
        return [f"{build} does not exist: run `make book-student` first"]
    fragments, blind = solution_fragments(root)
    labels = [label for page in teacher_pages(root) for label in exercise_labels(page.read_text(encoding="utf-8"))]
    problems = []
    if not fragments:
        problems.append("no solution text to search for: the teacher pages have no solutions?")
    leaks, files_read = find_in_tree(fragments, build)
    problems += [f"solution text in the student build: {leak}" for leak in leaks]

    ids, solution_elements = set(), []
    for html in build.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        ids |= {tag["id"] for tag in soup.find_all(id=True)}
        solution_elements += [f"{html}: <{tag.name} class='{' '.join(tag['class'])}'>"
                              for tag in soup.find_all(class_="solution")]
    problems += [f"a solution element in the student build: {e}" for e in solution_elements]
    problems += [f"exercise {label!r} is missing from the student build" for label in labels if label not in ids]

    problems += [f"a teachers' page is in the student build: {build / 'html' / page}.html" for page in TEACHER_PAGES
                 if (build / "html" / f"{page}.html").exists()]
    problems += teacher_links(root, build)

    print(f"searched {files_read} files of {build} for {len(fragments)} distinctive solution lines "
          f"and {len(labels)} exercises")
    if blind:
        print(f"note: {len(blind)} solutions have no distinctive line to search for: {', '.join(blind)}")
    return problems


def teacher_links(root: Path, build: Path, suffixes: tuple[str, ...] = (".html",)) -> list[str]:
    """Links to the teacher's repository in the files of ``build`` (owner/name, with / or %2F between)."""
    config = yaml.safe_load((root / "_config.yml").read_text())
    url = (config.get("repository") or {}).get("url", "")
    parts = urlparse(url).path.strip("/").split("/")
    if len(parts) != 2:
        return []
    owner, name = map(re.escape, parts)
    pattern = re.compile(rf"{owner}(?:/|%2F){name}(?![\w.-])", re.I)
    found = []
    for html in sorted(p for p in build.rglob("*") if p.suffix in suffixes and p.is_file()):
        for match in pattern.finditer(html.read_text(encoding="utf-8", errors="replace")):
            found.append(f"a link to the teacher's repository ({url}) in {html}: ...{match.group(0)}...")
            break
    return found


if __name__ == "__main__":
    sys.exit(main())
