"""Check an autograder zip against the layout Gradescope and Otter document, before a teacher uploads it.

Gradescope runs ``setup.sh`` once to build the image and ``run_autograder``
for each submission; both must sit at the root of the zip, not in a folder
(Gradescope's "Autograder specifications"). Otter Generate's documented zip
adds ``run_otter.py`` (which ``run_autograder`` calls), ``otter_config.json``,
the environment (``environment.yml``), ``tests/`` with one test file per
question, and ``files/`` with the support files. This module checks exactly
that, plus what this course adds: the environment pins Python 3.11 and every
pip package exactly, and the package's wheel it installs is in ``files/``.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import yaml

from tools.classroom.autograder_env import PYTHON_VERSION

ROOT_FILES = ("run_autograder", "run_otter.py", "setup.sh", "environment.yml", "otter_config.json")


def layout_problems(autograder_zip: Path, student_tests: Path | None = None) -> list[str]:
    """What is wrong with the zip's layout; ``student_tests``: every public test file must have a test file in it."""
    with zipfile.ZipFile(autograder_zip) as archive:
        names = set(archive.namelist())
        read = {name: archive.read(name).decode("utf-8", "replace") for name in ROOT_FILES if name in names}
    problems = [f"{autograder_zip.name}: no {name} at the root of the zip" for name in ROOT_FILES if name not in names]
    if "run_autograder" in read and not read["run_autograder"].startswith("#!"):
        problems.append("run_autograder does not start with a #! line: Gradescope executes it directly")
    if "otter_config.json" in read:
        config = json.loads(read["otter_config.json"])
        if not config.get("assignment_name"):
            problems.append("otter_config.json names no assignment: a student could submit to the wrong one")
    tests = {name for name in names if re.fullmatch(r"tests/[^/]+\.py", name)}
    if not tests:
        problems.append("no test files in tests/")
    if student_tests is not None:
        missing = {f"tests/{p.name}" for p in student_tests.glob("*.py")} - tests
        problems += [f"{name}: a public test file with no test file in the autograder" for name in sorted(missing)]
    if "environment.yml" in read:
        problems += environment_problems(yaml.safe_load(read["environment.yml"]), names)
    return problems


def environment_problems(environment: dict, names: set[str]) -> list[str]:
    problems = []
    dependencies = environment.get("dependencies", [])
    if f"python={PYTHON_VERSION}" not in dependencies:
        problems.append(f"environment.yml does not pin python={PYTHON_VERSION}: {dependencies}")
    pip = next((d["pip"] for d in dependencies if isinstance(d, dict) and "pip" in d), [])
    for requirement in pip:
        if requirement.startswith("/autograder/source/"):
            if requirement.removeprefix("/autograder/source/") not in names:
                problems.append(f"environment.yml installs {requirement}, which is not in the zip")
        elif "==" not in requirement:
            problems.append(f"environment.yml does not pin {requirement!r} to a version")
    if not any(r.endswith(".whl") for r in pip):
        problems.append("environment.yml installs no wheel of the package: the book's own version would not be used")
    return problems
