"""Two-layer MLP step: batch 64, 784 -> 256 (tanh) -> 10, mean squared error; gradients of W1, b1, W2, b2.

BLAS does most of the work, so this measures the overhead an engine adds to
the same numpy computation, against a hand-written forward and backward pass.
"""

from __future__ import annotations

import math
import sys
from typing import Any, Callable

import numpy as np

from .harness import Report, cell, compare, fmt_ratio, t_of

TOLERANCE = (1e-10, 1e-12)
SIZE = (64, 784, 256, 10)  # batch, inputs, hidden, outputs
LABELS = {
    "numpy": "hand-written numpy",
    "ours": "autodiff_lessons `ad.grad(loss, argnums=(0, 1, 2, 3))`",
    "autograd": "HIPS autograd `grad(loss)` of a tuple of parameters",
    "torch": "PyTorch float64 (1 thread), `torch.autograd.grad`",
}


def data(size: tuple[int, ...] = SIZE) -> tuple[np.ndarray, np.ndarray, tuple[np.ndarray, ...]]:
    batch, n_in, n_hidden, n_out = size
    rng = np.random.default_rng(0)
    X = rng.standard_normal((batch, n_in))
    T = rng.standard_normal((batch, n_out))
    W1 = rng.standard_normal((n_in, n_hidden)) / math.sqrt(n_in)
    b1 = 0.1 * rng.standard_normal(n_hidden)
    W2 = rng.standard_normal((n_hidden, n_out)) / math.sqrt(n_hidden)
    b2 = 0.1 * rng.standard_normal(n_out)
    return X, T, (W1, b1, W2, b2)


def loss(np_: Any, X: Any, T: Any, W1: Any, b1: Any, W2: Any, b2: Any) -> Any:
    """The same program for numpy, autodiff_lessons (numpy itself) and autograd.numpy."""
    h = np_.tanh(np_.dot(X, W1) + b1)
    out = np_.dot(h, W2) + b2
    return np_.mean((out - T) ** 2)


def numpy_grad(X, T, W1, b1, W2, b2) -> tuple[float, tuple[np.ndarray, ...]]:
    """Hand-written forward and backward pass of ``loss``: (loss, gradients)."""
    h = np.tanh(X @ W1 + b1)
    d = h @ W2 + b2 - T
    value = np.mean(d * d)
    d_out = d * (2.0 / d.size)
    gW2 = h.T @ d_out
    gb2 = d_out.sum(axis=0)
    d_pre = (d_out @ W2.T) * (1.0 - h * h)
    gW1 = X.T @ d_pre
    gb1 = d_pre.sum(axis=0)
    return value, (gW1, gb1, gW2, gb2)


def reference(size: tuple[int, ...]) -> tuple[np.ndarray, ...]:
    X, T, params = data(tuple(size))
    return numpy_grad(X, T, *params)[1]


def check_size(size: tuple[int, ...]) -> tuple[int, ...]:
    return size


def _numpy(size: tuple[int, ...]) -> Callable[[], Any]:
    X, T, params = data(tuple(size))
    return lambda: numpy_grad(X, T, *params)[1]


def _ours(size: tuple[int, ...]) -> Callable[[], Any]:
    import autodiff_lessons as ad

    X, T, params = data(tuple(size))
    g = ad.grad(lambda W1, b1, W2, b2: loss(np, X, T, W1, b1, W2, b2), argnums=(0, 1, 2, 3))
    return lambda: g(*params)


def _autograd(size: tuple[int, ...]) -> Callable[[], Any]:
    import autograd
    import autograd.numpy as anp

    X, T, params = data(tuple(size))
    g = autograd.grad(lambda p: loss(anp, X, T, *p))
    return lambda: g(params)


def _torch(size: tuple[int, ...]) -> Callable[[], Any]:
    import torch

    X, T, params = data(tuple(size))
    Xt, Tt = torch.from_numpy(X), torch.from_numpy(T)
    ps = [torch.from_numpy(p.copy()).requires_grad_() for p in params]

    def run() -> tuple:
        h = torch.tanh(Xt @ ps[0] + ps[1])
        return torch.autograd.grad(torch.mean((h @ ps[2] + ps[3] - Tt) ** 2), ps)

    return run


RUNNERS = {"numpy": _numpy, "ours": _ours, "autograd": _autograd, "torch": _torch}


def run(rep: Report) -> dict[str, Any]:
    rep("## 3. Two-layer MLP, batch 64, 784→256→10, tanh, MSE; one forward + backward, grads of W1, b1, W2, b2")
    rep()
    res = compare(sys.modules[__name__], SIZE, repeats=30, budget=10.0)
    rows = []
    for peer, label in LABELS.items():
        r = res[peer]
        diff = f"{r['max_diff']:.1e}" if "max_diff" in r else "–"
        rows.append([label, cell(r), fmt_ratio(t_of(r), t_of(res["numpy"])), diff])
    rep.table(["implementation", "median", "÷ numpy", "max |grad − numpy grad|"], rows)
    rep("Every engine's gradients must agree with the hand-written ones (rtol 1e-10) before timing. "
        "numpy/BLAS with 1 thread; torch limited to 1 thread.")
    rep()
    return {"times": res}


def profile_jobs() -> list[tuple[str, Callable[[], Any]]]:
    return [("MLP step", _ours(SIZE))]
