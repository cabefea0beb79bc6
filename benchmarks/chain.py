"""Scalar chain ``y = y*y*0.5 + y*0.1``, N steps from x = 0.5, then dy/dx.

A deep graph of Python floats (4 operations a step, one path): the fixed cost
per operation of each engine.  Also the memory of the recorded trace.
"""

from __future__ import annotations

import gc
import sys
import tracemalloc
from typing import Any, Callable

from .harness import Report, Settings, allow_micrograd, cell, compare, fmt_ratio, progress, t_of, time_side_by_side

X0 = 0.5  # y -> 0.5 y^2 + 0.1 y decays to 0 from here, so values stay finite
OPS_PER_STEP = 4  # y*y, *0.5, y*0.1, +
TOLERANCE = (1e-9, 0.0)
PEERS = ["ours", "micrograd", "autograd", "torch"]


def chain(x: Any, n: int) -> Any:
    y = x
    for _ in range(n):
        y = y * y * 0.5 + y * 0.1
    return y


def reference(n: int) -> float:
    """dy/dx = prod (y_k + 0.1): the derivative of 0.5 y^2 + 0.1 y is y + 0.1."""
    y, d = X0, 1.0
    for _ in range(n):
        d *= y + 0.1
        y = y * y * 0.5 + y * 0.1
    return d


def check_size(n: int) -> int:
    return min(n, 1000)


def _ours(n: int) -> Callable[[], Any]:
    import autodiff_lessons as ad

    g = ad.grad(lambda x: chain(x, n))
    return lambda: g(X0)


def _micrograd(n: int) -> Callable[[], Any]:
    from micrograd.engine import Value

    allow_micrograd(n)

    def run() -> float:
        x = Value(X0)
        chain(x, n).backward()
        return x.grad

    return run


def _autograd(n: int) -> Callable[[], Any]:
    import autograd

    g = autograd.grad(lambda x: chain(x, n))
    return lambda: g(X0)


def _torch(n: int) -> Callable[[], Any]:
    import torch

    def run() -> float:
        x = torch.tensor(X0, dtype=torch.float64, requires_grad=True)
        chain(x, n).backward()
        return float(x.grad)

    return run


RUNNERS = {"ours": _ours, "micrograd": _micrograd, "autograd": _autograd, "torch": _torch}


# ----------------------------------------------------------------------------
# Memory: each peer records the trace and keeps it alive; how many nodes it made
# ----------------------------------------------------------------------------


def _trace_ours(n: int) -> tuple[Callable[[], Any], int]:
    from autodiff_lessons.reverse import trace_reverse

    record = lambda: trace_reverse(lambda x: chain(x, n), (X0,))  # noqa: E731 - (out, inputs, tape, level)
    return record, len(record()[2])  # the nodes on the tape: inputs and operations


def _trace_micrograd(n: int) -> tuple[Callable[[], Any], int]:
    from micrograd.engine import Value

    record = lambda: chain(Value(X0), n)  # noqa: E731
    seen, todo = set(), [record()]
    while todo:  # count every Value, the constants 0.5 and 0.1 included
        v = todo.pop()
        if id(v) not in seen:
            seen.add(id(v))
            todo.extend(v._prev)
    return record, len(seen)


def _trace_autograd(n: int) -> tuple[Callable[[], Any], int]:
    from autograd.core import make_vjp

    return (lambda: make_vjp(lambda x: chain(x, n), X0)), OPS_PER_STEP * n + 1  # one VJPNode per operation


TRACES = {"ours": _trace_ours, "micrograd": _trace_micrograd, "autograd": _trace_autograd}


def bytes_per_node(peer: str, n: int) -> dict[str, Any]:
    """tracemalloc's peak while the trace is recorded and kept, per node and per operation."""
    try:
        record, nodes = TRACES[peer](n)
        record()  # warm caches, so one-off allocations do not count
        gc.collect()
        tracemalloc.start()
        base, _ = tracemalloc.get_traced_memory()
        kept = record()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        del kept
        gc.collect()
        used = peak - base
        return {"peak": used, "nodes": nodes, "per_node": used / nodes, "per_op": used / (OPS_PER_STEP * n)}
    except Exception as exc:  # noqa: BLE001
        if tracemalloc.is_tracing():
            tracemalloc.stop()
        return {"error": f"{type(exc).__name__}: {exc}"[:80]}


# ----------------------------------------------------------------------------
# Where the time goes: recording the graph, and the backward pass alone
# ----------------------------------------------------------------------------


def phases(n: int) -> dict[str, Callable[[], Any]]:
    """Zero-argument calls that time each half of ours and of micrograd at N = n."""
    import autodiff_lessons as ad
    from micrograd.engine import Value

    f = lambda x: chain(x, n)  # noqa: E731
    _, vjp_fn = ad.vjp(f, X0)
    allow_micrograd(n)
    y = chain(Value(X0), n)
    return {
        "ours: record (ad.vjp)": lambda: ad.vjp(f, X0),
        "ours: backward pass (vjp_fn(1.0))": lambda: vjp_fn(1.0),
        "micrograd: build the graph": lambda: chain(Value(X0), n),
        "micrograd: backward pass (y.backward())": y.backward,
    }


def phase_table(rep: Report, n: int) -> None:
    progress(f"chain phases N={n}")
    try:
        calls = phases(n)
    except ImportError as exc:
        rep(f"(phases not measured: {exc})")
        rep()
        return
    times = time_side_by_side(calls, repeats=20, budget=10.0)
    rep.table(["phase", "total", "µs/op"],
              [[name, cell(r), f"{t / (OPS_PER_STEP * n) * 1e6:.2f}" if (t := t_of(r)) else "–"]
               for name, r in times.items()])


