"""Run every runnable notebook as a reader would, outside the repository; then Binder's environment.

    python -m tools.notebooks.run_notebooks [--notebooks _build/notebooks] [--dist _build/dist]

The notebooks are those ``book/_ext/runnable_notebooks.py`` wrote during the
book build, one per notebook page of ``_toc.yml`` (a page without one fails).

1. **Anywhere.** A fresh venv in a temporary folder gets ipykernel (the
   harness: Jupyter needs it to run a kernel there) and nothing else. Each
   notebook runs in an empty folder with that venv's kernel and no
   ``PYTHONPATH``: its install cell must bring everything the notebook
   needs. ``AUTODIFF_LESSONS_WHEEL`` points it at the wheel of ``--dist``
   (built first if missing), since the book's version need not be on PyPI
   yet. Any failing cell fails the run, except in cells tagged
   ``raises-exception``.
2. **Binder.** The same venv, so torch is installed once: installing
   ``binder/requirements.txt`` there must change no version the notebooks'
   install cells installed (so the cells above ran with Binder's pins),
   every package it pins must then be at its pin, and the chapters with cells tagged ``needs-repository`` (they read
   ``../tests``, which only a clone has) run as Binder opens them: the
   ``.md`` through Jupytext, from ``book/`` in a copy of the repository's
   folders. Where PyTorch's CPU index cannot be reached, torch comes from the
   ordinary index (``AUTODIFF_LESSONS_TORCH_INDEX=""``).

Prints one line per notebook (cells run, failures, seconds). Exit status 1 on any failure.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


from tools.package.check_wheel import book_version, build
from tools.package.fresh_venv import FreshVenv
from tools.package.pins import ROOT, normalise, pins, requirement
from tools.site.toc import toc_pages

TORCH_CPU_INDEX = "https://download.pytorch.org/whl/cpu"
KERNEL = "autodiff-lessons-fresh"
CELL_TIMEOUT = 600


def notebook_pages() -> list[str]:
    """The toc's pages that are notebooks (a jupytext header with a kernelspec), in reading order."""
    pages = []
    for page in toc_pages(ROOT / "_toc.yml"):
        source = ROOT / f"{page}.md"
        if source.exists() and "kernelspec" in jupytext.read(source).metadata:
            pages.append(page)
    return pages


def torch_index_reachable() -> bool:
    """Whether PyTorch's CPU index answers (it is a package index; nothing else is contacted)."""
    try:
        with urllib.request.urlopen(TORCH_CPU_INDEX + "/", timeout=5):
            return True
    except OSError:
        return False


