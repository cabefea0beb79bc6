#!/usr/bin/env python
"""Benchmarks of autodiff_lessons against micrograd, HIPS autograd, PyTorch and hand-written numpy.

    python benchmarks/run.py                 # full run (~10 min on 2 cores)
    python benchmarks/run.py --quick         # small sizes, a smoke test (< 30 s)
    python benchmarks/run.py --out benchmarks/results.md
    python benchmarks/run.py --only chain,mlp --profile

Every peer is measured in the same run, with the same harness: one untimed
warm-up, then ``repeats`` timed calls (time.perf_counter), each preceded by
gc.collect(); the same gc setting (enabled by default, ``--no-gc`` disables it
for everyone) holds for every peer.  Tables show medians.  See
benchmarks/README.md for what each benchmark measures and how to read ratios.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any, Callable

# One BLAS/OpenMP thread for every peer (torch is set to 1 thread too): on a small
# shared machine, spinning BLAS threads made numpy timings swing 1 ms <-> 40 ms.
# Must happen before numpy is imported; an explicit setting in the environment wins.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

X0 = 0.5  # start of the scalar chain: y -> 0.5 y^2 + 0.1 y stays finite (it decays to 0)
OPS_PER_STEP = 4  # y*y, *0.5, y*0.1, +
SUBPROCESS_TIMEOUT = 600.0

# ----------------------------------------------------------------------------
# Peers, imported lazily so that a missing or broken one only blanks its column
# ----------------------------------------------------------------------------

_modules: dict[str, Any] = {}


def peer_module(name: str) -> Any:
    """Import a peer; return the module or raise the import error (cached)."""
    if name not in _modules:
        try:
            if name == "ours":
                import autodiff_lessons as mod
            elif name == "micrograd":
                from micrograd import engine as mod
            elif name == "autograd":
                import autograd as mod
                import autograd.numpy  # noqa: F401
            elif name == "torch":
                import torch as mod

                mod.set_num_threads(1)  # the others are single-threaded
            else:
                raise KeyError(name)
            _modules[name] = mod
        except Exception as exc:  # noqa: BLE001 - report, don't die
            _modules[name] = exc
    mod = _modules[name]
    if isinstance(mod, Exception):
        raise mod
    return mod


def available(name: str) -> str | None:
    """None if the peer imports, else a short reason."""
    try:
        peer_module(name)
        return None
    except Exception as exc:  # noqa: BLE001
        return f"import failed: {type(exc).__name__}"


# ----------------------------------------------------------------------------
# Timing harness
# ----------------------------------------------------------------------------


class Config:
    gc_enabled = True
    quick = False
    all_large = False
    wall_total = 0.0  # sums over every timed call, to detect a busy machine
    cpu_total = 0.0


def _gc_apply() -> None:
    if Config.gc_enabled:
        gc.enable()
    else:
        gc.disable()


def measure(run: Callable[[], Any], repeats: int, warmup: Callable[[], Any] | None = None,
            budget: float = 20.0) -> tuple[list[float], Any]:
    """Warm up once (``warmup`` or ``run`` itself), then time ``repeats`` calls of ``run``.

    If one call takes long, fewer repeats are done so that the timed calls fit
    in ``budget`` seconds (at least one).  Returns (times in seconds, last result).
    """
    _gc_apply()
    gc.collect()
    t0 = time.perf_counter()
    (warmup or run)()
    first = time.perf_counter() - t0
    if warmup is None and first > 0:
        repeats = max(1, min(repeats, int(budget / first)))
    times: list[float] = []
    result = None
    while len(times) < repeats:
        if len(times) == 1:  # a separate warm-up says nothing about our cost: use the first timed call
            repeats = max(1, min(repeats, int(budget / max(times[0], 1e-9))))
            if len(times) >= repeats:
                break
        result = None
        gc.collect()
        _gc_apply()
        c0 = time.process_time()
        t0 = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - t0)
        Config.cpu_total += time.process_time() - c0
        Config.wall_total += times[-1]
    gc.enable()
    return times, result


def median(times: list[float]) -> float:
    return statistics.median(times)


# ----------------------------------------------------------------------------
# 1. Scalar chain  y = y*y*0.5 + y*0.1, N times, dy/dx
# ----------------------------------------------------------------------------


def chain_exact_grad(n: int) -> float:
    y, d = X0, 1.0
    for _ in range(n):
        d *= y + 0.1  # d/dy (0.5 y^2 + 0.1 y) = y + 0.1
        y = y * y * 0.5 + y * 0.1
    return d


def chain_f(x: Any, n: int) -> Any:
    y = x
    for _ in range(n):
        y = y * y * 0.5 + y * 0.1
    return y


def chain_runner(peer: str, n: int) -> Callable[[], float]:
    """A zero-argument callable: build the graph of the chain and return dy/dx."""
    mod = peer_module(peer)
    if peer == "ours":
        g = mod.grad(lambda x: chain_f(x, n))
        return lambda: float(g(X0))
    if peer == "micrograd":
        sys.setrecursionlimit(max(sys.getrecursionlimit(), 10 * n + 10_000))
        Value = mod.Value

        def run() -> float:
            x = Value(X0)
            chain_f(x, n).backward()
            return float(x.grad)

        return run
    if peer == "autograd":
        g = mod.grad(lambda x: chain_f(x, n))
        return lambda: float(g(X0))
    if peer == "torch":
        torch = mod

        def run() -> float:
            x = torch.tensor(X0, dtype=torch.float64, requires_grad=True)
            chain_f(x, n).backward()
            return float(x.grad)

        return run
    raise KeyError(peer)


def chain_forward_only(peer: str, n: int) -> tuple[Callable[[], Any], int]:
    """(callable that records the forward trace and returns it alive, number of graph nodes)."""
    mod = peer_module(peer)
    if peer == "ours":
        graph = mod.trace(lambda x: chain_f(x, n), X0)
        # reverse-mode nodes = Vars on the tape (4 per step + the input); graph.num_nodes
        # also counts the constants 0.5 and 0.1 as nodes of the drawing.
        num_nodes = len(graph._tape) if hasattr(graph, "_tape") else OPS_PER_STEP * n + 1
        return (lambda: mod.vjp(lambda x: chain_f(x, n), X0)), num_nodes
    if peer == "micrograd":
        # constants 0.5 and 0.1 become Value nodes too: 6 nodes per step
        return (lambda: chain_f(mod.Value(X0), n)), 6 * n + 1
    if peer == "autograd":
        from autograd.core import make_vjp

        return (lambda: make_vjp(lambda x: chain_f(x, n), X0)), OPS_PER_STEP * n + 1
    raise KeyError(peer)


def bytes_per_node(peer: str, n: int) -> dict[str, Any]:
    """tracemalloc peak during the forward trace, per graph node and per op."""
    try:
        record, nodes = chain_forward_only(peer, n)
        record()  # warm caches so that one-off allocations don't count
        gc.collect()
        tracemalloc.start()
        tracemalloc.reset_peak()
        base, _ = tracemalloc.get_traced_memory()
        kept = record()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        del kept
        gc.collect()
        return {"peak": peak - base, "nodes": nodes, "per_node": (peak - base) / nodes,
                "per_op": (peak - base) / (OPS_PER_STEP * n)}
    except Exception as exc:  # noqa: BLE001
        if tracemalloc.is_tracing():
            tracemalloc.stop()
        return {"error": f"{type(exc).__name__}: {exc}"[:80]}


# ----------------------------------------------------------------------------
# 2. Wide scalar graph  sum_i x_i * x_{i+1}
# ----------------------------------------------------------------------------

WIDE_FORMS = {
    "ours": "`ad.grad(f, argnums=tuple(range(n)))(*xs)`, f(*xs) of n Python floats",
    "micrograd": "list of `Value`, `.backward()`",
    "autograd": "n boxed floats, one root each, autograd's own `toposort`/VJPs (its `grad` has one argnum)",
    "torch": "list of 0-d float64 tensors, `torch.autograd.grad`",
}


def wide_sum(xs: Any) -> Any:
    s = xs[0] * xs[1]
    for i in range(1, len(xs) - 1):
        s = s + xs[i] * xs[i + 1]
    return s


def wide_exact_grad(xs: list[float]) -> np.ndarray:
    x = np.asarray(xs)
    g = np.zeros_like(x)
    g[:-1] += x[1:]
    g[1:] += x[:-1]
    return g


def wide_runner(peer: str, xs: list[float]) -> Callable[[], list[float]]:
    mod = peer_module(peer)
    n = len(xs)
    if peer == "ours":
        g = mod.grad(lambda *v: wide_sum(v), argnums=tuple(range(n)))
        return lambda: [float(v) for v in g(*xs)]
    if peer == "micrograd":
        sys.setrecursionlimit(max(sys.getrecursionlimit(), 10 * n + 10_000))
        Value = mod.Value

        def run() -> list[float]:
            vs = [Value(v) for v in xs]
            wide_sum(vs).backward()
            return [float(v.grad) for v in vs]

        return run
    if peer == "autograd":
        from autograd.core import VJPNode, add_outgrads
        from autograd.tracer import new_box, toposort, trace_stack

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
            return [float(leaf.get(r, 0.0)) for r in roots]

        return run
    if peer == "torch":
        torch = mod

        def run() -> list[float]:
            ts = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in xs]
            grads = torch.autograd.grad(wide_sum(ts), ts)
            return [float(v) for v in grads]

        return run
    raise KeyError(peer)


# ----------------------------------------------------------------------------
# 3. Two-layer MLP on arrays
# ----------------------------------------------------------------------------


def mlp_data(batch: int = 64, n_in: int = 784, n_hidden: int = 256, n_out: int = 10):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((batch, n_in))
    T = rng.standard_normal((batch, n_out))
    W1 = rng.standard_normal((n_in, n_hidden)) / math.sqrt(n_in)
    b1 = 0.1 * rng.standard_normal(n_hidden)
    W2 = rng.standard_normal((n_hidden, n_out)) / math.sqrt(n_hidden)
    b2 = 0.1 * rng.standard_normal(n_out)
    return X, T, (W1, b1, W2, b2)


def mlp_loss(np_, X, T, W1, b1, W2, b2):
    h = np_.tanh(np_.dot(X, W1) + b1)
    out = np_.dot(h, W2) + b2
    return np_.mean((out - T) ** 2)


def mlp_numpy_grad(X, T, W1, b1, W2, b2):
    """Hand-written forward and backward pass of mlp_loss."""
    h = np.tanh(X @ W1 + b1)
    d = h @ W2 + b2 - T
    loss = np.mean(d * d)
    d_out = d * (2.0 / d.size)
    gW2 = h.T @ d_out
    gb2 = d_out.sum(axis=0)
    d_pre = (d_out @ W2.T) * (1.0 - h * h)
    gW1 = X.T @ d_pre
    gb1 = d_pre.sum(axis=0)
    return loss, (gW1, gb1, gW2, gb2)


def mlp_runner(peer: str, X, T, params) -> Callable[[], tuple]:
    if peer == "numpy":
        return lambda: mlp_numpy_grad(X, T, *params)[1]
    mod = peer_module(peer)
    if peer == "ours":
        g = mod.grad(lambda W1, b1, W2, b2: mlp_loss(np, X, T, W1, b1, W2, b2), argnums=(0, 1, 2, 3))
        return lambda: tuple(g(*params))
    if peer == "autograd":
        import autograd.numpy as anp

        g = mod.grad(lambda p: mlp_loss(anp, X, T, *p))
        return lambda: tuple(g(tuple(params)))
    if peer == "torch":
        torch = mod
        Xt, Tt = torch.from_numpy(X), torch.from_numpy(T)
        ps = [torch.from_numpy(p.copy()).requires_grad_() for p in params]

        def run() -> tuple:
            h = torch.tanh(Xt @ ps[0] + ps[1])
            loss = torch.mean((h @ ps[2] + ps[3] - Tt) ** 2)
            return tuple(g.numpy() for g in torch.autograd.grad(loss, ps))

        return run
    raise KeyError(peer)


# ----------------------------------------------------------------------------
# 4. Jacobians of f(x) = sum(x) * ones(n_out)
# ----------------------------------------------------------------------------


def jac_runner(peer: str, mode: str, n_in: int, n_out: int) -> Callable[[], Any]:
    x = np.linspace(-1.0, 1.0, n_in)
    mod = peer_module(peer)
    if peer == "ours":
        f = lambda v: np.sum(v) * np.ones(n_out)  # noqa: E731
        jac = mod.jacfwd(f) if mode == "fwd" else mod.jacrev(f)
        return lambda: jac(x)
    if peer == "torch":
        torch = mod
        xt = torch.from_numpy(x)
        ones = torch.ones(n_out, dtype=torch.float64)
        strategy = "forward-mode" if mode == "fwd" else "reverse-mode"
        return lambda: torch.autograd.functional.jacobian(
            lambda v: torch.sum(v) * ones, xt, vectorize=True, strategy=strategy)
    raise KeyError(peer)


def count_ours_passes(mode: str, n_in: int, n_out: int) -> int:
    ad = peer_module("ours")
    with ad.count_passes() as p:
        jac_runner("ours", mode, n_in, n_out)()
    return p.jvp if mode == "fwd" else p.vjp


# ----------------------------------------------------------------------------
# Subprocess worker: large graphs that may exhaust memory or crash the interpreter
# ----------------------------------------------------------------------------


def worker(spec: dict[str, Any]) -> dict[str, Any]:
    Config.gc_enabled = spec["gc"]
    try:
        if spec["bench"] == "chain":
            run = chain_runner(spec["peer"], spec["n"])
            warm = chain_runner(spec["peer"], min(spec["n"], 1000))
            times, g = measure(run, spec["repeats"], warmup=warm)
        elif spec["bench"] == "wide":
            xs = wide_inputs(spec["n"])
            run = wide_runner(spec["peer"], xs)
            warm = wide_runner(spec["peer"], xs[:1000])
            times, gs = measure(run, spec["repeats"], warmup=warm)
            g = float(np.max(np.abs(np.asarray(gs) - wide_exact_grad(xs))))
        else:
            raise KeyError(spec["bench"])
        return {"times": times, "grad": g, "wall": Config.wall_total, "cpu": Config.cpu_total}
    except RecursionError:
        return {"error": "RecursionError"}
    except MemoryError:
        return {"error": "MemoryError"}


def run_isolated(bench: str, peer: str, n: int, repeats: int) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter; map failures to a short word."""
    spec = {"bench": bench, "peer": peer, "n": n, "repeats": repeats, "gc": Config.gc_enabled}
    try:
        proc = subprocess.run([sys.executable, __file__, "--worker", json.dumps(spec)],
                              capture_output=True, text=True, timeout=SUBPROCESS_TIMEOUT)
    except subprocess.TimeoutExpired:
        return {"error": f"timeout (>{SUBPROCESS_TIMEOUT:.0f} s)"}
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode == 0 and lines:
        res = json.loads(lines[-1])
        Config.wall_total += res.pop("wall", 0.0)
        Config.cpu_total += res.pop("cpu", 0.0)
        return res
    if proc.returncode < 0:
        return {"error": f"crash (signal {-proc.returncode})"}
    tail = (proc.stderr.strip().splitlines() or ["?"])[-1]
    if "RecursionError" in tail:
        return {"error": "RecursionError"}
    return {"error": f"crash (exit {proc.returncode}: {tail[:60]})"}


