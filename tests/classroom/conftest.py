"""The tests of the classroom tools carry the ``classroom`` marker: ``pytest -m classroom``.

They import the tools of tools/classroom/ (on pytest's ``pythonpath``, see pyproject.toml).
"""

from __future__ import annotations

from pathlib import Path

import pytest


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "classroom: exercises, the student edition and the assignments' autograders")


def pytest_collection_modifyitems(items) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.classroom)
