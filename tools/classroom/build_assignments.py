"""Turn each assignment master into a student notebook and an Otter autograder.

    python -m tools.classroom.build_assignments [--out _build/assignments] [NAME ...]

Masters are MyST Markdown notebooks, ``assignments/<name>/<name>.md``, so a
review reads them like the chapters. Otter Assign wants a notebook, so each
master is converted with jupytext to ``<out>/<name>/master/<name>.ipynb``,
then ``otter assign`` writes

* ``<out>/<name>/student/<name>.ipynb``: what students get (no solutions, no
  hidden tests),
* ``<out>/<name>/autograder/<name>.ipynb``: the reference solution,
* ``<out>/<name>/autograder/<name>-autograder_<time>.zip``: the autograder, for
  ``otter run`` (no Docker) or ``otter grade`` (Docker).

Otter's own run of the tests on the solutions is skipped (``--no-run-tests``):
``tools/classroom/check_assignments.py`` grades the reference with the real autograder
zip, which proves more.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

import jupytext

ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENTS = ROOT / "assignments"


def masters(names: list[str]) -> list[Path]:
    """The master of every assignment, or of the ones named."""
    found = sorted(p for p in ASSIGNMENTS.glob("*/*.md") if p.stem == p.parent.name)
    if names:
        found = [p for p in found if p.stem in names]
        missing = set(names) - {p.stem for p in found}
        if missing:
            raise SystemExit(f"error: no assignment named {sorted(missing)} in {ASSIGNMENTS}")
    return found


def build(master: Path, out: Path) -> Path:
    """Convert one master and run Otter Assign on it; return the assignment's output folder."""
    result = out / master.stem
    shutil.rmtree(result, ignore_errors=True)
    notebook = result / "master" / f"{master.stem}.ipynb"
    notebook.parent.mkdir(parents=True)
    jupytext.write(jupytext.read(master), notebook)
    command = [sys.executable, "-m", "otter", "assign", "--no-pdfs", "--no-run-tests", str(notebook), str(result)]
    completed = subprocess.run(command, capture_output=True, text=True)
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout + completed.stderr)
        raise SystemExit(f"error: otter assign failed for {master}")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "assignments")
    parser.add_argument("names", nargs="*", help="assignment names (default: all)")
    args = parser.parse_args()
    for master in masters(args.names):
        started = time.perf_counter()
        result = build(master, args.out)
        zips = sorted((result / "autograder").glob("*.zip"))
        print(f"{master.stem}: {result / 'student'} and {zips[-1].name} ({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
