"""Full Hessian of a scalar function of n = 100 and n = 1,000 inputs, forward over reverse.

f(x) = sum(tanh(A x)) + sum(x^4) / 4, with A an n x n random matrix scaled by
1/sqrt(n): a dense Hessian A^T diag(-2 t (1 - t^2)) A + diag(3 x^2), t = tanh(A x),
which is the reference.  Ours is ``ad.jacfwd(ad.jacrev(f))``: n forward passes,
each through a reverse pass.
"""

from __future__ import annotations

import sys
from typing import Any, Callable

import numpy as np

from .harness import Report, Settings, compare, peer_table

TOLERANCE = (1e-9, 1e-9)
LABELS = {
    "ours": "autodiff_lessons `ad.jacfwd(ad.jacrev(f))`",
    "autograd": "HIPS autograd `autograd.hessian(f)` (reverse over reverse)",
    "torch.func": "`torch.func.hessian(f)` (jacfwd over jacrev, vmapped), float64, 1 thread",
}


def problem(n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(A, x, v): the matrix of f, the point, and the direction of the Hessian-vector product."""
    rng = np.random.default_rng(0)
    A = rng.standard_normal((n, n)) / np.sqrt(n)
    return A, rng.uniform(-1.0, 1.0, n), rng.standard_normal(n)


def f(np_: Any, A: Any, x: Any) -> Any:
    """The same program for numpy (ours) and autograd.numpy."""
    return np_.sum(np_.tanh(np_.dot(A, x))) + 0.25 * np_.sum(x ** 4)


def f_torch(A: Any, x: Any) -> Any:
    import torch

    return torch.sum(torch.tanh(A @ x)) + 0.25 * torch.sum(x ** 4)


def exact_hessian(n: int) -> np.ndarray:
    A, x, _ = problem(n)
    t = np.tanh(A @ x)
    return A.T @ ((-2.0 * t * (1.0 - t * t))[:, None] * A) + np.diag(3.0 * x * x)


def reference(n: int) -> np.ndarray:
    return exact_hessian(n)


def check_size(n: int) -> int:
    return n


def _ours(n: int) -> Callable[[], Any]:
    import autodiff_lessons as ad

    A, x, _ = problem(n)
    hessian = ad.jacfwd(ad.jacrev(lambda x: f(np, A, x)))
    return lambda: hessian(x)


def _autograd(n: int) -> Callable[[], Any]:
    import autograd
    import autograd.numpy as anp

    A, x, _ = problem(n)
    hessian = autograd.hessian(lambda x: f(anp, A, x))
    return lambda: hessian(x)


def _torch(n: int) -> Callable[[], Any]:
    import torch
    import torch.func

    A, x, _ = problem(n)
    At, xt = torch.from_numpy(A), torch.from_numpy(x)
    hessian = torch.func.hessian(lambda x: f_torch(At, x))
    return lambda: hessian(xt)


RUNNERS = {"ours": _ours, "autograd": _autograd, "torch.func": _torch}


def sizes() -> list[int]:
    return [100] if Settings.quick else [100, 1000]


def run(rep: Report) -> dict[str, Any]:
    rep("## 5. Hessian of f(x) = sum(tanh(A x)) + sum(x⁴)/4, A dense n × n")
    rep()
    times = {n: compare(sys.modules[__name__], n, repeats=5, budget=30.0) for n in sizes()}
    rep.table(*peer_table(times, LABELS))
    rep("Every Hessian is checked against the formula A^T diag(-2 t (1 - t²)) A + diag(3 x²), t = tanh(A x), "
        "before timing. Ours is n JVPs (forward mode) of the function computing the gradient by one reverse "
        "pass: n forward-over-reverse passes in a Python loop. autograd's `hessian` is `jacobian(jacobian(f))`: "
        "it records the gradient computation once and runs n reverse passes over it. torch.func vectorizes the "
        "n passes with vmap.")
    rep()
    return {"times": times}


def profile_jobs() -> list[tuple[str, Callable[[], Any]]]:
    return [("Hessian n=100", _ours(100))]
