"""Jacobians of f(x) = sum(x) * ones(n_out) by forward and by reverse mode.

Case A has 10 inputs and many outputs (forward mode needs 10 JVPs), case B
many inputs and 10 outputs (reverse mode needs 10 VJPs); the other mode loops
over thousands of passes, so its time per pass is the cost of one JVP or VJP.
"""

from __future__ import annotations

import sys
from typing import Any, Callable

import numpy as np

from .harness import Report, Settings, cell, compare

TOLERANCE = (0.0, 0.0)  # every entry is exactly 1
PEERS = ["ours jacfwd", "ours jacrev", "torch forward-mode", "torch reverse-mode"]


def reference(size: tuple[int, int]) -> np.ndarray:
    n_in, n_out = size
    return np.ones((n_out, n_in))


def check_size(size: tuple[int, int]) -> tuple[int, int]:
    return tuple(size)


def _ours(mode: str) -> Callable[[tuple[int, int]], Callable[[], Any]]:
    def make(size: tuple[int, int]) -> Callable[[], Any]:
        import autodiff_lessons as ad

        n_in, n_out = size
        x = np.linspace(-1.0, 1.0, n_in)
        jacobian = getattr(ad, mode)(lambda v: np.sum(v) * np.ones(n_out))
        return lambda: jacobian(x)

    return make


def _torch(strategy: str) -> Callable[[tuple[int, int]], Callable[[], Any]]:
    def make(size: tuple[int, int]) -> Callable[[], Any]:
        import torch

        n_in, n_out = size
        x = torch.from_numpy(np.linspace(-1.0, 1.0, n_in))
        ones = torch.ones(n_out, dtype=torch.float64)
        return lambda: torch.autograd.functional.jacobian(lambda v: torch.sum(v) * ones, x, vectorize=True,
                                                          strategy=strategy)

    return make


RUNNERS = {
    "ours jacfwd": _ours("jacfwd"),
    "ours jacrev": _ours("jacrev"),
    "torch forward-mode": _torch("forward-mode"),
    "torch reverse-mode": _torch("reverse-mode"),
}


def passes(mode: str, size: tuple[int, int]) -> int:
    """How many JVPs or VJPs our Jacobian runs, counted with ad.count_passes."""
    import autodiff_lessons as ad

    with ad.count_passes() as count:
        RUNNERS[f"ours {mode}"](size)()
    return count.jvp if mode == "jacfwd" else count.vjp


def run(rep: Report) -> dict[str, Any]:
    ns = [1000] if Settings.quick else [1000, 3000, 9000]
    rep("## 4. Jacobian of f(x) = sum(x) * ones(n_out)")
    rep()
    times: dict[tuple[int, int], dict[str, Any]] = {}
    for case, title in [("A", "A: n_in = 10, n_out varies (forward mode is right: 10 JVPs)"),
                        ("B", "B: n_out = 10, n_in varies (reverse mode is right: 10 VJPs)")]:
        rows = []
        for n in ns:
            size = (10, n) if case == "A" else (n, 10)
            res = times[size] = compare(sys.modules[__name__], size, repeats=3, budget=10.0)
            row = [f"{size[0]:,}", f"{size[1]:,}"]
            for mode in ("jacfwd", "jacrev"):
                r = res[f"ours {mode}"]
                k = passes(mode, size)
                row += [cell(r), str(k), cell(r, per=k)]
            rows.append(row + [cell(res["torch forward-mode"]), cell(res["torch reverse-mode"])])
        rep(f"### {title}")
        rep()
        rep.table(["n_in", "n_out", "ours jacfwd", "JVPs", "per JVP", "ours jacrev", "VJPs", "per VJP",
                   "torch forward-mode (vectorize)", "torch reverse-mode (vectorize)"], rows)
    rep("Per pass = total ÷ number of JVPs/VJPs (counted with `ad.count_passes`). torch with vectorize=True "
        "batches all passes into one vmapped call, so only its totals are shown. Every Jacobian must be all ones.")
    rep()
    return {"times": times}


def profile_jobs() -> list[tuple[str, Callable[[], Any]]]:
    n = 1000 if Settings.quick else 2000
    return [(f"jacrev n_out={n:,} ({n:,} VJPs)", RUNNERS["ours jacrev"]((10, n))),
            (f"jacfwd n_in={n:,} ({n:,} JVPs)", RUNNERS["ours jacfwd"]((n, 10)))]