# ----------------------------------------------------------------------------
# Reporting helpers
# ----------------------------------------------------------------------------


def fmt_time(t: float | None) -> str:
    if t is None:
        return "–"
    if t < 1e-3:
        return f"{t * 1e6:.1f} µs"
    if t < 1:
        return f"{t * 1e3:.2f} ms"
    return f"{t:.2f} s"


def fmt_ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or b == 0:
        return "–"
    return f"{a / b:.2f}x"


class Report:
    def __init__(self) -> None:
        self.buf = io.StringIO()

    def __call__(self, text: str = "") -> None:
        print(text, flush=True)
        self.buf.write(text + "\n")

    def table(self, header: list[str], rows: list[list[str]]) -> None:
        self("| " + " | ".join(header) + " |")
        self("|" + "|".join("---" for _ in header) + "|")
        for r in rows:
            self("| " + " | ".join(r) + " |")
        self()


def progress(msg: str) -> None:
    print(f"  .. {msg}", file=sys.stderr, flush=True)


PEERS = ["ours", "micrograd", "autograd", "torch"]


def wide_inputs(n: int) -> list[float]:
    return [float(v) for v in np.random.default_rng(1).uniform(-1.0, 1.0, n)]  # Python floats


def cell(res: dict[str, Any] | None, per: float = 1.0) -> str:
    if res is None:
        return "–"
    if "error" in res:
        return res["error"]
    return fmt_time(median(res["times"]) / per)


