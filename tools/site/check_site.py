"""Check the built site, or the figure sources the book uses.

    python -m tools.site.check_site [--html _build/html]   # after `make book`
    python -m tools.site.check_site --figures              # after `make figures`

The site check fails when a cell's output shows a Python traceback, unless
the cell is tagged ``raises-exception`` (MyST-NB marks the cell with the class
``tag_raises-exception``). A failing cell is a build warning, but a cell can
also print a traceback it caught, which no warning reports. It also fails
when a listing of the package's code is wider than the page's code box
(LISTING_COLUMNS) or shows a docstring.

What `make check-links` (LinkChecker, tools/reach/check_links.py) already
checks is not checked again here: a page of the toc that was not built (the
sidebar of every page links to it), and an ``<img>``, ``<object>`` or
``<embed>`` whose file is missing (LinkChecker checks every ``src`` and
``data`` of the site).

The figure check fails when

* ``git status`` shows a changed, deleted or uncommitted ``.gv`` file under
  figures/ (``make figures`` has just run, so the committed sources are stale;
  rendered SVGs are not compared, they differ between Graphviz versions),
* a page in book/ refers to a file under figures/ that does not exist.

Each check prints what it looked at, lists every problem, and exits with 1 if
there was any.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]

RAISES_EXCEPTION_CLASS = "tag_raises-exception"
# How a traceback shows in a cell's output: MyST-NB renders an error output
# with the IPython traceback lexer; a traceback printed to stdout/stderr keeps
# Python's own header line.
TRACEBACK_CLASSES = ("traceback", "highlight-ipythontb")
TRACEBACK_TEXT = re.compile(r"Traceback \(most recent call last\)")


@dataclass
class Report:
    """What a check looked at and what it found wrong."""

    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n

    def print_and_exit_code(self, title: str) -> int:
        looked_at = ", ".join(f"{n} {what}" for what, n in self.counts.items()) or "nothing"
        if not self.problems:
            print(f"{title}: OK ({looked_at})")
            return 0
        print(f"{title}: {len(self.problems)} problem(s) ({looked_at})")
        for problem in self.problems:
            print(f"  - {problem}")
        return 1


# ---------------------------------------------------------------- tracebacks in cells


def cells_with_tracebacks(html: str) -> list[str]:
    """One line for every cell whose output shows a traceback and that is not
    tagged ``raises-exception``: the cell's number on the page and the last line
    of the traceback (the error itself)."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    cells = [div for div in soup.find_all("div") if "cell" in (div.get("class") or [])]
    for number, cell in enumerate(cells, start=1):
        if RAISES_EXCEPTION_CLASS in cell.get("class", []):
            continue
        for output in cell.find_all("div", class_="cell_output"):
            traceback = _find_traceback(output)
            if traceback is not None:
                found.append(f"cell {number}: {_last_line(traceback)}")
                break
    return found


def _find_traceback(output) -> object | None:
    for element in output.find_all(True):
        if any(cls in (element.get("class") or []) for cls in TRACEBACK_CLASSES):
            return element
    for element in output.find_all(["pre", "div"]):
        if TRACEBACK_TEXT.search(element.get_text()):
            return element
    return None


def _last_line(element) -> str:
    lines = [line.strip() for line in element.get_text().splitlines() if line.strip()]
    return lines[-1][:200] if lines else "(empty traceback)"


# ---------------------------------------------------------------- listings of the package

# A listing of the package's code (a captioned literalinclude of a .py file) must
# fit a page without scrolling, and show code, not docstrings (`:lines:` skips them).
# Measured in Chromium at 1280 px: the code box holds 77 columns (lines of 78 and 80
# scrolled by 4 and 21 px); 76 keeps one column spare.
LISTING_COLUMNS = 76
DOCSTRING_QUOTES = ('"""', "'''")