def collector_table(rep: Report, sizes: list[int]) -> None:
    """Ours with the cycle collector paused (as shipped) and left on, side by side.

    reverse.gc_paused is the one place the engine pauses Python's cycle
    collector; this is the measurement that keeps it there.
    """
    import contextlib

    import autodiff_lessons as ad
    from autodiff_lessons import api, reverse

    @contextlib.contextmanager
    def left_on() -> Any:
        yield

    def with_pause(pause: Any, n: int) -> Callable[[], Any]:
        def run() -> Any:
            reverse.gc_paused, api.gc_paused = pause, pause
            try:
                return ad.grad(lambda x: chain(x, n))(X0)
            finally:
                reverse.gc_paused, api.gc_paused = shipped, shipped
        return run

    shipped = reverse.gc_paused
    rows = []
    for n in sizes:
        progress(f"chain collector N={n}")
        times = time_side_by_side({"paused": with_pause(shipped, n), "left on": with_pause(left_on, n)},
                                  repeats=5, budget=20.0)
        rows.append([f"{n:,}", cell(times["paused"]), cell(times["left on"]),
                     fmt_ratio(t_of(times["left on"]), t_of(times["paused"]))])
    rep.table(["N", "collector paused (as shipped)", "collector left on", "left on ÷ paused"], rows)


# ----------------------------------------------------------------------------


def run(rep: Report) -> dict[str, Any]:
    sizes = [300, 1000] if Settings.quick else [300, 1000, 10_000, 100_000, 1_000_000]
    rep("## 1. Scalar chain `y = y*y*0.5 + y*0.1`, N steps (4 ops/step), dy/dx (graph build + backward)")
    rep()
    times: dict[tuple[str, int], dict[str, Any]] = {}
    for n in sizes:
        peers = [p for p in PEERS if not (n >= 1_000_000 and p == "autograd" and not Settings.all_large)]
        isolated = tuple(peers) if n >= 1_000_000 else ("micrograd",) if n >= 10_000 else ()
        # Small chains take milliseconds: more calls make their medians steady.
        repeats = 21 if n <= 1000 else 5 if n < 1_000_000 else 1
        res = compare(sys.modules[__name__], n, peers=peers, repeats=repeats, budget=30.0, isolated=isolated)
        res.setdefault("autograd", {"error": "skipped (~2 min, ~5 GB; --all-large)"})
        times.update({(p, n): r for p, r in res.items()})
    rows = []
    for n in sizes:
        r = [f"{n:,}"] + [cell(times[p, n]) for p in PEERS]
        r += [f"{t / (OPS_PER_STEP * n) * 1e6:.2f}" if (t := t_of(times[p, n])) else "–" for p in PEERS]
        r += [fmt_ratio(t_of(times["ours", n]), t_of(times[p, n])) for p in PEERS[1:]]
        rows.append(r)
    rep.table(["N"] + [f"{p} total" for p in PEERS] + [f"{p} µs/op" for p in PEERS]
              + [f"ours/{p}" for p in PEERS[1:]], rows)
    rep("Ratios are ours ÷ peer (below 1 means autodiff_lessons is faster). µs/op = total / (4 N). "
        "Every peer's dy/dx is checked against the exact product Π(y_k + 0.1) at min(N, 1000) before timing, "
        "and every timed answer is checked too (from N ≈ 330 on the exact derivative underflows to 0.0, so "
        "there the check only confirms every engine gives 0.0). micrograd runs in a subprocess with "
        "sys.setrecursionlimit(10 N + 10^4) for N ≥ 10^4, and every peer for N = 10^6 (one timed call there); "
        "the harness gives its freed memory back to the system before it starts each subprocess.")
    rep()

    n_mem = 1000 if Settings.quick else 100_000
    rep(f"Memory of the recorded trace at N = {n_mem:,} (tracemalloc peak while it is recorded and kept; "
        "a separate, untimed run):")
    rep()
    memory, rows = {}, []
    for peer in TRACES:
        progress(f"chain memory {peer} N={n_mem}")
        m = memory[peer] = bytes_per_node(peer, n_mem)
        rows.append([peer, m["error"], "–", "–", "–"] if "error" in m else
                    [peer, f"{m['peak'] / 2**20:.1f} MiB", f"{m['nodes']:,}", f"{m['per_node']:.0f}", f"{m['per_op']:.0f}"])
    rows.append(["torch", "n/a (C++ allocations are invisible to tracemalloc)", "", "", ""])
    rep.table(["peer", "peak", "nodes", "bytes/node", "bytes/op (4 ops/step)"], rows)
    rep("Nodes: ours = the nodes on the tape, counted (4 per step + the input; the constants 0.5 and 0.1 are "
        "arguments stored in a node, not nodes); micrograd = Values reachable from the output, counted (the "
        "constants are Values: 6 per step); autograd = one VJPNode per operation (4 per step + 1).")
    rep()
    n_phases = 1000
    rep(f"Where the time goes at N = {n_phases:,}: each half of the job timed alone, side by side "
        "(micrograd's backward pass runs again on the same graph, which costs the same each time):")
    rep()
    phase_table(rep, n_phases)
    rep()
    rep("Python's cycle collector, paused while ours records and sweeps a tape (`reverse.gc_paused`), "
        "against the same runs with it left on:")
    rep()
    collector_table(rep, [1000] if Settings.quick else [10_000, 100_000])
    return {"times": times, "sizes": sizes, "memory": memory}


def profile_jobs() -> list[tuple[str, Callable[[], Any]]]:
    n = 1000 if Settings.quick else 20_000
    return [(f"chain N={n:,}", _ours(n))]