def t_of(res: dict[str, Any] | None) -> float | None:
    return median(res["times"]) if res and "times" in res else None


# ----------------------------------------------------------------------------
# The four benchmarks
# ----------------------------------------------------------------------------


def bench_chain(rep: Report, results: dict[str, Any]) -> None:
    sizes = [300, 1000] if Config.quick else [300, 1000, 10_000, 100_000, 1_000_000]
    repeats = 3 if Config.quick else 5
    rep("## 1. Scalar chain `y = y*y*0.5 + y*0.1`, N steps (4 ops/step), dy/dx (graph build + backward)")
    rep()
    chain: dict[tuple[str, int], dict[str, Any]] = {}
    for n in sizes:
        exact = chain_exact_grad(n)
        for peer in PEERS:
            why = available(peer)
            if why:
                chain[peer, n] = {"error": why}
                continue
            if n >= 1_000_000 and peer == "autograd" and not Config.all_large:
                chain[peer, n] = {"error": "skipped (~2 min, ~5 GB; --all-large)"}
                continue
            progress(f"chain {peer} N={n}")
            isolated = n >= 1_000_000 or (peer == "micrograd" and n >= 10_000)
            try:
                if isolated:
                    res = run_isolated("chain", peer, n, 1 if n >= 1_000_000 else 3)
                else:
                    times, g = measure(chain_runner(peer, n), repeats,
                                       warmup=chain_runner(peer, min(n, 1000)) if n > 1000 else None)
                    res = {"times": times, "grad": g}
            except RecursionError:
                res = {"error": "RecursionError"}
            except Exception as exc:  # noqa: BLE001
                res = {"error": f"{type(exc).__name__}"}
            if "grad" in res and not math.isclose(res["grad"], exact, rel_tol=1e-9, abs_tol=1e-300):
                res["error"] = f"wrong grad {res['grad']:.3g} (exact {exact:.3g})"
            chain[peer, n] = res
    header = ["N"] + [f"{p} total" for p in PEERS] + [f"{p} µs/op" for p in PEERS] + \
        ["ours/micrograd", "ours/autograd", "ours/torch"]
    rows = []
    for n in sizes:
        r = [f"{n:,}"]
        r += [cell(chain[p, n]) for p in PEERS]
        r += [f"{t_of(chain[p, n]) / (OPS_PER_STEP * n) * 1e6:.2f}" if t_of(chain[p, n]) else "–" for p in PEERS]
        r += [fmt_ratio(t_of(chain["ours", n]), t_of(chain[p, n])) for p in ("micrograd", "autograd", "torch")]
        rows.append(r)
    rep.table(header, rows)
    rep("Ratios are ours ÷ peer (below 1 means autodiff_lessons is faster). µs/op = total / (4 N). "
        f"micrograd runs in a subprocess with sys.setrecursionlimit(10 N + 10^4) for N >= 10^4, every peer "
        "for N = 10^6 (single timed run there; warm-up at N = 1000). Gradients are checked against the exact product.")
    rep()
    results["chain"] = chain

    n_mem = 1000 if Config.quick else 100_000
    rep(f"Memory of the forward trace at N = {n_mem:,} (tracemalloc peak during the trace; separate run, untimed):")
    rep()
    mem_rows = []
    mem = {}
    for peer in ("ours", "micrograd", "autograd"):
        if available(peer):
            continue
        progress(f"memory {peer} N={n_mem}")
        m = bytes_per_node(peer, n_mem)
        mem[peer] = m
        if "error" in m:
            mem_rows.append([peer, m["error"], "–", "–", "–"])
        else:
            mem_rows.append([peer, f"{m['peak'] / 2**20:.1f} MiB", f"{m['nodes']:,}",
                             f"{m['per_node']:.0f}", f"{m['per_op']:.0f}"])
    mem_rows.append(["torch", "n/a (C++ allocations are invisible to tracemalloc)", "", "", ""])
    rep.table(["peer", "peak", "nodes", "bytes/node", "bytes/op (4 ops/step)"], mem_rows)
    rep("Nodes: ours = Vars on the tape (4 per step + input; constants are stored in the node, not as nodes); "
        "micrograd = Values, constants 0.5 and 0.1 included (6 per step); autograd = VJPNodes.")
    rep()
    results["chain_mem"] = mem


