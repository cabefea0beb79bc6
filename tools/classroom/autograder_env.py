"""The autograder's environment, pinned like the book's: Python 3.11, requirements.txt's versions, the book's wheel.

An autograder that installs "numpy" and the package from a branch grades
with whatever those are on the day the image is built, not with what the
book and the local grading ran. So each assignment's environment is derived
here from the repository itself:

* Python 3.11, as the Makefile's ``.venv``;
* for every module the assignment's code and tests import, its distribution
  pinned to the version in ``requirements.txt`` (or, for one not listed there,
  the version installed in the environment running this build);
* ``autodiff_lessons`` from a wheel built from this very tree with
  ``python -m build --wheel``, shipped inside the autograder zip: the exact
  code the book was built from, whatever the distribution's name and version.

The same pins, without the grader, are what students install
(``tools/classroom/student_repo.py``): a few packages, not the book's
toolchain (no torch, no playwright unless an assignment imports them).
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import sys as _sys
import tempfile
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON_VERSION = "3.11"
PACKAGE = "autodiff_lessons"
# Otter needs these to execute and grade a notebook; pinned like the rest.
GRADER = ("otter-grader", "ipykernel", "jupyter_client", "pypdf")
NOT_COPIED = shutil.ignore_patterns("_build", ".git", ".venv", "build", "*.egg-info", "__pycache__", ".pytest_cache",
                                    ".hypothesis", "node_modules", "dist")


def build_wheel(out: Path, root: Path = ROOT) -> Path:
    """Build the package's wheel from a copy of ``root`` (setuptools writes build/ and .egg-info/ next to the sources)."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.whl"):
        old.unlink()
    with tempfile.TemporaryDirectory(prefix="wheel-") as scratch:
        copy = Path(scratch) / "src"
        shutil.copytree(root, copy, ignore=NOT_COPIED)
        command = [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out.resolve()), "."]
        completed = subprocess.run(command, cwd=copy, capture_output=True, text=True)
        if completed.returncode != 0:
            sys.stderr.write(completed.stdout + completed.stderr)
            raise SystemExit("error: `python -m build --wheel` failed on the package (output above)")
    wheels = sorted(out.glob("*.whl"))
    if len(wheels) != 1:
        raise SystemExit(f"error: expected one wheel in {out}, found {[w.name for w in wheels]}")
    return wheels[0]


def requirement_pins(requirements: Path = ROOT / "requirements.txt") -> dict[str, str]:
    """Normalised distribution name -> exact version, from the ``name==version`` lines of requirements.txt."""
    pins = {}
    for line in requirements.read_text().splitlines():
        match = re.match(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s;#]+)", line)
        if match:
            pins[_normalise(match[1])] = match[3]
    return pins


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def imported_modules(sources: list[str]) -> set[str]:
    """Top-level modules imported by these code sources (cells that do not parse are skipped)."""
    found = set()
    for source in sources:
        code = "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())
        try:
            tree = ast.parse(code)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module.split(".")[0])
    return found


def pinned_distributions(modules: set[str], extra: tuple[str, ...] = ()) -> list[str]:
    """``name==version`` for the distributions providing ``modules`` (third-party only) and ``extra``."""
    pins, providers = requirement_pins(), metadata.packages_distributions()
    names = set(extra)
    for module in modules - {PACKAGE, "otter"} - set(_sys.stdlib_module_names):
        if module not in providers:
            raise SystemExit(f"error: an assignment imports {module!r}, which is not installed here: "
                             "add it to requirements.txt")
        names.add(providers[module][0])
    lines = []
    for name in sorted(names, key=_normalise):
        version = pins.get(_normalise(name)) or metadata.version(name)
        lines.append(f"{name}=={version}")
    return lines


def environment_yml(pins: list[str], wheel: str) -> str:
    """The conda environment Otter's autograder image (Docker, Gradescope) is built from."""
    pip = [f"      - {pin}" for pin in pins] + [f"      - {wheel}"]
    return "\n".join(["name: otter-env", "channels:", "  - conda-forge", "dependencies:",
                      f"  - python={PYTHON_VERSION}", "  - pip", "  - pip:", *pip, ""])
