"""Build the student edition of the book: the same site with every solution removed.

    python -m tools.classroom.student_edition [--jupyter-book .venv/bin/jupyter-book] [--flags "-W -n --keep-going"]

sphinx-exercise's ``hide_solutions`` only hides solutions in the HTML: the code
cells of a gated solution (``solution-start`` ... ``solution-end``) still sit in
the page's source and in the notebook readers download. So this script cuts
the solutions out of the *sources*, and builds the cut copy:

1. copy the book's sources into ``_build/student-src/``: the config, the table
   of contents, ``book/``, ``figures/`` and every top-level folder a page
   reaches with ``../`` (``literalinclude`` of ``../autodiff_lessons/``, the
   ``../tests`` a chapter imports from), keeping that folder's ``_build/``
   (its execution cache) from the previous run;
2. cut every solution out of every page, with the code cells inside it;
3. set ``hide_solutions: true`` in the copied config, mark the title, point
   the repository and launch buttons at the *student* repository
   (``--repository-url``; never the teacher's, which holds the answers), and
   drop the pages for teachers (``TEACHER_PAGES``) from the copy and its toc;
4. check that no code cell left behind uses a name only a solution defined
   (students run the downloaded notebook without the solutions);
5. reuse the teacher build's executed cells: jupyter-cache keys a notebook on
   its code cells, so the cut page never matches the teacher's cache entry.
   The cut page's cells are exactly the teacher's minus the solution cells, so
   the teacher's cached outputs minus those cells are the cut page's outputs;
   they are stored in the student cache under the cut page's key. A page the
   teacher cache does not hold is executed as usual. ``--execute`` empties the
   student cache and runs every cell again;
6. build with jupyter-book (warnings are errors) and copy the HTML to
   ``_build/student/html``.

``tools/classroom/check_student_edition.py`` then proves that no solution reached the site.
"""

from __future__ import annotations

import argparse
import ast
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

from tools.classroom.solutions import solutions, strip_solutions
from tools.site.toc import toc_pages

ROOT = Path(__file__).resolve().parents[2]
# A page reaching outside its folder: "../autodiff_lessons/core.py", "../tests", "../figures/x.svg".
RELATIVE_REFERENCE = re.compile(r"\.\./([A-Za-z0-9_][\w.-]*)")
# Pages only teachers read: they say where the answers are.
TEACHER_PAGES = ("book/instructors",)
DEFAULT_STUDENT_REPOSITORY = "https://github.com/autodiff-lessons/autodiff-lessons-student"
NOT_COPIED = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "_build", ".pytest_cache", ".hypothesis")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the teacher book (default: this repository)")
    parser.add_argument("--build-dir", type=Path, default=None, help="default: ROOT/_build")
    parser.add_argument("--jupyter-book", default=str(Path(sys.executable).with_name("jupyter-book")))
    parser.add_argument("--flags", default="-W -n --keep-going", help="jupyter-book build flags")
    parser.add_argument("--execute", action="store_true", help="run every cell again: reuse no executed cells")
    parser.add_argument("--repository-url", default=DEFAULT_STUDENT_REPOSITORY,
                        help="the students' repository, where the repository and launch buttons lead")
    args = parser.parse_args()
    build_dir = args.build_dir or args.root / "_build"
    src, html = build_dir / "student-src", build_dir / "student" / "html"

    started = time.perf_counter()
    pages = copy_sources(args.root, src)
    drop_teacher_pages(src)
    pages = [page for page in pages if page.exists()]
    cut = sum(cut_solutions(page) for page in pages)
    print(f"student edition: copied the sources to {src}, cut {cut} solutions from {len(pages)} pages")
    mark_config(src / "_config.yml", args.repository_url)

    problems = [problem for page in pages for problem in names_only_solutions_define(args.root / page.relative_to(src))]
    if problems:
        print("error: code left in the student edition uses names that only a solution defines:", file=sys.stderr)
        print("\n".join(f"  {p}" for p in problems), file=sys.stderr)
        return 1

    teacher_cache, student_cache = build_dir / ".jupyter_cache", src / "_build" / ".jupyter_cache"
    if args.execute:
        shutil.rmtree(student_cache, ignore_errors=True)
    else:
        reused = reuse_teacher_outputs(args.root, src, pages, teacher_cache, student_cache)
        print(f"student edition: {len(reused)} pages need no execution (cells reused from the teacher build or an "
              f"earlier student build): {', '.join(reused) or '-'}")

    # Sphinx never deletes the page of a source that is gone (a teachers' page dropped
    # since the last build): start from no HTML; unchanged pages are written again.
    shutil.rmtree(src / "_build" / "html", ignore_errors=True)
    command = [args.jupyter_book, "build", str(src), *shlex.split(args.flags)]
    print("+", shlex.join(command), flush=True)
    if subprocess.run(command).returncode != 0:
        # As `make book` does: forget the parsed pages so the next build reports every warning again.
        shutil.rmtree(src / "_build" / ".doctrees", ignore_errors=True)
        return 1
    shutil.rmtree(html, ignore_errors=True)
    shutil.copytree(src / "_build" / "html", html)
    print(f"student edition: {html} ({time.perf_counter() - started:.0f} s)")
    return 0


