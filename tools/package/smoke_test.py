"""What a reader does first after ``pip install autodiff-lessons``, run inside the fresh venv.

It is executed there as a script (``python smoke_test.py VERSION``), so it
imports only the standard library and what the wheel brought. It proves the
installed copy is the one imported (not a checkout), that the version the
wheel carries is the one the package reports, and that both modes of
differentiation give the derivative of x**3 + sin(x).
"""

from __future__ import annotations

import importlib.metadata
import math
import sys
import sysconfig
from pathlib import Path


def main(expected_version: str) -> None:
    import numpy as np

    import autodiff_lessons as ad

    installed_in = Path(sysconfig.get_paths()["purelib"]).resolve()
    assert Path(ad.__file__).resolve().is_relative_to(installed_in), (
        f"imported {ad.__file__}, not the wheel installed in {installed_in}")
    assert ad.__version__ == importlib.metadata.version("autodiff-lessons") == expected_version, (
        f"__version__ {ad.__version__}, metadata {importlib.metadata.version('autodiff-lessons')}, "
        f"wheel {expected_version}: they must be one version string")

    def f(x):
        return x**3 + np.sin(x)

    exact = 3 * 1.5**2 + math.cos(1.5)
    _, forward = ad.jvp(f, (1.5,), (1.0,))
    reverse = ad.grad(f)(1.5)
    numeric = ad.central_difference(f, 1.5)
    for name, value in (("jvp", forward), ("grad", reverse)):
        assert abs(value - exact) < 1e-12, f"{name} gave {value}, the derivative is {exact}"
    assert abs(numeric - exact) < 1e-6, f"central_difference gave {numeric}, the derivative is {exact}"
    jacobian = ad.jacrev(lambda v: np.sin(v) * v.sum())(np.array([0.5, -1.0, 2.0]))
    assert jacobian.shape == (3, 3)
    print(f"smoke test passed: autodiff-lessons {ad.__version__} from {Path(ad.__file__).parent}")


if __name__ == "__main__":
    main(sys.argv[1])
