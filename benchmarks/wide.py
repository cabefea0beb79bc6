"""Wide scalar graph ``sum_i x_i * x_{i+1}`` over n Python floats, gradient with respect to all n.

Shallow and wide (2(n-1) operations, n leaves): does the gradient with respect
to many inputs stay linear in n?
"""

from __future__ import annotations

import sys
from typing import Any, Callable

import numpy as np

from .harness import Report, Settings, allow_micrograd, cell, compare, fmt_ratio, t_of

TOLERANCE = (1e-12, 1e-12)
PEERS = ["ours", "micrograd", "autograd", "torch"]
FORMS = {
    "ours": "`ad.grad(f, argnums=tuple(range(n)))(*xs)`, f(*xs) of n Python floats",
    "micrograd": "list of `Value`, `.backward()`",
    "autograd": "n boxed floats, one root each, autograd's own `toposort`/VJPs (its `grad` has one argnum)",
    "torch": "list of 0-d float64 tensors, `torch.autograd.grad`",
}


def inputs(n: int) -> list[float]:
    return [float(v) for v in np.random.default_rng(1).uniform(-1.0, 1.0, n)]


def wide_sum(xs: Any) -> Any:
    s = xs[0] * xs[1]
    for i in range(1, len(xs) - 1):
        s = s + xs[i] * xs[i + 1]
    return s


def reference(n: int) -> np.ndarray:
    """d/dx_i = x_{i-1} + x_{i+1}."""
    x = np.asarray(inputs(n))
    g = np.zeros_like(x)
    g[:-1] += x[1:]
    g[1:] += x[:-1]
    return g


def check_size(n: int) -> int:
    return min(n, 1000)


def _ours(n: int) -> Callable[[], Any]:
    import autodiff_lessons as ad

    xs = inputs(n)
    g = ad.grad(lambda *v: wide_sum(v), argnums=tuple(range(n)))
    return lambda: g(*xs)


def _micrograd(n: int) -> Callable[[], Any]:
    from micrograd.engine import Value

    xs = inputs(n)
    allow_micrograd(n)

    def run() -> list[float]:
        vs = [Value(v) for v in xs]
        wide_sum(vs).backward()
        return [v.grad for v in vs]

    return run


def _autograd(n: int) -> Callable[[], Any]:
    from autograd.core import VJPNode, add_outgrads
    from autograd.tracer import new_box, toposort, trace_stack

    xs = inputs(n)

    def run() -> list[float]:
        with trace_stack.new_trace() as t:
            roots = [VJPNode.new_root() for _ in xs]
            boxes = [new_box(v, t, r) for v, r in zip(xs, roots)]
            end_node = wide_sum(boxes)._node
        outgrads = {end_node: (1.0, False)}
        leaf = {}
        for node in toposort(end_node):  # autograd.core.backward_pass, keeping every root
            g = outgrads.pop(node)
            if not node.parents:
                leaf[node] = g[0]
                continue
            for parent, ingrad in zip(node.parents, node.vjp(g[0])):
                outgrads[parent] = add_outgrads(outgrads.get(parent), ingrad)
        return [leaf.get(r, 0.0) for r in roots]

    return run


def _torch(n: int) -> Callable[[], Any]:
    import torch

    xs = inputs(n)

    def run() -> list[float]:
        ts = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in xs]
        return [float(g) for g in torch.autograd.grad(wide_sum(ts), ts)]

    return run


RUNNERS = {"ours": _ours, "micrograd": _micrograd, "autograd": _autograd, "torch": _torch}


def run(rep: Report) -> dict[str, Any]:
    sizes = [1000] if Settings.quick else [1000, 10_000, 100_000]
    rep("## 2. Wide scalar graph `sum_i x_i * x_{i+1}`, full gradient")
    rep()
    times: dict[tuple[str, int], dict[str, Any]] = {}
    for n in sizes:
        res = compare(sys.modules[__name__], n, repeats=5, budget=30.0,
                      isolated=("micrograd",) if n >= 10_000 else ())
        times.update({(p, n): r for p, r in res.items()})
    rows = []
    for n in sizes:
        r = [f"{n:,}"] + [cell(times[p, n]) for p in PEERS] + [cell(times["ours", n], per=n)]
        r += [fmt_ratio(t_of(times["ours", n]), t_of(times[p, n])) for p in PEERS[1:]]
        rows.append(r)
    rep.table(["n"] + [f"{p} total" for p in PEERS] + ["ours time/n"] + [f"ours/{p}" for p in PEERS[1:]], rows)
    rep("How each peer takes n scalar inputs: " + "; ".join(f"**{p}**: {FORMS[p]}" for p in PEERS)
        + ". 2(n-1) ops. Gradients are checked against x_{i-1} + x_{i+1}. micrograd in a subprocess for n ≥ 10^4.")
    rep()
    return {"times": times, "sizes": sizes}


def profile_jobs() -> list[tuple[str, Callable[[], Any]]]:
    n = 1000 if Settings.quick else 10_000
    return [(f"wide n={n:,}", _ours(n))]
