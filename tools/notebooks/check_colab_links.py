"""Every Colab button of the built site opens a notebook that the publish workflow publishes.

    python -m tools.notebooks.check_colab_links [--html _build/html] [--notebooks _build/notebooks]

.github/workflows/publish.yml pushes the folder ``NOTEBOOKS_DIR`` to the branch
``NOTEBOOKS_BRANCH`` (both set in its ``env``). A Colab link
``https://colab.research.google.com/github/OWNER/REPO/blob/BRANCH/PATH`` works
once published only if OWNER/REPO is the book's repository, BRANCH is that
branch and ``NOTEBOOKS_DIR/PATH`` exists. Checked for every link of every page;
and every notebook page (one with a runnable notebook) must have its own link.
No network: links are read, not fetched. Exit status 1 on any problem.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

from tools.package.pins import ROOT

COLAB = re.compile(r"^https://colab\.research\.google\.com/github/(?P<repo>[^/]+/[^/]+)/blob/(?P<branch>[^/]+)/(?P<path>.+)$")


def published(workflow: Path) -> tuple[str, str]:
    """(folder, branch) the publish workflow pushes the runnable notebooks from and to."""
    env = yaml.safe_load(workflow.read_text()).get("env", {})
    if "NOTEBOOKS_DIR" not in env or "NOTEBOOKS_BRANCH" not in env:
        raise SystemExit(f"{workflow} must set env NOTEBOOKS_DIR and NOTEBOOKS_BRANCH (what it publishes, and where)")
    return env["NOTEBOOKS_DIR"], env["NOTEBOOKS_BRANCH"]


def book_repository() -> str:
    url = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]
    return re.search(r"github\.com/([^/]+/[^/#?]+)", url).group(1).removesuffix(".git")


def problems(html: Path, notebooks: Path, folder: str, branch: str, repository: str) -> tuple[list[str], int]:
    found, links = [], 0
    if notebooks.resolve() != (ROOT / folder).resolve():
        found.append(f"the notebooks checked ({notebooks}) are not the folder publish.yml publishes ({folder})")
    linked = set()
    for page in sorted(html.rglob("*.html")):
        name = page.relative_to(html).as_posix()
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for a in soup.find_all("a", href=re.compile(r"colab\.research\.google\.com")):
            links += 1
            match = COLAB.match(a["href"])
            if not match:
                found.append(f"{name}: {a['href']} is not a Colab link to a GitHub file")
                continue
            if match["repo"] != repository:
                found.append(f"{name}: Colab opens {match['repo']}, the book's repository is {repository}")
            if match["branch"] != branch:
                found.append(f"{name}: Colab opens branch {match['branch']}, publish.yml publishes to {branch}")
            if not (notebooks / match["path"]).is_file():
                found.append(f"{name}: Colab opens {match['path']}, which is not in {folder}")
            if match["path"] != name.removesuffix(".html") + ".ipynb":
                found.append(f"{name}: its Colab button opens another page's notebook, {match['path']}")
            linked.add(match["path"])
    for notebook in sorted(notebooks.rglob("*.ipynb")):
        path = notebook.relative_to(notebooks).as_posix()
        if path not in linked:
            found.append(f"{path} is published, but its page ({path.removesuffix('.ipynb')}.html) has no Colab button")
    return found, links


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, default=ROOT / "_build/html")
    parser.add_argument("--notebooks", type=Path, default=ROOT / "_build/notebooks")
    args = parser.parse_args()
    if not (args.html / "index.html").exists() or not args.notebooks.is_dir():
        sys.exit(f"no site in {args.html} or no notebooks in {args.notebooks}: run make book first")
    folder, branch = published(ROOT / ".github/workflows/publish.yml")
    found, links = problems(args.html, args.notebooks, folder, branch, book_repository())
    for problem in found:
        print("error:", problem, file=sys.stderr)
    if found or links == 0:
        sys.exit("check_colab_links: failed" + ("" if links else " (no Colab link in the site)"))
    print(f"check_colab_links: {links} Colab links, each to a notebook published from {folder} to branch {branch}")


if __name__ == "__main__":
    main()
