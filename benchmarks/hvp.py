"""Hessian-vector product H v of the function of hessian.py, forward over reverse, n = 100 and 1,000.

Ours is ``ad.jvp(ad.grad(f), (x,), (v,))``: one forward pass through one
reverse pass, about the cost of a few gradients, whatever n.
"""

from __future__ import annotations

import sys
from typing import Any, Callable

import numpy as np

from .harness import Report, compare, peer_table
from .hessian import exact_hessian, f, f_torch, problem, sizes

TOLERANCE = (1e-9, 1e-9)
LABELS = {
    "ours": "autodiff_lessons `ad.jvp(ad.grad(f), (x,), (v,))`",
    "autograd": "HIPS autograd `make_jvp(grad(f))(x)(v)` (forward over reverse)",
    "autograd make_hvp": "HIPS autograd `make_hvp(f)(x)[0](v)` (reverse over reverse)",
    "torch.func": "`torch.func.jvp(torch.func.grad(f), (x,), (v,))`, float64, 1 thread",
}


def reference(n: int) -> np.ndarray:
    _, _, v = problem(n)
    return exact_hessian(n) @ v


def check_size(n: int) -> int:
    return n


def _ours(n: int) -> Callable[[], Any]:
    import autodiff_lessons as ad

    A, x, v = problem(n)
    g = ad.grad(lambda x: f(np, A, x))
    return lambda: ad.jvp(g, (x,), (v,))[1]


def _autograd(n: int) -> Callable[[], Any]:
    import autograd
    import autograd.numpy as anp

    A, x, v = problem(n)
    g = autograd.grad(lambda x: f(anp, A, x))
    return lambda: autograd.make_jvp(g)(x)(v)[1]


def _autograd_make_hvp(n: int) -> Callable[[], Any]:
    import autograd
    import autograd.numpy as anp

    A, x, v = problem(n)
    make_hvp = autograd.make_hvp(lambda x: f(anp, A, x))
    return lambda: make_hvp(x)[0](v)


def _torch(n: int) -> Callable[[], Any]:
    import torch
    import torch.func

    A, x, v = problem(n)
    At, xt, vt = torch.from_numpy(A), torch.from_numpy(x), torch.from_numpy(v)
    g = torch.func.grad(lambda x: f_torch(At, x))
    return lambda: torch.func.jvp(g, (xt,), (vt,))[1]


RUNNERS = {"ours": _ours, "autograd": _autograd, "autograd make_hvp": _autograd_make_hvp, "torch.func": _torch}


def run(rep: Report) -> dict[str, Any]:
    rep("## 6. Hessian-vector product of the same f, forward over reverse")
    rep()
    times = {n: compare(sys.modules[__name__], n, repeats=20, budget=10.0) for n in sizes()}
    rep.table(*peer_table(times, LABELS))
    rep("Every product is checked against the exact H v before timing. Each call builds the product from "
        "scratch (traces f, one reverse pass, one forward pass through it); nothing is cached between calls.")
    rep()
    return {"times": times}


def profile_jobs() -> list[tuple[str, Callable[[], Any]]]:
    return [("Hessian-vector product n=1,000", _ours(1000))]