def bench_wide(rep: Report, results: dict[str, Any]) -> None:
    sizes = [1000] if Config.quick else [1000, 10_000, 100_000]
    repeats = 3 if Config.quick else 5
    rep("## 2. Wide scalar graph `sum_i x_i * x_{i+1}`, full gradient")
    rep()
    wide: dict[tuple[str, int], dict[str, Any]] = {}
    for n in sizes:
        xs = wide_inputs(n)
        exact = wide_exact_grad(xs)
        for peer in PEERS:
            why = available(peer)
            if why:
                wide[peer, n] = {"error": why}
                continue
            progress(f"wide {peer} n={n}")
            try:
                if peer == "micrograd" and n >= 10_000:
                    res = run_isolated("wide", peer, n, 3)
                    if "grad" in res and res["grad"] > 1e-12:
                        res["error"] = "wrong grad"
                else:
                    warm = wide_runner(peer, xs[:1000]) if n > 1000 else None
                    times, gs = measure(wide_runner(peer, xs), repeats, warmup=warm)
                    res = {"times": times}
                    if float(np.max(np.abs(np.asarray(gs) - exact))) > 1e-12:
                        res["error"] = "wrong grad"
            except RecursionError:
                res = {"error": "RecursionError"}
            except Exception as exc:  # noqa: BLE001
                res = {"error": f"{type(exc).__name__}: {str(exc)[:40]}"}
            wide[peer, n] = res
    header = ["n"] + [f"{p} total" for p in PEERS] + ["ours time/n", "ours/micrograd", "ours/autograd", "ours/torch"]
    rows = []
    for n in sizes:
        r = [f"{n:,}"] + [cell(wide[p, n]) for p in PEERS] + [cell(wide["ours", n], per=n)]
        r += [fmt_ratio(t_of(wide["ours", n]), t_of(wide[p, n])) for p in ("micrograd", "autograd", "torch")]
        rows.append(r)
    rep.table(header, rows)
    rep("How each peer takes n scalar inputs: " + "; ".join(f"**{p}**: {WIDE_FORMS[p]}" for p in PEERS) +
        ". 2(n-1) ops. micrograd in a subprocess for n >= 10^4.")
    rep()
    results["wide"] = wide