def listing_problems(html: str) -> list[str]:
    """One line for every listing of a .py file with a line over LISTING_COLUMNS, or with a docstring."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for wrapper in soup.select("div.literal-block-wrapper"):
        caption = wrapper.select_one(".caption-text")
        pre = wrapper.find("pre")
        if caption is None or pre is None or not caption.get_text().strip().endswith(".py"):
            continue
        name = caption.get_text().strip()
        lines = pre.get_text().splitlines()
        found += [f"listing of {name}: a line of {len(line)} columns (at most {LISTING_COLUMNS}): {line.strip()[:50]}"
                  for line in lines if len(line) > LISTING_COLUMNS]
        if any(line.strip().startswith(DOCSTRING_QUOTES) for line in lines):
            found.append(f"listing of {name} shows a docstring (skip its lines with :lines:)")
    return found


# ---------------------------------------------------------------- the site check


def check_site(html_dir: Path) -> Report:
    report = Report()
    if not html_dir.is_dir():
        report.problems.append(f"{html_dir} does not exist: build the site first (make book)")
        return report
    for page in sorted(html_dir.rglob("*.html")):
        relative = page.relative_to(html_dir)
        if relative.parts[0] in ("_static", "_sources", "_images"):
            continue
        report.count("html files")
        html = page.read_text(encoding="utf-8")
        for cell in cells_with_tracebacks(html):
            report.problems.append(
                f"{relative}: {cell} (fix the code, or tag the cell raises-exception if the error is the point)"
            )
        report.problems += [f"{relative}: {problem}" for problem in listing_problems(html)]
    return report


# ---------------------------------------------------------------- figure sources


def stale_figure_sources(porcelain: str) -> list[str]:
    """The .gv files that ``git status --porcelain`` output shows as changed,
    deleted or not committed. Other files (rendered SVGs) are ignored."""
    stale = []
    for line in porcelain.splitlines():
        if len(line) < 4:
            continue
        status, path = line[:2], line[3:]
        if " -> " in path:  # a rename: "old -> new"
            path = path.split(" -> ", 1)[1]
        path = path.strip('"')
        if not path.endswith(".gv"):
            continue
        what = "not committed" if status == "??" else "deleted" if "D" in status else "changed"
        stale.append(f"{path} ({what})")
    return stale


# A path into figures/, as a figure directive, an image link or a code cell
# writes it: figures/x.svg, ../figures/x.svg, /figures/x.svg. Not part of a URL.
FIGURE_REFERENCE = re.compile(r"(?<![\w/.:-])(/?(?:\.\.?/)*figures/[\w./-]+)")


def figure_references(text: str) -> list[str]:
    """The paths into figures/ written in a page's source."""
    refs = []
    for match in FIGURE_REFERENCE.finditer(text):
        ref = match.group(1).rstrip(".")
        if Path(ref).suffix:
            refs.append(ref)
    return refs


def missing_figure_references(book_dir: Path, root: Path) -> list[str]:
    """``page: ref`` for every reference to a file in figures/ that exists
    neither next to the page (relative path) nor from the repository root."""
    missing = []
    for page in sorted(book_dir.rglob("*.md")):
        for ref in figure_references(page.read_text(encoding="utf-8")):
            relative = ref.lstrip("/")
            candidates = [root / relative] if ref.startswith("/") else [page.parent / ref, root / relative]
            if not any(candidate.is_file() for candidate in candidates):
                missing.append(f"{page.relative_to(root)}: {ref}")
    return missing


def git_status(root: Path, path: str) -> str | None:
    """``git status --porcelain`` for ``path``, or None outside a git work tree."""
    try:
        result = subprocess.run(
            ["git", "status", "--porcelain=v1", "--untracked-files=all", "--", path],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError:
        return None
    return result.stdout if result.returncode == 0 else None


def check_figures(root: Path) -> Report:
    report = Report()
    figures_dir, book_dir = root / "figures", root / "book"
    report.count("figure sources", len(list(figures_dir.glob("**/*.gv"))))
    status = git_status(root, "figures")
    if status is None:
        print("check-figures: not a git work tree, so stale figures cannot be detected; skipped that part")
    else:
        for entry in stale_figure_sources(status):
            report.problems.append(
                f"figures/ is stale: {entry} after `make figures`; commit the regenerated .gv files"
            )
    pages = list(book_dir.rglob("*.md"))
    report.count("pages", len(pages))
    for entry in missing_figure_references(book_dir, root):
        report.problems.append(f"{entry}: no such file (run `make figures`, or fix the path)")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--html", type=Path, default=ROOT / "_build" / "html", help="the built site")
    parser.add_argument("--figures", action="store_true", help="check figures/ and the pages' references to it")
    parser.add_argument("--root", type=Path, default=ROOT, help="the repository root (for --figures)")
    args = parser.parse_args(argv)
    if args.figures:
        return check_figures(args.root).print_and_exit_code("check-figures")
    return check_site(args.html).print_and_exit_code("check-site")


if __name__ == "__main__":
    sys.exit(main())