def copy_sources(root: Path, src: Path) -> list[Path]:
    """Copy what the book is built from into ``src``; return the copied Markdown pages."""
    src.mkdir(parents=True, exist_ok=True)
    for entry in src.iterdir():
        if entry.name != "_build":
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()

    page_dirs, referenced = book_folders(root)
    for name in sorted({"_config.yml", "_toc.yml", "figures"} | page_dirs | referenced):
        source = root / name
        if source.is_dir():
            shutil.copytree(source, src / name, ignore=NOT_COPIED)
        elif source.is_file():
            shutil.copy2(source, src / name)

    notebooks = [p for folder in page_dirs for p in (src / folder).rglob("*.ipynb") if "solution" in p.read_text()]
    if notebooks:
        raise SystemExit(f"error: cannot cut solutions out of .ipynb pages yet: {notebooks}")
    return sorted(p for folder in page_dirs for p in (src / folder).rglob("*.md"))


def book_folders(root: Path) -> tuple[set[str], set[str]]:
    """(top-level folders holding the pages of _toc.yml, top-level entries those pages reach with ``../``)."""
    page_dirs = {Path(name).parts[0] for name in toc_pages(root / "_toc.yml") if len(Path(name).parts) > 1}
    referenced = set()
    for folder in page_dirs:
        for page in (root / folder).rglob("*.md"):
            referenced |= set(RELATIVE_REFERENCE.findall(page.read_text(encoding="utf-8")))
    return page_dirs, referenced - page_dirs


def cut_solutions(page: Path) -> int:
    """Cut the solutions out of one copied page; return how many there were."""
    text = page.read_text(encoding="utf-8")
    found = solutions(text)
    if found:
        page.write_text(strip_solutions(text), encoding="utf-8")
    return len(found)


def mark_config(config_path: Path, repository_url: str = DEFAULT_STUDENT_REPOSITORY) -> None:
    """Hide solutions in the Sphinx config as well (a second lock), say which edition this is, link the student repository."""
    config = yaml.safe_load(config_path.read_text())
    config["title"] = f"{config.get('title', 'Book')} (student edition)"
    # The repository, Binder and JupyterHub buttons are all built from this URL.
    config["repository"] = {**(config.get("repository") or {}), "url": repository_url, "branch": "main"}
    config.setdefault("sphinx", {}).setdefault("config", {})["hide_solutions"] = True
    header = "# Generated by tools/classroom/student_edition.py from the teacher's _config.yml: do not edit.\n"
    config_path.write_text(header + yaml.safe_dump(config, sort_keys=False, allow_unicode=True))


def drop_teacher_pages(src: Path) -> None:
    """Remove the teachers' pages from the copied sources and from the copied toc."""
    toc_path = src / "_toc.yml"
    toc = yaml.safe_load(toc_path.read_text())

    def keep(entries: list) -> list:
        kept = []
        for entry in entries:
            if isinstance(entry, dict) and entry.get("file", "").removesuffix(".md") in TEACHER_PAGES:
                continue
            if isinstance(entry, dict):
                for key in ("chapters", "sections", "parts"):
                    if key in entry:
                        entry[key] = keep(entry[key])
                if any(key in entry for key in ("chapters", "sections")) and not (
                        entry.get("chapters") or entry.get("sections")) and "file" not in entry:
                    continue  # a part left empty
            kept.append(entry)
        return kept

    toc["parts"] = keep(toc.get("parts", []))
    toc_path.write_text("# Generated by tools/classroom/student_edition.py: the teacher's toc without teachers' pages.\n"
                        + yaml.safe_dump(toc, sort_keys=False))
    for page in TEACHER_PAGES:
        (src / f"{page}.md").unlink(missing_ok=True)


