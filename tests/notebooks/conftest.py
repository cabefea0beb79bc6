"""The runnable notebooks' tests carry the ``notebooks`` marker: ``pytest -m notebooks``."""

from __future__ import annotations


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "notebooks: runnable notebooks (markup, install cell)")
