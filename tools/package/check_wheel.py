"""Build the package as PyPI would get it, and use it where the checkout cannot help.

    python -m tools.package.check_wheel [--dist _build/dist]

1. ``python -m build`` writes the wheel and the sdist into ``--dist``;
   ``twine check --strict`` must pass (the README renders on PyPI, the
   metadata is complete), and the wheel's version must be ``__version__``.
2. A fresh venv in a temporary folder (no system site-packages) gets the
   wheel and pytest at the pinned version, nothing else: numpy and graphviz
   come from the package index, as for a reader.
3. From an empty folder there: the package's doctests
   (``pytest --doctest-modules --pyargs autodiff_lessons``) and
   ``smoke_test.py``. A doctest that leans on the repository fails here.

The wheel stays in ``--dist`` for the notebook check (tools/notebooks/run_notebooks.py).
Exit status 1 on any failure.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

from tools.package.fresh_venv import FreshVenv
from tools.package.pins import ROOT, requirement

VERSION = re.compile(r'^__version__ = "([^"]+)"$', re.M)


def book_version() -> str:
    """The one version string, read from the source (importing would need numpy)."""
    match = VERSION.search((ROOT / "autodiff_lessons/__init__.py").read_text())
    if not match:
        raise SystemExit('autodiff_lessons/__init__.py must define __version__ = "X.Y.Z" on a line of its own')
    return match.group(1)


def build(dist: Path) -> tuple[Path, Path]:
    """The wheel and sdist of the current sources, in a cleared ``dist``."""
    shutil.rmtree(dist, ignore_errors=True)
    result = subprocess.run([sys.executable, "-m", "build", "--outdir", str(dist), str(ROOT)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"python -m build failed:\n{result.stdout[-4000:]}{result.stderr[-4000:]}")
    version = book_version()
    wheel = dist / f"autodiff_lessons-{version}-py3-none-any.whl"
    sdist = dist / f"autodiff_lessons-{version}.tar.gz"
    for path in (wheel, sdist):
        if not path.exists():
            raise SystemExit(f"python -m build did not write {path.name}; it wrote {sorted(p.name for p in dist.iterdir())}")
    return wheel, sdist


def check_sdist(sdist: Path) -> None:
    """The sdist carries the licence and the README, and not the repository's tests."""
    with tarfile.open(sdist) as tar:
        names = {Path(*Path(n).parts[1:]).as_posix() for n in tar.getnames()}
    missing = {"LICENSE", "README.md", "pyproject.toml", "autodiff_lessons/__init__.py"} - names
    if missing:
        raise SystemExit(f"{sdist.name} lacks {sorted(missing)}: see MANIFEST.in")
    if any(n.startswith("tests/") for n in names):
        raise SystemExit(f"{sdist.name} carries tests/ (they need the checkout): MANIFEST.in should prune them")


def check_installed(wheel: Path) -> None:
    """Doctests and the smoke test, in a fresh venv, from an empty folder."""
    fresh = FreshVenv()
    try:
        fresh.pip_install(wheel, requirement("pytest"))
        doctests = fresh.run(fresh.python, "-m", "pytest", "--doctest-modules", "--pyargs", "autodiff_lessons",
                             "-p", "no:cacheprovider", "-q")
        print("doctests of the installed wheel:", doctests.stdout.strip().splitlines()[-1])
        shutil.copy(Path(__file__).with_name("smoke_test.py"), fresh.work / "smoke_test.py")
        print(fresh.run(fresh.python, "smoke_test.py", book_version()).stdout.strip())
    finally:
        shutil.rmtree(fresh.home, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "_build/dist")
    args = parser.parse_args()
    start = time.perf_counter()
    wheel, sdist = build(args.dist.resolve())
    subprocess.run([sys.executable, "-m", "twine", "check", "--strict", str(wheel), str(sdist)], check=True)
    check_sdist(sdist)
    print(f"built {wheel.name} ({wheel.stat().st_size / 1024:.0f} kB) and {sdist.name} "
          f"({sdist.stat().st_size / 1024:.0f} kB)")
    try:
        check_installed(wheel)
    except subprocess.CalledProcessError as error:
        sys.exit(f"the installed wheel failed: {' '.join(error.cmd)} (output above)")
    print(f"check_wheel: passed in {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