def bench_mlp(rep: Report, results: dict[str, Any]) -> None:
    repeats = 5 if Config.quick else 30
    rep("## 3. Two-layer MLP, batch 64, 784→256→10, tanh, MSE; one forward + backward, grads of W1, b1, W2, b2")
    rep()
    X, T, params = mlp_data()
    ref_loss, ref = mlp_numpy_grad(X, T, *params)
    mlp: dict[str, dict[str, Any]] = {}
    for peer in ["numpy", "ours", "autograd", "torch"]:
        why = available(peer) if peer != "numpy" else None
        if why:
            mlp[peer] = {"error": why}
            continue
        progress(f"mlp {peer}")
        try:
            times, grads = measure(mlp_runner(peer, X, T, params), repeats)
            err = max(float(np.max(np.abs(np.asarray(a) - b))) for a, b in zip(grads, ref))
            mlp[peer] = {"times": times, "maxerr": err}
        except Exception as exc:  # noqa: BLE001
            mlp[peer] = {"error": f"{type(exc).__name__}: {str(exc)[:50]}"}
    rows = []
    for peer, label in [("numpy", "hand-written numpy"), ("ours", "autodiff_lessons `ad.grad(loss, argnums=(0,1,2,3))`"),
                        ("autograd", "HIPS autograd"), ("torch", "PyTorch float64 (1 thread)")]:
        res = mlp[peer]
        err = f"{res['maxerr']:.1e}" if "maxerr" in res else "–"
        ok = "" if "maxerr" not in res or res["maxerr"] <= 1e-10 else " **(> 1e-10!)**"
        rows.append([label, cell(res), fmt_ratio(t_of(res), t_of(mlp["numpy"])), err + ok])
    rep.table(["implementation", "median", "÷ numpy", "max |grad − numpy grad|"], rows)
    rep(f"Loss {ref_loss:.6f}. numpy/BLAS threads as configured by the environment; torch limited to 1 thread.")
    rep()
    results["mlp"] = mlp