# ---------------------------------------------------------------- code left behind


def _read_notebook(path: Path):
    """Read a MyST Markdown page as MyST-NB does, with the first line of every cell."""
    from myst_nb.core.read import read_myst_markdown_notebook
    from myst_parser.config.main import MdParserConfig

    return read_myst_markdown_notebook(path.read_text(encoding="utf-8"), config=MdParserConfig(),
                                       add_source_map=True, path=str(path))


def _in_solution(page_text: str):
    spans = [(s.start, s.end) for s in solutions(page_text)]
    return lambda line: any(start <= line < end for start, end in spans)


def names_only_solutions_define(teacher_page: Path) -> list[str]:
    """Names a non-solution code cell reads that, before it, only a solution cell has bound."""
    text = teacher_page.read_text(encoding="utf-8")
    if not solutions(text):
        return []
    nb = _read_notebook(teacher_page)
    in_solution = _in_solution(text)
    bound_by_solutions: set[str] = set()
    bound_elsewhere: set[str] = set()
    problems = []
    for cell, first_line in zip(nb.cells, nb.metadata["source_map"]):
        if cell.cell_type != "code":
            continue
        bound, read = _names(cell.source)
        if in_solution(first_line - 1):
            bound_by_solutions |= bound
            continue
        for name in sorted((read - bound) & (bound_by_solutions - bound_elsewhere)):
            problems.append(f"{teacher_page.name}, cell at line {first_line}: uses {name!r}")
        bound_elsewhere |= bound
    return problems


def _names(source: str) -> tuple[set[str], set[str]]:
    """(names bound, names read) anywhere in a cell; IPython magics and shell lines are skipped."""
    code = "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set(), set()  # a cell meant to fail: it binds nothing
    bound, read = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (read if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.alias):
            bound.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
    return bound, read


# ---------------------------------------------------------------- execution cache


def reuse_teacher_outputs(
    root: Path, src: Path, pages: list[Path], teacher_cache: Path, student_cache: Path
) -> list[str]:
    """Store the teacher's executed cells, minus the solution cells, under each cut page's cache key."""
    if not (teacher_cache / "global.db").exists():
        return []
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    teacher, student = get_cache(str(teacher_cache)), get_cache(str(student_cache))
    reused = []
    for page in pages:
        teacher_page = root / page.relative_to(src)
        text = teacher_page.read_text(encoding="utf-8")
        cut_nb = _read_notebook(page)
        if not any(c.cell_type == "code" for c in cut_nb.cells):
            continue
        try:
            student.match_cache_notebook(cut_nb)
            reused.append(page.stem)  # stored by an earlier run
            continue
        except KeyError:
            pass
        teacher_nb = _read_notebook(teacher_page)
        try:
            record = teacher.match_cache_notebook(teacher_nb)
        except KeyError:
            continue  # the teacher build has not run this version of the page: execute it
        executed = teacher.get_cache_bundle(record.pk).nb
        in_solution = _in_solution(text)
        code_lines = [line for cell, line in zip(teacher_nb.cells, teacher_nb.metadata["source_map"])
                      if cell.cell_type == "code"]
        executed.cells = [cell for cell, line in zip(executed.cells, code_lines) if not in_solution(line - 1)]
        kept_sources = [cell.source for cell in executed.cells]
        if kept_sources != [cell.source for cell in cut_nb.cells if cell.cell_type == "code"]:
            continue  # cutting changed more than whole cells: execute instead of guessing
        for count, cell in enumerate(executed.cells, start=1):
            cell.execution_count = count
            for output in cell.outputs:
                if "execution_count" in output:
                    output.execution_count = count
        student.cache_notebook_bundle(
            CacheBundleIn(executed, str(page), data={"reused_from": str(teacher_page)}),
            check_validity=False, overwrite=True,
        )
        student.match_cache_notebook(cut_nb)  # raises KeyError if the keys still differ
        reused.append(page.stem)
    return reused


if __name__ == "__main__":
    sys.exit(main())
