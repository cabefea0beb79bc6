"""The tests of Binder and publishing set-up carry the ``reach`` marker: ``pytest -m reach``."""

from __future__ import annotations


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "reach: Binder environment and publishing configuration")