def bench_jac(rep: Report, results: dict[str, Any]) -> None:
    sizes = [1000] if Config.quick else list(range(1000, 10_000, 1000))
    repeats = 2 if Config.quick else 3
    rep("## 4. Jacobian of f(x) = sum(x) * ones(n_out)")
    rep()
    jac: dict[tuple, dict[str, Any]] = {}
    cases = [("A", 10, n) for n in sizes] + [("B", n, 10) for n in sizes]
    for case, n_in, n_out in cases:
        for peer, mode in [("ours", "fwd"), ("ours", "rev"), ("torch", "fwd"), ("torch", "rev")]:
            why = available(peer)
            if why:
                jac[case, n_in, n_out, peer, mode] = {"error": why}
                continue
            progress(f"jac {case} n_in={n_in} n_out={n_out} {peer} {mode}")
            try:
                passes = n_in if mode == "fwd" else n_out
                if peer == "ours":
                    passes = count_ours_passes(mode, n_in, n_out)
                times, J = measure(jac_runner(peer, mode, n_in, n_out), repeats, budget=10.0)
                J = np.asarray(J)
                ok = J.shape == (n_out, n_in) and bool(np.all(J == 1.0))
                res = {"times": times, "passes": passes}
                if not ok:
                    res["error"] = f"wrong Jacobian {J.shape}"
            except Exception as exc:  # noqa: BLE001
                res = {"error": f"{type(exc).__name__}: {str(exc)[:40]}"}
            jac[case, n_in, n_out, peer, mode] = res

    def per_pass(res: dict[str, Any]) -> str:
        return cell(res, per=res["passes"]) if "times" in res and "error" not in res else cell(res)

    for case, title in [("A", "A: n_in = 10, n_out varies (forward mode is right: 10 JVPs)"),
                        ("B", "B: n_out = 10, n_in varies (reverse mode is right: 10 VJPs)")]:
        rep(f"### {title}")
        rep()
        rows = []
        for c, n_in, n_out in cases:
            if c != case:
                continue
            k = (case, n_in, n_out)
            r = [f"{n_in:,}", f"{n_out:,}"]
            for peer, mode in [("ours", "fwd"), ("ours", "rev")]:
                res = jac[k + (peer, mode)]
                r += [cell(res), str(res.get("passes", "–")), per_pass(res)]
            r += [cell(jac[k + ("torch", "fwd")]), cell(jac[k + ("torch", "rev")])]
            rows.append(r)
        rep.table(["n_in", "n_out", "ours jacfwd", "JVPs", "per JVP", "ours jacrev", "VJPs", "per VJP",
                   "torch forward-mode (vectorize)", "torch reverse-mode (vectorize)"], rows)
    rep("Per pass = total ÷ number of JVPs/VJPs (counted with `ad.count_passes`). torch with vectorize=True "
        "batches all passes into one vmapped call, so only its totals are shown.")
    rep()
    results["jac"] = jac
    results["jac_sizes"] = sizes


