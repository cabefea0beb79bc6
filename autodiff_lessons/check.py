"""Checking derivatives: both AD modes against central differences.

Use it whenever you add a primitive or write a rule by hand: a wrong rule
gives wrong numbers that look perfectly plausible, and only a comparison with
an independent method catches it.

>>> import numpy as np
>>> import autodiff_lessons as ad
>>> ad.check_grads(lambda x, y: np.sin(x) * y, 0.3, 2.0)
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np

from .api import jacfwd, jacrev
from .finite_differences import numerical_jacobian
from .inputs import as_float

_JACOBIANS = {"fwd": jacfwd, "rev": jacrev}


def check_grads(
    f: Callable[..., Any],
    *args: Any,
    modes: Sequence[str] = ("fwd", "rev"),
    order: int = 1,
    eps: float = 1e-6,
    rtol: float = 1e-5,
    atol: float = 1e-6,
) -> None:
    """Raise AssertionError unless every mode's Jacobian matches central differences.

    Each argument of ``f`` is checked in turn.  With ``order=2`` the Jacobian
    functions themselves are checked too, which tests the rules' own rules.
    """
    unknown = set(modes) - set(_JACOBIANS)
    if unknown:
        raise ValueError(f"modes must be drawn from {sorted(_JACOBIANS)}, got {sorted(unknown)}.")
    args = tuple(as_float(a, "argument") for a in args)
    problems = []
    for p in range(len(args)):
        numeric = numerical_jacobian(_holding_others(f, args, p), args[p], eps=eps, method="central")
        for mode in modes:
            automatic = np.asarray(_JACOBIANS[mode](f, argnums=p)(*args))
            if automatic.shape != numeric.shape or not np.allclose(automatic, numeric, rtol=rtol, atol=atol):
                problems.append(_report(mode, p, automatic, numeric))
    if problems:
        raise AssertionError("derivative check failed:\n" + "\n".join(problems))
    if order > 1:
        for mode in modes:
            for p in range(len(args)):
                check_grads(_JACOBIANS[mode](f, argnums=p), *args, modes=modes, order=order - 1,
                            eps=eps, rtol=rtol, atol=atol)


def _holding_others(f: Callable[..., Any], args: tuple[Any, ...], p: int) -> Callable[[Any], Any]:
    def f_of_p(x: Any) -> Any:
        return np.asarray(f(*args[:p], x, *args[p + 1:]))

    return f_of_p


def _report(mode: str, p: int, automatic: np.ndarray, numeric: np.ndarray) -> str:
    if automatic.shape != numeric.shape:
        return f"  argument {p}, mode {mode!r}: Jacobian shape {automatic.shape}, central differences give {numeric.shape}"
    error = np.max(np.abs(automatic - numeric))
    with np.printoptions(precision=6, threshold=20):
        return (
            f"  argument {p}, mode {mode!r}: largest difference {error:.3g}\n"
            f"    {mode}:     {automatic}\n"
            f"    central: {numeric}"
        )
