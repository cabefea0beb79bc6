"""Binder must run the chapters with the versions the book is built and tested with.

binder/requirements.txt is a second list of pins (torch comes from PyTorch's
CPU index there), so the two files can drift apart; these tests catch it.
"""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import pytest

from chapter_requirements import DISTRIBUTIONS, imported_modules, third_party

pytestmark = pytest.mark.reach

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;#]+)")


def pins(path: Path) -> dict[str, str]:
    """name -> version for every `name==version` line of a requirements file."""
    found = {}
    for line in path.read_text().splitlines():
        match = PIN.match(line.strip())
        if match:
            found[match.group(1).lower().replace("_", "-")] = match.group(2)
    return found


def test_binder_pins_the_same_versions_as_requirements_txt():
    root, binder = pins(ROOT / "requirements.txt"), pins(ROOT / "binder/requirements.txt")
    shared = set(root) & set(binder)
    differ = {n: (root[n], binder[n]) for n in shared if root[n] != binder[n].split("+")[0]}
    assert not differ, f"binder/requirements.txt and requirements.txt disagree: {differ}"


def test_binder_installs_torch_from_the_cpu_index():
    text = (ROOT / "binder/requirements.txt").read_text()
    assert "--extra-index-url https://download.pytorch.org/whl/cpu" in text
    assert pins(ROOT / "binder/requirements.txt")["torch"].endswith("+cpu")


def test_binder_pins_every_package_the_chapters_import():
    # What the chapters' code cells import, and what our own modules they import (../tests/functions.py) import in turn:
    # Binder runs the chapters in a clone, so a cell that reads ../tests needs Hypothesis there too.
    imported, own = set(), {path.stem: path for path in (ROOT / "tests").glob("*.py")}
    for page in (ROOT / "book").glob("*.md"):
        # Only code cells import; a prose line may well start with "from any ...".
        for cell in jupytext.read(page).cells:
            if cell.cell_type == "code":
                imported |= imported_modules(cell.source)
    for module in sorted(imported & set(own)):
        imported |= imported_modules(own[module].read_text())
    third = third_party(imported, "the chapters", own_modules=set(own))
    missing = {DISTRIBUTIONS[m] for m in third} - set(pins(ROOT / "binder/requirements.txt"))
    assert not missing, f"chapters import packages that binder/requirements.txt does not pin: {missing}"


def test_binder_apt_installs_graphviz_and_post_build_installs_the_package():
    assert "graphviz" in (ROOT / "binder/apt.txt").read_text().split()
    post_build = (ROOT / "binder/postBuild").read_text()
    assert "pip install" in post_build and "-e ." in post_build