# ----------------------------------------------------------------------------
# Goals
# ----------------------------------------------------------------------------


def goals(rep: Report, results: dict[str, Any]) -> None:
    rep("## Goals")
    rep()
    rows = []

    def add(goal: str, measured: str, ok: bool | None) -> None:
        rows.append([goal, measured, "–" if ok is None else ("PASS" if ok else "**FAIL**")])

    chain = results.get("chain")
    if chain:
        sizes = sorted({n for _, n in chain})
        parts, oks = [], []
        for n in sizes:
            to, tm = t_of(chain["ours", n]), t_of(chain["micrograd", n])
            if tm is None:
                parts.append(f"N={n:,}: micrograd {chain['micrograd', n].get('error', '–')}")
                continue
            if to is None:
                parts.append(f"N={n:,}: ours failed")
                oks.append(False)
                continue
            parts.append(f"N={n:,}: {to / tm:.2f}x")
            oks.append(to / tm <= 0.5)
        add("chain: ours ≤ 0.5x micrograd at every N where micrograd runs", "; ".join(parts),
            all(oks) if oks else None)
        a, b = t_of(chain.get(("ours", 1000))), t_of(chain.get(("ours", 100_000)))
        if a and b:
            g = (b / 100_000) / (a / 1000)
            add("chain: per-op cost grows < 2x from N=10^3 to 10^5",
                f"{a / 4e3 * 1e6:.2f} → {b / 4e5 * 1e6:.2f} µs/op ({g:.2f}x)", g < 2)
        else:
            add("chain: per-op cost grows < 2x from N=10^3 to 10^5", "not measured (--quick?)", None)
        m = results.get("chain_mem", {}).get("ours")
        if m and "per_node" in m:
            add("chain: ≤ ~400 bytes per node", f"{m['per_node']:.0f} B/node ({m['nodes']:,} nodes)",
                m["per_node"] <= 400)
        big = chain.get(("ours", 1_000_000))
        if big is not None:
            add("10^6 chain completes", cell(big) if "times" in big else big["error"], "times" in big and
                "error" not in big)
        else:
            add("10^6 chain completes", "not run (--quick)", None)
    wide = results.get("wide")
    if wide:
        sizes = sorted({n for _, n in wide})
        tn = {n: t_of(wide["ours", n]) for n in sizes}
        if 100_000 in tn:
            add("wide: n=10^5 under 1 s", fmt_time(tn[100_000]) if tn[100_000] else wide["ours", 100_000]["error"],
                bool(tn[100_000] and tn[100_000] < 1.0))
        else:
            add("wide: n=10^5 under 1 s", "not measured (--quick)", None)
        ok_sizes = [n for n in sizes if tn[n]]
        if len(ok_sizes) >= 2:
            lo, hi = ok_sizes[0], ok_sizes[-1]
            g = (tn[hi] / hi) / (tn[lo] / lo)
            add("wide: cost roughly linear in n (time/n grows < 2x)",
                ", ".join(f"n={n:,}: {tn[n] / n * 1e6:.2f} µs" for n in ok_sizes) + f" ({g:.2f}x)", g < 2)
        else:
            add("wide: cost roughly linear in n (time/n grows < 2x)", "needs two sizes (not in --quick)", None)
    mlp = results.get("mlp")
    if mlp:
        to, tn_ = t_of(mlp.get("ours")), t_of(mlp.get("numpy"))
        add("MLP step within 1.5x of hand-written numpy",
            f"{fmt_time(to)} vs {fmt_time(tn_)} ({to / tn_:.2f}x)" if to and tn_ else "ours failed",
            (to / tn_ <= 1.5) if to and tn_ else False)
    jac = results.get("jac")
    if jac:
        sizes = results["jac_sizes"]
        worst, where = 0.0, ""
        for n in sizes:
            for k in [("A", 10, n, "ours", "rev"), ("B", n, 10, "ours", "fwd")]:
                res = jac.get(k, {})
                if "times" in res and "error" not in res:
                    pp = median(res["times"]) / res["passes"]
                    if pp > worst:
                        worst, where = pp, f"{'jacrev' if k[4] == 'rev' else 'jacfwd'} n={n:,}"
        add("Jacobian: a looped JVP/VJP pass under 50 µs", f"worst {fmt_time(worst)} per pass ({where})",
            worst < 50e-6 if worst else False)
        n = sizes[-1]
        a, b = jac.get(("A", 10, n, "ours", "fwd"), {}), jac.get(("B", n, 10, "ours", "rev"), {})
        ta, tb = t_of(a) if "error" not in a else None, t_of(b) if "error" not in b else None
        add(f"Jacobian: right mode at n={n:,} under 10 ms",
            f"jacfwd (n_out={n:,}): {fmt_time(ta)}; jacrev (n_in={n:,}): {fmt_time(tb)}",
            bool(ta and tb and ta < 0.01 and tb < 0.01))
    rep.table(["goal", "measured", "result"], rows)
    if Config.cpu_total > 0:
        busy = Config.wall_total / Config.cpu_total
        rep(f"Wall time / CPU time over all timed calls: {busy:.2f}" + (
            " — the machine was busy (other processes took CPU), so times are inflated and ratios noisier; "
            "rerun on an idle machine for firm numbers." if busy > 1.25 else " (machine was not contended)."))
        rep()


