"""Shared pytest configuration: one marker per course topic, and Hypothesis profiles.

Run one chapter's tests with ``pytest -m forward`` (or ``reverse``, ``graphs``...).
Hypothesis draws few examples by default so the whole suite stays fast; set
``HYPOTHESIS_PROFILE=thorough`` for a longer hunt.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

MARKERS = {
    "finite_differences": "finite differences, numerical Jacobians and derivative checking",
    "symbolic": "derivatives compared with formulas derived by hand",
    "graphs": "tracing functions into graphs and drawing them",
    "forward": "forward mode: dual numbers, jvp, jacfwd",
    "reverse": "reverse mode: the tape, vjp, grad, jacrev",
    "jacobians": "Jacobians, Hessians, pass counts and nested derivatives",
    "random": "random programs: random numbers in traced functions, gradient estimators, agent-based models",
}


def pytest_configure(config) -> None:
    for name, description in MARKERS.items():
        config.addinivalue_line("markers", f"{name}: {description}")


settings.register_profile(
    "default",
    max_examples=5,
    deadline=None,  # the first example pays for imports; timing is not what we test
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile("thorough", parent=settings.get_profile("default"), max_examples=200)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