def add_kernel(fresh: FreshVenv) -> Path:
    """A kernelspec running the fresh venv's Python, in a folder of its own (JUPYTER_PATH)."""
    fresh.pip_install(requirement("ipykernel"))
    spec_dir = fresh.home / "jupyter"
    kernel = spec_dir / "kernels" / KERNEL
    kernel.mkdir(parents=True)
    (kernel / "kernel.json").write_text(json.dumps({
        "argv": [str(fresh.python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "fresh venv", "language": "python"}))
    return spec_dir


class Result:
    def __init__(self, name: str, cells: int, failures: list[str], seconds: float) -> None:
        self.name, self.cells, self.failures, self.seconds = name, cells, failures, seconds

    def line(self) -> str:
        status = "ok" if not self.failures else f"{len(self.failures)} failing: " + " | ".join(self.failures)
        return f"{self.name:<45} {self.cells:>4} cells {self.seconds:6.1f} s  {status}"


def execute(notebook: nbformat.NotebookNode, name: str, cwd: Path, env: dict[str, str]) -> Result:
    """Run every cell; a cell that raises (untagged) is a failure, reported with its error."""
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)  # the kernel inherits this process's environment
    start = time.perf_counter()
    failures = []
    try:
        client = NotebookClient(notebook, kernel_name=KERNEL, timeout=CELL_TIMEOUT, allow_errors=False,
                                resources={"metadata": {"path": str(cwd)}})
        client.execute(cwd=str(cwd))
    except CellExecutionError as error:
        failures.append(_first_line(str(error)))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    ran = sum(1 for c in notebook.cells if c.cell_type == "code" and c.get("execution_count"))
    return Result(name, ran, failures, time.perf_counter() - start)


def _first_line(message: str) -> str:
    lines = [line for line in message.splitlines() if re.match(r"^\w*(Error|Exception)\b", line)]
    return (lines[-1] if lines else message.strip().splitlines()[-1])[:300]


def run_anywhere(fresh: FreshVenv, spec_dir: Path, notebooks: Path, wheel: Path, env: dict[str, str]) -> list[Result]:
    results = []
    for page in notebook_pages():
        path = notebooks / f"{page}.ipynb"
        if not path.exists():
            results.append(Result(f"{page}.ipynb", 0, [f"missing: the book build wrote no {path}"], 0.0))
            continue
        work = fresh.home / "run" / page.replace("/", "_")
        work.mkdir(parents=True)
        notebook = nbformat.read(path, as_version=4)
        results.append(execute(notebook, f"{page}.ipynb", work, env))
        print(results[-1].line(), flush=True)
    return results


def binder_requirements(reachable: bool, into: Path) -> Path:
    """binder/requirements.txt, minus PyTorch's index (and the +cpu label) where that index is unreachable."""
    text = (ROOT / "binder/requirements.txt").read_text()
    if not reachable:
        text = re.sub(r"^--extra-index-url\s+\S*download\.pytorch\.org\S*\s*$", "", text, flags=re.M)
        text = re.sub(r"^(torch==[^\s+#]+)\+cpu", r"\1", text, flags=re.M)
    path = into / "binder-requirements.txt"
    path.write_text(text)
    return path


def installed(fresh: FreshVenv) -> dict[str, str]:
    listing = json.loads(fresh.run(fresh.python, "-m", "pip", "list", "--format", "json").stdout)
    return {normalise(p["name"]): p["version"] for p in listing}


def run_binder(fresh: FreshVenv, env: dict[str, str], reachable: bool) -> tuple[list[str], list[Result]]:
    problems = []
    requirements = binder_requirements(reachable, fresh.home)
    before = installed(fresh)
    fresh.pip_install("-r", requirements)
    after = installed(fresh)
    for name, version in before.items():
        if after.get(name) != version:
            problems.append(f"installing binder/requirements.txt changed {name} from {version} (what the notebooks' "
                            f"install cells put in) to {after.get(name)}: make it agree with requirements.txt")
    for name, version in pins(ROOT / "binder/requirements.txt").items():
        if after.get(name, "").split("+")[0] != version.split("+")[0]:
            problems.append(f"binder/requirements.txt pins {name}=={version}, the venv has {after.get(name)}")
    repo = fresh.home / "repository"
    for folder in ("book", "tests", "figures"):
        shutil.copytree(ROOT / folder, repo / folder, ignore=shutil.ignore_patterns("_build", "__pycache__", "bundled"))
    results = []
    for page in notebook_pages():
        source = repo / f"{page}.md"
        notebook = jupytext.read(source)
        if any("needs-repository" in c.metadata.get("tags", []) for c in notebook.cells):
            results.append(execute(notebook, f"{page}.md (as on Binder)", source.parent, env))
            print(results[-1].line(), flush=True)
    return problems, results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notebooks", type=Path, default=ROOT / "_build/notebooks")
    parser.add_argument("--dist", type=Path, default=ROOT / "_build/dist")
    args = parser.parse_args()
    start = time.perf_counter()
    notebooks, dist = args.notebooks.resolve(), args.dist.resolve()
    if not notebooks.is_dir():
        sys.exit(f"no notebooks in {notebooks}: build the book first (make book); the build writes them")
    wheel = dist / f"autodiff_lessons-{book_version()}-py3-none-any.whl"
    if not wheel.exists():
        wheel, _ = build(dist)
    reachable = torch_index_reachable()
    fresh = FreshVenv()
    try:
        spec_dir = add_kernel(fresh)
        env = fresh.env(JUPYTER_PATH=str(spec_dir), AUTODIFF_LESSONS_WHEEL=str(wheel),
                        **({} if reachable else {"AUTODIFF_LESSONS_TORCH_INDEX": ""}))
        print(f"notebooks in a fresh venv ({fresh.home}), torch from "
              f"{'PyTorch CPU index' if reachable else 'the ordinary index (PyTorch CPU index unreachable)'}:")
        results = run_anywhere(fresh, spec_dir, notebooks, wheel, env)
        setup = time.perf_counter()
        problems, binder_results = run_binder(fresh, env, reachable)
        print(f"Binder pins checked and installed in {time.perf_counter() - setup:.0f} s")
    finally:
        shutil.rmtree(fresh.home, ignore_errors=True)
    failed = [r for r in results + binder_results if r.failures]
    for problem in problems:
        print("error:", problem, file=sys.stderr)
    print(f"run_notebooks: {len(results)} notebooks, {len(binder_results)} chapters as on Binder, "
          f"{len(failed)} with failures, in {time.perf_counter() - start:.0f} s")
    if failed or problems:
        sys.exit(1)


if __name__ == "__main__":
    main()