# ----------------------------------------------------------------------------
# Optional profile of our package
# ----------------------------------------------------------------------------


def profile_ours(rep: Report) -> None:
    import cProfile
    import pstats

    if available("ours"):
        return
    n_chain = 1000 if Config.quick else 20_000
    X, T, params = mlp_data()
    jobs = [
        (f"chain N={n_chain:,}", chain_runner("ours", n_chain)),
        ("wide n=10^4", wide_runner("ours", wide_inputs(1000 if Config.quick else 10_000))),
        ("MLP step", mlp_runner("ours", X, T, params)),
        ("jacrev n_out=2000 (2000 VJPs)", jac_runner("ours", "rev", 10, 2000)),
        ("jacfwd n_in=2000 (2000 JVPs)", jac_runner("ours", "fwd", 2000, 10)),
    ]
    rep("## Profile of autodiff_lessons (cProfile, top 12 by own time)")
    rep()
    for name, run in jobs:
        run()
        pr = cProfile.Profile()
        pr.enable()
        run()
        pr.disable()
        s = io.StringIO()
        pstats.Stats(pr, stream=s).sort_stats("tottime").print_stats(12)
        lines = [ln for ln in s.getvalue().splitlines() if ln.strip()]
        start = next(i for i, ln in enumerate(lines) if ln.lstrip().startswith("ncalls"))
        rep(f"### {name}")
        rep("```")
        for ln in lines[start - 1: start + 13]:
            rep(ln.replace(str(ROOT) + "/", "").replace(sys.prefix, "<venv>"))
        rep("```")


# ----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small sizes, for a CI smoke test (< 30 s)")
    ap.add_argument("--out", help="also write the markdown report to this file")
    ap.add_argument("--only", default="chain,wide,mlp,jac", help="comma-separated subset of chain,wide,mlp,jac")
    ap.add_argument("--no-gc", action="store_true", help="disable the garbage collector for every peer while timing")
    ap.add_argument("--all-large", action="store_true", help="also run HIPS autograd at N=10^6 (~2 min, ~5 GB)")
    ap.add_argument("--profile", action="store_true", help="append a cProfile of autodiff_lessons on each benchmark")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    Config.gc_enabled = not args.no_gc
    if args.worker:
        print(json.dumps(worker(json.loads(args.worker))))
        return 0
    Config.quick = args.quick
    Config.all_large = args.all_large

    rep = Report()
    t_start = time.perf_counter()
    versions = []
    for peer in PEERS:
        why = available(peer)
        mod = _modules.get(peer)
        v = why or getattr(mod, "__version__", None)
        if peer == "micrograd" and not why:
            v = "0.1.0" if v is None else v
            try:
                from importlib.metadata import version
                v = version("micrograd")
            except Exception:  # noqa: BLE001
                pass
        if peer == "autograd" and not why:
            from importlib.metadata import version
            v = version("autograd")
        versions.append(f"{peer} {v or ('(working tree)' if peer == 'ours' else '?')}")
    rep("# autodiff_lessons benchmarks" + (" (--quick)" if args.quick else ""))
    rep()
    rep(f"Python {platform.python_version()}, numpy {np.__version__}, {', '.join(versions)}; "
        f"{platform.machine()}, {os.cpu_count()} cores (load average at start {os.getloadavg()[0]:.2f}); "
        f"BLAS threads {os.environ.get('OPENBLAS_NUM_THREADS')}; gc {'enabled' if Config.gc_enabled else 'disabled'} "
        "for every peer; medians over repeats after one warm-up.")
    rep()
    results: dict[str, Any] = {}
    only = set(args.only.split(","))
    for name, fn in [("chain", bench_chain), ("wide", bench_wide), ("mlp", bench_mlp), ("jac", bench_jac)]:
        if name in only:
            fn(rep, results)
    goals(rep, results)
    if args.profile:
        profile_ours(rep)
    rep(f"_Total run time {time.perf_counter() - t_start:.0f} s; load average at the end {os.getloadavg()[0]:.2f}._")
    if args.out:
        Path(args.out).write_text(rep.buf.getvalue(), encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
