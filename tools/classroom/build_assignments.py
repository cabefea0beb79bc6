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

Before Otter Assign, the course's rules are applied to the converted master
(``tools/classroom/assignment_config.py``: tests as files, an export cell,
hidden results shown or not, the pinned environment of
``tools/classroom/autograder_env.py`` with the package's wheel in the zip).
Next to the student notebook, ``<out>/<name>/student/requirements.txt`` lists
what students install for this assignment.

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
import zipfile
from pathlib import Path

import jupytext

from tools.classroom.assignment_config import apply_course_rules, finish_notebook
from tools.classroom.autograder_env import GRADER, build_wheel, environment_yml, imported_modules, pinned_distributions

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


def build(master: Path, out: Path, wheel: Path, show_hidden: bool) -> Path:
    """Convert one master, apply the course's rules and run Otter Assign on it; return its output folder."""
    result = out / master.stem
    shutil.rmtree(result, ignore_errors=True)
    notebook = result / "master" / f"{master.stem}.ipynb"
    notebook.parent.mkdir(parents=True)
    nb = jupytext.read(master)
    modules = imported_modules([cell.source for cell in nb.cells if cell.cell_type == "code"])
    student_pins = pinned_distributions(modules)
    grader_pins = [pin.replace("otter-grader==", "otter-grader[grading]==")
                   for pin in pinned_distributions(modules, extra=GRADER)]
    shutil.copy(wheel, notebook.parent / wheel.name)
    # Otter puts autograder_files under files/ in the zip, which Gradescope and `otter grade` unpack to /autograder/source.
    environment = environment_yml(grader_pins, f"/autograder/source/files/{wheel.name}")
    (notebook.parent / "environment.yml").write_text(environment)
    jupytext.write(apply_course_rules(nb, "environment.yml", [wheel.name], show_hidden), notebook)
    command = [sys.executable, "-m", "otter", "assign", "--no-pdfs", "--no-run-tests", str(notebook), str(result)]
    completed = subprocess.run(command, capture_output=True, text=True)
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout + completed.stderr)
        raise SystemExit(f"error: otter assign failed for {master}")
    replace_environment(next((result / "autograder").glob("*.zip")), environment)
    for kind in ("student", "autograder"):
        finish_notebook(result / kind / f"{master.stem}.ipynb")
    otter_pin = next(pin for pin in grader_pins if pin.startswith("otter-grader"))
    (result / "student" / "requirements.txt").write_text(
        "\n".join([*student_pins, otter_pin.replace("[grading]", "")]) + "\n")
    return result


def replace_environment(autograder_zip: Path, environment: str) -> None:
    """Put our environment.yml in the zip as it is: Otter merges in an unpinned jupyter_server and otter-grader."""
    with zipfile.ZipFile(autograder_zip) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["environment.yml"] = environment.encode()
    with zipfile.ZipFile(autograder_zip, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "assignments")
    parser.add_argument("--show-hidden", choices=("yes", "no"), default="yes",
                        help="whether students see hidden tests' results after grading (Gradescope, otter run)")
    parser.add_argument("names", nargs="*", help="assignment names (default: all)")
    args = parser.parse_args()
    wheel = build_wheel(args.out / "_wheel")
    print(f"package: {wheel.name}, built from {ROOT}")
    for master in masters(args.names):
        started = time.perf_counter()
        result = build(master, args.out, wheel, args.show_hidden == "yes")
        zips = sorted((result / "autograder").glob("*.zip"))
        print(f"{master.stem}: {result / 'student'} and {zips[-1].name} ({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
