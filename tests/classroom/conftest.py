"""The tests of the classroom tools carry the ``classroom`` marker: ``pytest -m classroom``.

They import the tools from tools/, which is not a package.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "classroom: exercises, the student edition and the assignments' autograders")


def pytest_collection_modifyitems(items) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.classroom)
